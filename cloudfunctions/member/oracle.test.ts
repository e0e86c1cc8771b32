/**
 * The ID-number oracle is closed (issue 10, finding F3): another account submitting someone's ID
 * number gets the answer any new application gets, whether the number is free, pending or a member's;
 * the real person can still apply; the officer sees the competing applications and resolves them.
 */
import { makeWorld, joinForm, ok, type TestWorld } from '../../server/testing';
import { makeIdNumber } from '../../core/shared/idNumber';

let w: TestWorld;
beforeEach(async () => {
  w = await makeWorld({ members: 10 });
});
afterEach(() => w.close());

/** What the submitter sees, without what differs between any two applications. */
const shape = (env: any) => {
  if (!env.ok) return { ok: false, code: env.error.code, message: env.error.message };
  const { id: _i, idNumberMasked: _m, submittedAt: _s, queuedAt: _q, dueAt: _d, history, ...rest } = env.data;
  return { ok: true, ...rest, history: history.map((h: any) => ({ ...h, at: 0 })) };
};

it('answers another account alike for a free number, a pending applicant’s and a member’s', async () => {
  const free = makeIdNumber('320506', '19900101', '201');
  const pending = makeIdNumber('320506', '19900101', '202');
  const member = makeIdNumber('320506', '19900101', '203');
  ok(await w.call('member', 'submitApplication', joinForm({ idNumber: pending }), 'uid:real_pending'));
  const m = ok(await w.call('member', 'submitApplication', joinForm({ idNumber: member }), 'uid:real_member'));
  ok(await w.call('member', 'decide', { applicationId: m.id, decision: 'approve' }, 'union-officer'));

  const answers = [];
  for (const [i, idNumber] of [free, pending, member].entries())
    answers.push(shape(await w.call('member', 'submitApplication', joinForm({ idNumber }), `uid:prober_${i}`)));
  expect(answers[0]).toMatchObject({ ok: true, status: 'pending', contested: false });
  expect(answers[1]).toEqual(answers[0]);
  expect(answers[2]).toEqual(answers[0]);
  // nor does the prober's status page tell
  const statuses = await Promise.all(
    [0, 1, 2].map((i) => w.call('member', 'myStatus', {}, `uid:prober_${i}`).then((e) => shape({ ok: true, data: ok(e).application }))),
  );
  expect(statuses[1]).toEqual(statuses[0]);
  expect(statuses[2]).toEqual(statuses[0]);
});

it('a squatter does not block the real person: the officer sees both, approves the right one after refusing the other', async () => {
  const idNumber = makeIdNumber('320506', '19880808', '301');
  const squat = ok(await w.call('member', 'submitApplication', joinForm({ idNumber, name: '冒用者' }), 'uid:squatter'));
  const real = ok(await w.call('member', 'submitApplication', joinForm({ idNumber }), 'worker'));
  expect(real.status).toBe('pending');

  const seen = ok(await w.call('member', 'getApplication', { applicationId: real.id }, 'union-officer'));
  expect(seen).toMatchObject({ contested: true, competing: { isMember: false, applications: [{ id: squat.id, status: 'pending' }] } });
  expect(ok(await w.call('member', 'getApplication', { applicationId: squat.id }, 'union-officer')).contested).toBe(true);
  const queue = ok(await w.call('member', 'listQueue', { limit: 100 }, 'union-officer'));
  expect(queue.items.find((i: any) => i.id === squat.id)?.contested).toBe(true);

  // the one holding the claim cannot be passed over silently: approving the other is explained
  const early = await w.call('member', 'decide', { applicationId: real.id, decision: 'approve' }, 'union-officer');
  expect(early).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { competingApplicationId: squat.id } } });
  ok(await w.call('member', 'decide', { applicationId: squat.id, decision: 'reject', reason: '身份证号非本人' }, 'union-officer'));
  const approved = ok(await w.call('member', 'decide', { applicationId: real.id, decision: 'approve' }, 'union-officer'));
  expect(approved.status).toBe('approved');
  expect(ok(await w.call('member', 'myCard', {}, 'worker')).memberNo).toBe(approved.memberNo);
  expect((await w.call('member', 'myCard', {}, 'uid:squatter')).ok).toBe(false);
});
