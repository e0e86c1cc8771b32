/**
 * `npm start`: builds the H5 app when it is missing or older than its sources, opens the SQLite
 * store in DATA_DIR (seeding the demo data on first start), and serves the gateway on PORT.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createGateway, devLoginFrom } from '../server/gateway';
import { openLocalDeps } from '../server/deps';
import { isSeeded, seedDemo } from '../server/seed';
import { ensurePersonaStaff, seedShowcase } from '../server/showcase';
import { PERSONAS } from '../server/personas';
import { escalateOverdue } from '../core/member/escalation';
import { reconcile } from '../core/activity/recovery';
import { repair as repairTransfers } from '../core/transfer/repair';
import { startScheduler } from '../server/scheduler';
import { MANIFESTS } from '../cloudfunctions/registry';

const root = resolve(__dirname, '..');
const port = Number(process.env.PORT ?? 3000);
const dataDir = resolve(process.env.DATA_DIR ?? join(root, '.data'));
const devLogin = devLoginFrom(process.env); // refuses DEV_LOGIN=1 with NODE_ENV=production
const h5Dir = join(root, 'dist', 'h5');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function ensureH5Build() {
  const index = join(h5Dir, 'index.html');
  const sources = Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'config')), newestMtime(join(root, 'core')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  console.log('[start] 构建 H5 应用（首次约 1 分钟）…');
  const r = spawnSync(process.execPath, [join(root, 'node_modules/@tarojs/cli/bin/taro'), 'build', '--type', 'h5'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) throw new Error('H5 build failed');
}

async function main() {
  const t0 = Date.now();
  if (process.env.SKIP_H5_BUILD !== '1') ensureH5Build();
  const deps = await openLocalDeps(dataDir, { serving: true });
  if (!(await isSeeded(deps))) {
    console.log('[start] 首次启动：生成演示数据（约 2.85 万名会员）…');
    const s = Date.now();
    const r = await seedDemo(deps);
    const s2 = await seedShowcase(deps);
    console.log(
      `[start] 组织演示数据：“六有”评估 ${s2.assessments} 家，建会申请 ${s2.foundings} 份，会员接转 ${s2.transfers} 笔，活动与预约时段 ${s2.activities} 个（报名 ${s2.signups} 人次）`,
    );
    console.log(`[start] 演示数据已生成：${r.members} 名会员，${r.applications} 份入会申请（${Date.now() - s} ms）`);
  }
  await ensurePersonaStaff(deps); // personas added since this data folder was seeded
  // Before serving, alone: settle signups whose request died with a previous process, recount seats.
  const settled = await reconcile(deps, { olderThanMs: 0 });
  if (settled.resolved) console.log(`[start] 补完中断的报名 ${settled.resolved} 份（${settled.activities} 个活动）`);
  await escalateOverdue(deps);
  await repairTransfers(deps); // finish moves a killed process left half done, before serving
  // Local stand-in for the CloudBase timer triggers: the same jobs at the same schedules (the manifests).
  const scheduler = startScheduler(MANIFESTS, deps, (line) => console.error(line));

  const server = createGateway({ deps, devLogin, staticDir: h5Dir });
  server.listen(port, () => {
    console.log(`[start] 工会服务已启动：http://localhost:${port}/  （数据目录 ${dataDir}，用时 ${Date.now() - t0} ms）`);
    if (devLogin) console.log(`[start] 开发登录已开启，体验身份：${PERSONAS.map((p) => `${p.id}（${p.title}）`).join('，')}`);
  });
  const stop = () => (scheduler.stop(), server.close(() => deps.store.close().then(() => process.exit(0))));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
