/** The deploy creates what the manifests say: every collection admin-only with its indexes, the storage rule; idempotently. */
import { applyDatabasePlan, type PlatformApi } from './deploy';
import { databasePlan, STORAGE_RULE } from './platform';

/** A CloudBase environment as the management API shows it: collections get the environment's default permission when created. */
function fakeEnvironment(opts: { defaultAcl?: string; aclSticks?: boolean } = {}) {
  const collections = new Map<string, { acl: string; indexes: Set<string> }>();
  const calls: string[] = [];
  let storageRule: unknown = null;
  const api: PlatformApi = {
    async createCollectionIfNotExists(name) {
      if (collections.has(name)) return { created: false };
      collections.set(name, { acl: opts.defaultAcl ?? 'PRIVATE', indexes: new Set() });
      calls.push(`create ${name}`);
      return { created: true };
    },
    async getCollectionAcl(name) {
      return collections.get(name)?.acl ?? null;
    },
    async setCollectionAcl(name, acl) {
      calls.push(`acl ${name} ${acl}`);
      if (opts.aclSticks !== false) collections.get(name)!.acl = acl;
    },
    async indexExists(c, i) {
      return collections.get(c)!.indexes.has(i);
    },
    async createIndex(c, i) {
      calls.push(`index ${c}.${i.name}`);
      collections.get(c)!.indexes.add(i.name);
    },
    async setStorageRule(rule) {
      storageRule = rule;
    },
  };
  return { api, collections, calls, storageRule: () => storageRule };
}

const quiet = () => undefined;

it('creates every collection, makes it admin-only whatever the environment default, and creates its indexes', async () => {
  const env = fakeEnvironment({ defaultAcl: 'READONLY' });
  const plan = databasePlan();
  const report = await applyDatabasePlan(env.api, plan, quiet);
  expect(report.created.sort()).toEqual(plan.map((c) => c.name).sort());
  expect(report.aclSet.sort()).toEqual(plan.map((c) => c.name).sort());
  for (const c of plan) {
    expect(env.collections.get(c.name)!.acl).toBe('ADMINONLY');
    expect([...env.collections.get(c.name)!.indexes].sort()).toEqual(c.indexes.map((i) => i.name).sort());
  }
  expect(env.collections.get('staff')!.acl).toBe('ADMINONLY'); // no client can add itself a grant
  expect(env.storageRule()).toEqual(STORAGE_RULE);
});

it('a second run changes nothing', async () => {
  const env = fakeEnvironment();
  await applyDatabasePlan(env.api, databasePlan(), quiet);
  const before = env.calls.length;
  const again = await applyDatabasePlan(env.api, databasePlan(), quiet);
  expect(again).toEqual({ created: [], aclSet: [], indexesCreated: [] });
  expect(env.calls.length).toBe(before);
});

it('stops when a permission does not read back as admin-only', async () => {
  const env = fakeEnvironment({ aclSticks: false });
  await expect(applyDatabasePlan(env.api, databasePlan(), quiet)).rejects.toThrow(/permission reads PRIVATE after setting ADMINONLY/);
});
