/** The campaign's rules: windows in Shanghai dates closing at 24:00, the checks before each stage may end, the plan's table, the income test. */
import { AppError } from '../shared/errors';
import { startOfShanghaiDate } from '../shared/time';
import type { CampaignDoc, CampaignPlan } from './model';
import { advanceBlockers, assertApplyOpen, assertSurveyOpen, awardFor, campaignTest, planGaps, scheduleIssues, type StageFacts } from './rules';
import type { CampaignStage } from './machine';

const HOUR = 3600_000;
/** `date` at `hh:mm` Shanghai time */
const at = (date: string, hh = 10, mm = 0) => startOfShanghaiDate(date) + hh * HOUR + mm * 60_000;

const STAGES: CampaignDoc['stages'] = {
  survey: { opens: '2027-05-01', closes: '2027-05-31', owner: 'unions' },
  plan: { opens: '2027-06-01', closes: '2027-06-30', owner: 'federation' },
  apply: { opens: '2027-07-01', closes: '2027-08-14', owner: 'unions' },
  review: { opens: '2027-08-15', closes: '2027-09-15', owner: 'federation' },
  summary: { opens: '2027-09-16', closes: '2027-10-31', owner: 'federation' },
};
const PLAN: CampaignPlan = {
  budget: 500_000,
  amounts: { undergraduate: 3_000, college: 2_000, secondary: 1_000, postgraduate: 4_000 },
  specialAmounts: { model_worker_child: 5_000, disabled: 3_500 },
  eligibility: { dibaoMonthly: 1_020, multiple: 3 },
  savedAt: 0,
  savedBy: 'x',
};
const campaign = (stage: CampaignStage, plan: CampaignPlan | null = PLAN) => ({ stage, stages: STAGES, plan });
const facts = (over: Partial<StageFacts> = {}): StageFacts => ({ unions: 18, surveyed: 18, pipeline: { connected: false, pending: 0 }, ...over });

function refusal(fn: () => void): { code: string; message: string } | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { code: e.code, message: e.message };
  }
}

describe('the 申报 window', () => {
  it('is open from 00:00 of its open date to 24:00 of its close date, Shanghai time', () => {
    expect(refusal(() => assertApplyOpen(campaign('apply'), at('2027-07-01', 0)))).toBeNull();
    expect(refusal(() => assertApplyOpen(campaign('apply'), at('2027-08-14', 23, 59)))).toBeNull();
  });

  it('after the close date: DEADLINE_PASSED 金秋助学申报已于8月14日截止', () => {
    expect(refusal(() => assertApplyOpen(campaign('apply'), at('2027-08-15', 0)))).toEqual({ code: 'DEADLINE_PASSED', message: '金秋助学申报已于8月14日截止' });
    // once the campaign has moved on, even a date inside the old window is past the deadline
    expect(refusal(() => assertApplyOpen(campaign('review'), at('2027-08-10')))?.code).toBe('DEADLINE_PASSED');
    expect(refusal(() => assertApplyOpen(campaign('closed'), at('2027-08-10')))?.code).toBe('DEADLINE_PASSED');
  });

  it('before it opens, or while the campaign is still in an earlier stage: not yet, with the period', () => {
    expect(refusal(() => assertApplyOpen(campaign('apply'), at('2027-06-30', 23, 59)))).toEqual({
      code: 'CONFLICT',
      message: '金秋助学申报尚未开始（申报期7月1日至8月14日）',
    });
    expect(refusal(() => assertApplyOpen(campaign('plan'), at('2027-07-10')))?.code).toBe('CONFLICT');
  });

  it('the survey window works the same way: a union reporting after May 31 is DEADLINE_PASSED', () => {
    expect(refusal(() => assertSurveyOpen(campaign('survey'), at('2027-05-31', 23, 59)))).toBeNull();
    expect(refusal(() => assertSurveyOpen(campaign('survey'), at('2027-06-01', 0)))).toEqual({
      code: 'DEADLINE_PASSED',
      message: '金秋助学摸底已于5月31日截止',
    });
  });
});

describe('leaving a stage', () => {
  it('摸底: while unions are missing, only after the close date', () => {
    expect(advanceBlockers(campaign('survey'), facts({ surveyed: 15 }), at('2027-05-20'))).toEqual(['还有3家工会未上报摸底人数，摸底截止日期（5月31日）未到']);
    expect(advanceBlockers(campaign('survey'), facts({ surveyed: 15 }), at('2027-06-01', 0))).toEqual([]);
    // everyone reported: no need to wait for the date
    expect(advanceBlockers(campaign('survey'), facts(), at('2027-05-20'))).toEqual([]);
  });

  it('方案: needs a budget, an amount for every category and the income test', () => {
    expect(advanceBlockers(campaign('plan', null), facts(), at('2027-06-10'))).toEqual(['请先制订方案：助学预算、各类别资助标准和申请条件']);
    const gappy = { ...PLAN, budget: 0, amounts: { ...PLAN.amounts, college: 0, postgraduate: 0 } };
    expect(planGaps(gappy)).toEqual(['方案须有助学预算', '方案须有各类别资助标准：缺少专科/高职、研究生']);
    expect(advanceBlockers(campaign('plan'), facts(), at('2027-06-10'))).toEqual([]);
  });

  it('方案 → 申报: needs the aid rules of the year published, since every application is reviewed, noticed and paid by them', () => {
    expect(advanceBlockers(campaign('plan'), facts({ aidRules: false }), at('2027-06-10'))).toEqual([
      '本年度帮扶政策尚未发布：申报的审核、公示、发放按帮扶政策办理，请先在“帮扶政策”中发布本年度政策',
    ]);
    expect(advanceBlockers(campaign('plan'), facts({ aidRules: true }), at('2027-06-10'))).toEqual([]);
  });

  it('申报: not while the window is open', () => {
    expect(advanceBlockers(campaign('apply'), facts(), at('2027-08-14', 23))).toEqual(['申报截止日期（8月14日）未到，申报期内不能进入审核阶段']);
    expect(advanceBlockers(campaign('apply'), facts(), at('2027-08-15', 0))).toEqual([]);
  });

  it('审核公示发放: with the pipeline connected, once every application is settled; without it, by the close date', () => {
    expect(advanceBlockers(campaign('review'), facts({ pipeline: { connected: true, pending: 4 } }), at('2027-12-01'))).toEqual([
      '还有4份申请尚未办结（审核、公示或发放中）',
    ]);
    expect(advanceBlockers(campaign('review'), facts({ pipeline: { connected: true, pending: 0 } }), at('2027-08-20'))).toEqual([]);
    expect(advanceBlockers(campaign('review'), facts(), at('2027-09-15', 12))).toEqual(['审核、公示、发放阶段截止日期（9月15日）未到']);
    expect(advanceBlockers(campaign('review'), facts(), at('2027-09-16', 0))).toEqual([]);
  });
});

describe('the schedule', () => {
  it('accepts the seed story dates and refuses overlapping, reversed or impossible ones', () => {
    expect(scheduleIssues(STAGES)).toEqual([]);
    const bad = {
      ...STAGES,
      plan: { ...STAGES.plan, opens: '2027-05-31' },
      apply: { ...STAGES.apply, closes: '2027-06-15' },
      summary: { ...STAGES.summary, closes: '2027-02-30' },
    };
    expect(scheduleIssues(bad).map((i) => i.message)).toEqual(['方案制订须在摸底截止（5月31日）之后开始', '申报截止日期不能早于开始日期', '总结截止日期无效']);
  });
});

describe('the plan table and the income test', () => {
  it('pays the category amount, or a special group amount when higher', () => {
    expect(awardFor(PLAN, 'undergraduate', null)).toBe(3_000);
    expect(awardFor(PLAN, 'undergraduate', 'model_worker_child')).toBe(5_000);
    expect(awardFor(PLAN, 'postgraduate', 'disabled')).toBe(4_000);
    // a group the plan gives no amount: the category's
    expect(awardFor(PLAN, 'secondary', 'orphan')).toBe(1_000);
  });

  it('per-head monthly income at most the multiple of the 低保 line, with the figures in words', () => {
    expect(campaignTest(PLAN.eligibility, { size: 3, yearlyIncome: 108_000 })).toEqual({
      eligible: true,
      perHeadMonthly: 3_000,
      line: 3_060,
      reason: '家庭月人均收入3000元，不高于本次活动标准3060元（低保标准1020元的3倍）',
    });
    expect(campaignTest(PLAN.eligibility, { size: 3, yearlyIncome: 111_000 }).eligible).toBe(false);
  });
});
