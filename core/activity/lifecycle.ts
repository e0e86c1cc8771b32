/**
 * An activity's lifecycle (open → closed → cancelled, as a transition table) and what each move
 * owes. The status and the move itself (`pendingMove`: which, from what, by whom, when) are one
 * write; the audit entry and the notices follow, each keyed, and `reconcile` (seat-repair.ts)
 * writes whatever a dead request did not.
 */
import { AppError, conflict } from '../shared/errors';
import { actorUid, type Caller } from '../shared/caller';
import type { Dependencies } from '../shared/ports';
import { enqueue } from '../shared/outbox';
import { AUDIT, type AuditEntry } from '../shared/audit';
import { DuplicateKeyError } from '../shared/docstore';
import type { z } from 'zod';
import type { activityContract } from './contract';
import { ACTIVITIES, type ActivityDoc, type ActivityStatus, type PendingMove } from './model';
import { activityCache, completeOp } from './seats';
import { PHASE_LABEL, forEachSignup, loadScopedActivity, toActivityView } from './usecases';

type C = typeof activityContract;
type In<K extends keyof C> = z.output<C[K]['input']>;

const readActivity = (deps: Dependencies, id: string) => deps.store.get<ActivityDoc>(ACTIVITIES, id);

/** Activity lifecycle as a transition table: anything else is an error. */
const ACTIVITY_TRANSITIONS: Record<ActivityStatus, Partial<Record<'close' | 'cancel', ActivityStatus>>> = {
  open: { close: 'closed', cancel: 'cancelled' },
  closed: { cancel: 'cancelled' },
  cancelled: {},
};

async function moveActivity(deps: Dependencies, caller: Caller, a: ActivityDoc, event: 'close' | 'cancel', reason: string | null) {
  const to = ACTIVITY_TRANSITIONS[a.status][event];
  if (!to) throw new AppError('ILLEGAL_TRANSITION', `该活动当前为“${PHASE_LABEL[a.status === 'open' ? 'open' : a.status]}”，不能${event === 'close' ? '截止报名' : '取消'}`);
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
      _id: `au_${a._id}_${move.event}_${move.at}`, at: move.at, actorUid: move.by, action: `activity.${move.event}`,
      target: { collection: ACTIVITIES, id: a._id }, before: { status: move.from }, after: { status: to }, reason: move.event === 'cancel' ? (a.cancelReason ?? null) : null,
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
        to: `uid:${s.uid}`, template: 'waitlist_closed', title: '候补未能递补',
        body: `“${a.title}”已截止报名，很遗憾您的候补未能递补，欢迎关注工会后续活动。`, page: `/pages/activity/detail?id=${a._id}`,
        fields: { activity: a.title, startAt: a.startAt },
      });
    } else {
      if (s.status === 'cancelled') return;
      await enqueue(deps, `${s._id}_activity_cancelled`, {
        to: `uid:${s.uid}`, template: 'activity_cancelled', title: '活动已取消',
        body: `您报名的“${a.title}”已取消。原因：${a.cancelReason ?? ''}`, page: `/pages/activity/detail?id=${a._id}`,
        fields: { activity: a.title, startAt: a.startAt, reason: a.cancelReason ?? '' },
      });
    }
  });
  await deps.store.update(ACTIVITIES, a._id, { set: { pendingMove: null } }, { 'pendingMove.at': move.at, 'pendingMove.event': move.event });
  return true;
}

/** Closing signups: no more signups or promotions; whoever still waits is told they will not get in. */
export async function closeActivity(deps: Dependencies, caller: Caller, input: In<'close'>) {
  return toActivityView(deps, await moveActivity(deps, caller, await loadScopedActivity(deps, caller, input.activityId), 'close', null));
}

export async function cancelActivity(deps: Dependencies, caller: Caller, input: In<'cancelActivity'>) {
  return toActivityView(deps, await moveActivity(deps, caller, await loadScopedActivity(deps, caller, input.activityId), 'cancel', input.reason));
}
