/**
 * An activity's lifecycle (open → closed → cancelled, as a transition table) and the notices each
 * move owes. The status and the duty to notify (`notifyPending`) are one write; the notices follow,
 * each keyed by signup, and `reconcile` (seat-repair.ts) sends whatever a dead request did not.
 */
import { AppError, conflict } from '../shared/errors';
import type { Caller } from '../shared/caller';
import type { Dependencies } from '../shared/ports';
import { enqueue } from '../shared/outbox';
import { recordAudit } from '../shared/audit';
import type { z } from 'zod';
import type { activityContract } from './contract';
import { ACTIVITIES, type ActivityDoc, type ActivityStatus } from './model';
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
  // the status and the duty to tell everyone concerned, in one write
  const set = { status: to, notifyPending: event, ...(event === 'cancel' ? { cancelReason: reason } : {}) };
  if (!(await deps.store.update(ACTIVITIES, a._id, { set }, { status: a.status }))) throw conflict('该活动刚刚已被他人修改，请刷新');
  activityCache.forget(deps, a._id);
  await recordAudit(deps, { actorUid: caller.uid ?? 'system', action: `activity.${event}`, target: { collection: ACTIVITIES, id: a._id }, before: { status: a.status }, after: { status: to }, reason });
  const moved: ActivityDoc = { ...a, ...set };
  await sendStatusNotices(deps, moved);
  return moved;
}

/**
 * The notices a close or cancel owes (`notifyPending`), each keyed by signup so that a repeat sends
 * nothing twice. A promotion in flight lands first, so that nobody is told both 候补成功 and 候补未能递补.
 */
export async function sendStatusNotices(deps: Dependencies, a: ActivityDoc): Promise<boolean> {
  const event = a.notifyPending;
  if (!event) return false;
  const now = await readActivity(deps, a._id);
  if (now?.op) await completeOp(deps, now, now.op);
  await forEachSignup(deps, a._id, async (s) => {
    if (event === 'close') {
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
  await deps.store.update(ACTIVITIES, a._id, { set: { notifyPending: null } }, { notifyPending: event });
  return true;
}

/** Closing signups: no more signups or promotions; whoever still waits is told they will not get in. */
export async function closeActivity(deps: Dependencies, caller: Caller, input: In<'close'>) {
  return toActivityView(deps, await moveActivity(deps, caller, await loadScopedActivity(deps, caller, input.activityId), 'close', null));
}

export async function cancelActivity(deps: Dependencies, caller: Caller, input: In<'cancelActivity'>) {
  return toActivityView(deps, await moveActivity(deps, caller, await loadScopedActivity(deps, caller, input.activityId), 'cancel', input.reason));
}
