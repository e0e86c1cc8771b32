/**
 * Recovery for the seat engine (seats.ts explains the protocol): the `reconcile` job, at start-up
 * and every 5 minutes, completes whatever a killed or timed-out request left half done, so that every
 * activity again satisfies the invariants in seat-rules.ts (`checkSeatInvariants`, which
 * `inspectSeats` evaluates against the store for tests and the surge benchmark).
 */
import type { z } from 'zod';
import type { Where } from '../shared/docstore';
import type { Dependencies } from '../shared/ports';
import { OUTBOX, type OutboxMessage } from '../shared/outbox';
import type { activityContract } from './contract';
import { ACTIVITIES, SIGNUPS, type ActivityDoc, type SignupDoc } from './model';
import { checkSeatInvariants, holdsSeats, recountTarget, type SeatInvariants } from './seat-rules';
import { activityCache, applyRelease, asRead, completeOp, promoteWaitlist } from './seat-ops';
import { finishMove } from './manage';
import { forEachSignup, readActivity } from './records';

type C = typeof activityContract;
type In<K extends keyof C> = z.output<C[K]['input']>;

const RECONCILE_HORIZON_MS = 30 * 86400_000;

export interface ReconcileReport {
  /** activities where something was settled, recounted, promoted or notified */
  activities: number;
  /** stale pending signups settled */
  resolved: number;
  /** half-done seat operations and releases completed */
  repaired: number;
  /** activities whose `left` was rewritten by the count */
  recounted: number;
  /** waiters promoted */
  promoted: number;
  /** activities whose close or cancel notices were (re)sent */
  notified: number;
}

/**
 * The repair job, at start-up (`olderThanMs` 0, before serving, when nothing else is in flight) and
 * every 5 minutes: every activity still ahead (or within the last month) — whatever its state — has
 * its seat operation and releases completed, its stale pending signups (their request died between
 * two writes) parked in the waitlist in arrival order, `left` recounted, free seats given to waiters
 * who fit, and its close or cancel notices sent.
 */
export async function reconcile(deps: Dependencies, input: In<'reconcile'>): Promise<ReconcileReport> {
  const report: ReconcileReport = { activities: 0, resolved: 0, repaired: 0, recounted: 0, promoted: 0, notified: 0 };
  const exact = input.olderThanMs === 0;
  const cutoff = deps.clock.now() - input.olderThanMs;
  let after: string | null = null;
  do {
    const page: { items: ActivityDoc[]; next: string | null } = await deps.store.query<ActivityDoc>(ACTIVITIES, {
      where: { status: { $in: ['open', 'closed', 'cancelled'] }, startAt: { $gte: deps.clock.now() - RECONCILE_HORIZON_MS } },
      orderBy: [['startAt', 'asc']],
      limit: 500,
      after,
    });
    for (const a of page.items) {
      const r = await repairActivity(deps, a, cutoff, exact);
      if (r.resolved + r.repaired + r.recounted + r.promoted + r.notified > 0) report.activities++;
      for (const k of ['resolved', 'repaired', 'recounted', 'promoted', 'notified'] as const) report[k] += r[k];
    }
    after = page.next;
  } while (after);
  return report;
}

async function eachSignup(deps: Dependencies, where: Where, fn: (s: SignupDoc) => Promise<void>) {
  let after: string | null = null;
  do {
    const page: { items: SignupDoc[]; next: string | null } = await deps.store.query<SignupDoc>(SIGNUPS, {
      where,
      orderBy: [['waitSince', 'asc']],
      limit: 500,
      after,
    });
    for (const s of page.items) await fn(s);
    after = page.next;
  } while (after);
}

async function repairActivity(deps: Dependencies, a: ActivityDoc, cutoff: number, exact: boolean) {
  const r = { resolved: 0, repaired: 0, recounted: 0, promoted: 0, notified: 0 };
  if (a.op) {
    await completeOp(deps, a, a.op);
    r.repaired++;
  }
  await eachSignup(deps, { activityId: a._id, status: 'cancelled', releaseOp: { $exists: true } }, async (s) => {
    await applyRelease(deps, a._id, s._id, s.releaseOp!, s.seatCount);
    r.repaired++;
  });
  // park stale pending signups in the queue in arrival order, recount, then give free seats out in order
  const parked: SignupDoc[] = [];
  await eachSignup(deps, { activityId: a._id, status: 'pending' }, async (s) => {
    if (s.createdAt > cutoff) return;
    if (await deps.store.update(SIGNUPS, s._id, { set: { status: 'waitlisted', waitSince: s.createdAt } }, { status: 'pending' })) parked.push(s);
  });
  r.resolved = parked.length;
  if (await recount(deps, a._id, exact)) r.recounted++;
  r.promoted = await promoteWaitlist(deps, a._id);
  if (!a.waitlist) {
    // No waitlist: a parked signup that got no seat was never acknowledged; it is refused. Only
    // reconcile parks signups here, so every waiter is one (also those of a run that died after
    // parking them): the parked state is its own intent.
    const left: SignupDoc[] = [];
    await eachSignup(deps, { activityId: a._id, status: 'waitlisted' }, async (s) => void left.push(s));
    for (const s of left) await deps.store.remove(SIGNUPS, s._id, { status: 'waitlisted' });
  }
  const current = await readActivity(deps, a._id);
  if (current && (await finishMove(deps, current))) r.notified++;
  if (r.recounted || r.repaired || r.promoted) activityCache.forget(deps, a._id);
  return r;
}

/**
 * left = seats − held seats (pending, confirmed, releases not yet applied, a promotion in the slot),
 * written with compare-and-set on the `left` and `opSeq` read first: any seat taken or operation
 * started meanwhile makes it count again. The statuses are read in the order signups move through
 * them, so a signup moving during the count is counted at least once, never missed.
 */
async function recount(deps: Dependencies, activityId: string, exact: boolean): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const a = await readActivity(deps, activityId);
    if (!a || a.status === 'cancelled') return false;
    let held = a.op?.kind === 'promote' ? a.op.seats : 0;
    for (const where of [{ status: 'pending' }, { status: 'confirmed' }, { status: 'cancelled', releaseOp: { $exists: true } }] as Where[]) {
      await eachSignup(deps, { activityId, ...where }, async (s) => {
        if (holdsSeats(s)) held += s.seatCount;
      });
    }
    const left = recountTarget(a, held, exact);
    if (left === null) return false;
    if (await deps.store.update(ACTIVITIES, activityId, { set: { left } }, { left: a.left, opSeq: asRead(a.opSeq) })) return true;
  }
  return false;
}

/** The invariants of one activity as stored (after repair they must hold; see `checkSeatInvariants`). */
export async function inspectSeats(deps: Pick<Dependencies, 'store'>, activityId: string): Promise<SeatInvariants> {
  const a = await deps.store.get<ActivityDoc>(ACTIVITIES, activityId);
  if (!a) throw new Error(`no activity ${activityId}`);
  const signups: SignupDoc[] = [];
  await forEachSignup(deps as Dependencies, activityId, async (s) => void signups.push(s));
  // the notices of promotions are keyed by signup and promotion: look each one up, then any stray
  const notices = new Set<string>();
  for (const s of signups) {
    const page = await deps.store.query<OutboxMessage>(OUTBOX, { where: { to: `uid:${s.uid}` }, orderBy: [['createdAt', 'desc']], limit: 999 });
    for (const m of page.items) if (m.template === 'waitlist_promoted' && m._id.startsWith(`ob_${s._id}_promoted_`)) notices.add(m._id);
  }
  return checkSeatInvariants(a, signups, [...notices]);
}
