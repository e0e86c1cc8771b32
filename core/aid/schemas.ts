/** Forms and views of the aid context (what crosses the wire), with the Chinese messages a person sees next to each field. */
import { z } from 'zod';
import { docId, idNumber, idempotencyKey, personName, timestamp } from '../shared/schemas';
import { FileRef } from '../shared/files';
import {
  AID_DECISIONS,
  AID_HISTORY_EVENTS,
  AID_KINDS,
  AID_STATUSES,
  AID_TIERS,
  ATTACHMENT_KINDS,
  CAUSES,
  CLOSE_REASONS,
  FILE_STATUSES,
  HEALTH,
  NOTICE_STATUSES,
  OBJECTION_RULINGS,
  OBJECTION_STATUSES,
  RELATIONS,
} from './machine';

const yuan = (what: string) =>
  z
    .number({ error: `请填写${what}` })
    .int({ error: `${what}须为整数元` })
    .min(0, { error: `${what}不能为负` })
    .max(10_000_000, { error: `${what}不合理` });

export const SlaBadge = z.enum(['ok', 'due_soon', 'overdue', 'none']);

// ---------------------------------------------------------------------------------------------
// Self-test (自测): nothing is stored

export const SelfTestInput = z.object({
  householdSize: z
    .number({ error: '请填写家庭共同生活人口' })
    .int({ error: '人数须为整数' })
    .min(1, { error: '家庭人口至少1人' })
    .max(20, { error: '家庭人口不合理' }),
  yearlyIncome: yuan('家庭年度可支配收入'),
  rigidCosts: yuan('刚性支出'),
  /** a sudden event (accident, disaster, major illness) this year */
  suddenEvent: z.boolean().default(false),
  /** this year's costs or losses from hardship (意外致困: above the configured share of the yearly income) */
  hardshipCosts: yuan('年度致困费用').default(0),
});
export const SelfTestResult = z.object({
  tier: z.enum(AID_TIERS).nullable(),
  tierLabel: z.string(),
  eligible: z.boolean(),
  /** per-head monthly income after rigid costs, yuan (rounded down) */
  perHeadMonthly: z.number().int(),
  dibaoMonthly: z.number().int(),
  /** the sentences explaining the result, in order */
  reasons: z.array(z.string()),
  /** the rules' org and year */
  rulesOf: z.object({ orgName: z.string(), year: z.number().int() }),
});

// ---------------------------------------------------------------------------------------------
// The hardship file (建档)

export const HouseholdMemberForm = z.object({
  name: personName,
  relation: z.enum(RELATIONS, { error: '请选择与申请人关系' }),
  /** optional for a young child without one on hand; required for adults */
  idNumber: idNumber.nullable().default(null),
  birthYear: z.number({ error: '请填写出生年份' }).int().min(1900, { error: '出生年份不合理' }).max(2100, { error: '出生年份不合理' }),
  monthlyIncome: yuan('月收入'),
  health: z.enum(HEALTH, { error: '请选择健康状况' }),
  schoolOrWork: z.string().trim().max(40, { error: '单位或学校不能超过40个字' }).default(''),
});

/** The file as the worker saves it: every part optional while drafting; `submitApplication` checks completeness. */
export const FileForm = z.object({
  household: z.array(HouseholdMemberForm).max(12, { error: '家庭成员不超过12人' }).optional(),
  yearlyIncome: yuan('家庭年度可支配收入').optional(),
  rigidCosts: yuan('刚性支出').optional(),
  causes: z
    .object({
      primary: z.enum(CAUSES, { error: '请选择主要致困原因' }),
      secondary: z.enum(CAUSES).nullable().default(null),
      story: z.string().trim().max(500, { error: '困难情况不超过500字' }).default(''),
    })
    .optional(),
  bank: z
    .object({
      bankName: z.string().trim().min(2, { error: '请填写开户银行' }).max(40, { error: '开户银行不超过40个字' }),
      account: z
        .string()
        .trim()
        .transform((s) => s.replace(/\s+/g, ''))
        .pipe(z.string().regex(/^\d{12,19}$/, { error: '银行卡号为12到19位数字' })),
    })
    .optional(),
  attachments: z
    .array(z.object({ kind: z.enum(ATTACHMENT_KINDS), fileId: docId }))
    .max(30, { error: '附件不超过30个' })
    .optional(),
  /** separate consents (PIPL Art. 28); true records the time, false withdraws (only while drafting) */
  consentHousehold: z.boolean().optional(),
  consentSensitive: z.boolean().optional(),
  version: z.number().int().nullable().default(null),
});

export const HouseholdMemberView = z.object({
  name: z.string(),
  relation: z.enum(RELATIONS),
  relationLabel: z.string(),
  idNumberMasked: z.string(),
  birthYear: z.number().int(),
  monthlyIncome: z.number().int(),
  health: z.enum(HEALTH),
  healthLabel: z.string(),
  schoolOrWork: z.string(),
});

export const AttachmentView = z.object({ kind: z.enum(ATTACHMENT_KINDS), kindLabel: z.string(), file: FileRef });

export const FileView = z.object({
  id: z.string(),
  status: z.enum(FILE_STATUSES),
  statusLabel: z.string(),
  name: z.string(),
  orgName: z.string(),
  household: z.array(HouseholdMemberView),
  yearlyIncome: z.number().int().nullable(),
  rigidCosts: z.number().int().nullable(),
  /** per-head monthly income after rigid costs, when the figures are in */
  perHeadMonthly: z.number().int().nullable(),
  causes: z.object({ primary: z.enum(CAUSES), primaryLabel: z.string(), secondary: z.enum(CAUSES).nullable(), story: z.string() }).nullable(),
  bank: z.object({ bankName: z.string(), accountMasked: z.string() }).nullable(),
  attachments: z.array(AttachmentView),
  consent: z.object({ household: z.boolean(), sensitive: z.boolean() }),
  /** who will see this file, in words, shown next to the consents */
  whoSees: z.array(z.string()),
  /** what is still missing before an application can be submitted (field → message) */
  missing: z.array(z.object({ field: z.string(), message: z.string() })),
  tier: z.enum(AID_TIERS).nullable(),
  tierLabel: z.string().nullable(),
  activatedAt: timestamp.nullable(),
  reverifyDueAt: timestamp.nullable(),
  closedAt: timestamp.nullable(),
  closeReasonLabel: z.string().nullable(),
  version: z.number().int(),
  history: z.array(z.object({ at: timestamp, eventLabel: z.string(), byName: z.string(), note: z.string().nullable() })),
  /** what this viewer may do: officers reverify or close an active file */
  actions: z.array(z.object({ key: z.enum(['reverify', 'close']), label: z.string() })),
});
export type FileView = z.infer<typeof FileView>;

// ---------------------------------------------------------------------------------------------
// Applications

export const ApplicationForm = z.object({
  idempotencyKey,
  /** the draft to update; null starts one */
  applicationId: docId.nullable().default(null),
  kind: z.enum(AID_KINDS, { error: '请选择帮扶类别' }),
  reason: z.string().trim().max(500, { error: '申请事由不超过500字' }).default(''),
  requestedAmount: yuan('申请金额').default(0),
  outOfPocket: yuan('自付医疗费用').nullable().default(null),
  student: z
    .object({
      memberIndex: z.number().int().min(0),
      school: z.string().trim().min(2, { error: '请填写学校' }).max(40),
      grade: z.string().trim().min(1, { error: '请填写年级' }).max(20),
    })
    .nullable()
    .default(null),
  attachments: z
    .array(z.object({ kind: z.enum(ATTACHMENT_KINDS), fileId: docId }))
    .max(20)
    .default([]),
  version: z.number().int().nullable().default(null),
});

export const AidHistoryView = z.object({
  at: timestamp,
  event: z.enum(AID_HISTORY_EVENTS),
  eventLabel: z.string(),
  byName: z.string(),
  note: z.string().nullable(),
});

/** A step of the application as the worker reads it (done, current, to come). */
export const StepView = z.object({ title: z.string(), state: z.enum(['done', 'current', 'todo']), detail: z.string().nullable() });

export const AidDecisionAction = z.object({ key: z.enum(AID_DECISIONS), label: z.string(), needsNote: z.boolean(), needsAmount: z.boolean() });

export const ApplicationView = z.object({
  id: z.string(),
  kind: z.enum(AID_KINDS),
  kindLabel: z.string(),
  status: z.enum(AID_STATUSES),
  statusLabel: z.string(),
  /** the applicant's name: in full for the applicant and the officers handling it */
  name: z.string(),
  orgName: z.string(),
  year: z.number().int(),
  reason: z.string(),
  requestedAmount: z.number().int(),
  outOfPocket: z.number().int().nullable(),
  student: z.object({ name: z.string(), school: z.string(), grade: z.string() }).nullable(),
  attachments: z.array(AttachmentView),
  tier: z.enum(AID_TIERS).nullable(),
  tierLabel: z.string().nullable(),
  amount: z.number().int().nullable(),
  /** who holds it now, in words (星海精密制造有限公司工会, 您本人, 财务) */
  ownerLabel: z.string(),
  /** 等待星海精密制造有限公司工会审核，已等待2个工作日 */
  waitingText: z.string().nullable(),
  waitingWorkingDays: z.number().int(),
  dueAt: timestamp.nullable(),
  sla: SlaBadge,
  escalated: z.boolean(),
  missing: z.array(z.string()),
  steps: z.array(StepView),
  notice: z.object({ noticeId: z.string(), closesAt: timestamp }).nullable(),
  payment: z.object({ bankMasked: z.string(), paidAt: timestamp.nullable(), returnedAt: timestamp.nullable(), note: z.string().nullable() }).nullable(),
  /** for the officer deciding the amount: the cap under the rules, the budget left and the reasons */
  cap: z.object({ max: z.number().int(), reasons: z.array(z.string()), budgetLeft: z.number().int().nullable() }).nullable(),
  /** for officers: the household figures the decision rests on */
  facts: z
    .object({
      householdSize: z.number().int(),
      perHeadMonthly: z.number().int().nullable(),
      dibaoMonthly: z.number().int(),
      tierSuggested: z.string().nullable(),
    })
    .nullable(),
  submittedAt: timestamp.nullable(),
  updatedAt: timestamp,
  version: z.number().int(),
  history: z.array(AidHistoryView),
  /** officers: the decisions open to them; the applicant: 提交/撤回/补正 as `workerActions` */
  actions: z.array(AidDecisionAction),
  workerActions: z.array(z.object({ key: z.enum(['edit', 'submit', 'withdraw', 'resubmit']), label: z.string() })),
});
export type ApplicationView = z.infer<typeof ApplicationView>;

// ---------------------------------------------------------------------------------------------
// Notices and objections

export const NoticeEntryView = z.object({
  applicationId: z.string(),
  publicName: z.string(),
  unionName: z.string(),
  kindLabel: z.string().nullable(),
  amount: z.number().int().nullable(),
  stateLabel: z.string(),
  /** the viewer's own aid (told only to them): no objection button there */
  mine: z.boolean(),
});

export const NoticeView = z.object({
  id: z.string(),
  orgName: z.string(),
  title: z.string(),
  status: z.enum(NOTICE_STATUSES),
  statusLabel: z.string(),
  opensAt: timestamp,
  closesAt: timestamp,
  /** 公示期5个工作日（12月1日至12月7日） */
  periodText: z.string(),
  entries: z.array(NoticeEntryView),
  /** officers: objections by state */
  objections: z.object({ pending: z.number().int(), upheld: z.number().int(), dismissed: z.number().int() }).nullable(),
  /** the viewer may object (in scope, window open) */
  canObject: z.boolean(),
});
export type NoticeView = z.infer<typeof NoticeView>;

export const ObjectionForm = z.object({
  idempotencyKey,
  noticeId: docId,
  applicationId: docId,
  reason: z.string({ error: '请填写异议原因' }).trim().min(5, { error: '请写明异议原因（至少5个字）' }).max(500, { error: '异议原因不超过500字' }),
  fileIds: z.array(docId).max(4, { error: '佐证材料最多4个' }).default([]),
});

export const ObjectionView = z.object({
  id: z.string(),
  noticeId: z.string(),
  noticeTitle: z.string(),
  applicationId: z.string(),
  /** the entry objected to, as the notice shows it */
  publicName: z.string(),
  reason: z.string(),
  files: z.array(FileRef),
  status: z.enum(OBJECTION_STATUSES),
  statusLabel: z.string(),
  rulingLabel: z.string().nullable(),
  rulingNote: z.string().nullable(),
  submittedAt: timestamp,
  ruledAt: timestamp.nullable(),
  /** officers ruling: the rulings open to them */
  rulings: z.array(z.object({ key: z.enum(OBJECTION_RULINGS), label: z.string(), needsAmount: z.boolean() })),
  version: z.number().int(),
});

// ---------------------------------------------------------------------------------------------
// Payments

export const PaymentRow = z.object({
  applicationId: z.string(),
  name: z.string(),
  orgName: z.string(),
  kindLabel: z.string(),
  amount: z.number().int(),
  bankName: z.string(),
  /** masked on screen (尾号1234); in full only in the export */
  accountMasked: z.string(),
  status: z.enum(AID_STATUSES),
  statusLabel: z.string(),
  exportedAt: timestamp.nullable(),
  actions: z.array(z.object({ key: z.enum(['pay', 'bounce', 'reissue']), label: z.string() })),
  version: z.number().int(),
});

export const BudgetView = z.object({
  programme: z.string(),
  programmeLabel: z.string(),
  year: z.number().int(),
  total: z.number().int(),
  committed: z.number().int(),
  left: z.number().int(),
});

export const CloseFileInput = z.object({
  fileId: docId,
  reason: z.enum(CLOSE_REASONS, { error: '请选择销档原因' }),
  note: z.string().trim().max(200).default(''),
  version: z.number().int(),
});
