/**
 * The seat engine. Never more confirmed seats than `seats`, one signup per person, no lost signup,
 * no lost seat, no seat withheld while a waiter fits — under any concurrency and through a process
 * killed at any instant, on SQLite and on CloudBase, using only single-document atomic writes:
 *
 * - One signup per person: the signup `_id` is derived from (activity, user). A retry or a double
 *   tap finds or collides with the same document and gets the same answer.
 * - No oversell: every confirmation — a new signup or a promotion from the waitlist — first takes
 *   its seats with one conditional update of the activity, `where {_id, left >= k} inc left -k`
 *   (CloudBase: `where({_id, left: _.gte(k)}).update({left: _.inc(-k)})`). The counter can never go
 *   below zero, so confirmed seats can never exceed `seats`.
 * - No lost signup: the signup document is written (`pending`) before the seat is taken, so a
 *   crash between the two writes leaves a record; `reconcile` (at start-up and on a timer) settles
 *   stale pending signups and recounts `left`, counting pending ones as holding seats so that it can
 *   only ever under-, never over-sell.
 * - No lost seat: every other change of seats has more than one write, and each leaves a durable
 *   intent that any process completes (as transfers do with their claim):
 *   - cancel first decides with one conditional write of the signup, `confirmed → cancelled` with a
 *     `releaseOp` (exactly one tap wins). That is the intent: the seats are still held.
 *   - a seat operation (`release`: the seats go back; `promote`: seats are taken for a waiter) is
 *     started by one conditional write of the activity that moves `left` AND records the operation
 *     in `op`, the activity's single slot, on `{op: null, opSeq: <as read>}`; `opSeq` counts starts,
 *     so a process that read the activity before someone else's operation started and finished
 *     cannot apply a release twice. Then the signup is written (release: `releaseOp` cleared;
 *     promote: `waitlisted → confirmed` with `promotedOp`), then the notice (promote), then the slot
 *     is freed. Every step is idempotent: whoever finds the slot taken (a later cancel, a promotion,
 *     `reconcile`) completes the operation itself before starting its own.
 * - Promotion and its notice cannot be separated: the notice is keyed by the promotion (`promotedOp`
 *   on the confirmed signup) and written before the slot is freed, so a crash in between leaves the
 *   operation in the slot and its completion writes the notice, once.
 * - Waitlist order: promotion gives free seats to the oldest waiter who fits (the whole waitlist,
 *   in order, filtered by the store: one document read), and while anyone waits a newcomer joins
 *   the waitlist instead of grabbing a freed seat.
 * - Closing and cancelling an activity (lifecycle.ts) record the move (`pendingMove`) with the status,
 *   so its audit entry and the notices to everyone concerned are written (idempotently) by
 *   `reconcile` when the request dies half-way.
 * - `reconcile` (seat-repair.ts) visits every activity still ahead (or of the last month): completes
 *   what is in the slot and every unapplied release, parks stale pending signups, recounts `left`
 *   (raising it to the count on the timer; exactly at start-up, when nothing runs), promotes while a
 *   waiter fits, re-sends close and cancel notices.
 */
import type { z } from 'zod';
import { AppError, conflict, notFound } from '../shared/errors';
import { DuplicateKeyError, type Where } from '../shared/docstore';
import type { Caller, SignedInCaller } from '../shared/caller';
import type { Dependencies } from '../shared/ports';
import { enqueue } from '../shared/outbox';
import { ttlCache } from '../shared/cache';
import { getOrg, inScope } from '../org';
import type { MemberDoc } from '../member';
import type { SignupView, activityContract } from './contract';
import { resolveSharer } from './sharing';
import { ACTIVITIES, SIGNUPS, type ActivityDoc, type ActivityStatus, type SeatOp, type SignupDoc } from './model';
import { cancelReleasesSeats, canMove, fits, mayStartOver, promotionNoticeKey, promotionStep, roundOf } from './seat-rules';
import { activeMember, loadActivity, signupIdFor, toActivityView, toSignupView } from './usecases';

type C = typeof activityContract;
type In<K extends keyof C> = z.output<C[K]['input']>;


/**
 * The signup hot path reads the activity's settings (window, limits, eligibility, a hint of seats
 * left) through a one-second cache: nothing it decides from them is final. Seats are only ever taken
 * by the conditional decrement (`takeSeats`), and after its write a signup reads the stored activity
 * again: closed or cancelled meanwhile undoes the signup with the matching error, a seat freed
 * meanwhile goes to the waitlist in order. A surge of thousands therefore reads the activity once per
 * second per instance instead of twice per signup, and loses nothing to staleness.
 */
export const activityCache = ttlCache<ActivityDoc | null>(1000);

function cachedActivity(deps: Dependencies, id: string): Promise<ActivityDoc | null> {
  return activityCache.get(deps, id, () => deps.store.get<ActivityDoc>(ACTIVITIES, id), (a) => a !== null);
}

const readActivity = (deps: Dependencies, id: string) => deps.store.get<ActivityDoc>(ACTIVITIES, id);
const readSignup = (deps: Dependencies, id: string) => deps.store.get<SignupDoc>(SIGNUPS, id);
/** a condition on a field that may be missing on documents written before it existed */
export const asRead = (v: number | string | null | undefined) => v ?? null;

// ---------------------------------------------------------------------------------------------
// Worker: sign up, cancel

async function checkSignupAllowed(deps: Dependencies, a: ActivityDoc, uid: string, seatCount: number): Promise<MemberDoc | null> {
  const view = toActivityView(deps, a);
  if (view.phase === 'cancelled') throw new AppError('CONFLICT', '该活动已取消');
  if (view.phase === 'not_open') throw new AppError('CONFLICT', '报名尚未开始，请稍后再来');
  if (view.phase === 'closed') throw new AppError('DEADLINE_PASSED', '报名已截止');
  if (seatCount > a.perPersonLimit) {
    throw new AppError('VALIDATION', `每人最多报名${a.perPersonLimit}个名额`, [{ path: ['seatCount'], message: `每人最多报名${a.perPersonLimit}个名额` }]);
  }
  const member = await activeMember(deps, uid);
  if (a.membersOnly) {
    if (!member) throw new AppError('FORBIDDEN', '该活动仅限工会会员报名，入会后即可参加。', undefined, { next: 'join' });
    if (!inScope(a.orgId, await getOrg(deps, member.orgId))) throw new AppError('FORBIDDEN', `该活动仅限${a.orgName}的会员报名`);
  }
  return member;
}

export async function signup(deps: Dependencies, caller: SignedInCaller, input: In<'signup'>): Promise<SignupView> {
  const uid = caller.uid;
  const id = signupIdFor(deps, input.activityId, uid);
  const a = await cachedActivity(deps, input.activityId);
  if (!a) throw notFound('活动');
  let member: MemberDoc | null;
  try {
    member = await checkSignupAllowed(deps, a, uid, input.seatCount);
  } catch (e) {
    // a retry of a signup that was accepted (window closed since, say) still gets its first answer
    const existing = await readSignup(deps, id);
    if (existing && existing.status !== 'cancelled') return toSignupView(deps, existing, false);
    throw e;
  }

  const now = deps.clock.now();
  const sharer = await resolveSharer(deps, input.sharedBy);
  // When no seat can be had (full, or others already waiting), the signup goes straight onto the
  // waitlist in one atomic write; otherwise it is recorded as pending before it takes a seat.
  const straightToWaitlist = a.waitlist && (a.left < input.seatCount || (await someoneWaits(deps, a._id)));
  const fresh: SignupDoc = {
    _id: id, activityId: a._id, uid, name: member?.name ?? '非会员职工', memberNo: member?.memberNo ?? null, seatCount: input.seatCount,
    status: straightToWaitlist ? 'waitlisted' : 'pending', sharedBy: sharer && sharer !== uid ? sharer : null, createdAt: now,
    waitSince: straightToWaitlist ? now : null, confirmedAt: null, cancelledAt: null, checkedInAt: null, remindedAt: null, round: 0,
  };
  // Record the signup before taking a seat, so a crash in between loses nothing (see reconcile).
  // The deterministic _id makes the insert itself the duplicate check: a retry or a double tap
  // collides and gets the first signup's answer. The other tap's document may be gone by the time
  // it is read (refused without a waitlist): then this tap tries again, and gets its own answer.
  let stored: SignupDoc = fresh;
  for (let attempt = 0; ; attempt++) {
    const existing = await insertOrFind(deps, fresh);
    if (!existing) break;
    if (existing.status !== 'cancelled' || attempt >= 3) return toSignupView(deps, existing, false);
    // signing up again after cancelling: once the previous seats are back, as a new incarnation
    if (!mayStartOver(existing)) await applyRelease(deps, existing.activityId, existing._id, existing.releaseOp!, existing.seatCount);
    const { _id, ...rest } = fresh;
    const again = { ...rest, round: roundOf(existing) + 1, releaseOp: null, promotedOp: null };
    if (await deps.store.update(SIGNUPS, id, { set: again }, { status: 'cancelled', releaseOp: null, round: asRead(existing.round) })) {
      stored = { ...fresh, ...again };
      break;
    }
  }
  if (straightToWaitlist) return toSignupView(deps, await settleWaitlisted(deps, stored), false);
  return toSignupView(deps, await settlePending(deps, a, stored), false);
}

/** Inserts the signup; null when it was written, else the document already there (or, when that one vanished meanwhile, after writing this one). */
async function insertOrFind(deps: Dependencies, doc: SignupDoc): Promise<SignupDoc | null> {
  for (let i = 0; i < 3; i++) {
    try {
      await deps.store.insert(SIGNUPS, doc);
      return null;
    } catch (e) {
      if (!(e instanceof DuplicateKeyError)) throw e;
    }
    const existing = await readSignup(deps, doc._id);
    if (existing) return existing;
  }
  throw conflict('报名正在处理中，请稍后再试');
}

/**
 * After a signup is written without a seat: the stored activity decides. Closed or cancelled since
 * the signup read it: the signup is undone (it was never acknowledged). Seats free: the waitlist
 * moves up in order, which may include this signup.
 */
async function settleWaitlisted(deps: Dependencies, s: SignupDoc): Promise<SignupDoc> {
  const a = await readActivity(deps, s.activityId);
  // the fresh document also refreshes the cache: once the seats are gone, the next signups go
  // straight onto the waitlist instead of each trying for a seat that is not there
  if (a) activityCache.set(deps, a._id, a);
  if (!a || a.status !== 'open') {
    await deps.store.remove(SIGNUPS, s._id, { status: { $in: ['waitlisted', 'pending'] } });
    throw notOpen(a?.status);
  }
  if (a.left <= 0) return s;
  const promoted = await promoteWaitlist(deps, a._id);
  return promoted ? ((await readSignup(deps, s._id)) ?? s) : s;
}

/** The error for a signup that reached an activity closed or cancelled in the meantime. */
function notOpen(status: ActivityStatus | undefined): AppError {
  return status === 'closed' ? new AppError('DEADLINE_PASSED', '报名已截止') : new AppError('CONFLICT', '该活动已取消');
}

function someoneWaits(deps: Dependencies, activityId: string): Promise<boolean> {
  return deps.store
    .query(SIGNUPS, { where: { activityId, status: 'waitlisted' }, orderBy: [['waitSince', 'asc']], limit: 1 }) // served by the index
    .then((p) => p.items.length > 0);
}

/**
 * Takes seats for a pending signup, or puts it on the waitlist, or refuses it when full. Each write
 * on the signup is conditional on `pending`; when one does not apply (another instance's reconcile
 * parked a request it took for dead), the stored signup is the answer, and a seat this request took
 * is given back by reconcile's recount.
 */
async function settlePending(deps: Dependencies, a: ActivityDoc, s: SignupDoc): Promise<SignupDoc> {
  const now = deps.clock.now();
  const stored = async () => {
    const doc = await readSignup(deps, s._id);
    if (!doc) throw conflict('报名状态刚刚发生了变化，请刷新后再试');
    return doc;
  };
  if (await takeSeats(deps, a._id, s.seatCount)) {
    if (await deps.store.update(SIGNUPS, s._id, { set: { status: 'confirmed', confirmedAt: now } }, { status: 'pending' })) return { ...s, status: 'confirmed', confirmedAt: now };
    return stored();
  }
  if (!a.waitlist) {
    if (!(await deps.store.remove(SIGNUPS, s._id, { status: 'pending' }))) return stored();
    const current = await readActivity(deps, a._id);
    if (current) activityCache.set(deps, current._id, current);
    if (current && current.status !== 'open') throw notOpen(current.status);
    throw new AppError('QUOTA_FULL', '名额已满，下次早点来哦');
  }
  if (!(await deps.store.update(SIGNUPS, s._id, { set: { status: 'waitlisted', waitSince: now } }, { status: 'pending' }))) return stored();
  return settleWaitlisted(deps, { ...s, status: 'waitlisted', waitSince: now });
}

/** The one place a new signup takes seats: a conditional decrement that cannot go below zero. */
function takeSeats(deps: Dependencies, activityId: string, k: number): Promise<boolean> {
  return deps.store.update(ACTIVITIES, activityId, { inc: { left: -k } }, { left: { $gte: k }, status: 'open' });
}

export async function cancel(deps: Dependencies, caller: SignedInCaller, input: In<'cancel'>): Promise<SignupView> {
  const uid = caller.uid;
  const id = signupIdFor(deps, input.activityId, uid);
  const s = await readSignup(deps, id);
  if (s?.releaseOp) await settleActivity(deps, s.activityId, () => applyRelease(deps, s.activityId, s._id, s.releaseOp!, s.seatCount)); // a cancel cut off earlier
  if (!s || s.status === 'cancelled') throw notFound('报名');
  if (!canMove(s.status, 'cancel')) throw conflict('报名正在处理中，请稍后再试');
  const a = await loadActivity(deps, input.activityId);
  if (deps.clock.now() > a.cancelCutoffAt) throw new AppError('DEADLINE_PASSED', '已过取消截止时间，如有特殊情况请联系工会');
  const now = deps.clock.now();
  // the decision and, for a confirmed signup, the intent to give its seats back: one write
  const releaseOp = cancelReleasesSeats(s) ? `rl${now.toString(36)}${deps.crypto.randomId(4)}` : null;
  if (!(await deps.store.update(SIGNUPS, id, { set: { status: 'cancelled', cancelledAt: now, releaseOp } }, { status: s.status, round: asRead(s.round) }))) {
    throw conflict('报名状态刚刚发生了变化，请刷新后再试');
  }
  if (releaseOp) await settleActivity(deps, a._id, () => applyRelease(deps, a._id, id, releaseOp, s.seatCount));
  return toSignupView(deps, { ...s, status: 'cancelled', cancelledAt: now, releaseOp });
}

/** Runs `step`, then gives free seats to the waitlist. */
async function settleActivity(deps: Dependencies, activityId: string, step: () => Promise<void>) {
  await step();
  await promoteWaitlist(deps, activityId);
}

// ---------------------------------------------------------------------------------------------
// Seat operations: one slot per activity, completed by whoever finds it taken

/** How long to wait for another request's operation (a few ms each) before completing it oneself. */
const SLOT_PATIENCE = 25;

const pause = (attempt: number) => new Promise<void>((r) => setTimeout(r, 1 + Math.floor(Math.random() * Math.min(8, 1 + attempt))));

/** Waits for the slot to clear, completing what is in it when it stays taken (its owner died, or is slow). */
async function waitForSlot(deps: Dependencies, a: ActivityDoc & { op: SeatOp }, attempt: number) {
  if (attempt < SLOT_PATIENCE) await pause(attempt);
  else await completeOp(deps, a, a.op);
}

/** Frees the slot of this operation (and only of it). */
const freeSlot = (deps: Dependencies, activityId: string, opId: string) =>
  deps.store.update(ACTIVITIES, activityId, { set: { op: null } }, { 'op.id': opId });

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
    if (await deps.store.update(SIGNUPS, op.signupId, { set: { status: 'confirmed', confirmedAt: now, promotedOp: op.id } }, { status: 'waitlisted', round: asRead(s!.round) })) {
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
    to: `uid:${s!.uid}`, template: 'waitlist_promoted', title: '候补成功',
    body: `您候补的“${a.title}”已有空位，报名成功。`, page: `/pages/activity/detail?id=${a._id}`,
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
    const op: SeatOp = { id: `pr${deps.clock.now().toString(36)}${deps.crypto.randomId(4)}`, kind: 'promote', signupId: next._id, seats: next.seatCount, round: roundOf(next), at: deps.clock.now() };
    const started = await deps.store.update(
      ACTIVITIES, activityId,
      { inc: { left: -next.seatCount, opSeq: 1 }, set: { op } },
      { op: null, opSeq: asRead(a.opSeq), left: { $gte: next.seatCount }, status: 'open' },
    );
    if (!started) continue; // someone else moved first: look again
    activityCache.forget(deps, activityId);
    if (await completeOp(deps, a, op)) promoted++;
    attempt = 0;
  }
}
