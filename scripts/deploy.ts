/**
 * Deploys to CloudBase: bundles the functions, deploys each with @cloudbase/cli (using
 * cloudbaserc.json: runtime, env variables, timer triggers), and writes build/indexes.json — the
 * collections and indexes to create in the CloudBase console (database → collection → index).
 * Needs TCB_ENV_ID and UNION_MASTER_KEY, and a prior `npx @cloudbase/cli login`.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildFunctions, FUNCTION_NAMES } from './build-functions';
import { ALL_COLLECTIONS } from '../cloudfunctions/registry-collections';

const root = resolve(__dirname, '..');

async function main() {
  for (const v of ['TCB_ENV_ID', 'UNION_MASTER_KEY']) {
    if (!process.env[v]) throw new Error(`${v} is not set (see README: Deploy to CloudBase)`);
  }
  await buildFunctions();
  const indexes = ALL_COLLECTIONS.map((c) => ({ collection: c.name, indexes: c.indexes.map((i) => ({ name: i.name, keys: i.fields.map(([f, d]) => ({ field: f, direction: d === 'asc' ? 1 : -1 })) })) }));
  writeFileSync(join(root, 'build', 'indexes.json'), JSON.stringify(indexes, null, 2));
  console.log('build/indexes.json: create these collections (permission: 仅管理端可读写) and indexes in the console');
  for (const name of FUNCTION_NAMES) {
    const r = spawnSync('npx', ['-y', '@cloudbase/cli@2', 'fn', 'deploy', name, '--force', '-e', process.env.TCB_ENV_ID!], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`deploying ${name} failed`);
  }
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
