/**
 * The rate limits every call passes (issue 10), asked by the runtime after authorization and before
 * the input is parsed (a flood of invalid calls is throttled too):
 *
 * - `calls`: every call of a signed-in account, per account (a flood brake: 120 at once, 10 a second);
 * - `writes`: every action that is not a read (READS below: a new action counts as a write until it is
 *   listed there), per account: 30 at once, then one every 2 seconds;
 * - `expensive`: actions that render a QR code or build a file (EXPENSIVE), per account, or per client
 *   address when anonymous: 10 at once, then one every 5 seconds;
 * - store-backed windows (WINDOWS): the few writes abuse would target, counted in the document store so
 *   the limit holds across function instances: join submissions 10 an hour, founding applications 5 a
 *   day, uploads 40 a day, per account.
 *
 * Where the state lives, honestly: the buckets are in the memory of one process (the gateway; on
 * CloudBase one function instance). On CloudBase a client whose calls spread over N warm instances
 * gets up to N times the allowance, and a fresh instance starts full: the buckets brake floods, they
 * are not quotas. The windows are in the `rate_limits` collection (one document per limit and
 * account, one single-document transaction per counted call), so they hold on any number of instances.
 * Anonymous calls are limited only where expensive, since many workers may share one address (a
 * factory's network). A surge of distinct workers is never slowed: each has its own bucket, and
 * signing up is neither expensive nor store-counted.
 */
import type { Clock } from '../../core/shared/ports';
import type { DocStore } from '../../core/shared/docstore';
import {
  RATE_LIMITS,
  countInWindow,
  isFull,
  rateLimited,
  takeToken,
  type Bucket,
  type BucketPolicy,
  type LimitedCall,
  type RateLimiter,
  type WindowCount,
  type WindowPolicy,
} from '../../core/shared/ratelimit';

const HOUR = 3600_000;

export const BUCKETS = {
  calls: { capacity: 120, refillPerSecond: 10 },
  writes: { capacity: 30, refillPerSecond: 0.5 },
  expensive: { capacity: 10, refillPerSecond: 0.2 },
} satisfies Record<string, BucketPolicy>;

/** Actions that change nothing, by function (everything else is a write). */
export const READS: Record<string, readonly string[]> = {
  member: ['myStatus', 'myCard', 'listQueue', 'getApplication', 'verifyCard'],
  org: [
    'searchEnterprises',
    'getEnterprise',
    'whoami',
    'myScope',
    'tree',
    'listStaff',
    'workload',
    'getSix',
    'sixBoard',
    'getFile',
    'uploadSlot',
    'findPeople',
  ],
  activity: ['health', 'list', 'manage', 'get', 'mySignups', 'roster', 'checkInCode', 'exportRoster', 'poster'],
  founding: ['mine', 'get', 'queue'],
  transfer: ['mine', 'queue', 'get', 'lookup'],
  notify: ['templates', 'inbox', 'unreadCount'],
  aid: [
    'selfTest',
    'myFile',
    'myApplications',
    'getApplication',
    'notices',
    'getNotice',
    'myObjections',
    'queue',
    'getRules',
    'budgets',
    'noticeBoard',
    'files',
    'paymentRoster',
    'exportPayments',
  ],
  scholarship: ['campaigns', 'getCampaign', 'surveyBoard', 'myApplications', 'report', 'exportReport'],
  case: ['catalogue', 'myCases', 'getCase', 'file', 'sharePreview', 'queue', 'assignees', 'bookings', 'stats', 'getRules', 'getRota'],
};

/** Reads that cost real work (QR rendering, building a file). */
export const EXPENSIVE: readonly string[] = ['activity.poster', 'activity.exportRoster', 'aid.exportPayments', 'scholarship.exportReport'];

/** Store-backed windows by action; actions sharing a `key` share one count. */
export const WINDOWS: Record<string, WindowPolicy & { key: string }> = {
  'member.submitApplication': { key: 'join', limit: 10, windowMs: HOUR },
  'founding.apply': { key: 'founding', limit: 5, windowMs: 24 * HOUR },
  'org.uploadFile': { key: 'upload', limit: 40, windowMs: 24 * HOUR },
  'org.registerUpload': { key: 'upload', limit: 40, windowMs: 24 * HOUR },
  'aid.object': { key: 'objection', limit: 10, windowMs: 24 * HOUR },
};

export interface CallClass {
  write: boolean;
  expensive: boolean;
  window: (WindowPolicy & { key: string }) | null;
}

/** How a call is limited (pure). */
export function classify(fn: string, action: string): CallClass {
  const name = `${fn}.${action}`;
  return {
    write: !(READS[fn] ?? []).includes(action),
    expensive: EXPENSIVE.includes(name),
    window: Object.prototype.hasOwnProperty.call(WINDOWS, name) ? WINDOWS[name] : null,
  };
}

/** Buckets kept at most; past it, the buckets that have refilled are dropped (they carry nothing), else the oldest. */
const MAX_BUCKETS = 200_000;

export function createRateLimiter(opts: { clock: Clock; store?: DocStore | null; buckets?: Partial<typeof BUCKETS> }): RateLimiter {
  const policies = { ...BUCKETS, ...opts.buckets };
  const buckets = new Map<string, { bucket: Bucket; policy: BucketPolicy }>();

  function take(key: string, policy: BucketPolicy, now: number) {
    const had = buckets.get(key);
    const r = takeToken(had?.bucket, policy, now);
    if (!had && buckets.size >= MAX_BUCKETS) prune(now);
    buckets.set(key, { bucket: r.bucket, policy });
    if (!r.allowed) throw rateLimited(r.retryAfterMs);
  }

  function prune(now: number) {
    for (const [k, v] of buckets) if (isFull(v.bucket, v.policy, now)) buckets.delete(k);
    if (buckets.size < MAX_BUCKETS) return;
    let drop = Math.ceil(MAX_BUCKETS / 10);
    for (const k of buckets.keys()) {
      if (drop-- <= 0) break;
      buckets.delete(k);
    }
  }

  return {
    async check(call: LimitedCall) {
      const now = opts.clock.now();
      const c = classify(call.fn, call.action);
      if (call.uid) {
        take(`calls|${call.uid}`, policies.calls, now);
        if (c.write) take(`writes|${call.uid}`, policies.writes, now);
        if (c.expensive) take(`expensive|${call.uid}`, policies.expensive, now);
      } else if (c.expensive) {
        take(`expensive@${call.address ?? 'unknown'}`, policies.expensive, now);
      }
      if (c.window && call.uid && opts.store) {
        const id = `${c.window.key}|${call.uid}`;
        const window = c.window;
        const stored = await opts.store.transact<WindowCount>(RATE_LIMITS, id, (cur) => countInWindow(cur, id, window, now).next);
        if (stored && stored.count > window.limit) throw rateLimited(stored.windowStart + window.windowMs - now);
      }
    },
  };
}
