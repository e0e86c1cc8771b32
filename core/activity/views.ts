/**
 * What workers browse and what every answer shows: the activity and signup views (with the phase and
 * the viewer's `actions`, actions.ts), the list of what a worker may join, one activity with the
 * viewer's signup, and the viewer's own signups.
 */
import type { z } from 'zod';
import type { Caller, SignedInCaller } from '../shared/caller';
import type { Dependencies } from '../shared/ports';
import { getOrg, inScope } from '../org';
import type { ActionOutput } from '../shared/contract';
import type { ActivityView, SignupView, activityContract } from './contract';
import { sharerTokenFor } from './sharing';
import { ACTIVITIES, KIND_LABEL, SIGNUPS, type ActivityDoc, type SignupDoc } from './model';
import { PHASE_LABEL, SIGNUP_LABEL, type Phase } from './machine';
import { activityActions, signupActions, type Viewer } from './actions';
import { activeMember, loadActivity, signupIdFor } from './records';

type C = typeof activityContract;
type In<K extends keyof C> = z.output<C[K]['input']>;

export function phaseOf(a: ActivityDoc, now: number): Phase {
  return a.status === 'cancelled'
    ? 'cancelled'
    : a.status === 'closed' || now > a.signupClosesAt
      ? 'closed'
      : now < a.signupOpensAt
        ? 'not_open'
        : a.left > 0
          ? 'open'
          : a.waitlist
            ? 'waitlist'
            : 'full';
}

/** `viewer`: whose buttons `actions` holds (none for lists that show no buttons). */
export function toActivityView(deps: Dependencies, a: ActivityDoc, viewer: Viewer): ActivityView {
  const phase = phaseOf(a, deps.clock.now());
  return {
    id: a._id,
    kind: a.kind,
    kindLabel: KIND_LABEL[a.kind],
    title: a.title,
    description: a.description,
    place: a.place,
    host: a.host,
    posterUrl: a.posterUrl,
    startAt: a.startAt,
    endAt: a.endAt,
    signupOpensAt: a.signupOpensAt,
    signupClosesAt: a.signupClosesAt,
    cancelCutoffAt: a.cancelCutoffAt,
    seats: a.seats,
    left: a.left,
    waitlist: a.waitlist,
    membersOnly: a.membersOnly,
    perPersonLimit: a.perPersonLimit,
    orgId: a.orgId,
    orgName: a.orgName,
    status: a.status,
    phase,
    phaseLabel: PHASE_LABEL[phase],
    actions: activityActions(a, phase, viewer),
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
    id: s._id,
    activityId: s.activityId,
    status: s.status,
    statusLabel: SIGNUP_LABEL[s.status],
    seatCount: s.seatCount,
    waitlistPosition,
    createdAt: s.createdAt,
    checkedInAt: s.checkedInAt,
    current: s.status !== 'cancelled',
    actions: signupActions(s),
  };
}

/**
 * What a worker may join, soonest first. A member does not see activities for another union's members
 * (they could not sign up); a worker who is not a member sees members-only ones too, marked, as the
 * reason to join. A page may hold fewer than `limit` items; `next` goes on from where it stopped.
 */
export async function list(deps: Dependencies, caller: Caller, input: In<'list'>): Promise<ActionOutput<C['list']>> {
  const where: Record<string, unknown> = { status: 'open', startAt: { $gte: deps.clock.now() } };
  if (input.kind) where.kind = input.kind;
  const page = await deps.store.query<ActivityDoc>(ACTIVITIES, {
    where: where as never,
    orderBy: [['startAt', 'asc']],
    limit: input.limit,
    after: input.after,
  });
  const member = caller.uid ? await activeMember(deps, caller.uid) : null;
  const memberOrg = member ? await getOrg(deps, member.orgId) : null;
  const items = memberOrg ? page.items.filter((a) => !a.membersOnly || inScope(a.orgId, memberOrg)) : page.items;
  return { items: items.map((a) => toActivityView(deps, a, null)), next: page.next };
}

export async function get(deps: Dependencies, caller: Caller, input: In<'get'>): Promise<ActionOutput<C['get']>> {
  const a = await loadActivity(deps, input.activityId);
  const mine = caller.uid ? await deps.store.get<SignupDoc>(SIGNUPS, signupIdFor(deps, a._id, caller.uid)) : null;
  return {
    activity: toActivityView(deps, a, { role: 'worker', mine }),
    mySignup: mine ? await toSignupView(deps, mine) : null,
    sharerToken: caller.uid ? await sharerTokenFor(deps, caller.uid) : null,
  };
}

export async function mySignups(deps: Dependencies, caller: SignedInCaller): Promise<ActionOutput<C['mySignups']>> {
  const uid = caller.uid;
  const page = await deps.store.query<SignupDoc>(SIGNUPS, { where: { uid }, orderBy: [['createdAt', 'desc']], limit: 50 });
  const items = [];
  for (const s of page.items) {
    const a = await deps.store.get<ActivityDoc>(ACTIVITIES, s.activityId);
    if (a) items.push({ signup: await toSignupView(deps, s), activity: toActivityView(deps, a, { role: 'worker', mine: s }) });
  }
  return { items };
}
