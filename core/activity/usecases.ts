/**
 * Activities, training and booking slots: publishing, the lists, the roster, check-in, reminders.
 * The seat engine itself (signup, cancel, waitlist promotion, close and cancel, reconcile) and why
 * it never oversells or loses a seat is in seats.ts.
 */
import type { z } from 'zod';
import { AppError, notFound } from '../shared/errors';
import { queryAll } from '../shared/docstore';
import type { Caller, SignedInCaller } from '../shared/caller';
import type { Dependencies } from '../shared/ports';
import { enqueue } from '../shared/outbox';
import { ttlCache } from '../shared/cache';
import { mask } from '../shared/mask';
import { recordAudit } from '../shared/audit';
import { FILES, type FileDoc } from '../shared/files';
import { calendarFor } from '../shared/workdays';
import { assertScope, getOrg, inScope, officerOrgId } from '../org';
import { anyMemberName, findMember, memberByNo, verifyCard, type MemberDoc } from '../member';
import type { ActionOutput } from '../shared/contract';
import type { ActivityView, SignupView, activityContract } from './contract';
import { sharerTokenFor } from './sharing';
import { ACTIVITIES, KIND_LABEL, SIGNUPS, type ActivityDoc, type SignupDoc, type SignupStatus } from './model';

type C = typeof activityContract;
type In<K extends keyof C> = z.output<C[K]['input']>;

export const PHASE_LABEL = { not_open: '未开始报名', open: '报名中', full: '名额已满', waitlist: '已满，可候补', closed: '报名已截止', cancelled: '已取消' } as const;
const SIGNUP_LABEL: Record<SignupStatus, string> = { pending: '处理中', confirmed: '报名成功', waitlisted: '候补中', cancelled: '已取消' };

export const signupIdFor = (deps: Pick<Dependencies, 'crypto'>, activityId: string, uid: string) =>
  `su_${activityId}_${deps.crypto.hash(`signup|${uid}`).slice(0, 24)}`;

export async function loadActivity(deps: Dependencies, id: string): Promise<ActivityDoc> {
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
export async function toSignupView(deps: Dependencies, s: SignupDoc, withPosition = true): Promise<SignupView> {
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

export async function publish(deps: Dependencies, caller: SignedInCaller, input: In<'publish'>): Promise<ActivityView> {
  const org = await officerOrg(deps, caller, input.orgId);
  const posterUrl = input.posterFileId ? await publishPoster(deps, caller, input.posterFileId) : input.posterUrl;
  const now = deps.clock.now();
  const doc: ActivityDoc = {
    _id: `act_${now.toString(36)}${deps.crypto.randomId(4)}`,
    kind: input.kind, title: input.title, description: input.description, place: input.place, host: input.host, posterUrl,
    startAt: input.startAt, endAt: input.endAt, signupOpensAt: input.signupOpensAt, signupClosesAt: input.signupClosesAt,
    cancelCutoffAt: input.cancelCutoffAt ?? input.signupClosesAt, seats: input.seats, left: input.seats, waitlist: input.waitlist,
    membersOnly: input.membersOnly, perPersonLimit: input.perPersonLimit, orgId: org._id, orgName: org.name,
    federationId: org.federationId, cityId: org.cityId, status: 'open', createdBy: caller.uid, createdAt: now,
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
export async function publishSlots(deps: Dependencies, caller: SignedInCaller, input: In<'publishSlots'>): Promise<{ items: ActivityView[] }> {
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

export async function loadScopedActivity(deps: Dependencies, caller: Caller, id: string): Promise<ActivityDoc> {
  const a = await loadActivity(deps, id);
  assertScope(caller, await getOrg(deps, a.orgId));
  return a;
}

export async function forEachSignup(deps: Dependencies, activityId: string, fn: (s: SignupDoc) => Promise<void>) {
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
    const name = await anyMemberName(deps, uid);
    sharerNames.set(uid, name ? mask('name', name) : '非会员');
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
// Worker: browse (signing up and cancelling: seats.ts)

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

export function activeMember(deps: Dependencies, uid: string): Promise<MemberDoc | null> {
  return memberCache.get(
    deps,
    uid,
    () => findMember(deps, uid),
    (m) => m !== null,
  );
}

export async function mySignups(deps: Dependencies, caller: SignedInCaller): Promise<ActionOutput<C['mySignups']>> {
  const uid = caller.uid;
  const page = await deps.store.query<SignupDoc>(SIGNUPS, { where: { uid }, orderBy: [['createdAt', 'desc']], limit: 50 });
  const items = [];
  for (const s of page.items) {
    const a = await deps.store.get<ActivityDoc>(ACTIVITIES, s.activityId);
    if (a) items.push({ signup: await toSignupView(deps, s), activity: toActivityView(deps, a) });
  }
  return { items };
}

// ---------------------------------------------------------------------------------------------
// Check-in

const CHECKIN_PREFIX = 'CK1';
const CHECKIN_WINDOW_MS = 30_000;

/** Check-in opens this long before the start (people arrive early) and closes at the end. */
export const CHECKIN_OPENS_BEFORE_MS = 2 * 3600_000;

const shanghaiTime = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(5, 16).replace('T', ' ');

/**
 * Check-in is for the event itself: a cancelled activity has no check-in (F7), and codes are issued
 * and accepted only from two hours before the start until the end (not days before, not after).
 */
export function assertCheckInOpen(a: Pick<ActivityDoc, 'status' | 'title' | 'startAt' | 'endAt'>, now: number): void {
  if (a.status === 'cancelled') throw new AppError('CONFLICT', `“${a.title}”已取消，不能签到`);
  if (now < a.startAt - CHECKIN_OPENS_BEFORE_MS) throw new AppError('CONFLICT', `“${a.title}”的签到将于 ${shanghaiTime(a.startAt - CHECKIN_OPENS_BEFORE_MS)} 开放`);
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
  return { signup: s, checkedInAt: first ? now : s.checkedInAt ?? now, already: !first };
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
