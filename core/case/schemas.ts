/** Forms and views of the case context (what crosses the wire), with the Chinese messages a person sees next to each field. */
import { z } from 'zod';
import { docId, idempotencyKey, mobile, personName, timestamp } from '../shared/schemas';
import { FileRef } from '../shared/files';
import { ASSIGNEE_ROLES, CASE_CATEGORIES, CASE_STATUSES, COMPLEXITIES, HANDLER_ENTRY_KINDS, LEGAL_AID_STATUSES, LEGAL_OUTCOMES, RESOLUTIONS } from './machine';

export const yuan = (what: string) =>
  z
    .number({ error: `请填写${what}` })
    .int({ error: `${what}须为整数元` })
    .min(0, { error: `${what}不能为负` })
    .max(100_000_000, { error: `${what}不合理` });

const text = (what: string, max: number, min = 1) =>
  z
    .string({ error: `请填写${what}` })
    .trim()
    .min(min, { error: min > 1 ? `${what}至少${min}个字` : `请填写${what}` })
    .max(max, { error: `${what}不超过${max}字` });

/** A Shanghai date, 2026-12-08 */
export const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 2026-12-08' });

const fileIds = z.array(docId).max(9, { error: '最多上传9个附件' }).default([]);

export const SlaBadge = z.enum(['ok', 'due_soon', 'overdue', 'none']);

// ---------------------------------------------------------------------------------------------
// Intake (受理)

export const CollectiveForm = z.object({
  /** workers concerned (the reporter's estimate) */
  workers: z.number({ error: '请填写涉及人数' }).int({ error: '人数须为整数' }).min(2, { error: '集体诉求至少涉及2人' }).max(100_000, { error: '人数不合理' }),
  amountOwed: yuan('涉及金额'),
  /** the reporter's own amount */
  myAmount: yuan('本人被拖欠金额'),
});

export const LegalAidForm = z.object({
  opponent: text('对方单位或个人', 60),
  claimAmount: yuan('请求金额'),
  keyDate: localDate.nullable().default(null),
  keyDateKind: z.enum(['filing', 'hearing', 'limitation']).nullable().default(null),
});

export const CaseForm = z
  .object({
    idempotencyKey,
    category: z.enum(CASE_CATEGORIES, { error: '请选择诉求类别' }),
    itemKey: z.string({ error: '请选择具体事项' }).min(1, { error: '请选择具体事项' }).max(40),
    title: text('诉求标题', 30, 4),
    description: text('具体情况', 2000, 10),
    /** the employer, from the park's enterprises (org.searchEnterprises); null only for 意见建议 */
    enterpriseId: docId.nullable().default(null),
    contactMobile: mobile.nullable().default(null),
    /** the reporter's name when they are not a member (a member's comes from the membership) */
    name: personName.nullable().default(null),
    /** 意见建议 only */
    anonymous: z.boolean().default(false),
    fileIds,
    collective: CollectiveForm.nullable().default(null),
    legalAid: LegalAidForm.nullable().default(null),
  })
  .superRefine((f, ctx) => {
    if (f.anonymous && f.category !== 'suggestion') ctx.addIssue({ code: 'custom', path: ['anonymous'], message: '只有“意见建议”可以匿名提交' });
    if (f.category === 'legal_aid' && !f.legalAid) ctx.addIssue({ code: 'custom', path: ['legalAid'], message: '申请法律援助请填写对方和请求金额' });
    if (f.category !== 'legal_aid' && f.legalAid) ctx.addIssue({ code: 'custom', path: ['legalAid'], message: '只有“法律援助”类诉求填写法律援助信息' });
    if (f.category !== 'suggestion' && !f.enterpriseId) ctx.addIssue({ code: 'custom', path: ['enterpriseId'], message: '请选择所在单位' });
    if (f.collective && f.category === 'suggestion') ctx.addIssue({ code: 'custom', path: ['collective'], message: '意见建议不按集体诉求办理' });
    if (f.collective && f.collective.myAmount > f.collective.amountOwed)
      ctx.addIssue({ code: 'custom', path: ['collective', 'myAmount'], message: '本人金额不能超过涉及总金额' });
    if (f.legalAid && (f.legalAid.keyDate === null) !== (f.legalAid.keyDateKind === null)) {
      ctx.addIssue({ code: 'custom', path: ['legalAid', 'keyDate'], message: '请同时填写日期和日期类型（立案、开庭或时效届满）' });
    }
  });
export type CaseForm = z.infer<typeof CaseForm>;

export const CatalogueView = z.object({
  categories: z.array(
    z.object({
      key: z.enum(CASE_CATEGORIES),
      label: z.string(),
      /** one line on what belongs here */
      hint: z.string(),
      items: z.array(z.object({ key: z.string(), label: z.string() })),
      anonymousAllowed: z.boolean(),
      /** e.g. 一般2个工作日内答复 */
      promise: z.string(),
    }),
  ),
  collectiveMinWorkers: z.number().int(),
  rulesOf: z.string(),
  /** the caller is not a member: the form asks for their name */
  askName: z.boolean(),
});

// ---------------------------------------------------------------------------------------------
// Views

export const TimelineEntryView = z.object({
  at: timestamp,
  eventLabel: z.string(),
  byName: z.string(),
  note: z.string().nullable(),
  /** staff views only ever contain true; the worker's never contain an internal entry at all */
  internal: z.boolean(),
  files: z.array(FileRef),
  happenedAt: timestamp.nullable(),
});

export const StepView = z.object({ title: z.string(), state: z.enum(['done', 'current', 'todo']), detail: z.string().nullable() });

export const LegalAidView = z.object({
  status: z.enum(LEGAL_AID_STATUSES),
  statusLabel: z.string(),
  opponent: z.string(),
  claimAmount: z.number().int(),
  keyDate: z.string().nullable(),
  keyDateLabel: z.string().nullable(),
  urgent: z.boolean(),
  eligibility: z.object({ member: z.boolean(), memberOrgName: z.string().nullable(), hardship: z.string().nullable(), reasons: z.array(z.string()) }),
  decisionDueAt: timestamp,
  decisionNote: z.string().nullable(),
  letter: z.object({ no: z.string(), lawyerName: z.string(), issuedAt: timestamp, text: z.string() }).nullable(),
  report: z
    .object({
      outcome: z.enum(LEGAL_OUTCOMES),
      outcomeLabel: z.string(),
      summary: z.string(),
      recovered: z.number().int(),
      files: z.array(FileRef),
      at: timestamp,
    })
    .nullable(),
});

export const CaseAction = z.object({
  key: z.enum([
    'assign',
    'reassign',
    'sign',
    'return_assignment',
    'transfer',
    'decline',
    'classify',
    'entry',
    'ask',
    'resolve',
    'callback',
    'pass_quality',
    'fail_quality',
    'legal_pre_approve',
    'legal_approve',
    'legal_refuse',
    'legal_appoint',
    'legal_report',
  ]),
  label: z.string(),
  needsNote: z.boolean(),
  /** the consequence, for the confirmation dialog */
  confirm: z.string().nullable(),
});
export type CaseAction = z.infer<typeof CaseAction>;

export const WorkerAction = z.object({ key: z.enum(['reply', 'rate', 'withdraw', 'share']), label: z.string() });

export const CaseView = z.object({
  id: z.string(),
  no: z.string(),
  category: z.enum(CASE_CATEGORIES),
  categoryLabel: z.string(),
  itemLabel: z.string(),
  complexity: z.enum(COMPLEXITIES),
  complexityLabel: z.string(),
  title: z.string(),
  description: z.string(),
  files: z.array(FileRef),
  enterpriseName: z.string().nullable(),
  /** the claimant as the viewer may see them: in full for the claimant and the staff handling it, 匿名 for an anonymous suggestion */
  claimantName: z.string(),
  mobileMasked: z.string().nullable(),
  orgName: z.string(),
  ownerOrgName: z.string(),
  status: z.enum(CASE_STATUSES),
  statusLabel: z.string(),
  urgent: z.boolean(),
  collective: z
    .object({
      workers: z.number().int(),
      amountOwed: z.number().int(),
      claimants: z.number().int(),
      claimedTotal: z.number().int(),
      /** the viewer's own amount when they are a claimant */
      myAmount: z.number().int().nullable(),
      /** the share card's code: for the claimants, to bring co-workers in */
      shareCode: z.string().nullable(),
      /** staff: every claimant with their amount; a claimant: the others masked (姓名 and amount hidden) */
      list: z.array(z.object({ name: z.string(), amountOwed: z.number().int().nullable(), lead: z.boolean(), joinedAt: timestamp })),
    })
    .nullable(),
  assignee: z.object({ name: z.string(), roleLabel: z.string() }).nullable(),
  /** who holds it now, in words (星海高新区工会联合会, 周律师（驻点律师）, 您本人) */
  ownerLabel: z.string(),
  /** 等待周律师签收，已等待1个工作日 */
  waitingText: z.string().nullable(),
  waitingWorkingDays: z.number().int(),
  dueAt: timestamp.nullable(),
  resolveDueAt: timestamp,
  sla: SlaBadge,
  escalated: z.boolean(),
  /** what is asked of the worker now */
  ask: z.object({ text: z.string(), at: timestamp }).nullable(),
  resolution: z
    .object({ kind: z.enum(RESOLUTIONS), kindLabel: z.string(), summary: z.string(), recovered: z.number().int(), files: z.array(FileRef), at: timestamp })
    .nullable(),
  rating: z.object({ score: z.number().int(), label: z.string(), comment: z.string(), at: timestamp, viaLabel: z.string() }).nullable(),
  legalAid: LegalAidView.nullable(),
  steps: z.array(StepView),
  timeline: z.array(TimelineEntryView),
  /** staff: what they may do now (the server decides; pages render) */
  actions: z.array(CaseAction),
  /** the claimant: 补充说明 / 评价 / 撤回 / 邀请工友 */
  workerActions: z.array(WorkerAction),
  createdAt: timestamp,
  updatedAt: timestamp,
  version: z.number().int(),
});
export type CaseView = z.infer<typeof CaseView>;

/** A queue row: enough to pick the next case without opening each. */
export const CaseRow = z.object({
  id: z.string(),
  no: z.string(),
  categoryLabel: z.string(),
  itemLabel: z.string(),
  title: z.string(),
  enterpriseName: z.string().nullable(),
  claimantName: z.string(),
  status: z.enum(CASE_STATUSES),
  statusLabel: z.string(),
  urgent: z.boolean(),
  collective: z.object({ workers: z.number().int(), amountOwed: z.number().int() }).nullable(),
  ownerLabel: z.string(),
  waitingWorkingDays: z.number().int(),
  dueAt: timestamp.nullable(),
  sla: SlaBadge,
  escalated: z.boolean(),
  createdAt: timestamp,
});
export type CaseRow = z.infer<typeof CaseRow>;

/** What a share card shows before joining: nothing personal. */
export const SharePreview = z.object({
  code: z.string(),
  enterpriseName: z.string().nullable(),
  itemLabel: z.string(),
  title: z.string(),
  workers: z.number().int(),
  claimants: z.number().int(),
  statusLabel: z.string(),
  /** the viewer has joined already (or is the lead): the card opens their case */
  joined: z.boolean(),
  caseId: z.string().nullable(),
  open: z.boolean(),
  /** the viewer is not a member: joining asks for their name */
  askName: z.boolean(),
});

export const AssigneeOption = z.object({
  /** a sealed handle, not the uid */
  personId: z.string(),
  name: z.string(),
  role: z.enum(ASSIGNEE_ROLES),
  roleLabel: z.string(),
  onDuty: z.boolean(),
  /** open cases they hold now */
  load: z.number().int(),
});

export const EntryForm = z.object({
  caseId: docId,
  kind: z.enum(HANDLER_ENTRY_KINDS),
  text: text('记录内容', 1000, 2),
  internal: z.boolean().default(false),
  fileIds,
  /** when the visit or session took place, if not now */
  happenedAt: timestamp.nullable().default(null),
});

export const ResolveForm = z.object({
  caseId: docId,
  version: z.number().int(),
  kind: z.enum(RESOLUTIONS, { error: '请选择办结结果' }),
  summary: text('办理结果', 1000, 10),
  recovered: yuan('追回金额').default(0),
  fileIds,
});

export const RotaForm = z.object({
  orgId: docId,
  weekly: z.array(z.object({ weekday: z.number().int().min(1).max(7), personId: z.string().min(1) })).max(7),
  dates: z.array(z.object({ date: localDate, personId: z.string().min(1) })).max(62),
});

export const RotaView = z.object({
  orgId: z.string(),
  orgName: z.string(),
  weekly: z.array(z.object({ weekday: z.number().int(), weekdayLabel: z.string(), personId: z.string(), name: z.string() })),
  dates: z.array(z.object({ date: z.string(), personId: z.string(), name: z.string() })),
  /** who is on duty today, in words (or 今日无值班律师) */
  today: z.string(),
  lawyers: z.array(z.object({ personId: z.string(), name: z.string() })),
});

export const CaseStats = z.object({
  orgName: z.string(),
  from: timestamp,
  to: timestamp,
  received: z.number().int(),
  assigned: z.number().int(),
  /** 派单率, 按期签收率, 按期办结率, 满意率: percentages with one decimal, null when there is nothing to divide */
  assignRate: z.number().nullable(),
  signedOnTimeRate: z.number().nullable(),
  closedOnTimeRate: z.number().nullable(),
  satisfactionRate: z.number().nullable(),
  signed: z.number().int(),
  signedOnTime: z.number().int(),
  resolved: z.number().int(),
  resolvedOnTime: z.number().int(),
  rated: z.number().int(),
  satisfied: z.number().int(),
  recovered: z.number().int(),
  open: z.number().int(),
  overdue: z.number().int(),
  byCategory: z.array(z.object({ key: z.enum(CASE_CATEGORIES), label: z.string(), received: z.number().int() })),
  /** how each figure is defined, for the page */
  definitions: z.array(z.object({ label: z.string(), text: z.string() })),
});
