/**
 * Founding a union (申请建会) as an explicit transition table; each status names the step's owner.
 *
 *   submitted ──approve_preparation──▶ preparing ──submit_election──▶ elected ──approve_establishment──▶ established
 *   submitted | elected ──reject──▶ rejected          elected ──return──▶ preparing (fix the election papers)
 *   submitted | preparing ──withdraw──▶ withdrawn
 */
import { AppError } from '../shared/errors';

export const FOUNDING_STATUSES = ['submitted', 'preparing', 'elected', 'established', 'rejected', 'withdrawn'] as const;
export type FoundingStatus = (typeof FOUNDING_STATUSES)[number];
export const FOUNDING_EVENTS = [
  'apply',
  'approve_preparation',
  'submit_election',
  'approve_establishment',
  'return',
  'reject',
  'withdraw',
  'escalate',
] as const;
export type FoundingEvent = (typeof FOUNDING_EVENTS)[number];

export const FOUNDING_STATUS_LABEL: Record<FoundingStatus, string> = {
  submitted: '待联合会审核筹备',
  preparing: '筹备中：待召开会员大会',
  elected: '待联合会批复成立',
  established: '已成立',
  rejected: '未获批准',
  withdrawn: '已撤回',
};
export const FOUNDING_EVENT_LABEL: Record<FoundingEvent, string> = {
  apply: '提交建会申请',
  approve_preparation: '同意筹备',
  submit_election: '上传会员大会选举结果',
  approve_establishment: '批复成立',
  return: '退回补正选举材料',
  reject: '不予批准',
  withdraw: '撤回申请',
  escalate: '超时提醒上级',
};

/** Who must act while the founding is in a status. */
export const STEP_OWNER: Partial<Record<FoundingStatus, 'federation' | 'organizer'>> = {
  submitted: 'federation',
  preparing: 'organizer',
  elected: 'federation',
};
export const OPEN_FOUNDING: readonly FoundingStatus[] = ['submitted', 'preparing', 'elected'];

const TRANSITIONS: Record<FoundingStatus, Partial<Record<FoundingEvent, FoundingStatus>>> = {
  submitted: { approve_preparation: 'preparing', reject: 'rejected', withdraw: 'withdrawn' },
  preparing: { submit_election: 'elected', withdraw: 'withdrawn' },
  elected: { approve_establishment: 'established', return: 'preparing', reject: 'rejected' },
  established: {},
  rejected: {},
  withdrawn: {},
};

/** The events a person takes on a founding, in button order, with the button each one shows. */
export const FOUNDING_ACTIONS = ['approve_preparation', 'approve_establishment', 'return', 'reject', 'submit_election', 'withdraw'] as const;
export type FoundingAction = (typeof FOUNDING_ACTIONS)[number];
export const FOUNDING_ACTION_LABEL: Record<FoundingAction, string> = {
  approve_preparation: '同意筹备',
  approve_establishment: '批复成立',
  return: '退回补正',
  reject: '不予批准',
  submit_election: '上传会员大会选举结果',
  withdraw: '撤回申请',
};
/** Who takes each action: the federation (its officers) or the organizer. */
export const FOUNDING_ACTOR: Record<FoundingAction, 'federation' | 'organizer'> = {
  approve_preparation: 'federation',
  approve_establishment: 'federation',
  return: 'federation',
  reject: 'federation',
  submit_election: 'organizer',
  withdraw: 'organizer',
};
/** Decisions the organizer must be told the reason for: the note is required. */
export const NOTE_REQUIRED: readonly FoundingAction[] = ['return', 'reject'];
/** The federation's decision card in the statuses where it decides. */
export const DECISION_TITLE: Partial<Record<FoundingStatus, string>> = { submitted: '审核建会申请', elected: '批复选举结果' };

/** What a viewer is to a founding: an officer of the federation handling it, its organizer. */
export interface FoundingViewer {
  federation: boolean;
  organizer: boolean;
}

/** The actions the table allows this viewer from `status`, in button order; needsNote: a note is required. */
export function foundingActionsFor(status: FoundingStatus, viewer: FoundingViewer) {
  return FOUNDING_ACTIONS.filter((a) => TRANSITIONS[status][a] && viewer[FOUNDING_ACTOR[a]]).map((key) => ({
    key,
    label: FOUNDING_ACTION_LABEL[key],
    needsNote: NOTE_REQUIRED.includes(key),
  }));
}

export function nextFoundingStatus(from: FoundingStatus, event: FoundingEvent): FoundingStatus {
  const to = TRANSITIONS[from][event];
  if (!to)
    throw new AppError('ILLEGAL_TRANSITION', `该建会申请当前为“${FOUNDING_STATUS_LABEL[from]}”，不能${FOUNDING_EVENT_LABEL[event]}`, undefined, {
      from,
      event,
    });
  return to;
}
