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

export function nextTransferStatus(from: TransferStatus, event: TransferEvent): TransferStatus {
  const to = TRANSITIONS[from][event];
  if (!to) throw new AppError('ILLEGAL_TRANSITION', `该接转当前为“${TRANSFER_STATUS_LABEL[from]}”，不能${TRANSFER_EVENT_LABEL[event]}`, undefined, { from, event });
  return to;
}
