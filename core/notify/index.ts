/**
 * The notify context's front door (subscribe messages and the inbox). Other contexts never call it:
 * they enqueue messages through the shared outbox (core/shared/outbox.ts) in the same step as their
 * own write, and the notify function's job delivers them. Adapters implement its `Notifier` port.
 */
export type { Notifier, SendOutcome, SubscribeMessage } from './model';
