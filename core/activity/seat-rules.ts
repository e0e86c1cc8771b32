/**
 * The seat engine's decisions, pure (seats.ts is the I/O shell around them): which signup moves the
 * transition table (machine.ts) allows, what completes a seat operation found half done, who moves up
 * from the waitlist, what a recount may write, and the invariants every activity keeps once quiet.
 */
import type { ActivityDoc, SeatOp, SignupDoc, SignupStatus } from './model';
import { SIGNUP_TRANSITIONS, type SignupEvent } from './machine';

export const canMove = (status: SignupStatus, event: SignupEvent): boolean => SIGNUP_TRANSITIONS[status][event] !== undefined;

/** Cancelling a confirmed signup returns its seats (a release); a waiter holds none. */
export const cancelReleasesSeats = (s: Pick<SignupDoc, 'status'>): boolean => s.status === 'confirmed';

/** A signup may be made again only once its previous seats are back. */
export const mayStartOver = (s: Pick<SignupDoc, 'status' | 'releaseOp'>): boolean => s.status === 'cancelled' && !s.releaseOp;

export const roundOf = (s: Pick<SignupDoc, 'round'>): number => s.round ?? 0;

/**
 * A promotion found in the slot (the seats are already taken for the waiter), given the waiter's
 * signup as stored now:
 * - `notify`: it was confirmed by this promotion: tell them (idempotent by key), free the slot;
 * - `confirm`: still waiting, the same incarnation: confirm it, then notify;
 * - `undo`: gone meanwhile (cancelled, or cancelled and signed up again): the seats go back.
 */
export function promotionStep(op: SeatOp, s: SignupDoc | null): 'notify' | 'confirm' | 'undo' {
  if (s && s.promotedOp === op.id) return 'notify';
  if (s && s.status === 'waitlisted' && roundOf(s) === op.round) return 'confirm';
  return 'undo';
}

/** Whether a waiter fits the free seats: promotion gives them to the oldest waiter who fits. */
export const fits = (s: Pick<SignupDoc, 'seatCount'>, left: number): boolean => s.seatCount <= left;

/** Seats a signup holds for the count: confirmed, pending (it may have taken them), or cancelled with its release not yet applied. */
export const holdsSeats = (s: Pick<SignupDoc, 'status' | 'releaseOp'>): boolean =>
  s.status === 'confirmed' || s.status === 'pending' || (s.status === 'cancelled' && !!s.releaseOp);

/**
 * What a recount writes to `left`, or null for nothing. `held` counts every seat that may be held
 * (pending signups and a promotion in flight included), so `seats − held` never exceeds the truth.
 * `exact` (at start-up, nothing in flight): the count is the truth, either way. Otherwise (the timer,
 * while requests run) it may only give seats back: a fresh pending signup that has not yet taken its
 * seat is counted as holding it, so a lower figure may be only momentary.
 */
export function recountTarget(a: Pick<ActivityDoc, 'seats' | 'left'>, held: number, exact: boolean): number | null {
  const target = Math.max(0, a.seats - held);
  if (target === a.left) return null;
  if (!exact && target < a.left) return null;
  return target;
}

export const promotionNoticeKey = (signupId: string, opId: string) => `${signupId}_promoted_${opId}`;

/**
 * The invariants of one activity once nothing is in flight (after repair): confirmed seats never
 * exceed the seats; `left` is the seats minus the seats held; no seat is free while a waiter fits
 * (open activities); every promotion has exactly one notice and there is none otherwise; nothing
 * half done (pending signups, unapplied releases, an operation in the slot).
 */
export interface SeatInvariants {
  confirmed: number;
  left: number;
  waitlisted: number;
  promoted: number;
  notices: number;
  violations: string[];
}

export function checkSeatInvariants(a: ActivityDoc, signups: SignupDoc[], promotionNoticeIds: string[]): SeatInvariants {
  const violations: string[] = [];
  const confirmed = signups.filter((s) => s.status === 'confirmed').reduce((n, s) => n + s.seatCount, 0);
  const held = signups.filter(holdsSeats).reduce((n, s) => n + s.seatCount, 0);
  const waiting = signups.filter((s) => s.status === 'waitlisted');
  if (confirmed > a.seats) violations.push(`oversold: ${confirmed} confirmed of ${a.seats}`);
  if (a.status !== 'cancelled' && a.left !== a.seats - held) violations.push(`left ${a.left} ≠ seats ${a.seats} − held ${held}`);
  if (a.status === 'open') {
    const fitting = waiting.filter((s) => fits(s, a.left));
    if (fitting.length) violations.push(`${a.left} seat(s) free while ${fitting.length} waiter(s) fit`);
  }
  const pending = signups.filter((s) => s.status === 'pending').length;
  if (pending) violations.push(`${pending} pending`);
  const releasing = signups.filter((s) => s.releaseOp).length;
  if (releasing) violations.push(`${releasing} release(s) not applied`);
  if (a.op) violations.push(`operation ${a.op.kind} left in the slot`);
  const expected = new Set(signups.filter((s) => s.promotedOp).map((s) => `ob_${promotionNoticeKey(s._id, s.promotedOp!)}`));
  const seen = new Set(promotionNoticeIds);
  const missing = [...expected].filter((id) => !seen.has(id));
  if (missing.length) violations.push(`${missing.length} promotion(s) without a notice`);
  const byId = new Map(signups.map((s) => [s._id, s]));
  const stray = promotionNoticeIds.filter((id) => {
    if (expected.has(id)) return false;
    const sid = id.slice(3).split('_promoted_')[0];
    return roundOf(byId.get(sid) ?? {}) === 0; // a notice for an earlier incarnation is a real one
  });
  if (stray.length) violations.push(`${stray.length} promotion notice(s) without a promotion`);
  const perSignup = new Map<string, number>();
  for (const id of seen) perSignup.set(id.slice(3).split('_promoted_')[0], (perSignup.get(id.slice(3).split('_promoted_')[0]) ?? 0) + 1);
  const twice = [...perSignup].filter(([sid, n]) => n > 1 && roundOf(byId.get(sid) ?? {}) === 0).length;
  if (twice) violations.push(`${twice} promotion(s) notified twice`);
  return { confirmed, left: a.left, waitlisted: waiting.length, promoted: expected.size, notices: promotionNoticeIds.length, violations };
}
