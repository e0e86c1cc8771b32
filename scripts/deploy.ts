/**
 * Deploys to CloudBase, exactly what the manifests say (scripts/platform.ts renders it):
 * 1. the database: every collection created when missing, its permission set to ADMINONLY (only
 *    functions read and write it; a client can then never `add` a forged `staff` record) and read back
 *    to check, and every index created when missing — before any function can run against it;
 * 2. the cloud-storage security rule (clients read `public/`, write only their own `uploads/u/…`);
 * 3. the functions: bundles, each function's `config.json` (open-API permissions), then
 *    `@cloudbase/cli fn deploy` with `cloudbaserc.json` (env variables, the one timer trigger).
 * Idempotent: a re-run creates only what is missing. Needs TCB_ENV_ID, TCB_SECRET_ID, TCB_SECRET_KEY
 * (an API key of the account; the database and storage steps use @cloudbase/manager-node) and
 * UNION_MASTER_KEY, and `npx @cloudbase/cli login` for the function step.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { databasePlan, renderCloudbasercText, STORAGE_RULE, type CollectionPlan } from './platform';
import { readFileSync } from 'node:fs';

const root = resolve(__dirname, '..');

/** The few management calls the deploy makes (manager-node in production, a recording fake in tests). */
export interface PlatformApi {
  createCollectionIfNotExists(name: string): Promise<{ created: boolean }>;
  getCollectionAcl(name: string): Promise<string | null>;
  setCollectionAcl(name: string, acl: CollectionPlan['acl']): Promise<void>;
  indexExists(collection: string, index: string): Promise<boolean>;
  createIndex(collection: string, index: CollectionPlan['indexes'][number]): Promise<void>;
  setStorageRule(rule: { read: string; write: string }): Promise<void>;
}

export interface DeployReport {
  created: string[];
  aclSet: string[];
  indexesCreated: string[];
}

/** Applies the database plan and the storage rule; throws when a collection's permission does not read back as planned. */
export async function applyDatabasePlan(
  api: PlatformApi,
  plan: CollectionPlan[] = databasePlan(),
  log: (line: string) => void = console.log,
): Promise<DeployReport> {
  const report: DeployReport = { created: [], aclSet: [], indexesCreated: [] };
  for (const c of plan) {
    if ((await api.createCollectionIfNotExists(c.name)).created) report.created.push(c.name);
    if ((await api.getCollectionAcl(c.name)) !== c.acl) {
      await api.setCollectionAcl(c.name, c.acl);
      report.aclSet.push(c.name);
      const now = await api.getCollectionAcl(c.name);
      if (now !== c.acl) throw new Error(`collection ${c.name}: permission reads ${now} after setting ${c.acl}`);
    }
    for (const i of c.indexes) {
      if (await api.indexExists(c.name, i.name)) continue;
      await api.createIndex(c.name, i);
      report.indexesCreated.push(`${c.name}.${i.name}`);
    }
    log(`[deploy] ${c.name}: ${c.acl}, ${c.indexes.length} indexes`);
  }
  await api.setStorageRule(STORAGE_RULE);
  return report;
}

/** manager-node behind the PlatformApi (loaded only when deploying). */
async function managerApi(envId: string, secretId: string, secretKey: string): Promise<PlatformApi> {
  const { default: CloudBase } = await import('@cloudbase/manager-node');
  const app = new CloudBase({ envId, secretId, secretKey });
  const common = app.commonService();
  return {
    async createCollectionIfNotExists(name) {
      const r = await app.database.createCollectionIfNotExists(name);
      return { created: !!r.IsCreated };
    },
    async getCollectionAcl(name) {
      const r = await common.call({ Action: 'DescribeDatabaseACL', Param: { CollectionName: name, EnvId: envId } });
      return r?.AclTag ?? null;
    },
    async setCollectionAcl(name, acl) {
      await common.call({ Action: 'ModifyDatabaseACL', Param: { CollectionName: name, EnvId: envId, AclTag: acl } });
    },
    async indexExists(collection, index) {
      return !!(await app.database.checkIndexExists(collection, index)).Exists;
    },
    async createIndex(collection, index) {
      await app.database.updateCollection(collection, {
        CreateIndexes: [
          {
            IndexName: index.name,
            MgoKeySchema: { MgoIsUnique: false, MgoIndexKeys: index.keys.map((k) => ({ Name: k.field, Direction: String(k.direction) })) },
          },
        ],
      });
    },
    async setStorageRule(rule) {
      await app.storage.setStorageAcl('CUSTOM', rule);
    },
  };
}

async function main() {
  for (const v of ['TCB_ENV_ID', 'TCB_SECRET_ID', 'TCB_SECRET_KEY', 'UNION_MASTER_KEY']) {
    if (!process.env[v]) throw new Error(`${v} is not set (see README: Deploy to CloudBase)`);
  }
  if (readFileSync(resolve(root, 'cloudbaserc.json'), 'utf8') !== renderCloudbasercText()) {
    throw new Error('cloudbaserc.json is stale: run `npm run gen:platform`');
  }
  const env = process.env.TCB_ENV_ID!;
  const api = await managerApi(env, process.env.TCB_SECRET_ID!, process.env.TCB_SECRET_KEY!);
  const report = await applyDatabasePlan(api);
  console.log(
    `[deploy] database: ${report.created.length} collections created, ${report.aclSet.length} set to ADMINONLY, ${report.indexesCreated.length} indexes created; storage rule set`,
  );
  const { buildFunctions, FUNCTION_NAMES } = await import('./build-functions');
  await buildFunctions();
  for (const name of FUNCTION_NAMES) {
    const r = spawnSync('npx', ['-y', '@cloudbase/cli@2', 'fn', 'deploy', name, '--force', '-e', env], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`deploying ${name} failed`);
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}
