/**
 * The campaign's rules, pure: when a stage's window is open (Asia/Shanghai dates, closing at 24:00 of
 * the close date), what a stage needs before the campaign may leave it, what the plan's table pays a
 * student, and the campaign's own income test. Every figure comes from the campaign document.
 */
import { AppError, type ErrorIssue } from '../shared/errors';
import { endOfShanghaiDate, formatShanghai, shanghaiDate, startOfShanghaiDate } from '../shared/time';
import type { CampaignDoc, CampaignPlan, StageSchedule } from './model';
import { CATEGORY_LABEL, STAGE_LABEL, STUDENT_CATEGORIES, WORK_STAGES, type SpecialGroup, type StudentCategory, type WorkStage } from './machine';

/** 8月14日 */
export const monthDay = (date: string) => formatShanghai(startOfShanghaiDate(date), 'M月D日');

/** Whether a YYYY-MM-DD string is a real calendar date. */
export const isCalendarDate = (date: string) => /^\d{4}-\d{2}-\d{2}$/.test(date) && shanghaiDate(startOfShanghaiDate(date)) === date;

/** Problems with a schedule: every stage opens on or before it closes, and each opens after the one before it closes. */
export function scheduleIssues(stages: Record<WorkStage, Pick<StageSchedule, 'opens' | 'closes'>>): ErrorIssue[] {
  const issues: ErrorIssue[] = [];
  let previous: { stage: WorkStage; closes: string } | null = null;
  for (const stage of WORK_STAGES) {
    const s = stages[stage];
    const valid = isCalendarDate(s.opens) && isCalendarDate(s.closes);
    if (!isCalendarDate(s.opens)) issues.push({ path: ['stages', stage, 'opens'], message: `${STAGE_LABEL[stage]}开始日期无效` });
    if (!isCalendarDate(s.closes)) issues.push({ path: ['stages', stage, 'closes'], message: `${STAGE_LABEL[stage]}截止日期无效` });
    // an invalid date is reported once, not again as out of order
    if (!valid) {
      previous = null;
      continue;
    }
    if (s.opens > s.closes) issues.push({ path: ['stages', stage, 'closes'], message: `${STAGE_LABEL[stage]}截止日期不能早于开始日期` });
    if (previous && s.opens <= previous.closes)
      issues.push({
        path: ['stages', stage, 'opens'],
        message: `${STAGE_LABEL[stage]}须在${STAGE_LABEL[previous.stage]}截止（${monthDay(previous.closes)}）之后开始`,
      });
    previous = { stage, closes: s.closes };
  }
  return issues;
}

/** A stage's window: [00:00 of its open date, 24:00 of its close date) in Shanghai. */
export function windowOf(s: Pick<StageSchedule, 'opens' | 'closes'>): { opensAt: number; closesAt: number } {
  return { opensAt: startOfShanghaiDate(s.opens), closesAt: endOfShanghaiDate(s.closes) };
}

const periodText = (s: Pick<StageSchedule, 'opens' | 'closes'>) => `${monthDay(s.opens)}至${monthDay(s.closes)}`;

/**
 * Throws unless the campaign takes `stage`'s submissions at `now`: the campaign must be in that stage
 * and `now` inside its window. Past the close date (or once the campaign has moved on): DEADLINE_PASSED.
 */
function assertStageOpen(c: Pick<CampaignDoc, 'stage' | 'stages'>, stage: 'survey' | 'apply', now: number, what: string): void {
  const s = c.stages[stage];
  const { opensAt, closesAt } = windowOf(s);
  const order = (x: string) => (WORK_STAGES as readonly string[]).indexOf(x);
  const passed = c.stage === 'closed' || order(c.stage) > order(stage) || now >= closesAt;
  if (passed) {
    throw new AppError('DEADLINE_PASSED', `金秋助学${what}已于${monthDay(s.closes)}截止`, undefined, { closesAt, stage: c.stage });
  }
  if (c.stage !== stage || now < opensAt) {
    throw new AppError('CONFLICT', `金秋助学${what}尚未开始（${what}期${periodText(s)}）`, undefined, { opensAt, stage: c.stage });
  }
}

/** The 申报 window: DEADLINE_PASSED `金秋助学申报已于8月14日截止` after the apply stage's close date. */
export const assertApplyOpen = (c: Pick<CampaignDoc, 'stage' | 'stages'>, now: number) => assertStageOpen(c, 'apply', now, '申报');
/** The 摸底 window: a union's count after the survey's close date is DEADLINE_PASSED. */
export const assertSurveyOpen = (c: Pick<CampaignDoc, 'stage' | 'stages'>, now: number) => assertStageOpen(c, 'survey', now, '摸底');

/** What the checks before leaving a stage need to know besides the campaign. */
export interface StageFacts {
  /** unions in the campaign's scope, and how many have sent their survey return */
  unions: number;
  surveyed: number;
  /** the review pipeline: connected (phase 2: the aid pipeline's counts), and applications not yet settled in it */
  pipeline: { connected: boolean; pending: number };
  /** the campaign year's aid rules are published for its org (applications go through them: without, every one is refused) */
  aidRules?: boolean;
}

/**
 * Why the campaign may not leave its current stage now (empty: it may). Each reason is a sentence
 * for the officer pressing 进入下一阶段.
 */
export function advanceBlockers(c: Pick<CampaignDoc, 'stage' | 'stages' | 'plan'>, facts: StageFacts, now: number): string[] {
  const out: string[] = [];
  switch (c.stage) {
    case 'survey': {
      const missing = facts.unions - facts.surveyed;
      if (missing > 0 && now < windowOf(c.stages.survey).closesAt) {
        out.push(`还有${missing}家工会未上报摸底人数，摸底截止日期（${monthDay(c.stages.survey.closes)}）未到`);
      }
      break;
    }
    case 'plan':
      out.push(...planGaps(c.plan));
      if (facts.aidRules === false) out.push('本年度帮扶政策尚未发布：申报的审核、公示、发放按帮扶政策办理，请先在“帮扶政策”中发布本年度政策');
      break;
    case 'apply':
      if (now < windowOf(c.stages.apply).closesAt) out.push(`申报截止日期（${monthDay(c.stages.apply.closes)}）未到，申报期内不能进入审核阶段`);
      break;
    case 'review':
      if (facts.pipeline.connected) {
        if (facts.pipeline.pending > 0) out.push(`还有${facts.pipeline.pending}份申请尚未办结（审核、公示或发放中）`);
      } else if (now < windowOf(c.stages.review).closesAt) {
        out.push(`审核、公示、发放阶段截止日期（${monthDay(c.stages.review.closes)}）未到`);
      }
      break;
    case 'summary':
    case 'closed':
      break;
  }
  return out;
}

/** What a plan still lacks before applications may open: a budget and an amount for every category. */
export function planGaps(plan: CampaignPlan | null): string[] {
  if (!plan) return ['请先制订方案：助学预算、各类别资助标准和申请条件'];
  const out: string[] = [];
  if (!(plan.budget > 0)) out.push('方案须有助学预算');
  const unpriced = STUDENT_CATEGORIES.filter((k) => !(plan.amounts[k] > 0));
  if (unpriced.length) out.push(`方案须有各类别资助标准：缺少${unpriced.map((k) => CATEGORY_LABEL[k]).join('、')}`);
  if (!(plan.eligibility.dibaoMonthly > 0) || !(plan.eligibility.multiple > 0)) out.push('方案须有申请条件：本地低保标准及倍数');
  return out;
}

/** The amount the plan's table gives a student: the category's, or a special group's when higher. */
export function awardFor(plan: Pick<CampaignPlan, 'amounts' | 'specialAmounts'>, category: StudentCategory, group: SpecialGroup | null): number {
  const special = group ? (plan.specialAmounts[group] ?? 0) : 0;
  return Math.max(plan.amounts[category], special);
}

/** The campaign's own income test, for a family without an active hardship file. */
export function campaignTest(
  eligibility: CampaignPlan['eligibility'],
  household: { size: number; yearlyIncome: number },
): { eligible: boolean; perHeadMonthly: number; line: number; reason: string } {
  const perHeadMonthly = Math.floor(household.yearlyIncome / 12 / household.size);
  const line = Math.floor(eligibility.multiple * eligibility.dibaoMonthly);
  const eligible = perHeadMonthly <= line;
  const reason = `家庭月人均收入${perHeadMonthly}元，${eligible ? '不高于' : '高于'}本次活动标准${line}元（低保标准${eligibility.dibaoMonthly}元的${eligibility.multiple}倍）`;
  return { eligible, perHeadMonthly, line, reason };
}
