/** The `org` function's management side: the tree, grants within scope, social workers, "六有". */
import { makeWorld, ok, joinForm, type TestWorld } from '../../server/testing';
import { aStaff } from '../../server/builders.testkit';
import { STAFF, type Staff } from '../../core/org/model';
import { AUDIT } from '../../core/shared/audit';
import { SIX_ITEMS } from '../../core/org/six';

let w: TestWorld;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.close());

const items = (metKeys: string[]) => SIX_ITEMS.map((i) => ({ key: i.key, met: metKeys.includes(i.key), evidence: metKeys.includes(i.key) ? '现场核查' : '' }));

describe('the tree', () => {
  it('shows each officer their subtree with coverage, in tree order', async () => {
    const admin = ok(await w.call('org', 'tree', {}, 'admin')).nodes;
    expect(admin[0]).toMatchObject({ id: 'org_city', depth: 0 });
    const park = admin.find((n: any) => n.id === 'org_park');
    expect(park).toMatchObject({ kind: 'federation', enterprises: 178, enterprisesWithUnion: 18 });
    const fed = ok(await w.call('org', 'tree', {}, 'federation-officer')).nodes;
    expect(fed[0].id).toBe('org_park');
    expect(fed.some((n: any) => n.id === 'org_fed_logistics' || n.id === 'org_city')).toBe(false);
    expect(fed.filter((n: any) => n.kind === 'union')).toHaveLength(18);
    expect(ok(await w.call('org', 'tree', {}, 'union-officer')).nodes.map((n: any) => n.id)).toEqual(['org_union_001']);
  });

  it('creates a joint union for small enterprises, which then takes their joining', async () => {
    const u = ok(
      await w.call(
        'org',
        'createOrg',
        { parentId: 'org_park', kind: 'union', name: '星海高新区第一联合工会', enterpriseIds: ['ent_020', 'ent_021'] },
        'federation-officer',
      ),
    );
    expect(u).toMatchObject({ kind: 'union', parentId: 'org_park', enterprises: 2 });
    expect(ok(await w.call('org', 'getEnterprise', { enterpriseId: 'ent_020' }, null)).handlingOrgId).toBe(u.id);
    expect(
      await w.call('org', 'createOrg', { parentId: 'org_park', kind: 'union', name: '重复的联合工会', enterpriseIds: ['ent_020'] }, 'federation-officer'),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(
      await w.call('org', 'createOrg', { parentId: 'org_park', kind: 'union', name: '越界的联合工会', enterpriseIds: [] }, 'federation-officer-b'),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await w.call('org', 'createOrg', { parentId: 'org_park', kind: 'union', name: '短', enterpriseIds: [] }, 'federation-officer')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', issues: [{ path: ['name'] }] },
    });
  });
});

describe('staff and grants', () => {
  it('a federation officer grants inside the subtree only, never admin; every grant is audited and takes effect', async () => {
    const s = ok(
      await w.call('org', 'grantRole', { uid: 'wx_new_officer', name: '周敏', role: 'union_officer', orgId: 'org_union_003' }, 'federation-officer'),
    );
    expect(s.grants).toEqual([expect.objectContaining({ role: 'union_officer', orgId: 'org_union_003', roleLabel: '企业工会干部' })]);
    expect(ok(await w.call('member', 'listQueue', {}, 'uid:wx_new_officer')).items).toBeDefined(); // the grant works at once
    expect(await w.call('org', 'grantRole', { uid: 'wx_x', name: '某某', role: 'union_officer', orgId: 'org_union_l1' }, 'federation-officer')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await w.call('org', 'grantRole', { uid: 'wx_x', name: '某某', role: 'admin', orgId: 'org_park' }, 'federation-officer')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: '只有系统管理员才能授予管理员权限' },
    });
    expect(await w.call('org', 'grantRole', { uid: 'wx_x', name: '某某', role: 'social_worker', orgId: 'org_park' }, 'federation-officer')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', issues: [{ path: ['agency'] }] },
    });
    expect(await w.call('org', 'grantRole', { uid: 'wx_x', name: '某某', role: 'union_officer', orgId: 'org_union_003' }, 'union-officer')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    ok(await w.call('org', 'revokeRole', { uid: 'wx_new_officer', role: 'union_officer', orgId: 'org_union_003' }, 'federation-officer'));
    expect(await w.call('member', 'listQueue', {}, 'uid:wx_new_officer')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await w.deps.store.count(AUDIT, { action: { $in: ['staff.grant', 'staff.revoke'] } })).toBe(2);
  });

  it("lists staff without leaking grants outside the caller's scope", async () => {
    const park = ok(await w.call('org', 'listStaff', {}, 'federation-officer')).items;
    expect(park.map((s: any) => s.uid)).toEqual(
      expect.arrayContaining(['dev_union_officer', 'dev_union_officer_b', 'dev_federation_officer', 'dev_lawyer', 'dev_social_worker']),
    );
    expect(park.map((s: any) => s.uid)).not.toContain('dev_federation_officer_b');
    expect(park.map((s: any) => s.uid)).not.toContain('dev_admin');
    const own = ok(await w.call('org', 'listStaff', {}, 'union-officer')).items;
    expect(own.map((s: any) => s.uid)).toEqual(['dev_union_officer']);
  });

  it('keeps the three-party record of a social worker and shows the workload of their enterprises', async () => {
    ok(await w.call('member', 'submitApplication', joinForm({ enterpriseId: 'ent_019' }), 'worker'));
    const mine = ok(await w.call('org', 'workload', {}, 'social-worker')).items;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ uid: 'dev_social_worker', agency: '星海职工服务社', orgId: 'org_park' });
    expect(mine[0].enterprises.map((e: any) => e.id)).toEqual(['ent_019', 'ent_020', 'ent_021']);
    expect(mine[0].pendingApplications).toBeGreaterThanOrEqual(1);
    expect(ok(await w.call('org', 'workload', {}, 'federation-officer')).items.map((i: any) => i.uid)).toEqual(['dev_social_worker']);
    expect(ok(await w.call('org', 'workload', {}, 'federation-officer-b')).items).toEqual([]);
    const staff = (await w.deps.store.get<Staff>(STAFF, 'dev_social_worker'))!;
    expect(staff.grants[0]).toMatchObject({ role: 'social_worker', orgId: 'org_park', agency: '星海职工服务社' });
  });
});

describe('"六有"', () => {
  it('assesses unions from above with evidence and shows the federation its share against 80%', async () => {
    const all = SIX_ITEMS.map((i) => i.key);
    ok(await w.call('org', 'assessSix', { unionId: 'org_union_001', items: items(all) }, 'federation-officer'));
    ok(await w.call('org', 'assessSix', { unionId: 'org_union_002', items: items(all.filter((k) => k !== 'self_managed_funds')) }, 'federation-officer'));
    ok(
      await w.call(
        'org',
        'assessSix',
        { unionId: 'org_union_003', items: items(all.filter((k) => k !== 'self_managed_funds' && k !== 'venues_programs')) },
        'federation-officer',
      ),
    );
    const board = ok(await w.call('org', 'sixBoard', {}, 'federation-officer'));
    expect(board).toMatchObject({ orgId: 'org_park', unions: 18, assessed: 3, meetingAll: 1, goal: 0.8 });
    expect(board.share).toBeCloseTo(1 / 18, 3);
    expect(board.missing[0]).toMatchObject({ key: 'self_managed_funds', unions: 2 });
    expect(board.rows.find((r: any) => r.unionId === 'org_union_002')).toMatchObject({ metCount: 5, meetsAll: false, missing: ['有独立管理的经费'] });
    // a union sees only itself; another federation sees none of these; a union cannot assess itself
    expect(ok(await w.call('org', 'sixBoard', {}, 'union-officer')).rows.map((r: any) => r.unionId)).toEqual(['org_union_001']);
    expect(ok(await w.call('org', 'sixBoard', {}, 'federation-officer-b')).rows.some((r: any) => r.unionId.startsWith('org_union_0'))).toBe(false);
    expect(await w.call('org', 'assessSix', { unionId: 'org_union_001', items: items(all) }, 'union-officer')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await w.call('org', 'sixBoard', { orgId: 'org_park' }, 'federation-officer-b')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // a met item needs evidence
    const bad = items(all);
    bad[2].evidence = '';
    expect(await w.call('org', 'assessSix', { unionId: 'org_union_004', items: bad }, 'federation-officer')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', issues: [{ path: ['items', 2, 'evidence'], message: '达标项须有佐证（说明或附件）' }] },
    });
  });
});

describe('files uploaded from WeChat straight to cloud storage', () => {
  it('registers a file only from the path handed to this user, then attaches it like any upload', async () => {
    const slot = ok(await w.call('org', 'uploadSlot', { name: '选举 结果.pdf' }, 'worker'));
    expect(slot.cloudPath).toMatch(/^uploads\/u\/[0-9a-f]{16}\/[\w-]+_选举_结果\.pdf$/);
    const fileID = `cloud://env-1.bucket/${slot.cloudPath}`;
    const stored = new Map([[fileID, new Uint8Array(Buffer.from('%PDF-1.4 demo'))]]);
    w.deps.files = {
      // stands in for cloud storage
      put: async (key) => key,
      get: async (ref) => stored.get(ref) ?? null,
      putPublic: async (key) => `cloud://env-1.bucket/public/${key}`,
      putExport: async (key) => `cloud://env-1.bucket/exports/${key}`,
      url: async (ref, o) => (stored.has(ref) ? `https://env-1.tcb.qcloud.la/${ref.split('/').slice(3).join('/')}?sign=s&t=${o.maxAgeSeconds}` : null),
    };
    const ref = ok(await w.call('org', 'registerUpload', { fileID, name: '选举结果.pdf', contentType: 'application/pdf' }, 'worker'));
    expect(ref).toMatchObject({ name: '选举结果.pdf', size: 13 });
    expect(ok(await w.call('org', 'getFile', { fileId: ref.id }, 'worker')).url).toBe(`https://env-1.tcb.qcloud.la/${slot.cloudPath}?sign=s&t=300`);
    stored.delete(fileID); // gone from storage: not found, not an internal error
    expect(await w.call('org', 'getFile', { fileId: ref.id }, 'worker')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // someone else cannot register it; a path never uploaded is refused
    expect(await w.call('org', 'registerUpload', { fileID, name: 'x.pdf', contentType: 'application/pdf' }, 'member')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await w.call('org', 'registerUpload', { fileID: `${fileID}.missing`, name: 'x.pdf', contentType: 'application/pdf' }, 'worker')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: '文件未上传成功，请重新上传' },
    });
  });

  it("refuses revoking one's own grant and a second org of the same name under one parent", async () => {
    expect(
      await w.call('org', 'revokeRole', { uid: 'dev_federation_officer', role: 'federation_officer', orgId: 'org_park' }, 'federation-officer'),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    ok(await w.call('org', 'createOrg', { parentId: 'org_park', kind: 'union', name: '星海高新区第二联合工会', enterpriseIds: [] }, 'federation-officer'));
    expect(await w.call('org', 'createOrg', { parentId: 'org_park', kind: 'union', name: '星海高新区第二联合工会', enterpriseIds: [] }, 'admin')).toMatchObject(
      { ok: false, error: { code: 'CONFLICT', issues: [{ path: ['name'] }] } },
    );
  });
});

describe('grants seen by other instances', () => {
  it('a grant changed elsewhere takes effect here within two seconds; one changed here at once', async () => {
    expect(await w.call('member', 'listQueue', {}, 'uid:wx_elsewhere')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // another container writes the grant straight to the database
    await w.deps.store.insert(STAFF, aStaff({ _id: 'wx_elsewhere', name: '吴刚', grants: [{ role: 'union_officer', orgId: 'org_union_005' }] }));
    expect(await w.call('member', 'listQueue', {}, 'uid:wx_elsewhere')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    w.clock.t += 2_001;
    expect(ok(await w.call('member', 'listQueue', {}, 'uid:wx_elsewhere')).orgId).toBe('org_union_005');
    ok(await w.call('org', 'revokeRole', { uid: 'wx_elsewhere', role: 'union_officer', orgId: 'org_union_005' }, 'federation-officer'));
    expect(await w.call('member', 'listQueue', {}, 'uid:wx_elsewhere')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
