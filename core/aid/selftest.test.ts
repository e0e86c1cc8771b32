/** The self-test as a pure function: Given the local rules and a household, When it is assessed, Then the tier and the reasons with the figures. */
import { assessTier, type TierFacts } from './selftest';
import { demoAidRules } from './rules';

// the demo city: 低保 1,020 yuan a month, 相对 below 2× (2,040), 意外 above 80% of the yearly income
const rules = demoAidRules('org_city', 2026);
const household = (f: Partial<TierFacts>): TierFacts => ({ householdSize: 3, yearlyIncome: 0, rigidCosts: 0, suddenEvent: false, hardshipCosts: 0, ...f });

describe('assessTier', () => {
  it('Given a household whose per-head monthly income after rigid costs is below the 低保 line, Then 深度困难 with the sum shown', () => {
    // (48,000 − 12,000) / 12 / 3 = 1,000 < 1,020
    const r = assessTier(rules, household({ yearlyIncome: 48_000, rigidCosts: 12_000 }));
    expect(r).toMatchObject({ tier: 'deep', eligible: true, perHeadMonthly: 1_000 });
    expect(r.reasons[0]).toContain('1,000元');
    expect(r.reasons[0]).toContain('48,000元');
    expect(r.reasons[0]).toContain('12,000元');
    expect(r.reasons[0]).toContain('3人');
    expect(r.reasons[1]).toContain('低于本地低保标准1,020元');
    expect(r.reasons[1]).toContain('深度困难');
  });

  it('Given exactly the 低保 line, Then not 深度 but 相对困难 (below means below)', () => {
    // 36,720 / 12 / 3 = 1,020
    const r = assessTier(rules, household({ yearlyIncome: 36_720 }));
    expect(r.tier).toBe('relative');
    expect(r.reasons[1]).toContain('2倍低保（2,040元）');
  });

  it('Given 1,019.97 yuan a head, Then still 深度 (the exact quotient decides, not the rounded figure)', () => {
    const r = assessTier(rules, household({ yearlyIncome: 36_719 }));
    expect(r.tier).toBe('deep');
    expect(r.perHeadMonthly).toBe(1_019);
  });

  it('Given below twice the line, Then 相对困难; at twice the line, Then not eligible', () => {
    expect(assessTier(rules, household({ yearlyIncome: 73_439 })).tier).toBe('relative');
    const r = assessTier(rules, household({ yearlyIncome: 73_440 }));
    expect(r).toMatchObject({ tier: null, eligible: false, perHeadMonthly: 2_040 });
    expect(r.reasons.join('')).toContain('暂不符合困难职工认定条件');
  });

  it('Given a comfortable income and a sudden event, Then 意外致困', () => {
    const r = assessTier(rules, household({ yearlyIncome: 200_000, suddenEvent: true }));
    expect(r.tier).toBe('sudden');
    expect(r.reasons.join('')).toContain('突发事件');
  });

  it('Given hardship costs above 80% of the yearly income, Then 意外致困 with both figures; at 80% exactly, Then not', () => {
    const r = assessTier(rules, household({ yearlyIncome: 100_000, hardshipCosts: 80_001 }));
    expect(r.tier).toBe('sudden');
    expect(r.reasons.join('')).toContain('80,001元');
    expect(r.reasons.join('')).toContain('80%（80,000元）');
    const at = assessTier(rules, household({ yearlyIncome: 100_000, hardshipCosts: 80_000 }));
    expect(at.tier).toBeNull();
    expect(at.reasons.join('')).toContain('未超过家庭年收入的80%');
  });

  it('Given a household below the line that also had a sudden event, Then 深度 (the more generous tier)', () => {
    expect(assessTier(rules, household({ yearlyIncome: 10_000, suddenEvent: true })).tier).toBe('deep');
  });

  it('Given rigid costs above the income, Then 0 yuan a head shown and 深度', () => {
    expect(assessTier(rules, household({ yearlyIncome: 10_000, rigidCosts: 30_000 }))).toMatchObject({ tier: 'deep', perHeadMonthly: 0 });
  });

  it('Given other local figures, Then they decide (nothing is a constant): 低保 800, 相对 below 1.5×', () => {
    const local = { ...rules, dibaoMonthly: 800, relativeMultiplier: 1.5 };
    // 1,100 a head is 相对 here (below 1,200); 1,250 is not here, yet 相对 under the demo rules (below 2,040)
    expect(assessTier(local, household({ householdSize: 1, yearlyIncome: 13_200 })).tier).toBe('relative');
    expect(assessTier(local, household({ householdSize: 1, yearlyIncome: 15_000 })).tier).toBeNull();
    expect(assessTier(rules, household({ householdSize: 1, yearlyIncome: 15_000 })).tier).toBe('relative');
  });

  it('always says the result is only an estimate', () => {
    expect(assessTier(rules, household({ yearlyIncome: 1 })).reasons.at(-1)).toContain('仅供参考');
  });
});
