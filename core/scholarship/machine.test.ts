/** The campaign's stage table, exhaustively: every (from, to) pair either is the table's next stage or is ILLEGAL_TRANSITION. */
import { AppError } from '../shared/errors';
import { CAMPAIGN_STAGES, CAMPAIGN_TRANSITIONS, nextStage, type CampaignStage } from './machine';

const EXPECTED: Record<CampaignStage, CampaignStage | null> = {
  survey: 'plan',
  plan: 'apply',
  apply: 'review',
  review: 'summary',
  summary: 'closed',
  closed: null,
};

describe('campaign stages', () => {
  it('advance in order only: 摸底 → 方案 → 申报 → 审核公示发放 → 总结 → 已结束', () => {
    for (const from of CAMPAIGN_STAGES) expect([from, CAMPAIGN_TRANSITIONS[from].advance ?? null]).toEqual([from, EXPECTED[from]]);
  });

  it.each(CAMPAIGN_STAGES.flatMap((from) => CAMPAIGN_STAGES.map((to) => [from, to] as const)))('%s → %s', (from, to) => {
    if (EXPECTED[from] === to) {
      expect(nextStage(from, to)).toBe(to);
      return;
    }
    // skipping ahead, going back, staying, or leaving the closed campaign
    let error: unknown = null;
    try {
      nextStage(from, to);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('ILLEGAL_TRANSITION');
    expect((error as AppError).message).toMatch(from === 'closed' ? /已结束/ : /只能进入/);
  });
});
