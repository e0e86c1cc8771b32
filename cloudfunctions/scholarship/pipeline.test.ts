/**
 * 金秋助学 through the aid pipeline (issue 13.8–9, 13.11): an application handed to aid on 申报 is
 * checked by the union, approved by the federation at the plan's amount from the campaign's budget,
 * noticed with the student's masked name, school and grade only, cleared when the window closes,
 * paid by finance, and counted in the campaign's report. The same student is never funded by both
 * hardship 助学 and the scholarship in a year, even when both are approved at the same moment; the
 * plan's budget is never overspent; a late submission reaches neither side.
 */
import { makeWorld, ok, insertTestMembers, type TestWorld } from '../../server/testing';
import { aHouseholdMember, anAidFile } from '../../server/builders.testkit';
import { MEMBERS, type MemberDoc } from '../../core/member/model';
import { AID_APPLICATIONS, AID_FILES, type AidApplicationDoc, AID_LEDGER, AID_NOTICES, type AidFileDoc, type HouseholdMember } from '../../core/aid/model';
import { SCHOLARSHIP_APPLICATIONS } from '../../core/scholarship/model';
import { aPlan, anApplication, at, campaignAt } from './scholarship.testkit';

let w: TestWorld;
beforeEach(async () => {
  w = await makeWorld();
  await insertTestMembers(w, 3, { id: 'sch', memberNo: '77', hash: 'sch_hash_' });
});
afterEach(() => w.close());

const FED = 'federation-officer';
const UNION = 'union-officer';
type Env = { ok: boolean; error?: { code: string; message: string } };
const errorOf = (env: Env) => (env.ok ? null : { code: env.error!.code, message: env.error!.message });

/** Moves an aid application through the union's first check and review to the federation. */
async function toFederation(applicationId: string) {
  let v = ok(await w.call('aid', 'getApplication', { applicationId }, UNION));
  v = ok(await w.call('aid', 'decide', { applicationId, event: 'pass_first_check', version: v.version }, UNION));
  v = ok(await w.call('aid', 'decide', { applicationId, event: 'recommend', note: '录取通知书与学生姓名、批次相符', version: v.version }, UNION));
  expect(v.status).toBe('federation_review');
  return v;
}

it('reviews, notices (student masked name, school, grade only), pays and reports a scholarship application', async () => {
  let c = await campaignAt(w, 'apply');
  // the plan's budget is the aid pipeline's scholarship budget of the park for the year
  const budgets = async () => ok(await w.call('aid', 'budgets', { orgId: 'org_park', year: 2027 }, FED)).items.find((x) => x.programme === 'scholarship');
  expect(await budgets()).toMatchObject({ programmeLabel: '金秋助学', total: 500_000, committed: 0 });

  w.clock.t = at('2027-07-05');
  const form = await anApplication(w, c.id, 'member', { name: '李小雨', school: '南京大学', grade: '大一' });
  const s = ok(await w.call('scholarship', 'apply', form, 'member'));
  expect(s).toMatchObject({ statusLabel: '待初审', reviewId: expect.stringMatching(/^aa_x_/) });
  // a retry files nothing twice
  expect(ok(await w.call('scholarship', 'apply', form, 'member')).reviewId).toBe(s.reviewId);
  expect(await w.deps.store.count(AID_APPLICATIONS, { programme: 'scholarship' })).toBe(1);

  // the union's queue holds it at the first check, as 金秋助学 for the named student
  const queued = ok(await w.call('aid', 'queue', { status: 'first_check' }, UNION)).items;
  expect(queued.map((a) => [a.id, a.kindLabel, a.student?.name, a.student?.school])).toEqual([[s.reviewId, '金秋助学', '李小雨', '南京大学']]);
  // no return for more material (the parent completes nothing in aid): refused with the way to go instead
  const first = ok(await w.call('aid', 'getApplication', { applicationId: s.reviewId! }, UNION));
  expect(first.actions.map((x) => x.key)).toEqual(['pass_first_check', 'reject']);
  expect(
    errorOf(await w.call('aid', 'decide', { applicationId: first.id, event: 'return', note: '请补充', missing: ['在读证明'], version: first.version }, UNION)),
  ).toEqual({ code: 'VALIDATION', message: '金秋助学申请不退回补正：材料不符的，请选择不予批准并写明理由' });
  let v = await toFederation(s.reviewId!);

  // the federation: the cap is the plan's amount, not the hardship caps
  const detail = ok(await w.call('aid', 'getApplication', { applicationId: v.id }, FED));
  expect(detail.cap).toMatchObject({ max: 3000, budgetLeft: 500_000 });
  expect(errorOf(await w.call('aid', 'decide', { applicationId: v.id, event: 'approve', amount: 3500, version: v.version }, FED))).toEqual({
    code: 'CAP_EXCEEDED',
    message: '批准金额3,500元超过活动方案的资助标准3,000元',
  });
  v = ok(await w.call('aid', 'decide', { applicationId: v.id, event: 'approve', amount: 3000, version: v.version }, FED));
  expect(v).toMatchObject({ status: 'approved', amount: 3000 });
  expect(await budgets()).toMatchObject({ total: 500_000, committed: 3000 });
  // a scholarship approval is no hardship recognition: no file is made or activated
  expect(await w.deps.store.count(AID_FILES, {})).toBe(0);

  // 申报 closes: a late one reaches neither the campaign nor the pipeline
  w.clock.t = at('2027-08-15', 0, 0);
  const late = await anApplication(w, c.id, 'uid:m1', { category: 'secondary' });
  expect(errorOf(await w.call('scholarship', 'apply', late, 'uid:m1'))?.code).toBe('DEADLINE_PASSED');
  expect(await w.deps.store.count(AID_APPLICATIONS, { programme: 'scholarship' })).toBe(1);
  c = ok(await w.call('scholarship', 'advance', { campaignId: c.id, to: 'review', version: c.version }, FED));
  expect(c.next!.blockers).toEqual(['还有1份申请尚未办结（审核、公示或发放中）']);

  // the notice: the student's masked name, school and grade; never the parent, the union, an ID number or a phone
  const n = ok(await w.call('aid', 'publishNotice', { applicationIds: [v.id] }, FED));
  expect(n.title).toBe('星海高新区工会联合会2027年度金秋助学受助学生名单公示');
  expect(n.entries).toEqual([
    { applicationId: v.id, publicName: '李*雨', unionName: '南京大学 大一', kindLabel: null, amount: null, stateLabel: '公示中', mine: false },
  ]);
  const parent = v.name;
  for (const text of await w.storedDocuments(AID_NOTICES)) {
    expect(text).toContain('李*雨');
    expect(text).not.toContain(form.student.idNumber);
    // an 18-character ID number or an 11-digit mobile number, not inside a longer number (timestamps)
    expect(text).not.toMatch(/(?<!\d)(\d{17}[\dX]|1[3-9]\d{9})(?!\d)/);
    expect(text).not.toContain(parent);
    expect(text).not.toContain('星海精密制造工会');
    expect(text).not.toContain('李小雨');
  }
  expect(errorOf(await w.call('aid', 'publishNotice', { applicationIds: [v.id] }, FED))?.code).toBe('ILLEGAL_TRANSITION');

  // the window closes; finance exports and pays to the account given with the application
  w.clock.t = n.closesAt + 2 * 60_000;
  expect(ok(await w.asSystem('aid', 'closeNotices'))).toEqual({ archived: 1, cleared: 1 });
  const roster = ok(await w.call('aid', 'paymentRoster', {}, 'finance'));
  expect(roster.items.map((r) => [r.applicationId, r.kindLabel, r.amount, r.bankName, r.accountMasked])).toEqual([
    [v.id, '金秋助学', 3000, '中国工商银行星海支行', '尾号0123'],
  ]);
  expect(ok(await w.call('aid', 'exportPayments', {}, 'finance')).rows).toBe(1);
  ok(await w.call('aid', 'recordPayment', { applicationId: v.id, outcome: 'pay', version: roster.items[0].version }, 'finance'));
  expect(ok(await w.call('scholarship', 'myApplications', {}, 'member')).items[0].statusLabel).toBe('已发放');

  // every application settled: the campaign moves on, and its report reads the real outcome
  c = ok(await w.call('scholarship', 'getCampaign', { campaignId: c.id }, FED));
  expect(c.next!.blockers).toEqual([]);
  c = ok(await w.call('scholarship', 'advance', { campaignId: c.id, to: 'summary', version: c.version }, FED));
  const r = ok(await w.call('scholarship', 'report', { campaignId: c.id }, FED));
  expect(r).toMatchObject({
    applicants: 1,
    approved: 1,
    paid: 1,
    amountPaid: 3000,
    committed: 3000,
    budget: 500_000,
    budgetLeft: 497_000,
    pipelineConnected: true,
  });
  expect(r.byCategory.find((x) => x.key === 'undergraduate')).toMatchObject({ applicants: 1, approved: 1, paid: 1, amountPaid: 3000 });
  expect(r.byUnion.find((u) => u.unionId === 'org_union_001')).toMatchObject({ applicants: 1, approved: 1, paid: 1, amountPaid: 3000 });

  // nothing the pipeline stores holds the student's clear ID number or the clear account
  const stored = (await w.storedDocuments(AID_APPLICATIONS)).join('\n');
  expect(stored).not.toContain(form.student.idNumber);
  expect(stored).not.toContain('62220212345678901');
});

it('never overspends the plan budget: approvals past it are BUDGET_EXHAUSTED with what is left', async () => {
  let c = await campaignAt(w, 'plan');
  c = ok(await w.call('scholarship', 'savePlan', { ...aPlan(c.id, c.version), budget: 5000 }, FED));
  w.clock.t = at('2027-07-01');
  c = ok(await w.call('scholarship', 'advance', { campaignId: c.id, to: 'apply', version: c.version }, FED));
  const ids: string[] = [];
  for (const as of ['member', 'uid:m0', 'uid:m1']) ids.push(ok(await w.call('scholarship', 'apply', await anApplication(w, c.id, as), as)).reviewId!);
  const ready = [];
  for (const id of ids) ready.push(await toFederation(id));
  // three ¥3,000 approvals at once against ¥5,000: exactly one fits
  const answers = await Promise.all(
    ready.map((v) => w.call('aid', 'decide', { applicationId: v.id, event: 'approve', amount: 3000, version: v.version }, FED)),
  );
  expect(answers.filter((a) => a.ok)).toHaveLength(1);
  const refused = answers.filter((a) => !a.ok).map((a) => errorOf(a as Env));
  expect(refused).toEqual([
    { code: 'BUDGET_EXHAUSTED', message: '本年度金秋助学预算不足：还剩2,000元，本次需3,000元' },
    { code: 'BUDGET_EXHAUSTED', message: '本年度金秋助学预算不足：还剩2,000元，本次需3,000元' },
  ]);
  const b = ok(await w.call('aid', 'budgets', { orgId: 'org_park', year: 2027 }, FED)).items.find((x) => x.programme === 'scholarship');
  expect(b).toMatchObject({ total: 5000, committed: 3000, left: 2000 });
  expect(await w.deps.store.count(AID_LEDGER, { programme: 'scholarship' })).toBe(1);
});

/** The member's active hardship file, with the student as their child (the same ID number the scholarship form gives). */
async function fileWithChild(studentIdNumber: string): Promise<AidFileDoc> {
  const m = (await w.deps.store.query<MemberDoc>(MEMBERS, { where: { uid: 'dev_member' }, limit: 1 })).items[0];
  const person = (name: string, relation: HouseholdMember['relation'], birthYear: number, idHash: string | null): HouseholdMember =>
    aHouseholdMember({
      name,
      relation,
      birthYear,
      idSealed: idHash ? w.deps.crypto.seal(`id-${idHash}`) : null,
      idHash,
      monthlyIncome: relation === 'self' ? 2000 : 0,
      schoolOrWork: relation === 'child' ? '南京大学' : '',
    });
  const now = w.clock.now();
  const file = anAidFile(m, now, {
    status: 'active',
    household: [
      person(m.name, 'self', 1980, m.idHash),
      person('张伟', 'spouse', 1979, 'hash_spouse_sch'),
      person('李小雨', 'child', 2008, w.deps.crypto.hash(`id|${studentIdNumber}`)),
    ],
    causes: { primary: 'schooling', secondary: null, story: '子女上大学，家庭收入低' },
    bank: { bankName: '星海农商银行', accountSealed: w.deps.crypto.seal('6222021234567891234'), accountLast4: '1234' },
    attachments: (['id_card', 'household_register', 'employer_certificate', 'admission_letter'] as const).map((kind) => ({ kind, fileId: `fi_${kind}` })),
    tier: 'deep',
    activatedAt: now,
  });
  await w.deps.store.insert(AID_FILES, file);
  return file;
}

it('funds one student once a year: hardship 助学 and the scholarship approved at once, one wins, the other is ALREADY_FUNDED', async () => {
  const c = await campaignAt(w, 'apply');
  w.clock.t = at('2027-07-05');
  ok(await w.call('aid', 'setBudget', { orgId: 'org_park', year: 2027, programme: 'hardship.study', total: 50_000 }, FED));
  const form = await anApplication(w, c.id, 'member');
  const file = await fileWithChild(form.student.idNumber);

  // the parent's active file makes the family eligible: no income figures needed
  const s = ok(await w.call('scholarship', 'apply', { ...form, household: null }, 'member'));
  expect(s.eligibilityText).toMatch(/已建立困难职工档案/);
  const scholarship = await toFederation(s.reviewId!);
  expect((await w.deps.store.get<AidApplicationDoc>(AID_APPLICATIONS, s.reviewId!))!.fileId).toBe(file._id);

  // the same child's hardship 助学, through the worker's own application
  const draft = ok(
    await w.call(
      'aid',
      'saveApplication',
      {
        idempotencyKey: 'ak_sch_race',
        kind: 'study',
        reason: '子女考入南京大学，学费困难',
        requestedAmount: 5000,
        student: { memberIndex: 2, school: '南京大学', grade: '大一' },
      },
      'member',
    ),
  );
  ok(await w.call('aid', 'submitApplication', { applicationId: draft.id, version: draft.version }, 'member'));
  const hardship = await toFederation(draft.id);

  const answers = await Promise.all([
    w.call('aid', 'decide', { applicationId: scholarship.id, event: 'approve', amount: 3000, version: scholarship.version }, FED),
    w.call('aid', 'decide', { applicationId: hardship.id, event: 'approve', amount: 5000, version: hardship.version }, FED),
  ]);
  expect(answers.filter((a) => a.ok)).toHaveLength(1);
  const lost = errorOf(answers.find((a) => !a.ok) as Env)!;
  expect(lost.code).toBe('ALREADY_FUNDED');
  expect(lost.message).toMatch(/^受助人本年度已获(金秋助学|困难帮扶·助学)，同一需要每人每年只能资助一次/);
  // one ledger entry for the child in the shared group; only the winner's budget holds money
  const entries = (await w.storedDocuments(AID_LEDGER)).filter((t) => t.includes('hardship.study+scholarship'));
  expect(entries).toHaveLength(1);
  const committed = ok(await w.call('aid', 'budgets', { orgId: 'org_park', year: 2027 }, FED)).items.filter((b) => b.committed > 0);
  expect(committed.map((b) => b.programme)).toEqual([answers[0].ok ? 'scholarship' : 'hardship.study']);
  // the loser stays refused on a second try
  const loser = answers[0].ok ? hardship : scholarship;
  const again = ok(await w.call('aid', 'getApplication', { applicationId: loser.id }, FED));
  expect(errorOf(await w.call('aid', 'decide', { applicationId: loser.id, event: 'approve', amount: 1000, version: again.version }, FED))?.code).toBe(
    'ALREADY_FUNDED',
  );
  expect(await w.deps.store.count(SCHOLARSHIP_APPLICATIONS, {})).toBe(1);
});
