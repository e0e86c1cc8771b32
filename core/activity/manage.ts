/**
 * Officers manage their activities: the list of their org's (a federation's includes its unions'),
 * and an activity's lifecycle (open → closed → cancelled, the table in machine.ts) and what each
 * move owes. The status and the move itself (`pendingMove`: which, from what, by whom, when) are one
 * write; the audit entry and the notices follow, each keyed, and `reconcile` (recovery.ts) writes
 * whatever a dead request did not.
 */
import { AppError, conflict } from '../shared/errors';
import { actorUid, type Caller } from '../shared/caller';
import type { Dependencies } from '../shared/ports';
import { enqueue } from '../shared/outbox';
import { AUDIT, type AuditEntry } from '../shared/audit';
import { DuplicateKeyError } from '../shared/docstore';
import type { ActionOutput } from '../shared/contract';
import type { z } from 'zod';
import type { activityContract } from './contract';
import { ACTIVITIES, type ActivityDoc, type PendingMove } from './model';
import { ACTIVITY_TRANSITIONS, PHASE_LABEL, type ActivityEvent } from './machine';
import { activityCache, completeOp } from './seat-ops';
import { forEachSignup, loadScopedActivity, officerOrg, readActivity } from './records';
import { toActivityView } from './views';

type C = typeof activityContract;
type In<K extends keyof C> = z.output<C[K]['input']>;

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
  return { items: page.items.map((a) => toActivityView(deps, a, { role: 'officer' })), next: page.next, orgId: org._id, orgName: org.name };
}

/** A move the table does not list is an error. */
async function moveActivity(deps: Dependencies, caller: Caller, a: ActivityDoc, event: ActivityEvent, reason: string | null) {
  const to = ACTIVITY_TRANSITIONS[a.status][event];
  if (!to)
    throw new AppError(
      'ILLEGAL_TRANSITION',
      `该活动当前为“${PHASE_LABEL[a.status === 'open' ? 'open' : a.status]}”，不能${event === 'close' ? '截止报名' : '取消'}`,
    );
  // the status, who moved it and the duty to record it and tell everyone concerned: one write
  const move: PendingMove = { event, from: a.status, by: actorUid(caller), at: deps.clock.now() };
  const set = { status: to, pendingMove: move, ...(event === 'cancel' ? { cancelReason: reason } : {}) };
  if (!(await deps.store.update(ACTIVITIES, a._id, { set }, { status: a.status }))) throw conflict('该活动刚刚已被他人修改，请刷新');
  activityCache.forget(deps, a._id);
  const moved: ActivityDoc = { ...a, ...set };
  await finishMove(deps, moved);
  return moved;
}

/**
 * What a close or cancel owes once its status is written (`pendingMove`): the audit entry and the
 * notices, each keyed (by activity and move, by signup) so that a repeat writes nothing twice. A
 * promotion in flight lands first, so that nobody is told both 候补成功 and 候补未能递补.
 */
export async function finishMove(deps: Dependencies, a: ActivityDoc): Promise<boolean> {
  const move = a.pendingMove;
  if (!move) return false;
  const to = ACTIVITY_TRANSITIONS[move.from][move.event]!;
  try {
    await deps.store.insert<AuditEntry>(AUDIT, {
      _id: `au_${a._id}_${move.event}_${move.at}`,
      at: move.at,
      actorUid: move.by,
      action: `activity.${move.event}`,
      target: { collection: ACTIVITIES, id: a._id },
      before: { status: move.from },
      after: { status: to },
      reason: move.event === 'cancel' ? (a.cancelReason ?? null) : null,
    });
  } catch (e) {
    if (!(e instanceof DuplicateKeyError)) throw e;
  }
  const now = await readActivity(deps, a._id);
  if (now?.op) await completeOp(deps, now, now.op);
  await forEachSignup(deps, a._id, async (s) => {
    if (move.event === 'close') {
      if (s.status !== 'waitlisted') return;
      await enqueue(deps, `${s._id}_waitlist_closed`, {
        to: `uid:${s.uid}`,
        template: 'waitlist_closed',
        title: '候补未能递补',
        body: `“${a.title}”已截止报名，很遗憾您的候补未能递补，欢迎关注工会后续活动。`,
        page: `/pages/activity/detail?id=${a._id}`,
        fields: { activity: a.title, startAt: a.startAt },
      });
    } else {
      if (s.status === 'cancelled') return;
      await enqueue(deps, `${s._id}_activity_cancelled`, {
        to: `uid:${s.uid}`,
        template: 'activity_cancelled',
        title: '活动已取消',
        body: `您报名的“${a.title}”已取消。原因：${a.cancelReason ?? ''}`,
        page: `/pages/activity/detail?id=${a._id}`,
        fields: { activity: a.title, startAt: a.startAt, reason: a.cancelReason ?? '' },
      });
    }
  });
  await deps.store.update(ACTIVITIES, a._id, { set: { pendingMove: null } }, { 'pendingMove.at': move.at, 'pendingMove.event': move.event });
  return true;
}

/** Closing signups: no more signups or promotions; whoever still waits is told they will not get in. */
export async function closeActivity(deps: Dependencies, caller: Caller, input: In<'close'>) {
  return toActivityView(deps, await moveActivity(deps, caller, await loadScopedActivity(deps, caller, input.activityId), 'close', null), { role: 'officer' });
}

export async function cancelActivity(deps: Dependencies, caller: Caller, input: In<'cancelActivity'>) {
  return toActivityView(deps, await moveActivity(deps, caller, await loadScopedActivity(deps, caller, input.activityId), 'cancel', input.reason), {
    role: 'officer',
  });
}
