/**
 * When the client tries a call again (index.ts), pure and without imports: how long to wait before trying a call again, or
 * null to give up and show the message. RATE_LIMITED waits what the server said (when that is short);
 * a lost connection waits 1 s, then 2 s. Writes carry idempotency keys, so a retry never duplicates.
 * QUOTA_FULL (seats, a cap) is never retried: waiting does not free a seat.
 */
export const MAX_AUTO_WAIT_MS = 10_000;
export function retryDelayMs(code: string, details: Record<string, unknown> | undefined, attempt: number): number | null {
  if (code === 'RATE_LIMITED') {
    const seconds = Number(details?.retryAfterSeconds);
    const ms = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 2000;
    return attempt < 2 && ms <= MAX_AUTO_WAIT_MS ? ms : null;
  }
  if (code === 'NETWORK') return attempt < 2 ? 1000 * 2 ** attempt : null;
  return null;
}
