/** Caps as data, pure: Given the rules, a tier, a kind and the household's earlier aid, When an amount is decided, Then the largest allowed and why. */
import { AppError } from '../shared/errors';
import { assertWithinCap, capFor, type CapInput } from './caps';
import { demoAidRules } from './rules';

// demo rules: 低保 1,020; 深度 living 12 months, 相对 living 8 months; medical 100% / 80% of out-of-pocket, lifetime 150,000;
// study ≤ 10,000 (深度) / 8,000 (相对), not for 意外; 相对 one kind a year
const rules = demoAidRules('org_city', 2026);
const ask = (c: Partial<CapInput>): CapInput => ({ tier: 'deep', kind: 'living', requested: 1, outOfPocket: null, priorThisYear: [], lifetimeOfKind: 0, ...c });
const entry = (kind: string, amount: number, applicationId = 'aa_old') => ({ kind, programme: `hardship.${kind}`, amount, applicationId });

describe('capFor', () => {
  it('Given 深度 living aid, Then at most 12 months of 低保 (12,240), with the sum in the reason', () => {
    const r = capFor(rules, ask({ requested: 12_240 }));
    expect(r).toMatchObject({ max: 12_240, allowed: true });
    expect(r.reasons[0]).toContain('12 × 1,020元 = 12,240元');
    expect(capFor(rules, ask({ requested: 12_241 })).allowed).toBe(false);
  });

  it('Given 相对 living aid, Then 8 months (8,160); above it is refused naming the cap', () => {
    const r = capFor(rules, ask({ tier: 'relative', requested: 9_000 }));
    expect(r.max).toBe(8_160);
    expect(r.allowed).toBe(false);
    expect(r.reasons.at(-1)).toContain('拟批金额9,000元超过上限8,160元');
  });

  it('Given medical aid, Then the share of the out-of-pocket cost and the lifetime cap, the smaller wins', () => {
    // 相对: 80% of 50,000 = 40,000; lifetime 150,000 − 120,000 received = 30,000 → 30,000
    const r = capFor(rules, ask({ tier: 'relative', kind: 'medical', requested: 30_000, outOfPocket: 50_000, lifetimeOfKind: 120_000 }));
    expect(r).toMatchObject({ max: 30_000, allowed: true });
    expect(r.reasons.join('')).toContain('50,000元 × 80% = 40,000元');
    expect(r.reasons.join('')).toContain('已累计获得120,000元，还可30,000元');
    // 深度: 100% of 20,000
    expect(capFor(rules, ask({ kind: 'medical', requested: 20_000, outOfPocket: 20_000 })).max).toBe(20_000);
  });

  it('Given the lifetime cap already reached, Then nothing more and the reason says so', () => {
    const r = capFor(rules, ask({ kind: 'medical', requested: 1, outOfPocket: 10_000, lifetimeOfKind: 150_000 }));
    expect(r).toMatchObject({ max: 0, allowed: false });
    expect(r.reasons.at(-1)).toContain('已达上限');
  });

  it('Given medical aid without the out-of-pocket cost, Then refused asking for it', () => {
    const r = capFor(rules, ask({ kind: 'medical', requested: 100, outOfPocket: null }));
    expect(r.allowed).toBe(false);
    expect(r.reasons.join('')).toContain('请先填写自付医疗费用');
  });

  it('Given a kind the tier does not get (意外致困 and 助学), Then refused', () => {
    const r = capFor(rules, ask({ tier: 'sudden', kind: 'study', requested: 100 }));
    expect(r).toMatchObject({ max: 0, allowed: false });
    expect(r.reasons[0]).toContain('意外致困家庭不享受助学');
  });

  it('Given 相对 (one kind a year) with medical aid this year, Then a second kind is refused; the same kind is not refused for that reason', () => {
    const second = capFor(rules, ask({ tier: 'relative', kind: 'living', requested: 100, priorThisYear: [entry('medical', 5_000)] }));
    expect(second.allowed).toBe(false);
    expect(second.reasons[0]).toContain('每年只能享受一类帮扶，今年已获医疗救助');
    // 深度 may have several kinds a year
    expect(capFor(rules, ask({ kind: 'living', requested: 100, priorThisYear: [entry('medical', 5_000)] })).allowed).toBe(true);
  });

  it('Given living aid already received this year, Then the yearly months cap counts it', () => {
    const r = capFor(rules, ask({ kind: 'living', requested: 5_000, priorThisYear: [entry('living', 10_000)] }));
    expect(r.max).toBe(2_240);
    expect(r.allowed).toBe(false);
    expect(r.reasons[0]).toContain('今年已获10,000元，还可2,240元');
  });

  it("Given the application's own ledger entry (a revision), Then it is not counted as earlier aid", () => {
    const own = entry('medical', 5_000, 'aa_this');
    expect(capFor(rules, ask({ tier: 'relative', kind: 'living', requested: 100, priorThisYear: [own], applicationId: 'aa_this' })).allowed).toBe(true);
  });

  it('Given local rules with no limit for a kind, Then the budget is the only bound', () => {
    const open = {
      ...rules,
      caps: {
        ...rules.caps,
        deep: { ...rules.caps.deep, sudden: { allowed: true, monthsOfDibao: null, shareOfCost: null, maxAmount: null, lifetimeCap: null } },
      },
    };
    const r = capFor(open, ask({ kind: 'sudden', requested: 50_000 }));
    expect(r).toMatchObject({ max: 50_000, allowed: true });
    expect(r.reasons[0]).toContain('以预算为限');
  });
});

describe('assertWithinCap', () => {
  it('throws CAP_EXCEEDED with the reason and the max; passes within the cap', () => {
    expect(assertWithinCap(rules, ask({ requested: 12_000 })).max).toBe(12_240);
    try {
      assertWithinCap(rules, ask({ kind: 'study', requested: 12_000 }));
      throw new Error('expected CAP_EXCEEDED');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('CAP_EXCEEDED');
      expect((e as AppError).message).toContain('超过上限10,000元');
      expect((e as AppError).details).toMatchObject({ max: 10_000 });
    }
  });
});
