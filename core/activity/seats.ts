/**
 * The seat engine: signing up and cancelling here, the seat operations' slot in seat-ops.ts, the
 * decisions in seat-rules.ts, recovery in recovery.ts. Never more confirmed seats than `seats`, one signup per person, no lost signup,
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
 * - Closing and cancelling an activity (manage.ts) record the move (`pendingMove`) with the status,
 *   so its audit entry and the notices to everyone concerned are written (idempotently) by
 *   `reconcile` when the request dies half-way.
 * - `reconcile` (recovery.ts) visits every activity still ahead (or of the last month): completes
 *   what is in the slot and every unapplied release, parks stale pending signups, recounts `left`
 *   (raising it to the count on the timer; exactly at start-up, when nothing runs), promotes while a
 *   waiter fits, re-sends close and cancel notices.
 */
import type { z } from 'zod';
import { AppError, conflict, notFound } from '../shared/errors';
import { DuplicateKeyError } from '../shared/docstore';
import type { SignedInCaller } from '../shared/caller';
import type { Dependencies } from '../shared/ports';
import { getOrg, inScope } from '../org';
import type { MemberDoc } from '../member';
import type { SignupView, activityContract } from './contract';
import { resolveSharer } from './sharing';
import { ACTIVITIES, SIGNUPS, type ActivityDoc, type ActivityStatus, type SignupDoc } from './model';
import { cancelReleasesSeats, canMove, mayStartOver, roundOf } from './seat-rules';
import { activityCache, applyRelease, asRead, promoteWaitlist } from './seat-ops';
import { activeMember, loadActivity, readActivity, readSignup, signupIdFor } from './records';
import { phaseOf, toSignupView } from './views';

type C = typeof activityContract;
type In<K extends keyof C> = z.output<C[K]['input']>;

/** The hot path's read of the activity's settings, through `activityCache` (seat-ops.ts): nothing decided from it is final. */
function cachedActivity(deps: Dependencies, id: string): Promise<ActivityDoc | null> {
  return activityCache.get(
    deps,
    id,
    () => deps.store.get<ActivityDoc>(ACTIVITIES, id),
    (a) => a !== null,
  );
}

async function checkSignupAllowed(deps: Dependencies, a: ActivityDoc, uid: string, seatCount: number): Promise<MemberDoc | null> {
  const phase = phaseOf(a, deps.clock.now());
  if (phase === 'cancelled') throw new AppError('CONFLICT', '该活动已取消');
  if (phase === 'not_open') throw new AppError('CONFLICT', '报名尚未开始，请稍后再来');
  if (phase === 'closed') throw new AppError('DEADLINE_PASSED', '报名已截止');
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
    _id: id,
    activityId: a._id,
    uid,
    name: member?.name ?? '非会员职工',
    memberNo: member?.memberNo ?? null,
    seatCount: input.seatCount,
    status: straightToWaitlist ? 'waitlisted' : 'pending',
    sharedBy: sharer && sharer !== uid ? sharer : null,
    createdAt: now,
    waitSince: straightToWaitlist ? now : null,
    confirmedAt: null,
    cancelledAt: null,
    checkedInAt: null,
    remindedAt: null,
    round: 0,
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
    if (await deps.store.update(SIGNUPS, s._id, { set: { status: 'confirmed', confirmedAt: now } }, { status: 'pending' }))
      return { ...s, status: 'confirmed', confirmedAt: now };
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
