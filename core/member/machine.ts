/**
 * Join application (入会申请) state machine, as an explicit transition table: anything not in the
 * table is an illegal transition and an error, never a silent no-op. Zod-free: the mini-program
 * imports its labels as values (the queue's status tabs).
 *
 *   pending ──approve──────▶ approved
 *   pending ──reject───────▶ rejected
 *   pending ──request_info─▶ needs_info ──resubmit──▶ pending
 *   needs_info ──reject────▶ rejected
 *   pending | needs_info ──withdraw──▶ withdrawn
 */
import { AppError } from '../shared/errors';

export const APPLICATION_STATUSES = ['pending', 'needs_info', 'approved', 'rejected', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const APPLICATION_EVENTS = ['approve', 'reject', 'request_info', 'resubmit', 'withdraw'] as const;
export type ApplicationEvent = (typeof APPLICATION_EVENTS)[number];

export const STATUS_LABEL: Record<ApplicationStatus, string> = {
  pending: '待审核',
  needs_info: '待补充材料',
  approved: '已通过',
  rejected: '未通过',
  withdrawn: '已撤回',
};

export const EVENT_LABEL: Record<ApplicationEvent, string> = {
  approve: '审核通过',
  reject: '不予通过',
  request_info: '要求补充材料',
  resubmit: '补充材料后重新提交',
  withdraw: '撤回申请',
};

/** What a history entry records: the events of the table, plus the submission and the timer's escalation. */
export const HISTORY_EVENTS = ['submit', ...APPLICATION_EVENTS, 'escalate'] as const;
export type HistoryEvent = (typeof HISTORY_EVENTS)[number];

export const HISTORY_LABEL: Record<HistoryEvent, string> = {
  submit: '提交入会申请',
  ...EVENT_LABEL,
  escalate: '超时提醒上级工会督办',
};

export const ACTORS = ['worker', 'officer', 'system'] as const;
export type Actor = (typeof ACTORS)[number];
export const ACTOR_LABEL: Record<Actor, string> = { worker: '申请人', officer: '工会工作人员', system: '系统' };

const TRANSITIONS: Record<ApplicationStatus, Partial<Record<ApplicationEvent, ApplicationStatus>>> = {
  pending: { approve: 'approved', reject: 'rejected', request_info: 'needs_info', withdraw: 'withdrawn' },
  needs_info: { resubmit: 'pending', reject: 'rejected', withdraw: 'withdrawn' },
  approved: {},
  rejected: {},
  withdrawn: {},
};

/** Statuses in which the application still holds the person's claim (one open application). */
export const OPEN_STATUSES: readonly ApplicationStatus[] = ['pending', 'needs_info'];

/** The events the table allows from `status`, in the table's order. */
export function allowedEvents(status: ApplicationStatus): ApplicationEvent[] {
  return APPLICATION_EVENTS.filter((e) => TRANSITIONS[status][e] !== undefined);
}

export function nextStatus(from: ApplicationStatus, event: ApplicationEvent): ApplicationStatus {
  const to = TRANSITIONS[from][event];
  if (!to) {
    throw new AppError('ILLEGAL_TRANSITION', `该申请当前为“${STATUS_LABEL[from]}”，不能${EVENT_LABEL[event]}`, undefined, { from, event });
  }
  return to;
}
