/**
 * Benchmark (not a test): the officer queue's first-page and deep-page latency with 10,000 and with
 * 1,000,000 join applications in the store, through the real `member.listQueue` action on SQLite.
 * Prints a table and the 1M / 10k ratios (goal: at most 1.5×). `BENCH_SIZES=10000,100000` overrides.
 */
import { functions } from '../cloudfunctions/registry';
import { rng } from '../server/seed';
import { benchWorld, medianMs } from './bench-lib';
import { APPLICATIONS, type ApplicationDoc } from '../core/member/model';
import { anApplication } from '../server/builders.testkit';
import type { Dependencies } from '../core/shared/ports';

const sizes = (process.env.BENCH_SIZES ?? '10000,1000000').split(',').map(Number);
const RUNS = 200;
const DEEP_PAGE = 20;

async function fill(deps: Dependencies, n: number) {
  const r = rng(7);
  const idSealed = deps.crypto.seal('11010519491231002X');
  const mobileSealed = deps.crypto.seal('13812345678');
  const orgs = ['org_park', ...Array.from({ length: 18 }, (_, i) => `org_union_${String(i + 1).padStart(3, '0')}`)];
  const now = deps.clock.now();
  const batch: ApplicationDoc[] = [];
  for (let i = 0; i < n; i++) {
    const orgId = orgs[r.int(0, orgs.length - 1)];
    const t = now - r.int(0, 3 * 365) * 86400_000 - r.int(0, 86399) * 1000;
    const roll = r.next();
    const status = roll < 0.03 ? 'pending' : roll < 0.04 ? 'needs_info' : roll < 0.9 ? 'approved' : 'rejected';
    batch.push(
      anApplication({
        _id: `ja_b${String(i).padStart(8, '0')}`,
        uid: `wx_b${i}`,
        status,
        idSealed,
        idHash: `h${i}`,
        mobileSealed,
        migrantWorker: roll < 0.4,
        orgId,
        orgName: orgId,
        viaFederation: orgId === 'org_park',
        submittedAt: t,
        history: [{ at: t, actor: 'worker', event: 'submit', to: 'pending', reason: null }],
      }),
    );
    if (batch.length === 20_000) await deps.store.insertMany(APPLICATIONS, batch.splice(0));
  }
  if (batch.length) await deps.store.insertMany(APPLICATIONS, batch);
}

async function measure(n: number) {
  const { deps, close } = await benchWorld('bench-queue');
  const t0 = Date.now();
  await fill(deps, n);
  const fillMs = Date.now() - t0;
  const list = async (after: string | null) => {
    const env = await functions.member.invoke({ action: 'listQueue', data: { limit: 20, after } }, { uid: 'dev_federation_officer' }, deps);
    if (!env.ok) throw new Error(JSON.stringify(env.error));
    return env.data as { items: unknown[]; next: string | null };
  };
  // walk to the deep page once, keeping its cursor
  let cursor: string | null = null;
  for (let p = 0; p < DEEP_PAGE; p++) cursor = (await list(cursor)).next;
  const time = (after: string | null) => medianMs(() => list(after), RUNS);
  const first = await time(null);
  const deep = await time(cursor);
  const pending = await deps.store.count(APPLICATIONS, { federationId: 'org_park', status: 'pending' });
  await close();
  return { n, pending, fillMs, first, deep };
}

async function main() {
  const rows = [];
  for (const n of sizes) {
    const r = await measure(n);
    rows.push(r);
    console.log(
      `${String(n).padStart(9)} applications (${r.pending} pending in the federation queue, filled in ${(r.fillMs / 1000).toFixed(1)} s): first page ${r.first.toFixed(2)} ms, page ${DEEP_PAGE + 1} ${r.deep.toFixed(2)} ms (median of ${RUNS})`,
    );
  }
  if (rows.length >= 2) {
    const [a, b] = [rows[0], rows[rows.length - 1]];
    const result = {
      small: a.n,
      large: b.n,
      firstPageRatio: +(b.first / a.first).toFixed(2),
      deepPageRatio: +(b.deep / a.deep).toFixed(2),
      goal: 1.5,
    };
    console.log(JSON.stringify(result));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
