/**
 * Membership transfer (会员组织关系接转) as an explicit transition table.
 *
 *   awaiting_release ──release (old union; its federation once overdue)──▶ released (voucher issued)
 *   released ──accept (new union)──▶ accepted        released ──refuse (new union, reason)──▶ refused
 *   awaiting_release | released ──cancel (member)──▶ cancelled
 * An old union that starts the transfer itself releases it at once.
 */
import { AppError } from '../shared/errors';

export const TRANSFER_STATUSES = ['awaiting_release', 'released', 'accepted', 'refused', 'cancelled'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];
export const TRANSFER_EVENTS = ['start', 'release', 'accept', 'refuse', 'cancel'] as const;
export type TransferEvent = (typeof TRANSFER_EVENTS)[number];
/** events that end a transfer: each first claims it (see usecases) */
export type ClosingEvent = 'accept' | 'refuse' | 'cancel';

export const TRANSFER_STATUS_LABEL: Record<TransferStatus, string> = {
  awaiting_release: '待原工会办理转出',
  released: '已开具接转凭证，待新工会接收',
  accepted: '已转入新工会',
  refused: '新工会未接收',
  cancelled: '已取消',
};
export const TRANSFER_EVENT_LABEL: Record<TransferEvent, string> = {
  start: '申请转出',
  release: '办理转出、开具凭证',
  accept: '接收转入',
  refuse: '不予接收',
  cancel: '取消接转',
};

const TRANSITIONS: Record<TransferStatus, Partial<Record<TransferEvent, TransferStatus>>> = {
  awaiting_release: { release: 'released', cancel: 'cancelled' },
  released: { accept: 'accepted', refuse: 'refused', cancel: 'cancelled' },
  accepted: {},
  refused: {},
  cancelled: {},
};

export const OPEN_TRANSFER: readonly TransferStatus[] = ['awaiting_release', 'released'];

/** The events a person takes on a transfer (start makes one), with the button each one shows. */
export const TRANSFER_ACTIONS = ['release', 'accept', 'refuse', 'cancel'] as const;
export type TransferAction = (typeof TRANSFER_ACTIONS)[number];
export const TRANSFER_ACTION_LABEL: Record<TransferAction, string> = { release: '办理转出', accept: '接收', refuse: '不予接收', cancel: '取消接转' };
/** Who takes each action: the old union (its federation once overdue), the new union, the member. */
export const TRANSFER_ACTOR: Record<TransferAction, 'from' | 'to' | 'member'> = { release: 'from', accept: 'to', refuse: 'to', cancel: 'member' };
/** Actions whose taker must give a reason the member sees. */
const NEEDS_REASON: readonly TransferAction[] = ['refuse'];

/** What a viewer is to a transfer: its member, an officer who may release it now, an officer of the new union. */
export interface TransferViewer {
  member: boolean;
  from: boolean;
  to: boolean;
}

/**
 * The actions the table allows this viewer from the transfer's status, in button order. None while
 * one closing event has claimed it (usecases, step 3).
 */
export function transferActionsFor(status: TransferStatus, closing: ClosingEvent | null, viewer: TransferViewer) {
  if (closing) return [];
  return TRANSFER_ACTIONS.filter((a) => TRANSITIONS[status][a] && viewer[TRANSFER_ACTOR[a]]).map((key) => ({
    key,
    label: TRANSFER_ACTION_LABEL[key],
    needsReason: NEEDS_REASON.includes(key),
  }));
}

export function nextTransferStatus(from: TransferStatus, event: TransferEvent): TransferStatus {
  const to = TRANSITIONS[from][event];
  if (!to)
    throw new AppError('ILLEGAL_TRANSITION', `该接转当前为“${TRANSFER_STATUS_LABEL[from]}”，不能${TRANSFER_EVENT_LABEL[event]}`, undefined, { from, event });
  return to;
}
