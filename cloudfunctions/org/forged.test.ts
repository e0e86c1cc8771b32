/**
 * Records a client could have written (carrying `_openid`, which only the mini-program's own
 * database API sets) are never trusted for who may do what — should a collection's admin-only
 * permission ever be set wrong by hand.
 */
import { makeWorld, ok, type TestWorld } from '../../server/testing';
import { aStaff } from '../../server/builders.testkit';
import { STAFF } from '../../core/org/model';
import { MEMBERS, MEMBER_UIDS } from '../../core/member/model';

let world: TestWorld;
beforeAll(async () => {
  world = await makeWorld();
});
afterAll(() => world.close());

it('a staff record carrying _openid grants nothing', async () => {
  // Given a forger added themselves an admin grant from the client
  await world.deps.store.insert(STAFF, { ...aStaff({ _id: 'oForger', name: '伪造', grants: [{ role: 'admin', orgId: 'org_city' }] }), _openid: 'oForger' });
  // When they call an admin action
  const r = await world.call('org', 'tree', {}, 'uid:oForger');
  // Then they are refused as the nobody they are
  expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  // while the same record without _openid (a function's write) is a grant
  await world.deps.store.insert(STAFF, aStaff({ _id: 'oRealAdmin', name: '管理员', grants: [{ role: 'admin', orgId: 'org_city' }] }));
  expect(ok(await world.call('org', 'tree', {}, 'uid:oRealAdmin')).nodes.length).toBeGreaterThan(0);
});

it('a membership carrying _openid is no membership', async () => {
  // Given a real member's document copied by a forger with their own uid, from the client
  const real = (await world.deps.store.query<{ _id: string; uid: string }>(MEMBERS, { where: { status: 'active' }, limit: 1 })).items[0];
  const copy = { ...real, _id: 'm_forged', uid: 'oForger2', _openid: 'oForger2' };
  await world.deps.store.insert(MEMBERS, copy);
  await world.deps.store.insert(MEMBER_UIDS, { _id: 'oForger2', memberId: 'm_forged', _openid: 'oForger2' });
  // When the forger asks for their member card
  const r = await world.call('member', 'myCard', {}, 'uid:oForger2');
  // Then they are told they are not a member
  expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
});
