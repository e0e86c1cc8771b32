/**
 * Benchmark (not a test): the officers' aid review queue (`aid.queue`) and the federation's notice
 * board (`aid.noticeBoard`), first page and a deep page, with 10,000 and with 1,000,000 aid
 * applications (and a notice per 20 of them) in the store, through the real actions on SQLite.
 * Prints a table and the 1M / 10k ratios (goal: at most 1.5×). `BENCH_SIZES=10000,100000` overrides.
 */
import { functions } from '../cloudfunctions/registry';
import { rng } from '../server/seed';
import { benchWorld, medianMs } from './bench-lib';
import { AID_APPLICATIONS, AID_NOTICES, type AidApplicationDoc, type NoticeDoc } from '../core/aid/model';
import type { AidStatus } from '../core/aid/machine';
import type { Dependencies } from '../core/shared/ports';
import { shanghaiYear } from '../core/shared/time';

const sizes = (process.env.BENCH_SIZES ?? '10000,1000000').split(',').map(Number);
const RUNS = 200;
const DEEP_PAGE = 20;
const DAY = 86400_000;

const UNIONS = Array.from({ length: 18 }, (_, i) => `org_union_${String(i + 1).padStart(3, '0')}`);

/** Applications over three years, most of them long closed; about 3% wait in a review step (as a real archive looks). */
async function fill(deps: Dependencies, n: number) {
  const r = rng(11);
  const now = deps.clock.now();
  const batch: AidApplicationDoc[] = [];
  const notices: NoticeDoc[] = [];
  for (let i = 0; i < n; i++) {
    const orgId = UNIONS[r.int(0, UNIONS.length - 1)];
    const t = now - r.int(0, 3 * 365) * DAY - r.int(0, 86399) * 1000;
    const roll = r.next();
    const status: AidStatus =
      roll < 0.01
        ? 'first_check'
        : roll < 0.02
          ? 'union_review'
          : roll < 0.03
            ? 'federation_review'
            : roll < 0.8
              ? 'paid'
              : roll < 0.95
                ? 'rejected'
                : 'withdrawn';
    const owner = status === 'first_check' || status === 'union_review' ? 'union' : status === 'federation_review' ? 'federation' : null;
    const ownerOrgId = owner === 'union' ? orgId : owner === 'federation' ? 'org_park' : null;
    batch.push({
      _id: `aa_b${String(i).padStart(8, '0')}`,
      uid: `wx_b${i}`,
      fileId: `af_b${i}`,
      kind: (['living', 'medical', 'study', 'sudden'] as const)[i % 4],
      status,
      owner,
      ownerOrgId,
      ownerOrgName: ownerOrgId,
      name: `职工${i}`,
      idHash: `h${i}`,
      orgId,
      orgName: orgId,
      federationId: 'org_park',
      cityId: 'org_city',
      scope: ['org_city', 'org_park', orgId],
      year: shanghaiYear(t),
      reason: '家庭困难',
      requestedAmount: 3000,
      outOfPocket: null,
      student: null,
      attachments: [],
      tier: 'relative',
      amount: status === 'paid' ? 3000 : null,
      missing: [],
      ledgerId: null,
      budgetId: null,
      noticeId: status === 'paid' ? `an_b${Math.floor(i / 20)}` : null,
      payment: null,
      stepStartedAt: t,
      dueAt: owner ? t + 5 * DAY : null,
      escalated: false,
      submittedAt: t,
      closedAt: owner ? null : t + 20 * DAY,
      updatedAt: t,
      version: 3,
      history: [],
    });
    if (i % 20 === 0) {
      notices.push({
        _id: `an_b${Math.floor(i / 20)}`,
        orgId: 'org_park',
        orgName: '星海高新区工会联合会',
        scope: ['org_city', 'org_park'],
        programme: 'hardship',
        title: '困难职工帮扶名单公示',
        status: 'archived',
        opensAt: t,
        closesAt: t + 7 * DAY,
        entries: Array.from({ length: 20 }, (_, k) => ({
          applicationId: `aa_b${String(i + k).padStart(8, '0')}`,
          publicName: '张*',
          unionName: orgId,
          kindLabel: null,
          amount: null,
          state: 'cleared',
        })),
        publishedBy: 'dev_federation_officer',
        archivedAt: t + 7 * DAY,
        version: 2,
      });
    }
    if (batch.length === 20_000) await deps.store.insertMany(AID_APPLICATIONS, batch.splice(0));
    if (notices.length === 2_000) await deps.store.insertMany(AID_NOTICES, notices.splice(0));
  }
  if (batch.length) await deps.store.insertMany(AID_APPLICATIONS, batch);
  if (notices.length) await deps.store.insertMany(AID_NOTICES, notices);
}

async function measure(n: number) {
  const { deps, close } = await benchWorld('bench-aid');
  const t0 = Date.now();
  await fill(deps, n);
  const fillMs = Date.now() - t0;
  const call = async (action: 'queue' | 'noticeBoard', uid: string, data: Record<string, unknown>) => {
    const env = await functions.aid.invoke({ action, data }, { uid }, deps);
    if (!env.ok) throw new Error(`${action}: ${JSON.stringify(env.error)}`);
    return env.data as { items: unknown[]; next: string | null };
  };
  const lists = {
    // a federation officer supervising the whole park: every open step of every union
    queue: (after: string | null) => call('queue', 'dev_federation_officer', { supervise: true, limit: 20, after }),
    notices: (after: string | null) => call('noticeBoard', 'dev_federation_officer', { limit: 20, after }),
  };
  const out = {} as Record<keyof typeof lists, { first: number; deep: number }>;
  for (const name of Object.keys(lists) as Array<keyof typeof lists>) {
    const list = lists[name];
    let cursor: string | null = null;
    for (let p = 0; p < DEEP_PAGE; p++) cursor = (await list(cursor)).next;
    if (!cursor) throw new Error(`${name}: fewer than ${DEEP_PAGE + 1} pages`);
    const time = (after: string | null) => medianMs(() => list(after), RUNS);
    out[name] = { first: await time(null), deep: await time(cursor) };
  }
  const open = await deps.store.count(AID_APPLICATIONS, { federationId: 'org_park', status: 'federation_review' });
  await close();
  return { n, open, fillMs, ...out };
}

async function main() {
  const rows = [];
  for (const n of sizes) {
    const r = await measure(n);
    rows.push(r);
    console.log(
      `${String(n).padStart(9)} applications (${r.open} awaiting the federation, filled in ${(r.fillMs / 1000).toFixed(1)} s): ` +
        `queue first ${r.queue.first.toFixed(2)} ms, page ${DEEP_PAGE + 1} ${r.queue.deep.toFixed(2)} ms; ` +
        `notices first ${r.notices.first.toFixed(2)} ms, page ${DEEP_PAGE + 1} ${r.notices.deep.toFixed(2)} ms (median of ${RUNS})`,
    );
  }
  if (rows.length >= 2) {
    const [a, b] = [rows[0], rows[rows.length - 1]];
    const ratio = (x: number, y: number) => +(y / x).toFixed(2);
    console.log(
      JSON.stringify({
        small: a.n,
        large: b.n,
        queueFirstPageRatio: ratio(a.queue.first, b.queue.first),
        queueDeepPageRatio: ratio(a.queue.deep, b.queue.deep),
        noticesFirstPageRatio: ratio(a.notices.first, b.notices.first),
        noticesDeepPageRatio: ratio(a.notices.deep, b.notices.deep),
        goal: 1.5,
      }),
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
