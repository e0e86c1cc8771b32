/**
 * Aid rules, the self-test and funding, in-process on both stores: the seeded rules and budgets,
 * setting them (scope, audit), a self-test that stores nothing, and the funding ledger and budget
 * under concurrent approvals (never overspent, never funded twice for one need).
 */
import { makeWorld, ok, type TestWorld } from '../../server/testing';
import { ALL_COLLECTIONS } from '../registry-collections';
import { AUDIT } from '../../core/shared/audit';
import { shanghaiYear } from '../../core/shared/time';
import { demoAidRules } from '../../core/aid/rules';
import { AID_APPLICATIONS, AID_BUDGETS, AID_LEDGER, type AidApplicationDoc, type BudgetDoc, type LedgerDoc } from '../../core/aid/model';
import { adjustFunding, budgetIdFor, ledgerGroup, reconcile, releaseFunding, reserveFunding, type Reservation } from '../../core/aid/funding';
import { AppError } from '../../core/shared/errors';
import { DEMO_AID_BUDGETS } from '../../server/seed-aid';

let w: TestWorld;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.close());

const year = () => shanghaiYear(w.clock.now());
const rules = () => demoAidRules('org_city', year());

const reservation = (r: Partial<Reservation>): Reservation => ({
  rules: rules(),
  programme: 'hardship.living',
  year: year(),
  beneficiaryHash: 'h_one',
  applicationId: 'aa_one',
  fileId: 'af_one',
  kind: 'living',
  amount: 1_000,
  budgetOrgId: 'org_park',
  ...r,
});
const budget = async (programme: string) => (await w.deps.store.get<BudgetDoc>(AID_BUDGETS, budgetIdFor('org_park', year(), programme)))!;
const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof AppError ? e.code : String(e)),
  );

describe('rules', () => {
  it('every world has the city rules for this year, inherited by a member of a union below it', async () => {
    const r = ok(await w.call('aid', 'getRules', {}, 'member'));
    expect(r).toMatchObject({ orgName: '星海市总工会', inherited: true, rules: { orgId: 'org_city', year: year(), dibaoMonthly: 1_020 } });
    const next = ok(await w.call('aid', 'getRules', { year: year() + 1 }, 'member'));
    expect(next).toMatchObject({ rules: null, inherited: false });
  });

  it('a federation officer sets their federation’s own rules (audited); its members get them instead of the city’s', async () => {
    const own = { ...rules(), orgId: 'org_park', dibaoMonthly: 1_100 };
    ok(await w.call('aid', 'setRules', own, 'federation-officer'));
    const r = ok(await w.call('aid', 'getRules', {}, 'member'));
    expect(r).toMatchObject({ orgName: '星海高新区工会联合会', inherited: true, rules: { orgId: 'org_park', dibaoMonthly: 1_100 } });
    expect(await w.deps.store.count(AUDIT, { action: 'aid.setRules', actorUid: 'dev_federation_officer' })).toBe(1);
    // the city's stay as they were
    expect(ok(await w.call('aid', 'getRules', { orgId: 'org_city' }, 'federation-officer')).rules?.dibaoMonthly).toBe(1_020);
  });

  it('refuses another federation’s officer, a union officer, a union as the org, past years and unknown programmes', async () => {
    const own = { ...rules(), orgId: 'org_park' };
    expect(await w.call('aid', 'setRules', own, 'federation-officer-b')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await w.call('aid', 'setRules', own, 'union-officer')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await w.call('aid', 'setRules', { ...own, orgId: 'org_union_001' }, 'admin')).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const past = await w.call('aid', 'setRules', { ...own, year: year() - 1 }, 'federation-officer');
    expect(past).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '往年的帮扶政策不能再修改' } });
    const unknown = await w.call('aid', 'setRules', { ...own, exclusive: [['hardship.study', 'lottery']] }, 'federation-officer');
    expect(unknown).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '未知的帮扶项目：lottery' } });
  });
});

describe('self-test', () => {
  it('answers the likely tier under the member’s rules and stores nothing', async () => {
    const before = await Promise.all(ALL_COLLECTIONS.map((c) => w.deps.store.count(c.name)));
    const r = ok(await w.call('aid', 'selfTest', { householdSize: 3, yearlyIncome: 48_000, rigidCosts: 12_000 }, 'member'));
    expect(r).toMatchObject({
      tier: 'deep',
      tierLabel: '深度困难',
      eligible: true,
      perHeadMonthly: 1_000,
      dibaoMonthly: 1_020,
      rulesOf: { orgName: '星海市总工会' },
    });
    expect(r.reasons.join('')).toContain('低于本地低保标准1,020元');
    const after = await Promise.all(ALL_COLLECTIONS.map((c) => w.deps.store.count(c.name)));
    expect(after).toEqual(before);
  });

  it('is for members: a worker who has not joined is told so', async () => {
    const r = await w.call('aid', 'selfTest', { householdSize: 1, yearlyIncome: 0, rigidCosts: 0 }, 'worker');
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('budgets', () => {
  it('the park has a hardship budget per kind; federation and finance read it, another federation does not', async () => {
    const items = ok(await w.call('aid', 'budgets', {}, 'finance')).items;
    expect(items.map((b) => [b.programme, b.total, b.left])).toEqual(Object.entries(DEMO_AID_BUDGETS).map(([k, t]) => [`hardship.${k}`, t, t]));
    expect(items[1].programmeLabel).toBe('困难帮扶·医疗救助');
    expect(ok(await w.call('aid', 'budgets', {}, 'federation-officer')).items).toHaveLength(4);
    expect(await w.call('aid', 'budgets', { orgId: 'org_park' }, 'federation-officer-b')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('setBudget creates or changes a total, never below what is committed; audited', async () => {
    const created = ok(await w.call('aid', 'setBudget', { year: year(), programme: 'scholarship', total: 50_000 }, 'federation-officer'));
    expect(created).toMatchObject({ programme: 'scholarship', programmeLabel: '金秋助学', total: 50_000, committed: 0, left: 50_000 });
    await reserveFunding(w.deps, reservation({ programme: 'scholarship', kind: 'scholarship', amount: 30_000 }));
    const below = await w.call('aid', 'setBudget', { year: year(), programme: 'scholarship', total: 29_999 }, 'federation-officer');
    expect(below).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '预算不能低于已使用的30,000元' } });
    expect(ok(await w.call('aid', 'setBudget', { year: year(), programme: 'scholarship', total: 30_000 }, 'federation-officer')).left).toBe(0);
    expect(await w.deps.store.count(AUDIT, { action: 'aid.setBudget' })).toBe(2);
    const bad = await w.call('aid', 'setBudget', { year: year(), programme: 'hardship.lottery', total: 1 }, 'federation-officer');
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

describe('funding under concurrent approvals', () => {
  it('20 approvals racing for a budget that covers 7: exactly 7 succeed, committed never above the total', async () => {
    ok(await w.call('aid', 'setBudget', { year: year(), programme: 'hardship.sudden', total: 7_000 }, 'federation-officer'));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        codeOf(
          reserveFunding(
            w.deps,
            reservation({ programme: 'hardship.sudden', kind: 'sudden', beneficiaryHash: `h_${i}`, applicationId: `aa_${i}`, fileId: `af_${i}` }),
          ),
        ),
      ),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(7);
    expect(results.filter((r) => r === 'BUDGET_EXHAUSTED')).toHaveLength(13);
    const b = await budget('hardship.sudden');
    expect(b.committed).toBe(7_000);
    // the refused ones left no ledger entry behind
    expect(await w.deps.store.count(AID_LEDGER, { budgetId: b._id })).toBe(7);
  });

  it('the same beneficiary racing in two programmes of one exclusive group (助学 and 金秋助学): one is funded', async () => {
    ok(await w.call('aid', 'setBudget', { year: year(), programme: 'scholarship', total: 100_000 }, 'federation-officer'));
    expect(ledgerGroup(rules(), 'scholarship')).toBe('hardship.study+scholarship');
    const results = await Promise.all(
      [
        reservation({ programme: 'hardship.study', kind: 'study', beneficiaryHash: 'h_child', applicationId: 'aa_study', amount: 5_000 }),
        reservation({ programme: 'scholarship', kind: 'scholarship', beneficiaryHash: 'h_child', applicationId: 'sa_1', amount: 3_000 }),
        reservation({ programme: 'hardship.study', kind: 'study', beneficiaryHash: 'h_child', applicationId: 'aa_study2', amount: 5_000 }),
        reservation({ programme: 'scholarship', kind: 'scholarship', beneficiaryHash: 'h_child', applicationId: 'sa_2', amount: 3_000 }),
      ].map((r) => codeOf(reserveFunding(w.deps, r))),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === 'ALREADY_FUNDED')).toHaveLength(3);
    const spent = (await budget('hardship.study')).committed + (await budget('scholarship')).committed;
    expect([3_000, 5_000]).toContain(spent);
    // another need of the same person (living aid) is a different group
    await expect(reserveFunding(w.deps, reservation({ beneficiaryHash: 'h_child', applicationId: 'aa_living' }))).resolves.toBeDefined();
  });

  it('a missing budget is BUDGET_EXHAUSTED saying none is arranged; what is left is in the message otherwise', async () => {
    const none = reserveFunding(w.deps, reservation({ budgetOrgId: 'org_fed_logistics' }));
    await expect(none).rejects.toMatchObject({ code: 'BUDGET_EXHAUSTED', message: expect.stringContaining('尚未安排预算') });
    const tooMuch = reserveFunding(w.deps, reservation({ amount: 300_001 }));
    await expect(tooMuch).rejects.toMatchObject({ code: 'BUDGET_EXHAUSTED', message: expect.stringContaining('还剩300,000元，本次需300,001元') });
    expect(await w.deps.store.count(AID_LEDGER)).toBe(0);
  });

  it('a retry of the same application takes its own entry over; releasing twice gives the money back once', async () => {
    const first = await reserveFunding(w.deps, reservation({ amount: 2_000 }));
    const again = await reserveFunding(w.deps, reservation({ amount: 2_000 }));
    expect(again).toEqual(first);
    // the retry reserved again (over-counts, never overspends) until reconcile recomputes from the ledger
    expect((await budget('hardship.living')).committed).toBe(4_000);
    expect(ok(await w.asSystem('aid', 'reconcile'))).toEqual({ released: 0, budgets: 1 });
    expect((await budget('hardship.living')).committed).toBe(2_000);
    const released = await Promise.all([
      releaseFunding(w.deps, first.ledgerId, first.budgetId, 2_000),
      releaseFunding(w.deps, first.ledgerId, first.budgetId, 2_000),
    ]);
    expect(released.filter(Boolean)).toHaveLength(1);
    expect((await budget('hardship.living')).committed).toBe(0);
    expect(await w.deps.store.get(AID_LEDGER, first.ledgerId)).toBeNull();
  });

  it('adjustFunding: a decrease gives back the difference, an increase beyond the budget is refused and leaves all as it was', async () => {
    ok(await w.call('aid', 'setBudget', { year: year(), programme: 'hardship.living', total: 10_000 }, 'federation-officer'));
    const r = await reserveFunding(w.deps, reservation({ amount: 6_000 }));
    await adjustFunding(w.deps, r.ledgerId, r.budgetId, 4_000);
    expect((await budget('hardship.living')).committed).toBe(4_000);
    expect((await w.deps.store.get<LedgerDoc>(AID_LEDGER, r.ledgerId))!.amount).toBe(4_000);
    await expect(adjustFunding(w.deps, r.ledgerId, r.budgetId, 10_001)).rejects.toMatchObject({ code: 'BUDGET_EXHAUSTED' });
    expect((await budget('hardship.living')).committed).toBe(4_000);
    expect((await w.deps.store.get<LedgerDoc>(AID_LEDGER, r.ledgerId))!.amount).toBe(4_000);
    await adjustFunding(w.deps, r.ledgerId, r.budgetId, 10_000);
    expect((await budget('hardship.living')).committed).toBe(10_000);
  });
});

describe('reconcile', () => {
  const application = (id: string, status: AidApplicationDoc['status']) => ({ _id: id, status }) as unknown as AidApplicationDoc;

  it('removes entries of approvals cut off (older than 10 minutes, application not funded) and recomputes committed; keeps funded and fresh ones', async () => {
    await w.deps.store.insert(AID_APPLICATIONS, application('aa_cut', 'federation_review'));
    await w.deps.store.insert(AID_APPLICATIONS, application('aa_funded', 'approved'));
    await w.deps.store.insert(AID_APPLICATIONS, application('aa_fresh', 'federation_review'));
    await reserveFunding(w.deps, reservation({ beneficiaryHash: 'h_cut', applicationId: 'aa_cut', amount: 1_000 }));
    await reserveFunding(w.deps, reservation({ beneficiaryHash: 'h_funded', applicationId: 'aa_funded', amount: 2_000 }));
    w.clock.t += 11 * 60_000;
    await reserveFunding(w.deps, reservation({ beneficiaryHash: 'h_fresh', applicationId: 'aa_fresh', amount: 4_000 }));
    expect((await budget('hardship.living')).committed).toBe(7_000);
    expect(ok(await w.asSystem('aid', 'reconcile'))).toEqual({ released: 1, budgets: 1 });
    expect((await budget('hardship.living')).committed).toBe(6_000);
    expect(await w.deps.store.count(AID_LEDGER)).toBe(2);
    // the beneficiary of the cut-off approval can be funded again
    await expect(reserveFunding(w.deps, reservation({ beneficiaryHash: 'h_cut', applicationId: 'aa_cut', amount: 1_000 }))).resolves.toBeDefined();
  });

  it('a cut-off entry blocking a new approval of the same person is cleared on the spot once it is stale', async () => {
    await w.deps.store.insert(AID_APPLICATIONS, application('aa_rejected', 'rejected'));
    await reserveFunding(w.deps, reservation({ beneficiaryHash: 'h_x', applicationId: 'aa_rejected' }));
    await expect(reserveFunding(w.deps, reservation({ beneficiaryHash: 'h_x', applicationId: 'aa_new' }))).rejects.toMatchObject({ code: 'ALREADY_FUNDED' });
    w.clock.t += 11 * 60_000;
    await expect(reserveFunding(w.deps, reservation({ beneficiaryHash: 'h_x', applicationId: 'aa_new' }))).resolves.toBeDefined();
  });

  it('is the system’s: a person cannot run it', async () => {
    expect(await w.callUntyped('aid', 'reconcile', {}, 'admin')).toMatchObject({ ok: false });
    await reconcile(w.deps);
  });
});
