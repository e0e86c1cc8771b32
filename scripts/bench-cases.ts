/**
 * Benchmark (not a test): the case queue (`case.queue`) of the federation's desk (待分派, urgent first
 * then the soonest due) and of a lawyer (`mine`), first page and page 21, with 10,000 and with
 * 1,000,000 cases in the store, through the real action on SQLite. Prints a table and the 1M / 10k
 * ratios (goal: at most 1.5×). `BENCH_SIZES=10000,100000` overrides.
 */
import { functions } from '../cloudfunctions/registry';
import { rng } from '../server/seed';
import { benchWorld, medianMs } from './bench-lib';
import { CASES, type Assignee, type CaseDoc } from '../core/case/model';
import { CASE_STEP_OWNER, type CaseStatus } from '../core/case/machine';
import type { Dependencies } from '../core/shared/ports';

const sizes = (process.env.BENCH_SIZES ?? '10000,1000000').split(',').map(Number);
const RUNS = 200;
const DEEP_PAGE = 20;
const DAY = 86400_000;
const PARK = 'org_park';
const UNIONS = Array.from({ length: 18 }, (_, i) => `org_union_${String(i + 1).padStart(3, '0')}`);
const LAWYERS: Assignee[] = [
  { uid: 'dev_lawyer', name: '周律师', role: 'lawyer' },
  ...Array.from({ length: 9 }, (_, i) => ({ uid: `bench_lawyer_${i}`, name: `律师${i}`, role: 'lawyer' as const })),
];

/**
 * Cases over three years, most long closed. About 6% wait at the park's desk and 2% at a union's;
 * 10% are assigned to or handled by one of ten lawyers (half of them 周律师's); 2% wait on the
 * worker's rating or the quality check; one in ten open cases is urgent (collective).
 */
async function fill(deps: Dependencies, n: number) {
  const r = rng(14);
  const now = deps.clock.now();
  const batch: CaseDoc[] = [];
  for (let i = 0; i < n; i++) {
    const union = UNIONS[r.int(0, UNIONS.length - 1)];
    const t = now - r.int(0, 3 * 365) * DAY - r.int(0, 86399) * 1000;
    const roll = r.next();
    const status: CaseStatus =
      roll < 0.08
        ? 'received'
        : roll < 0.13
          ? 'assigned'
          : roll < 0.18
            ? 'handling'
            : roll < 0.19
              ? 'resolved'
              : roll < 0.2
                ? 'quality_check'
                : roll < 0.9
                  ? 'closed'
                  : roll < 0.95
                    ? 'declined'
                    : 'withdrawn';
    const atUnion = status === 'received' && roll >= 0.06;
    const ownerOrgId = atUnion ? union : PARK;
    const assignee = status === 'received' || status === 'declined' ? null : r.next() < 0.5 ? LAWYERS[0] : LAWYERS[r.int(1, LAWYERS.length - 1)];
    const open = !['closed', 'declined', 'withdrawn'].includes(status);
    const urgent = open && r.next() < 0.1;
    const stepStartedAt = open ? now - r.int(0, 10) * DAY : t;
    const id = `cs_b${String(i).padStart(8, '0')}`;
    batch.push({
      _id: id,
      no: `20261201${id.slice(-6)}`,
      uid: `wx_b${i}`,
      name: `职工${i}`,
      anonymous: false,
      mobileSealed: null,
      mobileMasked: '138****0000',
      memberId: null,
      category: (['consult', 'help', 'complaint', 'legal_aid', 'suggestion'] as const)[i % 5],
      itemKey: 'other',
      itemLabel: '其他',
      complexity: 'general',
      title: '诉求标题',
      description: '具体情况说明，十个字以上。',
      fileIds: [],
      enterpriseId: `ent_${String((i % 40) + 1).padStart(3, '0')}`,
      enterpriseName: '园区企业',
      unionOrgId: union,
      orgId: PARK,
      ownerOrgId,
      ownerOrgName: ownerOrgId,
      federationId: PARK,
      cityId: 'org_city',
      scope: atUnion ? ['org_city', PARK, union] : ['org_city', PARK],
      status,
      owner: CASE_STEP_OWNER[status],
      assignee,
      assigneeUid: assignee?.uid ?? null,
      priority: urgent ? 0 : 1,
      urgent,
      collective: urgent ? { workers: 20, amountOwed: 100_000, claimants: 1, claimedTotal: 5000 } : null,
      shareCode: null,
      legalAid: null,
      stepStartedAt,
      dueAt: open ? stepStartedAt + r.int(1, 7) * DAY : null,
      escalated: false,
      resolveDueAt: t + 7 * DAY,
      ask: null,
      resolution: null,
      rating: null,
      metrics: {
        receivedAt: t,
        assignedAt: assignee ? t + 3600_000 : null,
        signedAt: null,
        signedOnTime: null,
        resolvedAt: null,
        resolvedOnTime: null,
        closedAt: open ? null : t + 7 * DAY,
        reopened: 0,
        recovered: 0,
      },
      bookingId: null,
      createdAt: t,
      updatedAt: open ? stepStartedAt : t + 7 * DAY,
      version: 3,
      timeline: [{ at: t, event: 'submit', by: `wx_b${i}`, byName: `职工${i}`, to: 'received', note: null, internal: false, fileIds: [] }],
    });
    if (batch.length === 20_000) await deps.store.insertMany(CASES, batch.splice(0));
  }
  if (batch.length) await deps.store.insertMany(CASES, batch);
}

async function measure(n: number) {
  const { deps, close } = await benchWorld('bench-cases');
  const t0 = Date.now();
  await fill(deps, n);
  const fillMs = Date.now() - t0;
  const call = async (uid: string, data: Record<string, unknown>) => {
    const env = await functions.case.invoke({ action: 'queue', data }, { uid }, deps);
    if (!env.ok) throw new Error(`queue: ${JSON.stringify(env.error)}`);
    return env.data as { items: unknown[]; next: string | null };
  };
  const lists = {
    // the park's desk: cases waiting to be assigned, urgent first then the soonest due
    desk: (after: string | null) => call('dev_federation_officer', { tab: 'received', limit: 20, after }),
    // a lawyer: the cases assigned to them, across their steps
    lawyer: (after: string | null) => call('dev_lawyer', { tab: 'mine', limit: 20, after }),
  };
  const out = {} as Record<keyof typeof lists, { first: number; deep: number }>;
  for (const name of Object.keys(lists) as Array<keyof typeof lists>) {
    const list = lists[name];
    let cursor: string | null = null;
    for (let p = 0; p < DEEP_PAGE; p++) cursor = (await list(cursor)).next;
    if (!cursor) throw new Error(`${name}: fewer than ${DEEP_PAGE + 1} pages`);
    const time = async (after: string | null) => {
      await medianMs(() => list(after), RUNS / 4); // warm-up, not counted
      return medianMs(() => list(after), RUNS);
    };
    out[name] = { first: await time(null), deep: await time(cursor) };
  }
  const atDesk = await deps.store.count(CASES, { ownerOrgId: PARK, status: 'received' });
  const lawyers = await deps.store.count(CASES, { assigneeUid: 'dev_lawyer', status: { $in: ['assigned', 'handling', 'resolved', 'quality_check'] } });
  await close();
  return { n, atDesk, lawyers, fillMs, ...out };
}

async function main() {
  const rows = [];
  for (const n of sizes) {
    const r = await measure(n);
    rows.push(r);
    console.log(
      `${String(n).padStart(9)} cases (${r.atDesk} at the park's desk, ${r.lawyers} open with 周律师, filled in ${(r.fillMs / 1000).toFixed(1)} s): ` +
        `desk first ${r.desk.first.toFixed(2)} ms, page ${DEEP_PAGE + 1} ${r.desk.deep.toFixed(2)} ms; ` +
        `lawyer first ${r.lawyer.first.toFixed(2)} ms, page ${DEEP_PAGE + 1} ${r.lawyer.deep.toFixed(2)} ms (median of ${RUNS})`,
    );
  }
  if (rows.length >= 2) {
    const [a, b] = [rows[0], rows[rows.length - 1]];
    const ratio = (x: number, y: number) => +(y / x).toFixed(2);
    console.log(
      JSON.stringify({
        small: a.n,
        large: b.n,
        deskFirstPageRatio: ratio(a.desk.first, b.desk.first),
        deskDeepPageRatio: ratio(a.desk.deep, b.desk.deep),
        lawyerFirstPageRatio: ratio(a.lawyer.first, b.lawyer.first),
        lawyerDeepPageRatio: ratio(a.lawyer.deep, b.lawyer.deep),
        goal: 1.5,
      }),
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
