/** Forms and views of the scholarship context (what crosses the wire), with the Chinese messages a person sees next to each field. */
import { z } from 'zod';
import { docId, idNumber, personName, timestamp } from '../shared/schemas';
import { FileRef } from '../shared/files';
import { ADMISSION_BATCHES, CAMPAIGN_STAGES, SCHOLARSHIP_APPLICATION_STATUSES, SPECIAL_GROUPS, STAGE_OWNERS, STUDENT_CATEGORIES, WORK_STAGES } from './machine';

const yuan = (what: string) =>
  z
    .number({ error: `请填写${what}` })
    .int({ error: `${what}须为整数元` })
    .min(0, { error: `${what}不能为负` })
    .max(100_000_000, { error: `${what}不合理` });
const date = (what: string) => z.string({ error: `请填写${what}` }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${what}格式为 2026-08-14` });
const headcount = z.number({ error: '请填写人数' }).int({ error: '人数须为整数' }).min(0, { error: '人数不能为负' }).max(100_000, { error: '人数不合理' });

const byCategory = <T extends z.ZodType>(t: T) =>
  z.object(Object.fromEntries(STUDENT_CATEGORIES.map((k) => [k, t])) as Record<(typeof STUDENT_CATEGORIES)[number], T>);

export const StageForm = z.object({ opens: date('开始日期'), closes: date('截止日期'), owner: z.enum(STAGE_OWNERS).optional() });

export const CampaignForm = z.object({
  /** the federation or city running it */
  orgId: z.string({ error: '请选择主办工会' }).min(1, { error: '请选择主办工会' }),
  year: z.number({ error: '请填写年度' }).int().min(2000, { error: '年度不合理' }).max(2100, { error: '年度不合理' }),
  title: z.string({ error: '请填写活动名称' }).trim().min(4, { error: '活动名称至少4个字' }).max(40, { error: '活动名称不超过40个字' }),
  stages: z.object(Object.fromEntries(WORK_STAGES.map((s) => [s, StageForm])) as Record<(typeof WORK_STAGES)[number], typeof StageForm>),
});

export const PlanForm = z.object({
  campaignId: docId,
  budget: yuan('助学预算').refine((v) => v > 0, { error: '请填写助学预算' }),
  amounts: byCategory(yuan('资助标准').refine((v) => v > 0, { error: '请填写该类别的资助标准' })),
  specialAmounts: z.partialRecord(z.enum(SPECIAL_GROUPS), yuan('特殊群体资助标准')).default({}),
  eligibility: z.object({
    dibaoMonthly: yuan('本地低保标准').refine((v) => v > 0, { error: '请填写本地低保标准' }),
    multiple: z.number({ error: '请填写倍数' }).min(1, { error: '倍数不小于1' }).max(5, { error: '倍数不超过5' }),
  }),
  version: z.number().int(),
});

export const SurveyForm = z.object({
  campaignId: docId,
  /** the union reporting; by default the officer's own */
  unionId: z.string().min(1).optional(),
  counts: byCategory(headcount),
  note: z.string().trim().max(200, { error: '备注不超过200个字' }).default(''),
});

/**
 * The application a member files for their child: the least a campaign needs of a minor (name, ID
 * number — sealed —, category, school, batch, grade, the admission letter, the group), the household
 * income facts for the campaign's own test, and the account the money goes to.
 */
export const ScholarshipApplicationForm = z.object({
  campaignId: docId,
  student: z.object({
    name: personName,
    idNumber,
    category: z.enum(STUDENT_CATEGORIES, { error: '请选择学生类别' }),
    school: z.string({ error: '请填写录取学校' }).trim().min(2, { error: '请填写录取学校' }).max(40, { error: '学校名称不超过40个字' }),
    batch: z.enum(ADMISSION_BATCHES, { error: '请选择录取批次' }),
    grade: z.string({ error: '请填写年级' }).trim().min(1, { error: '请填写年级' }).max(20, { error: '年级不超过20个字' }),
    admissionLetterFileId: docId.describe('录取通知书'),
    specialGroup: z.enum(SPECIAL_GROUPS).nullable().default(null),
  }),
  /** for the campaign's own test; phase 2 accepts null when the parent has an active hardship file */
  household: z
    .object({
      size: z.number({ error: '请填写家庭人口' }).int().min(1, { error: '家庭人口至少1人' }).max(20, { error: '家庭人口不合理' }),
      yearlyIncome: yuan('家庭年收入'),
    })
    .nullable()
    .default(null),
  bank: z.object({
    bankName: z.string({ error: '请填写开户银行' }).trim().min(2, { error: '请填写开户银行' }).max(40, { error: '开户银行不超过40个字' }),
    account: z
      .string({ error: '请填写银行卡号' })
      .trim()
      .transform((s) => s.replace(/\s+/g, ''))
      .pipe(z.string().regex(/^\d{12,19}$/, { error: '银行卡号为12到19位数字' })),
  }),
});

const Row = z.object({ key: z.string(), label: z.string(), amount: z.number().int() });

export const StageView = z.object({
  key: z.enum(WORK_STAGES),
  label: z.string(),
  hint: z.string(),
  opens: z.string(),
  closes: z.string(),
  /** 7月1日至8月14日 */
  periodText: z.string(),
  opensAt: timestamp,
  closesAt: timestamp,
  owner: z.enum(STAGE_OWNERS),
  ownerLabel: z.string(),
  state: z.enum(['done', 'current', 'todo']),
});

export const CampaignView = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  year: z.number().int(),
  title: z.string(),
  stage: z.enum(CAMPAIGN_STAGES),
  stageLabel: z.string(),
  stages: z.array(StageView),
  plan: z
    .object({
      budget: z.number().int(),
      amounts: z.array(Row),
      specialAmounts: z.array(Row),
      eligibility: z.object({ dibaoMonthly: z.number().int(), multiple: z.number(), text: z.string() }),
    })
    .nullable(),
  /** the 申报 window as a member reads it */
  apply: z.object({ open: z.boolean(), text: z.string() }),
  /** the officers running it: the next stage and what still blocks it */
  next: z.object({ to: z.enum(CAMPAIGN_STAGES), label: z.string(), blockers: z.array(z.string()) }).nullable(),
  canManage: z.boolean(),
  version: z.number().int(),
  history: z.array(z.object({ at: timestamp, fromLabel: z.string(), toLabel: z.string(), byName: z.string() })),
});
export type CampaignView = z.infer<typeof CampaignView>;

const Counts = byCategory(z.number().int());

export const SurveyView = z.object({
  campaignId: z.string(),
  unionId: z.string(),
  unionName: z.string(),
  counts: Counts,
  total: z.number().int(),
  note: z.string(),
  submittedByName: z.string(),
  submittedAt: timestamp,
  submissions: z.number().int(),
});

export const SurveyBoard = z.object({
  campaign: CampaignView,
  unionCount: z.number().int(),
  submittedCount: z.number().int(),
  /** every union in scope, the ones not yet submitted first */
  unions: z.array(
    z.object({
      unionId: z.string(),
      unionName: z.string(),
      submitted: z.boolean(),
      total: z.number().int().nullable(),
      submittedAt: timestamp.nullable(),
      submittedByName: z.string().nullable(),
    }),
  ),
  missing: z.array(z.object({ unionId: z.string(), unionName: z.string() })),
  totals: z.array(z.object({ key: z.enum(STUDENT_CATEGORIES), label: z.string(), count: z.number().int() })),
  total: z.number().int(),
  /** what the surveyed students would cost at the plan's table (null before the plan) */
  estimatedNeed: z.number().int().nullable(),
});

export const ScholarshipApplicationView = z.object({
  id: z.string(),
  campaignId: z.string(),
  campaignTitle: z.string(),
  year: z.number().int(),
  status: z.enum(SCHOLARSHIP_APPLICATION_STATUSES),
  statusLabel: z.string(),
  orgName: z.string(),
  student: z.object({
    name: z.string(),
    idNumberMasked: z.string(),
    category: z.enum(STUDENT_CATEGORIES),
    categoryLabel: z.string(),
    school: z.string(),
    batchLabel: z.string(),
    grade: z.string(),
    specialGroupLabel: z.string().nullable(),
  }),
  admissionLetter: FileRef.nullable(),
  eligibilityText: z.string(),
  /** the review pipeline's application (its steps are on the aid pages); null until it holds it */
  reviewId: z.string().nullable(),
  bankMasked: z.string(),
  amount: z.number().int(),
  submittedAt: timestamp,
});

const Tally = z.object({
  surveyed: z.number().int(),
  applicants: z.number().int(),
  approved: z.number().int(),
  paid: z.number().int(),
  amountPaid: z.number().int(),
});

export const ReportView = z.object({
  campaign: CampaignView,
  applicants: z.number().int(),
  approved: z.number().int(),
  paid: z.number().int(),
  amountPaid: z.number().int(),
  /** approved and paid amounts: what the budget is spent on */
  committed: z.number().int(),
  budget: z.number().int(),
  budgetLeft: z.number().int(),
  byCategory: z.array(Tally.extend({ key: z.string(), label: z.string() })),
  byUnion: z.array(Tally.extend({ unionId: z.string(), unionName: z.string() })),
  /** whether approvals and payments come from the review pipeline (false: not connected yet, they read 0) */
  pipelineConnected: z.boolean(),
  note: z.string(),
  /** the report fixed when the campaign closed, or generated now */
  final: z.boolean(),
  generatedAt: timestamp,
});
export type ReportView = z.infer<typeof ReportView>;
