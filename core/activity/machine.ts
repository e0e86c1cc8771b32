/**
 * The activity context's two state machines as transition tables, with the labels people see for
 * their states: an activity (open → closed → cancelled; manage.ts moves it) and a signup (pending →
 * confirmed or waitlisted → cancelled, and again; seats.ts moves it). A move a table does not list is
 * an error. Zod-free and I/O-free: the decisions (seat-rules.ts, actions.ts) and the shells read them.
 */
import type { ActivityStatus, SignupStatus } from './model';

/** An officer's moves of an activity. */
export type ActivityEvent = 'close' | 'cancel';

export const ACTIVITY_TRANSITIONS: Record<ActivityStatus, Partial<Record<ActivityEvent, ActivityStatus>>> = {
  open: { close: 'closed', cancel: 'cancelled' },
  closed: { cancel: 'cancelled' },
  cancelled: {},
};

export const canMoveActivity = (status: ActivityStatus, event: ActivityEvent): boolean => ACTIVITY_TRANSITIONS[status][event] !== undefined;

/** Where signup stands right now (`ActivityView.phase`), for the tag and the button a worker sees. */
export type Phase = 'not_open' | 'open' | 'full' | 'waitlist' | 'closed' | 'cancelled';

export const PHASE_LABEL: Record<Phase, string> = {
  not_open: '未开始报名',
  open: '报名中',
  full: '名额已满',
  waitlist: '已满，可候补',
  closed: '报名已截止',
  cancelled: '已取消',
};

/**
 * Signup events: `seat` (a pending signup took its seats), `queue` (pending, no seat: onto the
 * waitlist), `promote` (a waiter got seats), `cancel` (by the person). A pending signup cannot be
 * cancelled: it is in the middle of its own request (milliseconds) or, if that request died,
 * waits for `reconcile` to settle it.
 */
export type SignupEvent = 'seat' | 'queue' | 'promote' | 'cancel' | 'signupAgain';

export const SIGNUP_TRANSITIONS: Record<SignupStatus, Partial<Record<SignupEvent, SignupStatus | 'pending'>>> = {
  pending: { seat: 'confirmed', queue: 'waitlisted' },
  waitlisted: { promote: 'confirmed', cancel: 'cancelled' },
  confirmed: { cancel: 'cancelled' },
  cancelled: { signupAgain: 'pending' },
};

export const SIGNUP_LABEL: Record<SignupStatus, string> = { pending: '处理中', confirmed: '报名成功', waitlisted: '候补中', cancelled: '已取消' };
