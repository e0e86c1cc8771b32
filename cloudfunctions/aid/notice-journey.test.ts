/**
 * One hardship application end to end through the real actions (issue 13.5–6): submitted by the
 * member, cleared by the union, approved by the federation (funds reserved), noticed, objected to by
 * a colleague, the objection dismissed, the window closed, exported and paid by finance. Along the
 * way: the objector appears in nobody's view, the applicant included; the notice stores public text
 * only; payment is unlocked only after the window.
 */
import { makeWorld, ok, type CallInput, type TestWorld } from '../../server/testing';
import { aHouseholdMember, aMember, anAidFile } from '../../server/builders.testkit';
import { MEMBERS, type MemberDoc } from '../../core/member/model';
import { AID_FILES, AID_NOTICES, type AidFileDoc, type HouseholdMember } from '../../core/aid/model';
import { appNow } from './notice.testkit';

let w: TestWorld;
beforeEach(async () => {
  w = await makeWorld({ members: 8 });
});
afterEach(() => w.close());

const ACCOUNT = '6222021234567891234';

/** 李娜's complete household file: three people, ¥500 a head a month after rigid costs (深度困难 under the city's ¥1,020). */
async function lisFile(): Promise<AidFileDoc> {
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
    });
  const file = anAidFile(m, w.clock.now(), {
    household: [person(m.name, 'self', 1985, m.idHash), person('张伟', 'spouse', 1983, 'hash_spouse'), person('张小雨', 'child', 2012, null)],
    causes: { primary: 'illness', secondary: null, story: '配偶患尿毒症，家住滨江路88号' },
    bank: { bankName: '星海农商银行', accountSealed: w.deps.crypto.seal(ACCOUNT), accountLast4: '1234' },
    attachments: (['id_card', 'household_register', 'employer_certificate', 'income_proof'] as const).map((kind) => ({ kind, fileId: `fi_${kind}` })),
  });
  await w.deps.store.insert(AID_FILES, file);
  return file;
}

it('from the application to the payment, through the notice and a dismissed objection', async () => {
  await lisFile();
  // a colleague in the same union: the objector
  await w.deps.store.insert(MEMBERS, aMember({ _id: 'm_aid_colleague', memberNo: 'GH2026999101', uid: 'wx_colleague', name: '周子健', idHash: 'h_colleague' }));
  const colleague = 'uid:wx_colleague';

  const form: CallInput<'aid', 'saveApplication'> = {
    idempotencyKey: 'ak_journey_001',
    kind: 'living',
    reason: '配偶长期透析，家庭收入低',
    requestedAmount: 8000,
  };
  const draft = ok(await w.call('aid', 'saveApplication', form, 'member'));
  let v = ok(await w.call('aid', 'submitApplication', { applicationId: draft.id, version: draft.version }, 'member'));
  const decide = async (event: CallInput<'aid', 'decide'>['event'], as: string, more: Partial<CallInput<'aid', 'decide'>> = {}) =>
    (v = ok(await w.call('aid', 'decide', { applicationId: v.id, event, version: v.version, ...more }, as)));
  await decide('pass_first_check', 'union-officer');
  await decide('recommend', 'union-officer', { note: '已入户调查，情况属实' });
  await decide('approve', 'federation-officer', { amount: 6000, note: '按深度困难生活救助批准' });
  expect(v.status).toBe('approved');

  // approved aid cannot be paid yet: it is not even on the roster
  expect(ok(await w.call('aid', 'paymentRoster', {}, 'finance')).items).toEqual([]);

  const n = ok(await w.call('aid', 'publishNotice', { applicationIds: [v.id] }, 'federation-officer'));
  expect(n.entries).toEqual([
    { applicationId: v.id, publicName: '李*', unionName: v.orgName, kindLabel: null, amount: null, stateLabel: '公示中', mine: false },
  ]);
  const mine = ok(await w.call('aid', 'getApplication', { applicationId: v.id }, 'member'));
  expect(mine).toMatchObject({ status: 'in_notice', notice: { noticeId: n.id, closesAt: n.closesAt } });
  // the applicant is told which entry is their own (no objection button there); a colleague is not
  const entryFor = async (as: string) => ok(await w.call('aid', 'getNotice', { noticeId: n.id }, as)).entries.find((e) => e.applicationId === v.id)!;
  expect((await entryFor('member')).mine).toBe(true);
  expect((await entryFor(colleague)).mine).toBe(false);

  // the colleague objects; the applicant's own view never names them
  const o = ok(
    await w.call('aid', 'object', { idempotencyKey: 'obj_journey_01', noticeId: n.id, applicationId: v.id, reason: '听说她家里另有店面出租' }, colleague),
  );
  const applicantSees = [ok(await w.call('aid', 'getApplication', { applicationId: v.id }, 'member')), ok(await w.call('aid', 'myApplications', {}, 'member'))];
  const officerSees = [
    ok(await w.call('aid', 'getApplication', { applicationId: v.id }, 'federation-officer')),
    ok(await w.call('aid', 'noticeBoard', {}, 'federation-officer')),
    ok(await w.call('aid', 'getNotice', { noticeId: n.id }, 'member')),
  ];
  for (const view of [...applicantSees, ...officerSees]) expect(JSON.stringify(view)).not.toMatch(/wx_colleague|周子健|m_aid_colleague/);

  // dismissed inside the window; the window closes; the job clears it
  ok(await w.call('aid', 'ruleObjection', { objectionId: o.id, ruling: 'dismiss', note: '经入户核实，无店面出租', version: o.version }, 'federation-officer'));
  const d = await appNow(w, v.id);
  expect(await w.call('aid', 'recordPayment', { applicationId: v.id, outcome: 'pay', version: d.version }, 'finance')).toMatchObject({
    ok: false,
    error: { code: 'ILLEGAL_TRANSITION' },
  });
  w.clock.t = n.closesAt + 2 * 60_000;
  expect(ok(await w.asSystem('aid', 'closeNotices'))).toEqual({ archived: 1, cleared: 1 });

  // finance: masked on screen, in full in the export, then paid
  const roster = ok(await w.call('aid', 'paymentRoster', {}, 'finance'));
  expect(roster.items.map((r) => [r.applicationId, r.name, r.amount, r.accountMasked])).toEqual([[v.id, '李娜', 6000, '尾号1234']]);
  expect(ok(await w.call('aid', 'exportPayments', {}, 'finance')).rows).toBe(1);
  const paid = ok(await w.call('aid', 'recordPayment', { applicationId: v.id, outcome: 'pay', version: roster.items[0].version }, 'finance'));
  expect(paid.status).toBe('paid');
  expect(ok(await w.call('aid', 'getApplication', { applicationId: v.id }, 'member'))).toMatchObject({
    status: 'paid',
    payment: { bankMasked: expect.stringContaining('1234') },
  });

  // the one stored notice never held more than public text
  for (const text of await w.storedDocuments(AID_NOTICES)) {
    expect(text).not.toContain('李娜');
    expect(text).not.toMatch(/尿毒症|透析|滨江路|1234567891234/);
  }
});
