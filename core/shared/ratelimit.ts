/**
 * Rate limits, as pure decisions: a token bucket (bursts up to `capacity`, then `refillPerSecond`)
 * for the per-instance limits, and a fixed window counted in the document store for the few
 * abuse-prone writes whose limit must hold across instances. The I/O shell is
 * cloudfunctions/_runtime/limits.ts; the runtime asks it before every action (define.ts).
 */
import { AppError } from './errors';
import type { CollectionSpec } from './docstore';

export interface BucketPolicy {
  capacity: number;
  refillPerSecond: number;
}

export interface Bucket {
  tokens: number;
  at: number;
}

/** Takes `cost` tokens from the bucket (created full) at `now`: the bucket after, and when to retry if refused. */
export function takeToken(bucket: Bucket | undefined, policy: BucketPolicy, now: number, cost = 1): { bucket: Bucket; allowed: boolean; retryAfterMs: number } {
  const elapsed = bucket ? Math.max(0, now - bucket.at) / 1000 : 0;
  const tokens = Math.min(policy.capacity, (bucket ? bucket.tokens : policy.capacity) + elapsed * policy.refillPerSecond);
  if (tokens >= cost) return { bucket: { tokens: tokens - cost, at: now }, allowed: true, retryAfterMs: 0 };
  return { bucket: { tokens, at: now }, allowed: false, retryAfterMs: Math.ceil(((cost - tokens) / policy.refillPerSecond) * 1000) };
}

/** A bucket that has refilled completely carries no state worth keeping. */
export const isFull = (bucket: Bucket, policy: BucketPolicy, now: number) =>
  bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * policy.refillPerSecond >= policy.capacity;

export interface WindowPolicy {
  limit: number;
  windowMs: number;
}

/** A fixed-window counter as stored (one document per limit and account). */
export interface WindowCount {
  _id: string;
  windowStart: number;
  count: number;
}

/** Counts one more call in the window at `now` (a new window when the last one ended): the counter after, and whether the call is within the limit. */
export function countInWindow(
  cur: WindowCount | null,
  id: string,
  policy: WindowPolicy,
  now: number,
): { next: WindowCount; allowed: boolean; retryAfterMs: number } {
  const fresh = !cur || now >= cur.windowStart + policy.windowMs || now < cur.windowStart;
  const next = fresh ? { _id: id, windowStart: now, count: 1 } : { _id: id, windowStart: cur.windowStart, count: cur.count + 1 };
  const allowed = next.count <= policy.limit;
  return { next, allowed, retryAfterMs: allowed ? 0 : next.windowStart + policy.windowMs - now };
}

/** The answer to a call over its limit: 429 on the gateway, with when to retry in `details`. */
export function rateLimited(retryAfterMs: number): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const wait = seconds < 120 ? `${seconds}秒` : seconds < 7200 ? `${Math.ceil(seconds / 60)}分钟` : `${Math.ceil(seconds / 3600)}小时`;
  return new AppError('RATE_LIMITED', `操作太频繁，请${wait}后再试`, undefined, { retryAfterSeconds: seconds });
}

/** One call, as the limiter sees it. */
export interface LimitedCall {
  fn: string;
  action: string;
  uid: string | null;
  /** the client's network address, for anonymous callers */
  address: string | null;
}

/** Asked by the runtime before an action runs; throws `rateLimited` when the call is over a limit. */
export interface RateLimiter {
  check(call: LimitedCall): Promise<void> | void;
}

/** Window counters of the store-backed limits: one document per (limit, account), never more. */
export const RATE_LIMITS = 'rate_limits';
export const RATE_LIMITS_COLLECTION: CollectionSpec = { name: RATE_LIMITS, indexes: [] };
