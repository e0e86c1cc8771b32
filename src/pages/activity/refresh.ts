/**
 * How long the activity page waits before it reads the activity again (issue 9, D10). On WeChat
 * every read is a function invocation plus database reads, and plans cap both (per-function
 * concurrency, database QPS); a fixed 5 s poll of every open page spends them on nothing.
 *
 * Why back off rather than add a smaller seat-count action: what the quota counts is invocations,
 * and a lighter action is still one invocation per viewer per poll (`get` already reads just two
 * documents by key). The saving has to come from asking less often:
 * - the phase can no longer change for the viewer (closed, cancelled): no polling at all;
 * - within 2 minutes of signup opening or closing: every 5 s (that is when seats go);
 * - within the last 10 minutes before: every 15 s;
 * - otherwise 15 s, then 30 s, then 60 s while nothing on screen changes; a change starts over;
 * - never sleeping past the moment signup opens or closes (the next read is due just after it).
 * The page also reads again each time it comes on screen, and after the viewer's own actions.
 * Pure (no Taro): detail.tsx uses it; core/activity/refresh.test.ts tests it (jest does not look under src/,
 * and Taro compiles only src/, so it lives here and its test beside the domain).
 */
export const REFRESH = { urgentMs: 5_000, nearMs: 15_000, steps: [15_000, 30_000, 60_000], urgentWindowMs: 2 * 60_000, nearWindowMs: 10 * 60_000 } as const;

export interface RefreshInput {
  phase: 'not_open' | 'open' | 'full' | 'waitlist' | 'closed' | 'cancelled';
  signupOpensAt: number;
  signupClosesAt: number;
}

/** Milliseconds until the next read, or null for none. `unchangedReads`: reads in a row that showed nothing new. */
export function refreshDelayMs(a: RefreshInput, now: number, unchangedReads: number): number | null {
  if (a.phase === 'closed' || a.phase === 'cancelled') return null;
  // the next moment the phase changes by itself
  const edge = a.phase === 'not_open' ? a.signupOpensAt : a.signupClosesAt;
  const until = edge - now;
  let delay: number;
  // (either side of it: the viewer's clock may be ahead of the server's, which has not flipped yet)
  if (Math.abs(until) <= REFRESH.urgentWindowMs) delay = REFRESH.urgentMs;
  else if (until > 0 && until <= REFRESH.nearWindowMs) delay = REFRESH.nearMs;
  else delay = REFRESH.steps[Math.min(Math.max(0, unchangedReads), REFRESH.steps.length - 1)];
  // wake just after the edge rather than sleep through it
  return until > 0 ? Math.min(delay, until + 1_000) : delay;
}

/** What a read changed on screen: seats, phase, the viewer's own signup and place in the waitlist. */
export function refreshFingerprint(d: {
  activity: { left: number; phase: string; status: string };
  mySignup: { status: string; waitlistPosition?: number | null } | null;
}): string {
  return [d.activity.left, d.activity.phase, d.activity.status, d.mySignup?.status ?? '-', d.mySignup?.waitlistPosition ?? '-'].join('|');
}
