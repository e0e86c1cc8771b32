/**
 * The `notify` context (DESIGN.md §4 "Reaching workers"): reading and sending what the other
 * contexts put in the outbox (core/shared/outbox.ts, written by every context).
 *
 * - A message to `org:<orgId>` is fanned out to one message per officer of that org (`uid:<officer>`,
 *   `_id` = `<parent>__<uid>`), so every recipient has their own delivery state and inbox item.
 * - A message to `uid:<uid>` is that person's inbox item (我的消息: `readAt`), and the sender tries to
 *   deliver it as a WeChat subscribe message, which needs a configured template and one consent.
 * - Consents (`subscriptions`): what a person accepted in `requestSubscribeMessage`, counted per
 *   template; each acceptance allows one message, so sending takes one (and gives it back when WeChat
 *   did not deliver for a reason other than refusal).
 */
import type { CollectionSpec } from '../shared/docstore';
import type { OutboxMessage } from '../shared/outbox';

export const SUBSCRIPTIONS = 'subscriptions';

/** A person's remaining consents for one template: `_id` = `<uid>~<templateId>`. */
export interface SubscriptionDoc {
  _id: string;
  uid: string;
  templateId: string;
  count: number;
  updatedAt: number;
}

export const subscriptionId = (uid: string, templateId: string) => `${uid}~${templateId}`;

/** An outbox message with what the notify context adds while reading and sending it. */
export interface Delivery extends OutboxMessage {
  /** when a transient failure may be retried (exponential backoff) */
  nextAttemptAt?: number | null;
  /** the tick that holds the message, until `claimedUntil` (a crashed tick's claim expires) */
  claim?: string | null;
  claimedUntil?: number | null;
  /** the fanned-out parent (`org:` message) of a per-officer message */
  parentId?: string;
  /** `org:` messages: how many officers it was fanned out to */
  recipients?: number;
  templateId?: string;
  sentAt?: number;
  /** when the send finished (sent, skipped or failed) */
  doneAt?: number;
  /** WeChat's errcode (or the reason it was not tried: no_template, no_consent, bad_field, no_recipients) */
  errcode?: number | string | null;
  error?: string | null;
  /** inbox: when the recipient read it */
  readAt?: number | null;
}

/** What a send asks of WeChat: the recipient, the template, its typed fields and the page it opens. */
export interface SubscribeMessage {
  toUid: string;
  templateId: string;
  /** mini-program page, without the leading slash (WeChat's `page`) */
  page: string;
  data: Record<string, { value: string }>;
}

export type SendOutcome = { ok: true } | { ok: false; errcode: number | string; errmsg: string };

/** The port the sender sends through: WeChat's subscribe-message API on CloudBase, a log locally (adapters/notify). */
export interface Notifier {
  send(message: SubscribeMessage): Promise<SendOutcome>;
}

/** attempts at WeChat before a message fails for good */
export const MAX_ATTEMPTS = 5;
/** first retry after 5 minutes (one timer tick), then 10, 20, 40 */
export const BACKOFF_BASE_MS = 5 * 60_000;
/** how long a tick holds a message it claimed before another tick may take it over */
export const CLAIM_MS = 2 * 60_000;
/** a consent count never grows past this (a person tapping "allow" over and over) */
export const MAX_CONSENTS = 50;

/**
 * WeChat answers not worth retrying: 43101 the user has not subscribed (or the consent is used up),
 * 47003 a field breaks its rules, 40003 not a user of this mini-program, 40037 unknown template,
 * 41030 no such page. Everything else (-1 system busy, 45009 quota, a network failure) is retried.
 */
export const NEVER_RETRY: ReadonlySet<number | string> = new Set([43101, 47003, 40003, 40037, 41030]);
export const NO_CONSENT = 43101;

export function backoffMs(attempts: number): number {
  return BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1);
}

export const NOTIFY_COLLECTIONS: CollectionSpec[] = [{ name: SUBSCRIPTIONS, indexes: [{ name: 'uid', fields: [['uid', 'asc']] }] }];
