/**
 * The `aid` function's applications and review, in-process on both stores: the member's union
 * clears the first check and the full review, the federation approves within the caps and the
 * budget, an amount above the threshold goes to the city; refusals say why and write nothing;
 * concurrent decisions have one winner; an overdue step escalates and is never rejected.
 */
import { FILES, type FileDoc } from '../../core/shared/files';
import { aHouseholdMember, anAidFile } from '../../server/builders.testkit';
import { makeWorld, ok, type CallInput, type TestWorld } from '../../server/testing';
import { MEMBERS, type MemberDoc } from '../../core/member/model';
import { OUTBOX, type OutboxMessage } from '../../core/shared/outbox';
import { AUDIT } from '../../core/shared/audit';
import { STAFF, type Staff } from '../../core/org/model';
import { shanghaiYear } from '../../core/shared/time';
import {
  AID_APPLICATIONS,
  AID_BUDGETS,
  AID_FILES,
  AID_LEDGER,
  type AidApplicationDoc,
  type AidFileDoc,
  type BudgetDoc,
  type HouseholdMember,
} from '../../core/aid/model';
import type { AidKind } from '../../core/aid/machine';

let w: TestWorld;
let year: number;
beforeEach(async () => {
  w = await makeWorld();
  year = shanghaiYear(w.clock.now());
});
afterEach(() => w.close());

const DAY = 86400_000;

/** 李娜's household: three people, ¥24,000 a year after ¥6,000 of rigid costs → ¥500 a head a month, below the ¥1,020 低保 (深度困难). */
async function aFile(overrides: Partial<AidFileDoc> = {}): Promise<AidFileDoc> {
  const m = (await w.deps.store.query<MemberDoc>(MEMBERS, { where: { uid: 'dev_member' }, limit: 1 })).items[0];
  const person = (name: string, relation: HouseholdMember['relation'], birthYear: number, idHash: string | null): HouseholdMember =>
    aHouseholdMember({
      name,
      relation,
      birthYear,
      idSealed: idHash ? w.deps.crypto.seal(`id-${idHash}`) : null,
      idHash,
      monthlyIncome: relation === 'self' ? 2000 : 0,
      health: relation === 'spouse' ? 'ill' : 'good',
      schoolOrWork: relation === 'child' ? '星海市第一中学' : '',
    });
  const now = w.clock.now();
  const file = anAidFile(m, now, {
    household: [person(m.name, 'self', 1985, m.idHash), person('张伟', 'spouse', 1983, 'hash_spouse'), person('张小雨', 'child', 2012, null)],
    bank: { bankName: '星海农商银行', accountSealed: w.deps.crypto.seal('6222021234567891234'), accountLast4: '1234' },
    attachments: (['id_card', 'household_register', 'employer_certificate', 'income_proof', 'diagnosis', 'medical_bills', 'admission_letter'] as const).map(
      (kind) => ({ kind, fileId: `fi_${kind}` }),
    ),
    ...overrides,
  });
  await w.deps.store.insert(AID_FILES, file);
  // the papers, as the upload and saveFile leave them: attached to the file, readable in its org's scope
  for (const a of file.attachments) {
    if (await w.deps.store.get(FILES, a.fileId)) continue;
    await w.deps.store.insert<FileDoc>(FILES, {
      _id: a.fileId,
      name: `${a.kind}.pdf`,
      contentType: 'application/pdf',
      size: 100,
      ref: `test/${a.fileId}`,
      orgId: file.orgId,
      ownerId: file._id,
      uploadedBy: 'dev_member',
      uploadedAt: now,
    });
  }
  return file;
}

const form = (kind: AidKind, over: Partial<CallInput<'aid', 'saveApplication'>> = {}): CallInput<'aid', 'saveApplication'> => ({
  idempotencyKey: `ak_${Math.random().toString(36).slice(2, 12)}`,
  kind,
  reason: kind === 'medical' ? '配偶住院治疗，自付费用较高' : '家庭收入低，生活困难',
  requestedAmount: 6000,
  ...(kind === 'medical' ? { outOfPocket: 30_000 } : {}),
  ...over,
});

/** A draft saved and submitted by the member: first_check at the member's union. */
async function submitted(kind: AidKind = 'living', over: Partial<CallInput<'aid', 'saveApplication'>> = {}) {
  const draft = ok(await w.call('aid', 'saveApplication', form(kind, over), 'member'));
  return ok(await w.call('aid', 'submitApplication', { applicationId: draft.id, version: draft.version }, 'member'));
}

type View = Awaited<ReturnType<typeof submitted>>;
const decide = (v: View, event: CallInput<'aid', 'decide'>['event'], as: string, more: Partial<CallInput<'aid', 'decide'>> = {}) =>
  w.call('aid', 'decide', { applicationId: v.id, event, version: v.version, ...more }, as);

/** Through the union's two steps to the federation. */
async function atFederation(kind: AidKind = 'living') {
  const first = await submitted(kind);
  const review = ok(await decide(first, 'pass_first_check', 'union-officer'));
  return ok(await decide(review, 'recommend', 'union-officer', { note: '已入户调查，情况属实' }));
}

const outbox = (to: string, template: string) => w.deps.store.count(OUTBOX, { to, template });
const budget = async (kind: AidKind) => (await w.deps.store.get<BudgetDoc>(AID_BUDGETS, `ab_org_park_${year}_hardship.${kind}`))!;
const stored = async (id: string) => (await w.deps.store.get<AidApplicationDoc>(AID_APPLICATIONS, id))!;

describe('the whole path', () => {
  it('first check by the union in minutes, full review, the federation approves within the cap; every step owned, due, notified and audited', async () => {
    await aFile();
    const first = await submitted('living');
    expect(first).toMatchObject({ status: 'first_check', tier: 'deep', ownerLabel: '星海精密制造工会', sla: 'ok', waitingWorkingDays: 0 });
    expect(first.waitingText).toBe('等待星海精密制造工会审核，今天送达');
    expect(first.dueAt).toBe(w.clock.now() + DAY); // Tuesday → Wednesday: one working day for the first check
    expect(first.steps.map((s) => [s.title, s.state])).toEqual([
      ['提交申请', 'done'],
      ['工会初审', 'current'],
      ['入户调查复核', 'todo'],
      ['联合会审批', 'todo'],
      ['公示', 'todo'],
      ['发放', 'todo'],
    ]);
    expect(first.workerActions.map((a) => a.key)).toEqual(['withdraw']);
    expect(await outbox('org:org_union_001', 'aid_todo')).toBe(1);

    // the union officer sees the first check's decisions, not the amount's; the household's figures and papers to check, no cap
    const seen = ok(await w.call('aid', 'getApplication', { applicationId: first.id }, 'union-officer'));
    expect(seen.actions.map((a) => a.key)).toEqual(['pass_first_check', 'return', 'reject']);
    expect(seen.cap).toBeNull();
    expect(seen.facts).toMatchObject({ householdSize: 3, perHeadMonthly: 500, tierSuggested: '深度困难' });
    expect(seen.attachments.map((a) => a.kind)).toEqual(expect.arrayContaining(['id_card', 'household_register', 'employer_certificate']));
    // the applicant's own view lists only what the application carries
    expect(first.attachments.map((a) => a.kind)).not.toContain('id_card');

    w.clock.t += 20 * 60_000; // twenty minutes later
    const review = ok(await decide(first, 'pass_first_check', 'union-officer'));
    expect(review).toMatchObject({ status: 'union_review', ownerLabel: '星海精密制造工会' });
    const atFed = ok(await decide(review, 'recommend', 'union-officer', { note: '已入户调查，情况属实' }));
    expect(atFed).toMatchObject({ status: 'federation_review', ownerLabel: '星海高新区工会联合会' });
    expect(await outbox('org:org_park', 'aid_todo')).toBe(1);

    // the federation officer deciding the amount sees the cap (12 months of ¥1,020), the budget left and the figures
    const deciding = ok(await w.call('aid', 'getApplication', { applicationId: first.id }, 'federation-officer'));
    expect(deciding.actions.map((a) => [a.key, a.needsAmount])).toEqual([
      ['approve', true],
      ['reject', false],
    ]);
    expect(deciding.cap).toMatchObject({ max: 12_240, budgetLeft: 300_000 });
    expect(deciding.cap!.reasons.join('')).toContain('12个月低保');
    expect(deciding.facts).toEqual({ householdSize: 3, perHeadMonthly: 500, dibaoMonthly: 1020, tierSuggested: '深度困难' });
    expect(ok(await w.call('aid', 'getApplication', { applicationId: first.id }, 'union-officer')).cap).toBeNull();

    const approved = ok(await decide(atFed, 'approve', 'federation-officer', { amount: 6000 }));
    expect(approved).toMatchObject({ status: 'approved', amount: 6000, ownerLabel: '星海高新区工会联合会' });
    expect((await budget('living')).committed).toBe(6000);
    expect(await w.deps.store.count(AID_LEDGER, { applicationId: first.id })).toBe(1);
    expect((await w.deps.store.get<AidFileDoc>(AID_FILES, (await stored(first.id)).fileId!))!).toMatchObject({ status: 'active', tier: 'deep' });
    expect(await w.deps.store.count(AUDIT, { 'target.id': first.id })).toBe(3);
    expect(await w.deps.store.count(AUDIT, { action: 'aid.approve' })).toBe(1);
    expect(await outbox('uid:dev_member', 'aid_progress')).toBe(3);

    const mine = ok(await w.call('aid', 'myApplications', {}, 'member')).items[0];
    expect(mine.steps.map((s) => s.state)).toEqual(['done', 'done', 'done', 'done', 'current', 'todo']);
    expect(mine.steps[3].detail).toContain('刘芳 审批通过');
    expect(mine.history.map((h) => h.event)).toEqual(['submit', 'pass_first_check', 'recommend', 'approve']);
  });

  it('above the threshold the federation refers it up with the funds reserved, and only the city approves it', async () => {
    await aFile();
    const atFed = await atFederation('medical');
    const referred = ok(await decide(atFed, 'approve', 'federation-officer', { amount: 25_000 }));
    expect(referred).toMatchObject({ status: 'upper_review', ownerLabel: '星海市总工会', amount: 25_000 });
    expect(referred.steps.map((s) => s.title)).toEqual(['提交申请', '工会初审', '入户调查复核', '联合会审批', '上级审批', '公示', '发放']);
    expect(referred.waitingText).toBe('等待星海市总工会审核，今天送达');
    expect((await budget('medical')).committed).toBe(25_000);
    expect(await outbox('org:org_city', 'aid_todo')).toBe(1);

    // the federation does not hold the city's step
    const refused = await decide(referred, 'upper_approve', 'federation-officer');
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const done = ok(await decide(referred, 'upper_approve', 'admin'));
    expect(done).toMatchObject({ status: 'approved', amount: 25_000 });
    expect(done.history.map((h) => h.event)).toEqual(['submit', 'pass_first_check', 'recommend', 'refer_upper', 'upper_approve']);
    expect(await w.deps.store.count(AUDIT, { action: 'aid.refer_upper' })).toBe(1);
  });

  it('a rejection by the city gives the reserved money back', async () => {
    await aFile();
    const referred = ok(await decide(await atFederation('medical'), 'approve', 'federation-officer', { amount: 25_000 }));
    const rejected = ok(await decide(referred, 'reject', 'admin', { note: '自付费用票据不全，不予批准' }));
    expect(rejected.status).toBe('rejected');
    expect((await budget('medical')).committed).toBe(0);
    expect(await w.deps.store.count(AID_LEDGER, { applicationId: referred.id })).toBe(0);
    expect(rejected.steps.find((s) => s.state === 'current')).toMatchObject({ title: '上级审批', detail: '未获批准：自付费用票据不全，不予批准' });
  });
});

describe('refusals say why and write nothing', () => {
  it('an amount over the cap: CAP_EXCEEDED with the reason; the application, ledger, budget and audit untouched', async () => {
    await aFile();
    const atFed = await atFederation('living');
    const audits = await w.deps.store.count(AUDIT);
    const r = await decide(atFed, 'approve', 'federation-officer', { amount: 20_000 });
    expect(r).toMatchObject({ ok: false, error: { code: 'CAP_EXCEEDED' } });
    expect(!r.ok && r.error.message).toContain('12,240');
    expect(await stored(atFed.id)).toMatchObject({ status: 'federation_review', version: atFed.version, amount: null, ledgerId: null });
    expect(await w.deps.store.count(AID_LEDGER)).toBe(0);
    expect((await budget('living')).committed).toBe(0);
    expect(await w.deps.store.count(AUDIT)).toBe(audits);
  });

  it('a budget that cannot cover it: BUDGET_EXHAUSTED, no ledger entry left, and the same officer can approve less at once', async () => {
    await aFile();
    const atFed = await atFederation('living');
    await w.deps.store.update(AID_BUDGETS, `ab_org_park_${year}_hardship.living`, { set: { total: 1000 } });
    const r = await decide(atFed, 'approve', 'federation-officer', { amount: 6000 });
    expect(r).toMatchObject({ ok: false, error: { code: 'BUDGET_EXHAUSTED' } });
    expect(await w.deps.store.count(AID_LEDGER)).toBe(0);
    expect((await budget('living')).committed).toBe(0);
    expect(await stored(atFed.id)).toMatchObject({ status: 'federation_review', amount: null });
    const fresh = ok(await w.call('aid', 'getApplication', { applicationId: atFed.id }, 'federation-officer'));
    expect(fresh.cap!.budgetLeft).toBe(1000);
    expect(ok(await decide(fresh, 'approve', 'federation-officer', { amount: 1000 }))).toMatchObject({ status: 'approved', amount: 1000 });
  });

  it('the household already funded for the need this year: ALREADY_FUNDED', async () => {
    const file = await aFile();
    const atFed = await atFederation('living');
    await w.deps.store.insert(AID_LEDGER, {
      _id: `ag_hardship.living_${year}_${file.idHash}`,
      programme: 'hardship.living',
      year,
      beneficiaryHash: file.idHash,
      applicationId: 'aa_earlier',
      amount: 3000,
      fileId: 'af_elsewhere',
      kind: 'living',
      budgetId: `ab_org_park_${year}_hardship.living`,
      at: w.clock.now(),
    });
    const r = await decide(atFed, 'approve', 'federation-officer', { amount: 3000 });
    expect(r).toMatchObject({ ok: false, error: { code: 'ALREADY_FUNDED' } });
    expect((await budget('living')).committed).toBe(0);
    expect(await stored(atFed.id)).toMatchObject({ status: 'federation_review' });
  });

  it('submitting with the file incomplete names what is missing; a household above the line is told why it is not eligible', async () => {
    await aFile({ bank: null, consent: { householdAt: null, sensitiveAt: null }, attachments: [] });
    const draft = ok(await w.call('aid', 'saveApplication', form('medical'), 'member'));
    // the draft itself says what is still missing, before the worker tries
    expect(draft.missing).toEqual(expect.arrayContaining(['请上传诊断证明', '请填写开户银行和银行卡号（用于发放帮扶金）']));
    expect(draft.workerActions.map((a) => a.key)).toEqual(['edit', 'submit', 'withdraw']);
    const r = await w.call('aid', 'submitApplication', { applicationId: draft.id, version: draft.version }, 'member');
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const paths = (!r.ok && r.error.issues!.map((i) => i.path.join('.'))) || [];
    expect(paths).toEqual(expect.arrayContaining(['file.bank', 'file.consentHousehold', 'file.consentSensitive', 'file.attachments.diagnosis']));
    expect(await stored(draft.id)).toMatchObject({ status: 'draft' });

    await w.deps.store.update(AID_FILES, (await stored(draft.id)).fileId!, {
      set: { bank: { bankName: '星海农商银行', accountSealed: 'x', accountLast4: '1234' }, consent: { householdAt: 1, sensitiveAt: 1 }, yearlyIncome: 240_000 },
    });
    await w.deps.store.update(AID_FILES, (await stored(draft.id)).fileId!, {
      set: {
        attachments: (['id_card', 'household_register', 'employer_certificate', 'diagnosis', 'medical_bills'] as const).map((kind) => ({
          kind,
          fileId: `fi_${kind}`,
        })),
      },
    });
    const rich = await w.call('aid', 'submitApplication', { applicationId: draft.id, version: draft.version }, 'member');
    expect(rich).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(!rich.ok && rich.error.message).toContain('暂不符合困难职工认定条件');
  });

  it('one open application per kind and year; the same save twice is one draft', async () => {
    await aFile();
    const f = form('living');
    const a = ok(await w.call('aid', 'saveApplication', f, 'member'));
    expect(ok(await w.call('aid', 'saveApplication', f, 'member')).id).toBe(a.id);
    expect(await w.call('aid', 'saveApplication', form('living'), 'member')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(ok(await w.call('aid', 'saveApplication', form('medical'), 'member')).kind).toBe('medical');
  });
});

describe('return and resubmit', () => {
  it('a return needs a reason, lists what is missing, and the resubmission goes back to the first check', async () => {
    await aFile();
    const first = await submitted('living');
    expect(await decide(first, 'return', 'union-officer')).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const back = ok(await decide(first, 'return', 'union-officer', { note: '收入证明不清晰', missing: ['近三个月工资流水'] }));
    expect(back).toMatchObject({ status: 'returned', missing: ['近三个月工资流水'], ownerLabel: '申请人李娜' });
    const mine = ok(await w.call('aid', 'getApplication', { applicationId: first.id }, 'member'));
    expect(mine.ownerLabel).toBe('您本人');
    expect(mine.missing).toEqual(['近三个月工资流水']); // the file is complete: only what the union asked for
    expect(mine.waitingText).toBe('等待您补正材料，今天退回');
    expect(mine.workerActions.map((a) => a.key)).toEqual(['edit', 'resubmit', 'withdraw']);
    expect(mine.steps[0]).toEqual({ title: '提交申请', state: 'current', detail: '退回补正：收入证明不清晰；请补充：近三个月工资流水' });
    const again = ok(await w.call('aid', 'submitApplication', { applicationId: first.id, version: mine.version }, 'member'));
    expect(again).toMatchObject({ status: 'first_check', missing: [], ownerLabel: '星海精密制造工会' });
    expect(again.history.map((h) => h.event)).toEqual(['submit', 'return', 'resubmit']);
    expect(await outbox('org:org_union_001', 'aid_todo')).toBe(2);
  });
});

describe('withdrawing', () => {
  it('the worker withdraws while the union holds it (the union hears it), not once the federation does', async () => {
    await aFile();
    const first = await submitted('living');
    const gone = ok(await w.call('aid', 'withdrawApplication', { applicationId: first.id }, 'member'));
    expect(gone).toMatchObject({ status: 'withdrawn', workerActions: [], waitingText: null, ownerLabel: '已办结' });
    expect(await outbox('org:org_union_001', 'aid_withdrawn')).toBe(1);
    // only the applicant withdraws: to anyone else it is not theirs to find
    expect(await w.call('aid', 'withdrawApplication', { applicationId: first.id }, 'union-officer')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const atFed = await atFederation('medical');
    expect(await w.call('aid', 'withdrawApplication', { applicationId: atFed.id }, 'member')).toMatchObject({
      ok: false,
      error: { code: 'ILLEGAL_TRANSITION' },
    });
  });
});

describe('concurrent decisions', () => {
  it('two officers approving at once: exactly one wins, the money is reserved once', async () => {
    await aFile();
    const atFed = await atFederation('living');
    const results = await Promise.all([
      decide(atFed, 'approve', 'federation-officer', { amount: 6000 }),
      decide(atFed, 'approve', 'admin', { amount: 5000 }),
      decide(atFed, 'reject', 'federation-officer', { note: '不符合条件' }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results.filter((x) => !x.ok)) expect(!r.ok && r.error.code).toBe('CONFLICT');
    const d = await stored(atFed.id);
    const ledger = await w.deps.store.count(AID_LEDGER, { applicationId: atFed.id });
    expect((await budget('living')).committed).toBe(d.status === 'approved' ? d.amount : 0);
    expect(ledger).toBe(d.status === 'approved' ? 1 : 0);
    expect(d.history.filter((h) => h.event === 'approve' || h.event === 'reject')).toHaveLength(1);
  });

  it('the union and the federation passing the first check at once: one wins', async () => {
    await aFile();
    const first = await submitted('living');
    const results = await Promise.all([
      decide(first, 'pass_first_check', 'union-officer'),
      decide(first, 'return', 'federation-officer', { note: '请补充材料' }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect((await stored(first.id)).history).toHaveLength(2);
  });
});

describe('who may see and decide', () => {
  it('officers out of scope get NOT_FOUND; an officer in scope but not on the step gets FORBIDDEN; nobody decides their own', async () => {
    await aFile();
    const atFed = await atFederation('living');
    for (const as of ['union-officer-b', 'federation-officer-b']) {
      expect([as, await w.call('aid', 'getApplication', { applicationId: atFed.id }, as)]).toMatchObject([as, { ok: false, error: { code: 'NOT_FOUND' } }]);
      expect([as, await decide(atFed, 'reject', as, { note: '不予批准' })]).toMatchObject([as, { ok: false, error: { code: 'NOT_FOUND' } }]);
    }
    expect(await w.call('aid', 'getApplication', { applicationId: atFed.id }, 'worker')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await decide(atFed, 'reject', 'worker', { note: '不予批准' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await decide(atFed, 'approve', 'union-officer', { amount: 100 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await decide(atFed, 'recommend', 'federation-officer')).toMatchObject({ ok: false, error: { code: 'ILLEGAL_TRANSITION' } });
    expect(ok(await w.call('aid', 'queue', {}, 'union-officer-b')).items).toEqual([]);
    expect(await w.call('aid', 'queue', { orgId: 'org_union_001' }, 'union-officer-b')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // 李娜 made an officer of the federation: still not the one to decide her own application (回避)
    await w.deps.store.insert<Staff>(STAFF, { _id: 'dev_member', name: '李娜', grants: [{ role: 'federation_officer', orgId: 'org_park' }] });
    w.clock.t += 5_000; // past the grants cache
    expect(ok(await w.call('aid', 'getApplication', { applicationId: atFed.id }, 'member')).actions).toEqual([]);
    expect(await decide(atFed, 'approve', 'member', { amount: 100 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('the queue', () => {
  it("lists an org's steps by due date with counts; a federation adds its approved ones and may supervise its unions", async () => {
    await aFile();
    const first = await submitted('living');
    const union = ok(await w.call('aid', 'queue', {}, 'union-officer'));
    expect(union.items.map((i) => i.id)).toEqual([first.id]);
    expect(union.counts).toMatchObject({ first_check: 1, union_review: 0, overdue: 0 });
    expect(ok(await w.call('aid', 'queue', {}, 'federation-officer')).items).toEqual([]);
    expect(ok(await w.call('aid', 'queue', { supervise: true }, 'federation-officer')).items.map((i) => i.id)).toEqual([first.id]);

    const med = ok(await decide(await atFederation('medical'), 'approve', 'federation-officer', { amount: 10_000 }));
    const second = ok(await decide(ok(await decide(first, 'pass_first_check', 'union-officer')), 'recommend', 'union-officer'));
    // one at a time: the review step first, then the approved one waiting for its notice
    const p1 = ok(await w.call('aid', 'queue', { limit: 1 }, 'federation-officer'));
    expect(p1.items.map((i) => [i.id, i.status, i.cap])).toEqual([[second.id, 'federation_review', null]]);
    expect(p1.counts).toMatchObject({ federation_review: 1, approved: 1 });
    const p2 = ok(await w.call('aid', 'queue', { limit: 1, after: p1.next }, 'federation-officer'));
    expect(p2.items.map((i) => [i.id, i.status])).toEqual([[med.id, 'approved']]);
    expect(p2.next).toBeNull();
  });
});

describe('escalation', () => {
  it('an overdue step escalates once to the org above and is never rejected, however long it waits', async () => {
    await aFile();
    const first = await submitted('living');
    expect(ok(await w.asSystem('aid', 'escalateOverdue'))).toEqual({ escalated: 0 });
    w.clock.t += 23 * 3600_000; // Wednesday 09:00, due at 10:00
    expect(ok(await w.call('aid', 'getApplication', { applicationId: first.id }, 'union-officer')).sla).toBe('due_soon');
    w.clock.t += 2 * DAY - 23 * 3600_000; // Thursday 10:00: two working days at the union, due Wednesday
    const late = ok(await w.call('aid', 'getApplication', { applicationId: first.id }, 'member'));
    expect(late).toMatchObject({ sla: 'overdue', waitingText: '等待星海精密制造工会审核，已等待2个工作日', waitingWorkingDays: 2 });
    expect(ok(await w.asSystem('aid', 'escalateOverdue'))).toEqual({ escalated: 1 });
    expect(await outbox('org:org_park', 'aid_overdue')).toBe(1);
    const msg = (await w.deps.store.query<OutboxMessage>(OUTBOX, { where: { to: 'uid:dev_member', template: 'aid_progress' }, limit: 5 })).items[0];
    expect(msg.body).toContain('无需重新申请');
    expect(ok(await w.asSystem('aid', 'escalateOverdue'))).toEqual({ escalated: 0 });
    expect(ok(await w.call('aid', 'queue', {}, 'union-officer')).counts.overdue).toBe(1);

    w.clock.t += 60 * DAY;
    expect(ok(await w.asSystem('aid', 'escalateOverdue'))).toEqual({ escalated: 0 });
    const still = await stored(first.id);
    expect(still).toMatchObject({ status: 'first_check', escalated: true, ownerOrgId: 'org_union_001' });
    expect(still.history.map((h) => h.event)).toEqual(['submit', 'escalate']);

    // the union acts at last: the next step has its own clock, not escalated
    const view = ok(await w.call('aid', 'getApplication', { applicationId: first.id }, 'union-officer'));
    expect(ok(await decide(view, 'pass_first_check', 'union-officer'))).toMatchObject({ status: 'union_review', escalated: false, sla: 'ok' });
  });
});
