/**
 * Check-in at the event: the officer's device shows a signed code that rotates every 30 s (it can't
 * be forged or kept), which a confirmed signup's owner scans; or the officer scans a member's card.
 * Open from two hours before the start until the end; a repeat is recorded once.
 */
import type { z } from 'zod';
import { AppError, notFound } from '../shared/errors';
import type { Caller, SignedInCaller } from '../shared/caller';
import type { Dependencies } from '../shared/ports';
import { memberByNo, verifyCard } from '../member';
import type { activityContract } from './contract';
import { SIGNUPS, type ActivityDoc, type SignupDoc } from './model';
import { loadActivity, loadScopedActivity, signupIdFor } from './records';
import { shanghaiShortTime } from '../shared/time';

type C = typeof activityContract;
type In<K extends keyof C> = z.output<C[K]['input']>;

const CHECKIN_PREFIX = 'CK1';
const CHECKIN_WINDOW_MS = 30_000;

/** Check-in opens this long before the start (people arrive early) and closes at the end. */
export const CHECKIN_OPENS_BEFORE_MS = 2 * 3600_000;

/**
 * Check-in is for the event itself: a cancelled activity has no check-in (F7), and codes are issued
 * and accepted only from two hours before the start until the end (not days before, not after).
 */
export function assertCheckInOpen(a: Pick<ActivityDoc, 'status' | 'title' | 'startAt' | 'endAt'>, now: number): void {
  if (a.status === 'cancelled') throw new AppError('CONFLICT', `“${a.title}”已取消，不能签到`);
  if (now < a.startAt - CHECKIN_OPENS_BEFORE_MS)
    throw new AppError('CONFLICT', `“${a.title}”的签到将于 ${shanghaiShortTime(a.startAt - CHECKIN_OPENS_BEFORE_MS)} 开放`);
  if (now > a.endAt) throw new AppError('DEADLINE_PASSED', `“${a.title}”已结束，签到已关闭`);
}

/** The code the officer's device shows; it changes every 30 s and is signed, so it can't be forged or kept. */
export async function checkInCode(deps: Dependencies, caller: Caller, input: In<'checkInCode'>) {
  const a = await loadScopedActivity(deps, caller, input.activityId);
  assertCheckInOpen(a, deps.clock.now());
  const window = Math.floor(deps.clock.now() / CHECKIN_WINDOW_MS);
  const payload = `${CHECKIN_PREFIX}.${a._id}.${window}`;
  return { code: `${payload}.${deps.crypto.sign(payload)}`, expiresAt: (window + 1) * CHECKIN_WINDOW_MS };
}

async function markCheckedIn(deps: Dependencies, a: ActivityDoc, uid: string) {
  assertCheckInOpen(a, deps.clock.now());
  const id = signupIdFor(deps, a._id, uid);
  const s = await deps.store.get<SignupDoc>(SIGNUPS, id);
  if (!s || s.status !== 'confirmed') throw new AppError('FORBIDDEN', `没有找到“${a.title}”的有效报名，请先报名`);
  const now = deps.clock.now();
  const first = await deps.store.update(SIGNUPS, id, { set: { checkedInAt: now } }, { checkedInAt: null, status: 'confirmed' });
  return { signup: s, checkedInAt: first ? now : (s.checkedInAt ?? now), already: !first };
}

export async function checkIn(deps: Dependencies, caller: SignedInCaller, input: In<'checkIn'>) {
  const uid = caller.uid;
  const parts = input.code.split('.');
  const invalid = new AppError('VALIDATION', '签到码无效，请扫描现场展示的签到码', [{ path: ['code'], message: '签到码无效' }]);
  if (parts.length !== 4 || parts[0] !== CHECKIN_PREFIX || !/^\d+$/.test(parts[2])) throw invalid;
  if (!deps.crypto.verify(parts.slice(0, 3).join('.'), parts[3])) throw invalid;
  // the current window and the one before (a code scanned just as it rotates)
  if (Math.floor(deps.clock.now() / CHECKIN_WINDOW_MS) - Number(parts[2]) > 1) throw new AppError('DEADLINE_PASSED', '签到码已过期，请扫描现场最新的签到码');
  const a = await loadActivity(deps, parts[1]);
  const r = await markCheckedIn(deps, a, uid);
  return { activityTitle: a.title, checkedInAt: r.checkedInAt, already: r.already };
}

export async function checkInByCard(deps: Dependencies, caller: Caller, input: In<'checkInByCard'>) {
  const a = await loadScopedActivity(deps, caller, input.activityId);
  const card = await verifyCard(deps, { code: input.cardCode });
  const member = await memberByNo(deps, card.memberNo);
  if (!member) throw notFound('会员');
  const r = await markCheckedIn(deps, a, member.uid);
  return { name: card.nameMasked, memberNo: card.memberNo, checkedInAt: r.checkedInAt, already: r.already };
}
