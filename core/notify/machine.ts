/**
 * A message's delivery, as a transition table. Every message waits `pending` in the outbox; the
 * sender ends it once: `sent` (WeChat took it, or an org message was fanned out to its officers),
 * `skipped` (no template or no consent: the inbox has it), `failed` (a refusal WeChat would repeat,
 * no officer to send to, or MAX_ATTEMPTS used up); a passing failure keeps it `pending` for a retry.
 * Final statuses have no way out.
 */
import { AppError } from '../shared/errors';
import type { OutboxMessage } from '../shared/outbox';

export type DeliveryStatus = OutboxMessage['status'];
export const DELIVERY_EVENTS = ['fan_out', 'no_recipients', 'send', 'skip', 'refuse', 'give_up', 'retry'] as const;
export type DeliveryEvent = (typeof DELIVERY_EVENTS)[number];

export const DELIVERY_TRANSITIONS: Record<DeliveryStatus, Partial<Record<DeliveryEvent, DeliveryStatus>>> = {
  pending: { fan_out: 'sent', no_recipients: 'failed', send: 'sent', skip: 'skipped', refuse: 'failed', give_up: 'failed', retry: 'pending' },
  sent: {},
  skipped: {},
  failed: {},
};

export const DELIVERY_LABEL: Record<DeliveryStatus, string> = { pending: '待发送', sent: '已发送', skipped: '仅站内消息', failed: '发送失败' };

export function nextDeliveryStatus(from: DeliveryStatus, event: DeliveryEvent): DeliveryStatus {
  const to = DELIVERY_TRANSITIONS[from][event];
  if (!to) throw new AppError('ILLEGAL_TRANSITION', `消息当前为“${DELIVERY_LABEL[from]}”，不能再处理`, undefined, { from, event });
  return to;
}
