/**
 * Nobody is blocked (issue 12.1): the social worker reaches the queue of her assigned enterprises, and
 * an officer grants a role to a person found by name, never by typing or reading a user id.
 */
import { makeWorld, ok, type TestWorld } from '../../server/testing';
import { aMember } from '../../server/builders.testkit';
import { MEMBERS } from '../../core/member/model';
import { STAFF, type Staff } from '../../core/org/model';

let w: TestWorld;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.close());

describe("the social worker's queue", () => {
  it('her home finds a workplace for her (myScope), and her queue lists the pending applications of her assigned enterprises', async () => {
    const scope = ok(await w.call('org', 'myScope', {}, 'social-worker')).orgs;
    expect(scope.map((o: any) => o.name)).toEqual(['星海高新区工会联合会']);
    // the queue page asks for the first org myScope gives
    const queue = ok(await w.call('member', 'listQueue', { orgId: scope[0].id }, 'social-worker'));
    expect(queue.items.length).toBeGreaterThanOrEqual(3);
    const assigned = ok(await w.call('org', 'workload', {}, 'social-worker')).items[0].enterprises.map((e: any) => e.name);
    expect(new Set(queue.items.map((i: any) => i.enterpriseName))).toEqual(new Set(assigned));
    expect(queue.orgName).toContain('分管企业');
    // she may open one, not decide it
    const app = ok(await w.call('member', 'getApplication', { applicationId: queue.items[0].id }, 'social-worker'));
    expect(app.actions).toEqual([]);
    expect(ok(await w.call('org', 'workload', {}, 'social-worker')).items[0].pendingApplications).toBeGreaterThanOrEqual(3);
  });

  it('an officer’s scope stays the officer’s: a social worker gets only her own org, nothing below it', async () => {
    const fed = ok(await w.call('org', 'myScope', {}, 'federation-officer')).orgs;
    expect(fed.length).toBeGreaterThan(1);
    expect(ok(await w.call('org', 'myScope', {}, 'social-worker')).orgs).toHaveLength(1);
    expect(await w.call('org', 'myScope', {}, 'lawyer')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('granting a role to a person found by name', () => {
  beforeEach(async () => {
    await w.deps.store.insert(
      MEMBERS,
      aMember({
        _id: 'm_ouyang_in',
        memberNo: 'GH2699000001',
        uid: 'wx_ouyang_in',
        idHash: 'hx1',
        name: '欧阳春晓',
        mobileSealed: w.deps.crypto.seal('13912345678'),
      }),
    );
    await w.deps.store.insert(
      MEMBERS,
      aMember({
        _id: 'm_ouyang_out',
        memberNo: 'GH2699000002',
        uid: 'wx_ouyang_out',
        idHash: 'hx2',
        name: '欧阳秋实',
        orgId: 'org_union_l1',
        orgName: '物流工会',
        federationId: 'org_fed_logistics',
        enterpriseName: '星海物流有限公司',
        mobileSealed: w.deps.crypto.seal('13987654321'),
      }),
    );
  });

  it('finds members and staff in scope by name, masked, with where they work, and no user id anywhere', async () => {
    const found = ok(await w.call('org', 'findPeople', { q: '欧阳' }, 'federation-officer')).items;
    expect(found).toEqual([{ personId: expect.any(String), name: '欧**晓', detail: '会员 · 星海精密制造有限公司 · 手机 139****5678' }]);
    expect(JSON.stringify(found)).not.toContain('wx_ouyang');
    const staff = ok(await w.call('org', 'findPeople', { q: '陈静' }, 'federation-officer')).items;
    expect(staff).toHaveLength(1);
    expect(staff[0]).toMatchObject({ name: '陈*', detail: expect.stringContaining('企业工会干部') });
    expect(JSON.stringify(staff)).not.toContain('dev_union_officer');
  });

  it('grants by the reference found: the person gets the role under their own full name', async () => {
    const [p] = ok(await w.call('org', 'findPeople', { q: '欧阳春晓' }, 'federation-officer')).items;
    const view = ok(await w.call('org', 'grantRole', { personId: p.personId, role: 'union_officer', orgId: 'org_union_001' }, 'federation-officer'));
    expect(view).toMatchObject({ name: '欧阳春晓', grants: [{ role: 'union_officer', orgId: 'org_union_001', orgName: expect.any(String) }] });
    expect((await w.deps.store.get<Staff>(STAFF, 'wx_ouyang_in'))!.grants).toEqual([{ role: 'union_officer', orgId: 'org_union_001' }]);
  });

  it('assigns a social worker enterprises, shown by name', async () => {
    const [p] = ok(await w.call('org', 'findPeople', { q: '欧阳春晓' }, 'federation-officer')).items;
    const view = ok(
      await w.call(
        'org',
        'grantRole',
        { personId: p.personId, role: 'social_worker', orgId: 'org_park', agency: '星海职工服务社', enterpriseIds: ['ent_019'] },
        'federation-officer',
      ),
    );
    const ent = ok(await w.call('org', 'getEnterprise', { enterpriseId: 'ent_019' }, null));
    expect(view.grants[0].enterpriseNames).toEqual([ent.name]);
  });

  it('does not find a person outside the officer’s scope, and another officer cannot use a reference', async () => {
    expect(ok(await w.call('org', 'findPeople', { q: '欧阳秋实' }, 'federation-officer')).items).toEqual([]);
    expect(ok(await w.call('org', 'findPeople', { q: '陈静' }, 'federation-officer-b')).items).toEqual([]);
    const theirs = ok(await w.call('org', 'findPeople', { q: '欧阳' }, 'federation-officer-b')).items;
    expect(theirs.map((p: any) => p.name)).toEqual(['欧**实']);
    // a reference found by one officer is no good to another, and a made-up one is refused
    const [p] = ok(await w.call('org', 'findPeople', { q: '欧阳春晓' }, 'federation-officer')).items;
    expect(await w.call('org', 'grantRole', { personId: p.personId, role: 'lawyer', orgId: 'org_park' }, 'admin')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', issues: [{ path: ['personId'] }] },
    });
    expect(await w.call('org', 'grantRole', { personId: 'v1.forged.forged.forged', role: 'lawyer', orgId: 'org_park' }, 'federation-officer')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await w.call('org', 'grantRole', { role: 'lawyer', orgId: 'org_park' }, 'federation-officer')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', issues: [{ path: ['personId'], message: '请按姓名查找并选择被授权人' }] },
    });
    expect(await w.call('org', 'findPeople', { q: '欧阳' }, 'union-officer')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
