/**
 * Notifications go through an outbox (DESIGN.md §4 "Reaching workers"): a use case writes a message
 * in the same step as the change it reports; a sender (subscribe messages on WeChat, the log
 * locally) delivers it with retries. Addressed to a user (`uid:<openid>`) or to the officers of an
 * org (`org:<orgId>`). The `notify` context (core/notify) reads and sends: it fans `org:` messages out
 * to one message per officer, and a user's `uid:` messages are their inbox (我的消息).
 */
import type { CollectionSpec } from './docstore';
import type { Dependencies } from './ports';

export const OUTBOX = 'outbox';

export interface OutboxMessage {
  _id: string;
  to: string;
  template: string;
  title: string;
  body: string;
  /** mini-program page the message opens */
  page: string;
  /** structured values for the kind's subscribe-message template (core/notify/templates.ts): names, times (epoch ms), results */
  fields?: Record<string, string | number>;
  /** pending → sent (WeChat delivered) | skipped (no template or no consent: inbox only) | failed; see core/notify/sender.ts */
  status: 'pending' | 'sent' | 'skipped' | 'failed';
  attempts: number;
  createdAt: number;
}

/** `key` makes the message idempotent: the same event never notifies twice. */
export async function enqueue(
  deps: Pick<Dependencies, 'store' | 'clock'>,
  key: string,
  msg: Pick<OutboxMessage, 'to' | 'template' | 'title' | 'body' | 'page' | 'fields'>,
): Promise<void> {
  try {
    await deps.store.insert<OutboxMessage>(OUTBOX, {
      _id: `ob_${key}`,
      ...msg,
      status: 'pending',
      attempts: 0,
      createdAt: deps.clock.now(),
    });
  } catch (e) {
    if ((e as Error).name !== 'DuplicateKeyError') throw e;
  }
}

export const OUTBOX_COLLECTION: CollectionSpec = {
  name: OUTBOX,
  indexes: [
    {
      name: 'status_created',
      fields: [
        ['status', 'asc'],
        ['createdAt', 'asc'],
      ],
    },
    {
      name: 'to_created',
      fields: [
        ['to', 'asc'],
        ['createdAt', 'desc'],
      ],
    },
  ],
};
