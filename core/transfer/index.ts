/**
 * The transfer context's front door (membership transfers, 会员关系接转). No other context uses it
 * yet. Nobody else reads or writes `transfers`; the member side of a transfer (the lock and the
 * move) is the member context's (core/member/membership.ts).
 */
export type { TransferDoc } from './model';
export { TRANSFER_STATUS_LABEL, OPEN_TRANSFER, type TransferStatus } from './machine';
