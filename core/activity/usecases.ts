/**
 * The seat engine. Never more confirmed seats than `seats`, one signup per person, no lost signup,
 * under any concurrency — on SQLite and on CloudBase, using only single-document atomic writes:
 *
 * - One signup per person: the signup `_id` is derived from (activity, user). A retry or a double
 *   tap finds or collides with the same document and gets the same answer.
 * - No oversell: every confirmation — a new signup or a promotion from the waitlist — first takes
 *   its seats with one conditional update of the activity, `where {_id, left >= k} inc left -k`
 *   (CloudBase: `where({_id, left: _.gte(k)}).update({left: _.inc(-k)})`). The counter can never go
 *   below zero, so confirmed seats can never exceed `seats`.
 * - No lost signup: the signup document is written (`pending`) before the seat is taken, so a
 *   crash between the two writes leaves a record; `reconcile` (at start-up and on a timer) settles
 *   stale pending signups and recomputes `left` from the confirmed signups, counting fresh pending
 *   ones as holding seats so that it can only ever under-, never over-sell.
 * - Waitlist order: promotion takes the oldest waitlisted first, and while anyone waits a newcomer
 *   joins the waitlist instead of grabbing a freed seat.
 */
import type { z } from 'zod';
import { AppError, conflict, notFound } from '../shared/errors';
import { DuplicateKeyError, queryAll } from '../shared/docstore';
import { requireUid, type Caller } from '../shared/caller';
import type { Dependencies } from '../shared/ports';
import { enqueue } from '../shared/outbox';
import { ttlCache } from '../shared/cache';
import { mask } from '../shared/mask';
import { recordAudit } from '../shared/audit';
import { FILES, type FileDoc } from '../shared/files';
import { calendarFor } from '../shared/workdays';
import { assertScope, getOrg, officerOrgId } from '../org/usecases';
import { inScope } from '../org/model';
import { MEMBERS, type MemberDoc } from '../member/model';
import { findMember, verifyCard } from '../member/usecases';
import type { ActionOutput } from '../shared/contract';
import type { ActivityView, SignupView, activityContract } from './contract';
import { resolveSharer, sharerTokenFor } from './sharing';
import { ACTIVITIES, KIND_LABEL, SIGNUPS, type ActivityDoc, type ActivityStatus, type SignupDoc, type SignupStatus } from './model';

type C = typeof activityContract;
type In<K extends keyof C> = z.output<C[K]['input']>;

const PHASE_LABEL = { not_open: '未开始报名', open: '报名中', full: '名额已满', waitlist: '已满，可候补', closed: '报名已截止', cancelled: '已取消' } as const;
const SIGNUP_LABEL: Record<SignupStatus, string> = { pending: '处理中', confirmed: '报名成功', waitlisted: '候补中', cancelled: '已取消' };

/** Activity lifecycle as a transition table: anything else is an error. */
const ACTIVITY_TRANSITIONS: Record<ActivityStatus, Partial<Record<'close' | 'cancel', ActivityStatus>>> = {
  open: { close: 'closed', cancel: 'cancelled' },
  closed: { cancel: 'cancelled' },
  cancelled: {},
};

export const signupIdFor = (deps: Pick<Dependencies, 'crypto'>, activityId: string, uid: string) =>
  `su_${activityId}_${deps.crypto.hash(`signup|${uid}`).slice(0, 24)}`;

async function loadActivity(deps: Dependencies, id: string): Promise<ActivityDoc> {
  const a = await deps.store.get<ActivityDoc>(ACTIVITIES, id);
  if (!a) throw notFound('活动');
  return a;
}

export function toActivityView(deps: Dependencies, a: ActivityDoc): ActivityView {
  const now = deps.clock.now();
  const phase =
    a.status === 'cancelled' ? 'cancelled'
    : a.status === 'closed' || now > a.signupClosesAt ? 'closed'
    : now < a.signupOpensAt ? 'not_open'
    : a.left > 0 ? 'open'
    : a.waitlist ? 'waitlist'
    : 'full';
  return {
    id: a._id, kind: a.kind, kindLabel: KIND_LABEL[a.kind], title: a.title, description: a.description, place: a.place, host: a.host,
    posterUrl: a.posterUrl, startAt: a.startAt, endAt: a.endAt, signupOpensAt: a.signupOpensAt, signupClosesAt: a.signupClosesAt,
    cancelCutoffAt: a.cancelCutoffAt, seats: a.seats, left: a.left, waitlist: a.waitlist, membersOnly: a.membersOnly,
    perPersonLimit: a.perPersonLimit, orgId: a.orgId, orgName: a.orgName, status: a.status, phase, phaseLabel: PHASE_LABEL[phase],
  };
}

/**
 * `withPosition`: count the place in the waitlist (two index range counts, growing with the
 * waitlist) — for the detail page and my signups, not for the signup answer on the hot path.
 */
async function toSignupView(deps: Dependencies, s: SignupDoc, withPosition = true): Promise<SignupView> {
  let waitlistPosition: number | null = null;
  if (withPosition && s.status === 'waitlisted' && s.waitSince !== null) {
    // the same order promotion uses: waitSince, then _id
    const base = { activityId: s.activityId, status: 'waitlisted' };
    const [before, tiedBefore] = await Promise.all([
      deps.store.count(SIGNUPS, { ...base, waitSince: { $lt: s.waitSince } }),
      deps.store.count(SIGNUPS, { ...base, waitSince: s.waitSince, _id: { $lt: s._id } }),
    ]);
    waitlistPosition = 1 + before + tiedBefore;
  }
  return {
    id: s._id, activityId: s.activityId, status: s.status, statusLabel: SIGNUP_LABEL[s.status], seatCount: s.seatCount,
    waitlistPosition, createdAt: s.createdAt, checkedInAt: s.checkedInAt,
  };
}

// ---------------------------------------------------------------------------------------------
// Officer: publish and manage

/** The org an officer works on (`officerOrgId`), within their scope. */
async function officerOrg(deps: Dependencies, caller: Caller, requested: string | undefined) {
  const org = await getOrg(deps, officerOrgId(caller, requested));
  assertScope(caller, org);
  return org;
}

/** Poster images: what a page may show, by the file's first bytes (the declared type is the client's word). */
const POSTER_FORMATS: Array<{ ext: 'jpg' | 'png' | 'webp'; is: (b: Uint8Array) => boolean }> = [
  { ext: 'jpg', is: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { ext: 'png', is: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 },
  { ext: 'webp', is: (b) => Buffer.from(b.subarray(0, 4)).toString('latin1') === 'RIFF' && Buffer.from(b.subarray(8, 12)).toString('latin1') === 'WEBP' },
];
export const MAX_POSTER_BYTES = 2 * 1024 * 1024;

/**
 * Publishes an uploaded image as the poster: only the officer's own upload, only a JPG, PNG or WEBP
 * image (checked on its bytes), at most 2 MB. The private upload stays private; a copy goes where
 * anyone may see it (the Files port's public place) and its address becomes the activity's poster.
 */
async function publishPoster(deps: Dependencies, caller: Caller, fileId: string): Promise<string> {
  const bad = (message: string) => new AppError('VALIDATION', message, [{ path: ['posterFileId'], message }]);
  const file = await deps.store.get<FileDoc>(FILES, fileId);
  if (!file || file.uploadedBy !== caller.uid) throw bad('海报图片不存在或不是您上传的，请重新上传');
  if (file.size > MAX_POSTER_BYTES) throw bad('海报图片不能超过2MB');
  const bytes = await deps.files.get(file.ref);
  if (!bytes || bytes.length === 0) throw bad('海报图片未上传成功，请重新上传');
  const format = POSTER_FORMATS.find((f) => f.is(bytes));
  if (!format) throw bad('海报须是 JPG、PNG 或 WEBP 图片');
  return deps.files.putPublic(`poster_${file._id}.${format.ext}`, bytes);
}

export async function publish(deps: Dependencies, caller: Caller, input: In<'publish'>): Promise<ActivityView> {
  const org = await officerOrg(deps, caller, input.orgId);
  const posterUrl = input.posterFileId ? await publishPoster(deps, caller, input.posterFileId) : input.posterUrl;
  const now = deps.clock.now();
  const doc: ActivityDoc = {
    _id: `act_${now.toString(36)}${deps.crypto.randomId(4)}`,
    kind: input.kind, title: input.title, description: input.description, place: input.place, host: input.host, posterUrl,
    startAt: input.startAt, endAt: input.endAt, signupOpensAt: input.signupOpensAt, signupClosesAt: input.signupClosesAt,
    cancelCutoffAt: input.cancelCutoffAt ?? input.signupClosesAt, seats: input.seats, left: input.seats, waitlist: input.waitlist,
    membersOnly: input.membersOnly, perPersonLimit: input.perPersonLimit, orgId: org._id, orgName: org.name,
    federationId: org.federationId, cityId: org.cityId, status: 'open', createdBy: caller.uid ?? 'system', createdAt: now,
  };
  await deps.store.insert(ACTIVITIES, doc);
  await recordAudit(deps, { actorUid: doc.createdBy, action: 'activity.publish', target: { collection: ACTIVITIES, id: doc._id }, before: null, after: { seats: doc.seats, title: doc.title } });
  return toActivityView(deps, doc);
}

/**
 * Booking slots (法律咨询预约 and other services) as a series: `slotsPerDay` slots `everyMinutes`
 * apart, on `workingDays` consecutive working days (Asia/Shanghai, holiday calendar) from the first.
 * Each slot is an activity of its own on the seat engine, keeping the first slot's signup window
 * and cut-off relative to its start.
 */
export async function publishSlots(deps: Dependencies, caller: Caller, input: In<'publishSlots'>): Promise<{ items: ActivityView[] }> {
  const cal = calendarFor(deps.config.calendar);
  const first = input.first;
  // one poster for the whole series, published once
  const f = first.posterFileId ? { ...first, posterFileId: null, posterUrl: await publishPoster(deps, caller, first.posterFileId) } : first;
  const closeLead = f.startAt - f.signupClosesAt;
  const cancelLead = f.startAt - (f.cancelCutoffAt ?? f.signupClosesAt);
  const length = f.endAt - f.startAt;
  const items: ActivityView[] = [];
  let dayStart = f.startAt;
  for (let d = 0; d < input.workingDays; d++) {
    if (d > 0) dayStart = cal.addWorkingDays(dayStart, 1);
    for (let k = 0; k < input.slotsPerDay; k++) {
      const startAt = dayStart + k * input.everyMinutes * 60_000;
      items.push(await publish(deps, caller, {
        ...f, startAt, endAt: startAt + length, signupClosesAt: startAt - closeLead, cancelCutoffAt: startAt - cancelLead,
        signupOpensAt: Math.min(f.signupOpensAt, startAt - closeLead - 60_000),
      }));
    }
  }
  return { items };
}

/**
 * The officers' list: every activity of their org (a federation's includes its unions'; the city's,
 * everything), whatever its status. Upcoming ones (not yet over, so an event under way is there to
 * check people in) soonest first; past ones latest first.
 */
export async function manage(deps: Dependencies, caller: Caller, input: In<'manage'>): Promise<ActionOutput<C['manage']>> {
  const org = await officerOrg(deps, caller, input.orgId);
  const scopeField = org.kind === 'union' ? 'orgId' : org.kind === 'federation' ? 'federationId' : 'cityId';
  const now = deps.clock.now();
  const page = await deps.store.query<ActivityDoc>(ACTIVITIES, {
    where: { [scopeField]: org._id, endAt: input.when === 'upcoming' ? { $gte: now } : { $lt: now } } as never,
    orderBy: [['endAt', input.when === 'upcoming' ? 'asc' : 'desc']],
    limit: input.limit,
    after: input.after,
  });
  return { items: page.items.map((a) => toActivityView(deps, a)), next: page.next, orgId: org._id, orgName: org.name };
}

async function loadScopedActivity(deps: Dependencies, caller: Caller, id: string): Promise<ActivityDoc> {
  const a = await loadActivity(deps, id);
  assertScope(caller, await getOrg(deps, a.orgId));
  return a;
}

async function moveActivity(deps: Dependencies, caller: Caller, a: ActivityDoc, event: 'close' | 'cancel', reason: string | null) {
  const to = ACTIVITY_TRANSITIONS[a.status][event];
  if (!to) throw new AppError('ILLEGAL_TRANSITION', `该活动当前为“${PHASE_LABEL[a.status === 'open' ? 'open' : a.status]}”，不能${event === 'close' ? '截止报名' : '取消'}`);
  if (!(await deps.store.update(ACTIVITIES, a._id, { set: { status: to } }, { status: a.status }))) throw conflict('该活动刚刚已被他人修改，请刷新');
  activityCache.forget(deps, a._id);
  await recordAudit(deps, { actorUid: caller.uid ?? 'system', action: `activity.${event}`, target: { collection: ACTIVITIES, id: a._id }, before: { status: a.status }, after: { status: to }, reason });
  return { ...a, status: to };
}

/** Closing signups: no more signups or promotions; whoever still waits is told they will not get in. */
export async function closeActivity(deps: Dependencies, caller: Caller, input: In<'close'>) {
  const a = await moveActivity(deps, caller, await loadScopedActivity(deps, caller, input.activityId), 'close', null);
  await forEachSignup(deps, a._id, async (s) => {
    if (s.status !== 'waitlisted') return;
    await enqueue(deps, `${s._id}_waitlist_closed`, {
      to: `uid:${s.uid}`, template: 'waitlist_closed', title: '候补未能递补',
      body: `“${a.title}”已截止报名，很遗憾您的候补未能递补，欢迎关注工会后续活动。`, page: `/pages/activity/detail?id=${a._id}`,
      fields: { activity: a.title, startAt: a.startAt },
    });
  });
  return toActivityView(deps, a);
}

export async function cancelActivity(deps: Dependencies, caller: Caller, input: In<'cancelActivity'>) {
  const a = await moveActivity(deps, caller, await loadScopedActivity(deps, caller, input.activityId), 'cancel', input.reason);
  await forEachSignup(deps, a._id, async (s) => {
    if (s.status === 'cancelled') return;
    await enqueue(deps, `${s._id}_activity_cancelled`, {
      to: `uid:${s.uid}`, template: 'activity_cancelled', title: '活动已取消',
      body: `您报名的“${a.title}”已取消。原因：${input.reason}`, page: `/pages/activity/detail?id=${a._id}`,
      fields: { activity: a.title, startAt: a.startAt, reason: input.reason },
    });
  });
  return toActivityView(deps, a);
}

async function forEachSignup(deps: Dependencies, activityId: string, fn: (s: SignupDoc) => Promise<void>) {
  let after: string | null = null;
  do {
    const page: { items: SignupDoc[]; next: string | null } = await deps.store.query<SignupDoc>(SIGNUPS, { where: { activityId }, orderBy: [['createdAt', 'asc']], limit: 500, after });
    for (const s of page.items) await fn(s);
    after = page.next;
  } while (after);
}

export async function roster(deps: Dependencies, caller: Caller, input: In<'roster'>): Promise<ActionOutput<C['roster']>> {
  const a = await loadScopedActivity(deps, caller, input.activityId);
  const all: SignupDoc[] = [];
  await forEachSignup(deps, a._id, async (s) => void all.push(s));
  const sharerNames = new Map<string, string>();
  for (const uid of new Set(all.map((s) => s.sharedBy).filter((u): u is string => !!u))) {
    const m = (await deps.store.query<MemberDoc>(MEMBERS, { where: { uid }, limit: 1 })).items[0];
    sharerNames.set(uid, m ? mask('name', m.name) : '非会员');
  }
  const live = all.filter((s) => s.status === 'confirmed' || s.status === 'waitlisted');
  // a sharer's reach: every signup that came through their card, including later cancellations
  const bySharer = new Map<string, number>();
  for (const s of all) if (s.sharedBy) bySharer.set(sharerNames.get(s.sharedBy)!, (bySharer.get(sharerNames.get(s.sharedBy)!) ?? 0) + 1);
  return {
    activity: toActivityView(deps, a),
    counts: {
      confirmed: all.filter((s) => s.status === 'confirmed').reduce((n, s) => n + s.seatCount, 0),
      waitlisted: all.filter((s) => s.status === 'waitlisted').length,
      cancelled: all.filter((s) => s.status === 'cancelled').length,
      checkedIn: all.filter((s) => s.checkedInAt !== null).length,
    },
    items: live.map((s) => ({
      name: s.name, memberNo: s.memberNo, status: s.status, statusLabel: SIGNUP_LABEL[s.status], seatCount: s.seatCount,
      checkedIn: s.checkedInAt !== null, sharedByName: s.sharedBy ? sharerNames.get(s.sharedBy)! : null,
    })),
    bySharer: [...bySharer].map(([sharer, signups]) => ({ sharer, signups })).sort((x, y) => y.signups - x.signups),
  };
}

// ---------------------------------------------------------------------------------------------
// Worker: browse, sign up, cancel

/**
 * What a worker may join, soonest first. A member does not see activities for another union's members
 * (they could not sign up); a worker who is not a member sees members-only ones too, marked, as the
 * reason to join. A page may hold fewer than `limit` items; `next` goes on from where it stopped.
 */
export async function list(deps: Dependencies, caller: Caller, input: In<'list'>): Promise<ActionOutput<C['list']>> {
  const where: Record<string, unknown> = { status: 'open', startAt: { $gte: deps.clock.now() } };
  if (input.kind) where.kind = input.kind;
  const page = await deps.store.query<ActivityDoc>(ACTIVITIES, { where: where as never, orderBy: [['startAt', 'asc']], limit: input.limit, after: input.after });
  const member = caller.uid ? await activeMember(deps, caller.uid) : null;
  const memberOrg = member ? await getOrg(deps, member.orgId) : null;
  const items = memberOrg ? page.items.filter((a) => !a.membersOnly || inScope(a.orgId, memberOrg)) : page.items;
  return { items: items.map((a) => toActivityView(deps, a)), next: page.next };
}

export async function get(deps: Dependencies, caller: Caller, input: In<'get'>): Promise<ActionOutput<C['get']>> {
  const a = await loadActivity(deps, input.activityId);
  const mine = caller.uid ? await deps.store.get<SignupDoc>(SIGNUPS, signupIdFor(deps, a._id, caller.uid)) : null;
  return { activity: toActivityView(deps, a), mySignup: mine ? await toSignupView(deps, mine) : null, sharerToken: caller.uid ? await sharerTokenFor(deps, caller.uid) : null };
}

/** Only found members are cached: someone approved a moment ago is never refused as a non-member. */
const memberCache = ttlCache<MemberDoc | null>(60_000);

function activeMember(deps: Dependencies, uid: string): Promise<MemberDoc | null> {
  return memberCache.get(
    deps,
    uid,
    () => findMember(deps, uid),
    (m) => m !== null,
  );
}

/**
 * The signup hot path reads the activity's settings (window, limits, eligibility, a hint of seats
 * left) through a one-second cache: nothing it decides from them is final. Seats are only ever taken
 * by the conditional decrement (`takeSeats`), and after its write a signup reads the stored activity
 * again: closed or cancelled meanwhile undoes the signup with the matching error, a seat freed
 * meanwhile goes to the waitlist in order. A surge of thousands therefore reads the activity once per
 * second per instance instead of twice per signup, and loses nothing to staleness.
 */
const activityCache = ttlCache<ActivityDoc | null>(1000);

function cachedActivity(deps: Dependencies, id: string): Promise<ActivityDoc | null> {
  return activityCache.get(deps, id, () => deps.store.get<ActivityDoc>(ACTIVITIES, id), (a) => a !== null);
}

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

export async function signup(deps: Dependencies, caller: Caller, input: In<'signup'>): Promise<SignupView> {
  const uid = requireUid(caller);
  const id = signupIdFor(deps, input.activityId, uid);
  const a = await cachedActivity(deps, input.activityId);
  if (!a) throw notFound('活动');
  let member: MemberDoc | null;
  try {
    member = await checkSignupAllowed(deps, a, uid, input.seatCount);
  } catch (e) {
    // a retry of a signup that was accepted (window closed since, say) still gets its first answer
    const existing = await deps.store.get<SignupDoc>(SIGNUPS, id);
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
    waitSince: straightToWaitlist ? now : null, confirmedAt: null, cancelledAt: null, checkedInAt: null, remindedAt: null,
  };
  // Record the signup before taking a seat, so a crash in between loses nothing (see reconcile).
  // The deterministic _id makes the insert itself the duplicate check: a retry or a double tap
  // collides and gets the first signup's answer.
  try {
    await deps.store.insert(SIGNUPS, fresh);
  } catch (e) {
    if (!(e instanceof DuplicateKeyError)) throw e;
    const existing = (await deps.store.get<SignupDoc>(SIGNUPS, id))!;
    if (existing.status !== 'cancelled') return toSignupView(deps, existing, false);
    const { _id, ...rest } = fresh; // signing up again after cancelling
    if (!(await deps.store.update(SIGNUPS, id, { set: rest }, { status: 'cancelled' }))) return toSignupView(deps, (await deps.store.get<SignupDoc>(SIGNUPS, id))!, false);
  }
  if (straightToWaitlist) {
    const stored = await settleWaitlisted(deps, fresh);
    return toSignupView(deps, stored, false);
  }
  return toSignupView(deps, await settlePending(deps, a, fresh), false);
}

/**
 * After a signup is written without a seat: the stored activity decides. Closed or cancelled since
 * the signup read it: the signup is undone (it was never acknowledged). Seats free: the waitlist
 * moves up in order, which may include this signup.
 */
async function settleWaitlisted(deps: Dependencies, s: SignupDoc): Promise<SignupDoc> {
  const a = await deps.store.get<ActivityDoc>(ACTIVITIES, s.activityId);
  // the fresh document also refreshes the cache: once the seats are gone, the next signups go
  // straight onto the waitlist instead of each trying for a seat that is not there
  if (a) activityCache.set(deps, a._id, a);
  if (!a || a.status !== 'open') {
    await deps.store.remove(SIGNUPS, s._id, { status: { $in: ['waitlisted', 'pending'] } });
    throw notOpen(a?.status);
  }
  if (a.left <= 0) return s;
  const promoted = await promoteWaitlist(deps, a._id);
  return promoted ? (await deps.store.get<SignupDoc>(SIGNUPS, s._id))! : s;
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

/** Takes seats for a pending signup, or puts it on the waitlist, or refuses it when full. */
async function settlePending(deps: Dependencies, a: ActivityDoc, s: SignupDoc): Promise<SignupDoc> {
  const now = deps.clock.now();
  if (await takeSeats(deps, a._id, s.seatCount)) {
    await deps.store.update(SIGNUPS, s._id, { set: { status: 'confirmed', confirmedAt: now } }, { status: 'pending' });
    return { ...s, status: 'confirmed', confirmedAt: now };
  }
  if (!a.waitlist) {
    await deps.store.remove(SIGNUPS, s._id, { status: 'pending' });
    const stored = await deps.store.get<ActivityDoc>(ACTIVITIES, a._id);
    if (stored) activityCache.set(deps, stored._id, stored);
    if (stored && stored.status !== 'open') throw notOpen(stored.status);
    throw new AppError('QUOTA_FULL', '名额已满，下次早点来哦');
  }
  await deps.store.update(SIGNUPS, s._id, { set: { status: 'waitlisted', waitSince: now } }, { status: 'pending' });
  return settleWaitlisted(deps, { ...s, status: 'waitlisted', waitSince: now });
}

/** The one place seats are taken: a conditional decrement that cannot go below zero. */
function takeSeats(deps: Dependencies, activityId: string, k: number): Promise<boolean> {
  return deps.store.update(ACTIVITIES, activityId, { inc: { left: -k } }, { left: { $gte: k }, status: 'open' });
}

/** Gives free seats to the waitlist, oldest first, until seats or candidates run out; returns how many moved up. */
async function promoteWaitlist(deps: Dependencies, activityId: string): Promise<number> {
  let promoted = 0;
  for (;;) {
    const a = await deps.store.get<ActivityDoc>(ACTIVITIES, activityId);
    if (!a || a.status !== 'open' || a.left <= 0) return promoted;
    const waiting = await deps.store.query<SignupDoc>(SIGNUPS, { where: { activityId, status: 'waitlisted' }, orderBy: [['waitSince', 'asc']], limit: 20 });
    const next = waiting.items.find((s) => s.seatCount <= a.left);
    if (!next) return promoted;
    if (!(await takeSeats(deps, activityId, next.seatCount))) continue; // someone else took them: look again
    const now = deps.clock.now();
    if (await deps.store.update(SIGNUPS, next._id, { set: { status: 'confirmed', confirmedAt: now } }, { status: 'waitlisted' })) {
      promoted++;
      await enqueue(deps, `${next._id}_promoted_${now}`, {
        to: `uid:${next.uid}`, template: 'waitlist_promoted', title: '候补成功',
        body: `您候补的“${a.title}”已有空位，报名成功。`, page: `/pages/activity/detail?id=${activityId}`,
        fields: { activity: a.title, startAt: a.startAt },
      });
    } else {
      await deps.store.update(ACTIVITIES, activityId, { inc: { left: next.seatCount } }); // they cancelled meanwhile: give the seats back
    }
  }
}

export async function cancel(deps: Dependencies, caller: Caller, input: In<'cancel'>): Promise<SignupView> {
  const uid = requireUid(caller);
  const id = signupIdFor(deps, input.activityId, uid);
  const s = await deps.store.get<SignupDoc>(SIGNUPS, id);
  if (!s || s.status === 'cancelled') throw notFound('报名');
  const a = await loadActivity(deps, input.activityId);
  if (deps.clock.now() > a.cancelCutoffAt) throw new AppError('DEADLINE_PASSED', '已过取消截止时间，如有特殊情况请联系工会');
  const now = deps.clock.now();
  if (!(await deps.store.update(SIGNUPS, id, { set: { status: 'cancelled', cancelledAt: now } }, { status: s.status }))) {
    throw conflict('报名状态刚刚发生了变化，请刷新后再试');
  }
  if (s.status === 'confirmed') {
    await deps.store.update(ACTIVITIES, a._id, { inc: { left: s.seatCount } });
    await promoteWaitlist(deps, a._id);
  }
  return toSignupView(deps, { ...s, status: 'cancelled', cancelledAt: now });
}

export async function mySignups(deps: Dependencies, caller: Caller): Promise<ActionOutput<C['mySignups']>> {
  const uid = requireUid(caller);
  const page = await deps.store.query<SignupDoc>(SIGNUPS, { where: { uid }, orderBy: [['createdAt', 'desc']], limit: 50 });
  const items = [];
  for (const s of page.items) {
    const a = await deps.store.get<ActivityDoc>(ACTIVITIES, s.activityId);
    if (a) items.push({ signup: await toSignupView(deps, s), activity: toActivityView(deps, a) });
  }
  return { items };
}

// ---------------------------------------------------------------------------------------------
// Recovery

const RECONCILE_HORIZON_MS = 30 * 86400_000;

/**
 * Settles pending signups older than `olderThanMs` (their request died between the two writes) and
 * recomputes `left` as seats − confirmed − fresh pending (those may be holding seats right now).
 * Run with 0 at start-up, before serving, when nothing else is in flight.
 */
export async function reconcile(deps: Dependencies, input: In<'reconcile'>): Promise<{ activities: number; resolved: number }> {
  const cutoff = deps.clock.now() - input.olderThanMs;
  const stale = new Map<string, SignupDoc[]>();
  // Pending signups are looked up per activity through the (activityId, status, waitSince) index the
  // waitlist already needs, so that the hot insert maintains no index of its own for them. Only
  // activities still ahead (or within the last month) matter: an older one's seats are history.
  let after: string | null = null;
  do {
    const page: { items: ActivityDoc[]; next: string | null } = await deps.store.query<ActivityDoc>(ACTIVITIES, {
      where: { status: { $in: ['open', 'closed'] }, startAt: { $gte: deps.clock.now() - RECONCILE_HORIZON_MS } },
      orderBy: [['startAt', 'asc']],
      limit: 500,
      after,
    });
    for (const a of page.items) {
      let more: string | null = null;
      do {
        const pendings: { items: SignupDoc[]; next: string | null } = await deps.store.query<SignupDoc>(SIGNUPS, {
          where: { activityId: a._id, status: 'pending' },
          orderBy: [['waitSince', 'asc']],
          limit: 500,
          after: more,
        });
        for (const s of pendings.items) if (s.createdAt <= cutoff) stale.set(a._id, [...(stale.get(a._id) ?? []), s]);
        more = pendings.next;
      } while (more);
    }
    after = page.next;
  } while (after);
  let resolved = 0;
  for (const [activityId, pendings] of stale) {
    // Park them in the queue in arrival order, recount the seats, then give free seats out in order.
    for (const s of pendings) {
      if (await deps.store.update(SIGNUPS, s._id, { set: { status: 'waitlisted', waitSince: s.createdAt } }, { status: 'pending' })) resolved++;
    }
    await recount(deps, activityId);
    await promoteWaitlist(deps, activityId);
    const a = await loadActivity(deps, activityId);
    if (!a.waitlist) {
      // no waitlist: a parked signup that got no seat was never acknowledged; it is refused
      for (const s of pendings) await deps.store.remove(SIGNUPS, s._id, { status: 'waitlisted' });
    }
  }
  return { activities: stale.size, resolved };
}

/** left = seats − confirmed seats − pending seats, written with compare-and-set on the value read. */
async function recount(deps: Dependencies, activityId: string) {
  for (;;) {
    const a = await loadActivity(deps, activityId);
    let held = 0;
    await forEachSignup(deps, activityId, async (s) => {
      if (s.status === 'confirmed' || s.status === 'pending') held += s.seatCount;
    });
    const left = Math.max(0, a.seats - held);
    if (left === a.left || (await deps.store.update(ACTIVITIES, activityId, { set: { left } }, { left: a.left }))) return;
  }
}

// ---------------------------------------------------------------------------------------------
// Check-in

const CHECKIN_PREFIX = 'CK1';
const CHECKIN_WINDOW_MS = 30_000;

/** The code the officer's device shows; it changes every 30 s and is signed, so it can't be forged or kept. */
export async function checkInCode(deps: Dependencies, caller: Caller, input: In<'checkInCode'>) {
  const a = await loadScopedActivity(deps, caller, input.activityId);
  const window = Math.floor(deps.clock.now() / CHECKIN_WINDOW_MS);
  const payload = `${CHECKIN_PREFIX}.${a._id}.${window}`;
  return { code: `${payload}.${deps.crypto.sign(payload)}`, expiresAt: (window + 1) * CHECKIN_WINDOW_MS };
}

async function markCheckedIn(deps: Dependencies, a: ActivityDoc, uid: string) {
  const id = signupIdFor(deps, a._id, uid);
  const s = await deps.store.get<SignupDoc>(SIGNUPS, id);
  if (!s || s.status !== 'confirmed') throw new AppError('FORBIDDEN', `没有找到“${a.title}”的有效报名，请先报名`);
  const now = deps.clock.now();
  const first = await deps.store.update(SIGNUPS, id, { set: { checkedInAt: now } }, { checkedInAt: null, status: 'confirmed' });
  return { signup: s, checkedInAt: first ? now : s.checkedInAt ?? now, already: !first };
}

export async function checkIn(deps: Dependencies, caller: Caller, input: In<'checkIn'>) {
  const uid = requireUid(caller);
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
  const member = (await deps.store.query<MemberDoc>(MEMBERS, { where: { memberNo: card.memberNo }, limit: 1 })).items[0];
  if (!member) throw notFound('会员');
  const r = await markCheckedIn(deps, a, member.uid);
  return { name: card.nameMasked, memberNo: card.memberNo, checkedInAt: r.checkedInAt, already: r.already };
}

// ---------------------------------------------------------------------------------------------
// Reminders

/** Confirmed signups of activities starting within 24 hours get one reminder each. */
export async function remindUpcoming(deps: Dependencies): Promise<{ reminded: number }> {
  const now = deps.clock.now();
  let reminded = 0;
  const startingSoon = (status: ActivityDoc['status']) =>
    queryAll<ActivityDoc>(deps.store, ACTIVITIES, { where: { status, startAt: { $gte: now, $lte: now + 86400_000 } }, orderBy: [['startAt', 'asc']] });
  for (const a of [...(await startingSoon('open')), ...(await startingSoon('closed'))]) {
    await forEachSignup(deps, a._id, async (s) => {
      if (s.status !== 'confirmed' || s.remindedAt !== null) return;
      if (!(await deps.store.update(SIGNUPS, s._id, { set: { remindedAt: now } }, { remindedAt: null }))) return;
      await enqueue(deps, `${s._id}_reminder`, {
        to: `uid:${s.uid}`, template: 'activity_reminder', title: `${KIND_LABEL[a.kind]}提醒`,
        body: `您报名的“${a.title}”将于 ${new Date(a.startAt + 8 * 3600_000).toISOString().slice(5, 16).replace('T', ' ')} 在${a.place}开始${a.host ? `（${a.host}）` : ''}，请准时参加。`,
        page: `/pages/activity/detail?id=${a._id}`,
        fields: { activity: a.title, startAt: a.startAt, place: a.place },
      });
      reminded++;
    });
  }
  return { reminded };
}

/** Roster rows for the xlsx export: names masked by the one masking function. */
export async function rosterRows(deps: Dependencies, caller: Caller, activityId: string) {
  const r = await roster(deps, caller, { activityId });
  return {
    activity: r.activity,
    rows: r.items.map((i) => ({ name: mask('name', i.name), memberNo: i.memberNo ?? '', status: i.statusLabel, seats: i.seatCount, checkedIn: i.checkedIn ? '已签到' : '', sharedBy: i.sharedByName ?? '' })),
  };
}
