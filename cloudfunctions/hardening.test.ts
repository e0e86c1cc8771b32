/** Bad client input is VALIDATION or NOT_FOUND, never INTERNAL (issue 10, finding F4): regressions for each root cause. */
import { makeWorld, ok, TEST_NOW, type TestWorld } from '../server/testing';
import { decodeCursor, encodeCursor } from '../adapters/paths';
import { STAFF } from '../core/org/model';
import { aPublishForm } from '../server/builders.testkit';

let w: TestWorld;
beforeAll(async () => {
  w = await makeWorld({ members: 10 });
});
afterAll(() => w.close());

const HOUR = 3600_000;
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

it('a poster QR for a URL with a lone surrogate is refused as VALIDATION', async () => {
  const a = ok(
    await w.call(
      'activity',
      'publish',
      aPublishForm({ title: '海报测试', seats: 5, waitlist: false, membersOnly: false, orgId: 'org_union_001' }),
      'union-officer',
    ),
  );
  ok(await w.call('activity', 'poster', { activityId: a.id, baseUrl: 'https://example.org' }, null));
  for (const baseUrl of ['https://example.org\ud800', 'https://\udc00example.org']) {
    expect(await w.call('activity', 'poster', { activityId: a.id, baseUrl }, null)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  }
});

it('forged page cursors are VALIDATION on every paged list, anonymous ones included', async () => {
  const forged = [b64([{}, 'x']), b64([['a'], 'x']), b64([{ $gt: 0 }, 'x']), b64(['x']), 'not base64!'];
  for (const after of forged) {
    for (const [fn, action, as] of [
      ['activity', 'list', null],
      ['activity', 'manage', 'union-officer'],
      ['member', 'listQueue', 'union-officer'],
      ['notify', 'inbox', 'worker'],
    ] as const) {
      const env = await w.callUntyped(fn, action, { after }, as);
      expect([fn, action, after, env.ok ? 'ok' : env.error.code]).toEqual([fn, action, after, 'VALIDATION']);
    }
  }
});

it('decodes only cursors of scalars, as the store writes them', () => {
  expect(decodeCursor(encodeCursor([1, 'a', null, true]), 4)).toEqual([1, 'a', null, true]);
  expect(decodeCursor(b64([{}, 'x']), 2)).toBeNull();
  expect(decodeCursor(b64([[1], 'x']), 2)).toBeNull();
  expect(decodeCursor(b64(['\ud800', 'x']), 2)).toBeNull();
  expect(decodeCursor(b64([1]), 2)).toBeNull();
  expect(decodeCursor('%%%', 1)).toBeNull();
});

it('refuses text with unpaired surrogates in any field before the action runs', async () => {
  const env = await w.callUntyped('member', 'submitApplication', { name: '王\ud800小明' }, 'worker');
  expect(env).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: ['name'] }] } });
});

it('a grant never renames someone outside the caller’s scope (F5): the stored name stays; an admin may rename', async () => {
  const before = (await w.deps.store.get<{ _id: string; name: string }>(STAFF, 'dev_federation_officer_b'))!.name;
  ok(await w.call('org', 'grantRole', { uid: 'dev_federation_officer_b', name: '冒名者', role: 'lawyer', orgId: 'org_park' }, 'federation-officer'));
  expect((await w.deps.store.get<{ _id: string; name: string }>(STAFF, 'dev_federation_officer_b'))!.name).toBe(before);
  // someone new gets the name given with their first grant
  ok(await w.call('org', 'grantRole', { uid: 'new_lawyer', name: '吴律师', role: 'lawyer', orgId: 'org_park' }, 'federation-officer'));
  expect((await w.deps.store.get<{ _id: string; name: string }>(STAFF, 'new_lawyer'))!.name).toBe('吴律师');
  ok(await w.call('org', 'grantRole', { uid: 'new_lawyer', name: '吴明律师', role: 'lawyer', orgId: 'org_park' }, 'admin'));
  expect((await w.deps.store.get<{ _id: string; name: string }>(STAFF, 'new_lawyer'))!.name).toBe('吴明律师');
});

it('a cancelled activity issues no check-in code and accepts none (F7)', async () => {
  const a = ok(
    await w.call(
      'activity',
      'publish',
      {
        kind: 'activity',
        title: '签到测试',
        place: '职工之家',
        startAt: TEST_NOW + HOUR,
        endAt: TEST_NOW + 3 * HOUR,
        signupOpensAt: TEST_NOW - HOUR,
        signupClosesAt: TEST_NOW + HOUR / 2,
        seats: 5,
        waitlist: false,
        membersOnly: false,
        orgId: 'org_union_001',
      },
      'union-officer',
    ),
  );
  ok(await w.call('activity', 'signup', { activityId: a.id }, 'member'));
  const { code } = ok(await w.call('activity', 'checkInCode', { activityId: a.id }, 'union-officer'));
  ok(await w.call('activity', 'cancelActivity', { activityId: a.id, reason: '天气原因' }, 'union-officer'));
  expect(await w.call('activity', 'checkInCode', { activityId: a.id }, 'union-officer')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  expect(await w.call('activity', 'checkIn', { code }, 'member')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
});
