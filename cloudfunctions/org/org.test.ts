import { makeWorld, type TestWorld } from '../../server/testing';

let w: TestWorld;
beforeAll(async () => {
  w = await makeWorld();
});
afterAll(() => w.close());

describe('org function', () => {
  it('searches the park enterprises by name for anyone, saying who handles joining', async () => {
    const r: any = await w.call('org', 'searchEnterprises', { q: '精密' }, null);
    expect(r.ok).toBe(true);
    const ent = r.data.items.find((e: any) => e.id === 'ent_001');
    expect(ent).toMatchObject({ name: '星海精密制造有限公司', hasUnion: true, handlingOrgName: '星海精密制造工会' });
    const ent050 = (await w.deps.store.get<any>('enterprises', 'ent_050'))!;
    const found: any = await w.call('org', 'searchEnterprises', { q: ent050.name }, null);
    expect(found.data.items.find((e: any) => e.id === 'ent_050')).toMatchObject({ hasUnion: false, handlingOrgName: '星海高新区工会联合会' });
    const tooLong = await w.call('org', 'searchEnterprises', { q: '很'.repeat(41) }, null);
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '关键词不能超过40个字' } });
  });

  it('looks an enterprise up by id for the join deep link, and says clearly when it does not exist', async () => {
    expect(await w.call('org', 'getEnterprise', { enterpriseId: 'ent_050' }, null)).toMatchObject({ ok: true, data: { id: 'ent_050', hasUnion: false } });
    expect(await w.call('org', 'getEnterprise', { enterpriseId: 'ent_999' }, null)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: '工作单位不存在或已被删除' },
    });
  });

  it('gives an officer the orgs in their scope only', async () => {
    const fed: any = await w.call('org', 'myScope', {}, 'federation-officer');
    expect(fed.data.orgs[0]).toMatchObject({ id: 'org_park', kind: 'federation' });
    expect(fed.data.orgs).toHaveLength(19); // the federation and its 18 unions
    const union: any = await w.call('org', 'myScope', {}, 'union-officer');
    expect(union.data.orgs.map((o: any) => o.id)).toEqual(['org_union_001']);
    expect(await w.call('org', 'myScope', {}, 'worker')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
