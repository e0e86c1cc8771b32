/**
 * `npm run seed`: the demo data in the local SQLite store in DATA_DIR (default ./.data), what `npm start`
 * seeds on its first start: the park with its enterprises and unions, ~28,500 members and join
 * applications (server/seed.ts), then the org and activity showcase (server/showcase.ts).
 *
 *   npm run seed                         seeds an empty data folder; refuses one already seeded
 *   npm run seed -- --reset              deletes the store (union.db) and the stored files, then seeds again;
 *                                        master.key stays. Stop `npm start` on that folder first (checked)
 *   npm run seed -- --members 2000       fewer (or more) members; also SEED_MEMBERS=2000
 */
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Dependencies } from '../core/shared/ports';
import { openLocalDeps } from '../server/deps';
import { isSeeded, seedDemo, TARGET_MEMBERS } from '../server/seed';
import { ensurePersonaStaff, seedShowcase } from '../server/showcase';

/** Seeds the demo data and the showcase into an empty store, printing what it made (also `npm start`'s first start). */
export async function seedLocal(deps: Dependencies, opts: { members?: number; log?: (line: string) => void } = {}): Promise<void> {
  const log = opts.log ?? console.log;
  const s = Date.now();
  const r = await seedDemo(deps, { members: opts.members });
  const s2 = await seedShowcase(deps);
  await ensurePersonaStaff(deps);
  log(
    `组织演示数据：“六有”评估 ${s2.assessments} 家，建会申请 ${s2.foundings} 份，会员接转 ${s2.transfers} 笔，活动与预约时段 ${s2.activities} 个（报名 ${s2.signups} 人次）`,
  );
  log(`演示数据已生成：${r.members} 名会员，${r.applications} 份入会申请（${Date.now() - s} ms）`);
}

/** `--members N` or SEED_MEMBERS; undefined: the seed's default. */
export function memberCountFrom(argv: readonly string[], env: NodeJS.ProcessEnv): number | undefined {
  const i = argv.findIndex((a) => a === '--members' || a.startsWith('--members='));
  const raw = i === -1 ? env.SEED_MEMBERS : argv[i].includes('=') ? argv[i].slice('--members='.length) : argv[i + 1];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--members / SEED_MEMBERS: a whole number of at least 1, not "${raw}"`);
  return n;
}

/**
 * Refuses to delete a store another process has open (`npm start` on the same folder): leaving WAL mode
 * needs the database to itself, so SQLite keeps it in WAL while any other connection is open.
 */
function assertNotInUse(file: string): void {
  const inUse = new Error(`${file} is open in another process (npm start?): stop it before --reset`);
  const db = new Database(file, { timeout: 0 });
  try {
    if (db.pragma('journal_mode = DELETE', { simple: true }) !== 'delete') throw inUse;
  } catch (e) {
    throw (e as { code?: string }).code === 'SQLITE_BUSY' ? inUse : e;
  } finally {
    db.close();
  }
}

async function main() {
  const argv = process.argv.slice(2);
  const unknown = argv.filter((a, i) => !['--reset', '--members'].includes(a) && !a.startsWith('--members=') && argv[i - 1] !== '--members');
  if (unknown.length) throw new Error(`unknown argument ${unknown.join(' ')} (usage: npm run seed -- [--reset] [--members N])`);
  const reset = argv.includes('--reset');
  const members = memberCountFrom(argv, process.env);
  const dataDir = resolve(process.env.DATA_DIR ?? join(__dirname, '..', '.data'));
  const db = join(dataDir, 'union.db');

  if (reset && existsSync(db)) {
    assertNotInUse(db);
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    rmSync(join(dataDir, 'files'), { recursive: true, force: true }); // uploads, posters and exports of the old data
    console.log(`[seed] 已清空 ${dataDir} 中的演示数据（保留 master.key）`);
  }
  const deps = await openLocalDeps(dataDir);
  try {
    if (await isSeeded(deps)) {
      console.error(`[seed] ${dataDir} 已有演示数据：用 npm run seed -- --reset 重新生成`);
      process.exitCode = 1;
      return;
    }
    console.log(`[seed] 生成演示数据（约 ${(members ?? TARGET_MEMBERS).toLocaleString('en')} 名会员）到 ${dataDir} …`);
    await seedLocal(deps, { members, log: (line) => console.log(`[seed] ${line}`) });
  } finally {
    await deps.store.close();
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(`[seed] ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  });
}
