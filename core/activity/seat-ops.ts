/**
 * The seat engine's one slot per activity (seats.ts explains the protocol): a seat operation with
 * more than one write — a release (a cancelled signup's seats go back) or a promotion (a waiter gets
 * seats, is confirmed and told) — starts with the conditional write that moves `left` and records it
 * in `op`, and is completed by whoever finds it there: its own request, the next seat move, or
 * `reconcile`. Every step is idempotent.
 */
import { type Where } from '../shared/docstore';
import type { Dependencies } from '../shared/ports';
import { enqueue } from '../shared/outbox';
import { ttlCache } from '../shared/cache';
import { ACTIVITIES, SIGNUPS, type ActivityDoc, type SeatOp, type SignupDoc } from './model';
import { fits, promotionNoticeKey, promotionStep, roundOf } from './seat-rules';
import { readActivity, readSignup } from './records';

/**
 * The signup hot path reads the activity's settings (window, limits, eligibility, a hint of seats
 * left) through a one-second cache: nothing it decides from them is final. Seats are only ever taken
 * by the conditional decrement (`takeSeats`), and after its write a signup reads the stored activity
 * again: closed or cancelled meanwhile undoes the signup with the matching error, a seat freed
 * meanwhile goes to the waitlist in order. A surge of thousands therefore reads the activity once per
 * second per instance instead of twice per signup, and loses nothing to staleness.
 */
export const activityCache = ttlCache<ActivityDoc | null>(1000);

/** a condition on a field that may be missing on documents written before it existed */
export const asRead = (v: number | string | null | undefined) => v ?? null;

/** How long to wait for another request's operation (a few ms each) before completing it oneself. */
const SLOT_PATIENCE = 25;

const pause = (attempt: number) => new Promise<void>((r) => setTimeout(r, 1 + Math.floor(Math.random() * Math.min(8, 1 + attempt))));

/** Waits for the slot to clear, completing what is in it when it stays taken (its owner died, or is slow). */
async function waitForSlot(deps: Dependencies, a: ActivityDoc & { op: SeatOp }, attempt: number) {
  if (attempt < SLOT_PATIENCE) await pause(attempt);
  else await completeOp(deps, a, a.op);
}

/** Frees the slot of this operation (and only of it). */
const freeSlot = (deps: Dependencies, activityId: string, opId: string) => deps.store.update(ACTIVITIES, activityId, { set: { op: null } }, { 'op.id': opId });

/** Completes the operation found in the slot, whoever started it; true for a promotion that confirmed its waiter. Every step is idempotent. */
export async function completeOp(deps: Dependencies, a: ActivityDoc, op: SeatOp): Promise<boolean> {
  if (op.kind === 'release') {
    await deps.store.update(SIGNUPS, op.signupId, { set: { releaseOp: null } }, { releaseOp: op.id });
    await freeSlot(deps, a._id, op.id);
    return false;
  }
  let s = await readSignup(deps, op.signupId);
  let step = promotionStep(op, s);
  if (step === 'confirm') {
    const now = deps.clock.now();
    if (
      await deps.store.update(
        SIGNUPS,
        op.signupId,
        { set: { status: 'confirmed', confirmedAt: now, promotedOp: op.id } },
        { status: 'waitlisted', round: asRead(s!.round) },
      )
    ) {
      s = { ...s!, status: 'confirmed', confirmedAt: now, promotedOp: op.id };
      step = 'notify';
    } else {
      s = await readSignup(deps, op.signupId);
      step = promotionStep(op, s);
      if (step === 'confirm') return false; // cannot be: a failed confirm means it is no longer waiting; left to the next visit
    }
  }
  if (step === 'undo') {
    // they left the waitlist meanwhile: the seats taken for them go back, with the slot freed
    await deps.store.update(ACTIVITIES, a._id, { inc: { left: op.seats }, set: { op: null } }, { 'op.id': op.id });
    return false;
  }
  // derived from the confirmed record, keyed by the promotion: written once however often this runs
  await enqueue(deps, promotionNoticeKey(op.signupId, op.id), {
    to: `uid:${s!.uid}`,
    template: 'waitlist_promoted',
    title: '候补成功',
    body: `您候补的“${a.title}”已有空位，报名成功。`,
    page: `/pages/activity/detail?id=${a._id}`,
    fields: { activity: a.title, startAt: a.startAt },
  });
  await freeSlot(deps, a._id, op.id);
  return true;
}

/**
 * Gives a cancelled signup's seats back, once: started in the slot on the `opSeq` read before the
 * signup was seen still releasing, so that a release someone else applied and finished in between
 * (which bumped `opSeq`) is never applied again.
 */
export async function applyRelease(deps: Dependencies, activityId: string, signupId: string, releaseOp: string, seats: number): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const a = await readActivity(deps, activityId);
    if (!a) return;
    if (a.op?.id === releaseOp) return void (await completeOp(deps, a, a.op));
    const s = await readSignup(deps, signupId);
    if (!s || s.releaseOp !== releaseOp) return; // applied and finished
    if (a.op) {
      await waitForSlot(deps, a as ActivityDoc & { op: SeatOp }, attempt);
      continue;
    }
    const op: SeatOp = { id: releaseOp, kind: 'release', signupId, seats, round: roundOf(s), at: deps.clock.now() };
    if (await deps.store.update(ACTIVITIES, activityId, { inc: { left: seats, opSeq: 1 }, set: { op } }, { op: null, opSeq: asRead(a.opSeq) })) {
      activityCache.forget(deps, activityId);
      return void (await completeOp(deps, a, op));
    }
  }
}

/** The oldest waiter who fits `left` seats: the whole waitlist in order, filtered by the store (one document read). */
async function firstWaiterWhoFits(deps: Dependencies, activityId: string, left: number, perPersonLimit: number): Promise<SignupDoc | null> {
  const where: Where = { activityId, status: 'waitlisted' };
  if (left < perPersonLimit) where.seatCount = { $lte: left };
  const page = await deps.store.query<SignupDoc>(SIGNUPS, { where, orderBy: [['waitSince', 'asc']], limit: 1 });
  const next = page.items[0] ?? null;
  return next && fits(next, left) ? next : null;
}

/** Gives free seats to the waitlist, oldest who fits first, until seats or candidates run out; returns how many moved up. */
export async function promoteWaitlist(deps: Dependencies, activityId: string): Promise<number> {
  let promoted = 0;
  for (let attempt = 0; ; attempt++) {
    const a = await readActivity(deps, activityId);
    if (!a || a.status !== 'open') return promoted;
    if (a.op) {
      await waitForSlot(deps, a as ActivityDoc & { op: SeatOp }, attempt);
      continue;
    }
    if (a.left <= 0) return promoted;
    const next = await firstWaiterWhoFits(deps, activityId, a.left, a.perPersonLimit);
    if (!next) return promoted;
    const op: SeatOp = {
      id: `pr${deps.clock.now().toString(36)}${deps.crypto.randomId(4)}`,
      kind: 'promote',
      signupId: next._id,
      seats: next.seatCount,
      round: roundOf(next),
      at: deps.clock.now(),
    };
    const started = await deps.store.update(
      ACTIVITIES,
      activityId,
      { inc: { left: -next.seatCount, opSeq: 1 }, set: { op } },
      { op: null, opSeq: asRead(a.opSeq), left: { $gte: next.seatCount }, status: 'open' },
    );
    if (!started) continue; // someone else moved first: look again
    activityCache.forget(deps, activityId);
    if (await completeOp(deps, a, op)) promoted++;
    attempt = 0;
  }
}
