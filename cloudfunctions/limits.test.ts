/**
 * Rate limits and caps (issue 10, finding F2/F8/F9): token buckets per account on writes and per
 * address on expensive anonymous reads, store-backed windows that hold across instances, 429 with
 * Retry-After on the gateway, one open join application per account, a bounded number of open
 * foundings, an upload quota and the sweep of uploads never attached.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { makeWorld, joinForm, ok, type TestWorld } from '../server/testing';
import { makeIdNumber } from '../core/shared/idNumber';
import { countInWindow, takeToken } from '../core/shared/ratelimit';
import { retryDelayMs } from '../src/api/retry';
import { BUCKETS, READS, WINDOWS, classify, createRateLimiter } from './_runtime/limits';
import { contracts } from '../core/contracts';
import { createGateway } from '../server/gateway';
import { issueToken } from '../server/tokens';
import { FILES, UPLOAD_QUOTA, UNATTACHED_GRACE_MS } from '../core/shared/files';
import { MAX_OPEN_FOUNDINGS_PER_ACCOUNT } from '../core/founding/apply';
import { functions } from './registry';
import { aPublishForm } from '../server/builders.testkit';

/** the error code of an envelope, or 'ok' */
const codeOf = (env: { ok: boolean; error?: { code: string } }) => (env.ok ? 'ok' : env.error!.code);
const PDF = Buffer.from('%PDF-1.4\n%%EOF').toString('base64');
const HOUR = 3600_000;

describe('the decisions (pure)', () => {
  it('a bucket allows its capacity at once, then its refill rate, and says when to retry', () => {
    const policy = { capacity: 3, refillPerSecond: 0.5 };
    let b;
    for (let i = 0; i < 3; i++) {
      const r = takeToken(b, policy, 1000);
      expect(r.allowed).toBe(true);
      b = r.bucket;
    }
    const refused = takeToken(b, policy, 1000);
    expect(refused).toMatchObject({ allowed: false, retryAfterMs: 2000 });
    expect(takeToken(refused.bucket, policy, 3000).allowed).toBe(true);
  });

  it('the client backs off: waits a short retry-after twice, then shows the message; never retries a full quota', () => {
    expect([0, 1, 2].map((a) => retryDelayMs('RATE_LIMITED', { retryAfterSeconds: 2 }, a))).toEqual([2000, 2000, null]);
    expect(retryDelayMs('RATE_LIMITED', { retryAfterSeconds: 3600 }, 0)).toBeNull();
    expect([0, 1, 2].map((a) => retryDelayMs('NETWORK', undefined, a))).toEqual([1000, 2000, null]);
    expect(retryDelayMs('QUOTA_FULL', undefined, 0)).toBeNull();
    expect(retryDelayMs('VALIDATION', undefined, 0)).toBeNull();
  });

  it('a window counts up to its limit and starts over when it ends', () => {
    const p = { limit: 2, windowMs: 1000 };
    const a = countInWindow(null, 'k', p, 0);
    const b = countInWindow(a.next, 'k', p, 10);
    const c = countInWindow(b.next, 'k', p, 20);
    expect([a.allowed, b.allowed, c.allowed, c.retryAfterMs]).toEqual([true, true, false, 980]);
    expect(countInWindow(c.next, 'k', p, 1000)).toMatchObject({ allowed: true, next: { count: 1, windowStart: 1000 } });
  });

  it('classifies every action: reads are listed and exist, everything else (a new action too) is a write', () => {
    for (const [fn, reads] of Object.entries(READS)) for (const a of reads) expect([fn, a, a in (contracts as any)[fn]]).toEqual([fn, a, true]);
    for (const name of Object.keys(WINDOWS)) {
      const [fn, a] = name.split('.');
      expect([name, a in (contracts as any)[fn]]).toEqual([name, true]);
    }
    expect(classify('member', 'submitApplication')).toMatchObject({ write: true, window: { key: 'join' } });
    expect(classify('activity', 'signup')).toEqual({ write: true, expensive: false, window: null });
    expect(classify('activity', 'poster')).toMatchObject({ write: false, expensive: true });
    expect(classify('member', 'someNewAction').write).toBe(true);
  });
});

describe('through the runtime', () => {
  let w: TestWorld;
  beforeEach(async () => {
    w = await makeWorld({ members: 10 });
  });
  afterEach(() => w.close());

  it('throttles one account’s writes with RATE_LIMITED and a retry-after; reads and other accounts go on', async () => {
    w.deps.limiter = createRateLimiter({ clock: w.clock, store: w.deps.store });
    const results = [];
    for (let i = 0; i < BUCKETS.writes.capacity + 1; i++) results.push(await w.call('notify', 'markRead', { ids: ['m_none'] }, 'worker'));
    expect(results.slice(0, -1).every((r) => codeOf(r) !== 'RATE_LIMITED')).toBe(true);
    const last = results[results.length - 1];
    expect(last).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', details: { retryAfterSeconds: 2 } } });
    expect((last as any).error.message).toBe('操作太频繁，请2秒后再试');
    expect(ok(await w.call('member', 'myStatus', {}, 'worker'))).toBeDefined(); // a read
    expect(codeOf(await w.call('notify', 'markRead', { ids: ['m_none'] }, 'member'))).not.toBe('RATE_LIMITED');
    w.clock.t += 2000;
    expect(codeOf(await w.call('notify', 'markRead', { ids: ['m_none'] }, 'worker'))).not.toBe('RATE_LIMITED');
  });

  it('throttles anonymous poster QR rendering per client address', async () => {
    const expensive = { capacity: 2, refillPerSecond: BUCKETS.expensive.refillPerSecond }; // QR rendering is slow: a small bucket keeps the test short
    w.deps.limiter = createRateLimiter({ clock: w.clock, store: w.deps.store, buckets: { expensive } });
    const a = ok(
      await w.call(
        'activity',
        'publish',
        aPublishForm({ title: '限流测试', seats: 5, waitlist: false, membersOnly: false, orgId: 'org_union_001' }),
        'union-officer',
      ),
    );
    const poster = (address: string) => functions.activity.invoke({ action: 'poster', data: { activityId: a.id } }, { uid: null, address }, w.deps);
    for (let i = 0; i < expensive.capacity; i++) expect((await poster('10.0.0.1')).ok).toBe(true);
    expect(await poster('10.0.0.1')).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', details: { retryAfterSeconds: 5 } } });
    expect((await poster('10.0.0.2')).ok).toBe(true);
    // a cheap anonymous read from the same address is not throttled (many workers may share one address)
    for (let i = 0; i < 50; i++)
      expect((await functions.activity.invoke({ action: 'get', data: { activityId: a.id } }, { uid: null, address: '10.0.0.1' }, w.deps)).ok).toBe(true);
  });

  it('counts join submissions in the store, so the window holds across instances', async () => {
    const generous = { writes: { capacity: 1000, refillPerSecond: 100 }, calls: { capacity: 1000, refillPerSecond: 100 } };
    const instanceA = createRateLimiter({ clock: w.clock, store: w.deps.store, buckets: generous });
    const instanceB = createRateLimiter({ clock: w.clock, store: w.deps.store, buckets: generous });
    const codes: string[] = [];
    for (let i = 0; i < WINDOWS['member.submitApplication'].limit + 1; i++) {
      w.deps.limiter = i % 2 ? instanceA : instanceB;
      const r = await w.call('member', 'submitApplication', joinForm({ idNumber: makeIdNumber('320506', '19900101', String(500 + i)) }), 'uid:prober');
      codes.push(r.ok ? 'ok' : r.error.code);
    }
    // the first is filed, the next are refused by the one-open-application cap, the 11th by the window
    expect(codes).toEqual(['ok', ...Array(9).fill('CONFLICT'), 'RATE_LIMITED']);
    w.clock.t += HOUR;
    expect(codeOf(await w.call('member', 'submitApplication', joinForm({ idNumber: makeIdNumber('320506', '19900101', '599') }), 'uid:prober'))).toBe(
      'CONFLICT',
    );
  });

  it('does not slow a surge of distinct workers: 10,000 accounts each signing up once pass, cheaply', () => {
    const limiter = createRateLimiter({ clock: w.clock, store: w.deps.store });
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 10_000; i++) {
      limiter.check({ fn: 'activity', action: 'signup', uid: `surge_${i}`, address: '127.0.0.1' });
      limiter.check({ fn: 'activity', action: 'signup', uid: `surge_${i}`, address: '127.0.0.1' }); // the double tap
    }
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    expect(ms).toBeLessThan(1000); // about 10 µs a check on this (shared, loaded) machine
  });

  it('one open join application per account, whatever the ID number; after a withdrawal the account may apply again', async () => {
    const first = ok(await w.call('member', 'submitApplication', joinForm({ idNumber: makeIdNumber('110105', '19850312', '101') }), 'worker'));
    const second = await w.call('member', 'submitApplication', joinForm({ idNumber: makeIdNumber('110105', '19850312', '102') }), 'worker');
    expect(second).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { applicationId: first.id } } });
    ok(await w.call('member', 'withdrawApplication', { applicationId: first.id }, 'worker'));
    expect((await w.call('member', 'submitApplication', joinForm({ idNumber: makeIdNumber('110105', '19850312', '102') }), 'worker')).ok).toBe(true);
  });

  it('a bounded number of open foundings per account; the refusal for a taken enterprise names no one’s founding', async () => {
    const form = (ent: string, k: string) => ({
      idempotencyKey: `fd_cap_${k}_key`,
      enterpriseId: ent,
      headcount: 80,
      intendedMembers: 20,
      organizerName: '王小明',
      organizerMobile: '13900001111',
      organizerJob: '行政主管',
    });
    for (let i = 0; i < MAX_OPEN_FOUNDINGS_PER_ACCOUNT; i++) ok(await w.call('founding', 'apply', form(`ent_0${30 + i}`, String(i)), 'worker'));
    expect(await w.call('founding', 'apply', form('ent_040', 'x'), 'worker')).toMatchObject({ ok: false, error: { code: 'QUOTA_FULL' } });
    const taken = await w.call('founding', 'apply', form('ent_030', 'y'), 'member');
    expect(taken).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((taken as any).error.details).toBeUndefined();
  });

  it('an upload quota per account, and the timer deletes uploads never attached after the grace period', async () => {
    const upload = () => w.call('org', 'uploadFile', { name: '佐证.pdf', contentType: 'application/pdf', base64: PDF }, 'worker');
    const refs = [];
    for (let i = 0; i < UPLOAD_QUOTA.files; i++) refs.push(ok(await upload()));
    expect(await upload()).toMatchObject({ ok: false, error: { code: 'QUOTA_FULL' } });
    expect((await w.call('org', 'uploadFile', { name: '佐证.pdf', contentType: 'application/pdf', base64: PDF }, 'member')).ok).toBe(true);
    // the sweep is a system-only timer job
    expect(await w.call('org', 'sweepUploads', {}, 'admin')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const sweep = () => w.asSystem('org', 'sweepUploads');
    expect(ok(await sweep())).toEqual({ deleted: 0 }); // within the grace period
    w.clock.t += UNATTACHED_GRACE_MS + 1;
    expect(ok(await sweep())).toEqual({ deleted: UPLOAD_QUOTA.files + 1 });
    expect(await w.deps.store.count(FILES, { ownerId: 'unattached' })).toBe(0);
    expect(await w.deps.files.get(refs[0].id)).toBeNull(); // the bytes too
    expect((await upload()).ok).toBe(true); // room again
  });
});

describe('on the gateway', () => {
  let w: TestWorld;
  let server: Server;
  beforeAll(async () => {
    w = await makeWorld({ seed: false });
    w.deps.limiter = createRateLimiter({ clock: w.clock, store: w.deps.store, buckets: { writes: { capacity: 2, refillPerSecond: 0.1 } } });
    server = createGateway({ deps: w.deps, devLogin: false });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await w.close();
  });

  it('answers 429 with Retry-After and the envelope', async () => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const token = issueToken(w.deps.crypto, 'dev_worker', w.clock.now());
    const call = () =>
      fetch(`${base}/api/notify`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: JSON.stringify({ action: 'markRead', data: { ids: ['m_none'] } }),
      });
    await call();
    await call();
    const res = await call();
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('10');
    expect(await res.json()).toEqual({ ok: false, error: { code: 'RATE_LIMITED', message: '操作太频繁，请10秒后再试', details: { retryAfterSeconds: 10 } } });
  });
});
