/**
 * The autumn scholarship campaign (金秋助学活动) as an explicit transition table: a federation or city
 * runs one campaign a year through five ordered stages, then closes it. The seed story
 * (../shared/seed/000_343b75be5e4f4ea9.txt, 鞍山市总) tells the five stages; every date and figure of
 * a campaign is its data (core/scholarship/model.ts), never a constant here.
 *
 *   survey ──advance──▶ plan ──advance──▶ apply ──advance──▶ review ──advance──▶ summary ──advance──▶ closed
 *
 * Stages advance in order only: anything not in the table is ILLEGAL_TRANSITION. Whether the current
 * stage's own checks pass (a plan needs a budget and an amount table, …) is rules.ts `advanceBlockers`.
 * Zod-free: the mini-program imports the labels as values.
 */
import { AppError } from '../shared/errors';

export const CAMPAIGN_STAGES = ['survey', 'plan', 'apply', 'review', 'summary', 'closed'] as const;
export type CampaignStage = (typeof CAMPAIGN_STAGES)[number];
/** The five working stages, each with dates and an owner; `closed` is where they end. */
export const WORK_STAGES = ['survey', 'plan', 'apply', 'review', 'summary'] as const satisfies readonly CampaignStage[];
export type WorkStage = (typeof WORK_STAGES)[number];

export const STAGE_LABEL: Record<CampaignStage, string> = {
  survey: '摸底',
  plan: '方案制订',
  apply: '申报',
  review: '审核、公示、发放',
  summary: '总结',
  closed: '已结束',
};
/** What happens in each stage, a line for the board. */
export const STAGE_HINT: Record<WorkStage, string> = {
  survey: '各基层工会上报符合条件的学生人数',
  plan: '确定本年度助学预算、各类别资助标准和申请条件',
  apply: '职工为子女提交助学申请，逾期不予受理',
  review: '审核申请、公示受助名单、发放助学金',
  summary: '统计申请、获批、发放情况，形成总结报告',
};

export const CAMPAIGN_EVENTS = ['advance'] as const;
export type CampaignEvent = (typeof CAMPAIGN_EVENTS)[number];

const T: Record<CampaignStage, Partial<Record<CampaignEvent, CampaignStage>>> = {
  survey: { advance: 'plan' },
  plan: { advance: 'apply' },
  apply: { advance: 'review' },
  review: { advance: 'summary' },
  summary: { advance: 'closed' },
  closed: {},
};
export const CAMPAIGN_TRANSITIONS: Readonly<Record<CampaignStage, Readonly<Partial<Record<CampaignEvent, CampaignStage>>>>> = T;

/**
 * The stage a campaign moves to when the officer asks to move from `from` to `to`: only the table's
 * next stage; skipping ahead, going back, staying or leaving `closed` is ILLEGAL_TRANSITION.
 */
export function nextStage(from: CampaignStage, to: CampaignStage): CampaignStage {
  const next = T[from].advance;
  if (!next || next !== to) {
    throw new AppError(
      'ILLEGAL_TRANSITION',
      next
        ? `金秋助学活动当前为“${STAGE_LABEL[from]}”阶段，只能进入“${STAGE_LABEL[next]}”阶段，不能进入“${STAGE_LABEL[to]}”`
        : `金秋助学活动已结束，不能再进入“${STAGE_LABEL[to]}”阶段`,
      undefined,
      { from, to },
    );
  }
  return next;
}

/** Who acts in a stage: every union in the campaign's scope, or the federation running it. */
export const STAGE_OWNERS = ['unions', 'federation'] as const;
export type StageOwner = (typeof STAGE_OWNERS)[number];
export const STAGE_OWNER_LABEL: Record<StageOwner, string> = { unions: '各基层工会', federation: '主办工会' };
/** The owners a campaign starts with (the seed story: unions survey and send applications, the city plans, reviews and sums up). */
export const DEFAULT_STAGE_OWNER: Record<WorkStage, StageOwner> = {
  survey: 'unions',
  plan: 'federation',
  apply: 'unions',
  review: 'federation',
  summary: 'federation',
};

// ---------------------------------------------------------------------------------------------
// Students: categories, special groups, admission batches (labels; the amounts are the campaign's data)

export const STUDENT_CATEGORIES = ['undergraduate', 'college', 'secondary', 'postgraduate'] as const;
export type StudentCategory = (typeof STUDENT_CATEGORIES)[number];
export const CATEGORY_LABEL: Record<StudentCategory, string> = {
  undergraduate: '本科',
  college: '专科/高职',
  secondary: '中职/高中',
  postgraduate: '研究生',
};

/** Groups a campaign may fund at a higher amount (绵阳 2013 in the research §2: model workers' children, disabled, single-parent, 低保 families, orphans). */
export const SPECIAL_GROUPS = ['model_worker_child', 'single_parent', 'disabled', 'dibao', 'orphan'] as const;
export type SpecialGroup = (typeof SPECIAL_GROUPS)[number];
export const SPECIAL_GROUP_LABEL: Record<SpecialGroup, string> = {
  model_worker_child: '劳模子女',
  single_parent: '单亲家庭',
  disabled: '残疾学生',
  dibao: '低保家庭',
  orphan: '孤儿',
};

/** 录取批次 as admission letters print it (the Hainan code's study fields in the research §2). */
export const ADMISSION_BATCHES = ['early', 'first', 'second', 'college', 'secondary', 'postgraduate', 'other'] as const;
export type AdmissionBatch = (typeof ADMISSION_BATCHES)[number];
export const BATCH_LABEL: Record<AdmissionBatch, string> = {
  early: '提前批',
  first: '本科一批',
  second: '本科二批',
  college: '专科（高职）批',
  secondary: '中职/普通高中',
  postgraduate: '研究生',
  other: '其他',
};

/**
 * An application's status in the scholarship context. Phase 1 stores submissions only; review,
 * notice and payment are the aid pipeline's (core/aid), which phase 2 hands each application to.
 */
export const SCHOLARSHIP_APPLICATION_STATUSES = ['submitted'] as const;
export type ScholarshipApplicationStatus = (typeof SCHOLARSHIP_APPLICATION_STATUSES)[number];
export const SCHOLARSHIP_APPLICATION_LABEL: Record<ScholarshipApplicationStatus, string> = { submitted: '已申报，待审核' };
