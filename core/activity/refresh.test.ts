/** The activity page's refresh cadence (src/pages/activity/refresh.ts): slow while nothing happens, quick around the moments that matter. */
import { REFRESH, refreshDelayMs, refreshFingerprint, type RefreshInput } from '../../src/pages/activity/refresh';

const MIN = 60_000;
const now = Date.UTC(2026, 11, 1, 2, 0, 0);
const open: RefreshInput = { phase: 'open', signupOpensAt: now - 24 * 60 * MIN, signupClosesAt: now + 48 * 60 * MIN };

it('backs off 15 s → 30 s → 60 s while nothing changes, and starts over after a change', () => {
  expect([0, 1, 2, 3, 50].map((n) => refreshDelayMs(open, now, n))).toEqual([15_000, 30_000, 60_000, 60_000, 60_000]);
  for (const phase of ['full', 'waitlist'] as const) expect(refreshDelayMs({ ...open, phase }, now, 2)).toBe(60_000);
});

it('reads every 15 s in the last 10 minutes and every 5 s in the last 2 before signup opens or closes', () => {
  expect(refreshDelayMs({ ...open, signupClosesAt: now + 9 * MIN }, now, 5)).toBe(15_000);
  expect(refreshDelayMs({ ...open, signupClosesAt: now + 2 * MIN }, now, 5)).toBe(5_000);
  const notOpen: RefreshInput = { phase: 'not_open', signupOpensAt: now + 90_000, signupClosesAt: now + 48 * 60 * MIN };
  expect(refreshDelayMs(notOpen, now, 5)).toBe(5_000);
  expect(refreshDelayMs({ ...notOpen, signupOpensAt: now + 5 * MIN }, now, 5)).toBe(15_000);
  expect(refreshDelayMs({ ...notOpen, signupOpensAt: now + 3 * 3600_000 }, now, 5)).toBe(60_000);
  // the server has not flipped to open yet (the viewer's clock runs ahead): keep reading quickly
  expect(refreshDelayMs({ ...notOpen, signupOpensAt: now - 30_000 }, now, 5)).toBe(5_000);
});

it('never sleeps through the moment signup opens or closes', () => {
  expect(refreshDelayMs({ ...open, signupClosesAt: now + 12 * MIN }, now, 5)).toBe(60_000);
  expect(refreshDelayMs({ ...open, signupClosesAt: now + 10 * MIN + 20_000 }, now, 5)).toBe(60_000);
  expect(refreshDelayMs({ phase: 'not_open', signupOpensAt: now + 3_000, signupClosesAt: now + 60 * MIN }, now, 0)).toBe(4_000);
});

it('stops when nothing can change any more for the viewer', () => {
  expect(refreshDelayMs({ ...open, phase: 'closed' }, now, 0)).toBeNull();
  expect(refreshDelayMs({ ...open, phase: 'cancelled' }, now, 0)).toBeNull();
});

it('polls an hour-long open page at most ~62 times instead of 720 (5 s)', () => {
  let t = now;
  let reads = 0;
  while (t < now + 60 * MIN) {
    t += refreshDelayMs(open, t, reads++)!;
  }
  expect(reads).toBeLessThanOrEqual(62);
  expect(REFRESH.steps[0]).toBeGreaterThanOrEqual(15_000);
});

it("a read counts as a change when seats, phase or the viewer's own signup moved", () => {
  const d = { activity: { left: 3, phase: 'open', status: 'open' }, mySignup: null };
  const same = refreshFingerprint(d);
  expect(refreshFingerprint({ ...d })).toBe(same);
  expect(refreshFingerprint({ ...d, activity: { ...d.activity, left: 2 } })).not.toBe(same);
  expect(refreshFingerprint({ ...d, mySignup: { status: 'waitlisted', waitlistPosition: 2 } })).not.toBe(
    refreshFingerprint({ ...d, mySignup: { status: 'waitlisted', waitlistPosition: 1 } }),
  );
});
