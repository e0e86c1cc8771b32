/**
 * The seat engine through crashes and odd seat counts. A script of cancels (each freeing seats that
 * go to the oldest waiter who fits, with a notice), a newcomer and a close is cut at every one of
 * its writes — in-process on both stores (every write from that one on fails, as when the process
 * dies), and on SQLite by a child process killed with SIGKILL — then repaired (`reconcile`, as at
 * start-up), checked against the invariants (seat-rules.ts `checkSeatInvariants`), resumed, and
 * must end exactly where the uncut script ends.
 */
import { itOnSqlite, insertTestMembers, makeWorld, ok, type CallInput, type TestWorld } from '../../server/testing';
import { aSignup } from '../../server/builders.testkit';
import { ACTIVITIES, SIGNUPS, type ActivityDoc, type SignupDoc } from '../../core/activity/model';
import { signupIdFor } from '../../core/activity/records';
import { inspectSeats } from '../../core/activity/recovery';
import { OUTBOX, type OutboxMessage } from '../../core/shared/outbox';
import { AUDIT } from '../../core/shared/audit';
import { DuplicateKeyError } from '../../core/shared/docstore';
import { functions } from '../registry';
import { delegatingStore } from '../../adapters/delegating.testkit';
import { aPublishForm } from '../../server/builders.testkit';

let w: TestWorld;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.close());

const members = (n: number) => insertTestMembers(w, n, { id: 'seat', memberNo: '27', hash: 'sh' });

async function publish(overrides: Partial<CallInput<'activity', 'publish'>> = {}) {
  return ok(
    await w.call(
      'activity',
      'publish',
      aPublishForm({ title: '职工羽毛球赛', place: '园区体育馆', seats: 3, perPersonLimit: 2, ...overrides }),
      'federation-officer',
    ),
  ).id as string;
}

async function signup(activityId: string, uid: string, seatCount = 1) {
  w.clock.t += 1000; // distinct arrival times: the waitlist order is plain
  return ok(await w.call('activity', 'signup', { activityId, seatCount }, `uid:${uid}`));
}

const repair = async (olderThanMs = 0) => ok(await w.asSystem('activity', 'reconcile', { olderThanMs }));

async function expectInvariants(activityId: string) {
  const inv = await inspectSeats(w.deps, activityId);
  expect(inv.violations).toEqual([]);
  return inv;
}

const statusOf = async (activityId: string, uid: string) => (await w.deps.store.get<SignupDoc>(SIGNUPS, signupIdFor(w.deps, activityId, uid)))?.status ?? null;

async function noticesOf(activityId: string) {
  const out: string[] = [];
  for (let i = 0; i < 8; i++) {
    const page = await w.deps.store.query<OutboxMessage>(OUTBOX, { where: { to: `uid:m${i}` }, orderBy: [['createdAt', 'asc']], limit: 100 });
    for (const m of page.items) if (m.page.endsWith(activityId)) out.push(`${m.template} m${i}`);
  }
  return out.sort();
}

/**
 * Seats 3, up to 2 a person: m0 (2 seats) and m1 confirmed; waiting m2 (2), m3, m4 (2), m5.
 * The script: m1 cancels (1 seat: m2 does not fit, m3 does), m0 cancels (2 seats: m2), m3 cancels
 * (1 seat: m4 does not fit, m5 does), newcomer m6 joins the waitlist, the officer closes signups.
 */
async function scene() {
  const activityId = await publish();
  for (const [uid, k] of [
    ['m0', 2],
    ['m1', 1],
    ['m2', 2],
    ['m3', 1],
    ['m4', 2],
    ['m5', 1],
  ] as const)
    await signup(activityId, uid, k);
  // and a one-seat booking without a waitlist, where signups take their seat themselves
  const booking = await publish({ seats: 1, waitlist: false, perPersonLimit: 1, title: '法律咨询' });
  const steps = [
    { action: 'cancel', data: { activityId }, uid: 'm1' },
    { action: 'cancel', data: { activityId }, uid: 'm0' },
    { action: 'cancel', data: { activityId }, uid: 'm3' },
    { action: 'signup', data: { activityId, seatCount: 1 }, uid: 'm6' },
    { action: 'close', data: { activityId }, uid: 'dev_federation_officer' },
    { action: 'signup', data: { activityId: booking }, uid: 'm7' },
    { action: 'signup', data: { activityId: booking }, uid: 'm6' }, // full: QUOTA_FULL
    { action: 'cancel', data: { activityId: booking }, uid: 'm7' },
    { action: 'signup', data: { activityId: booking }, uid: 'm6' },
  ];
  return { activityId, booking, steps };
}

const ANSWERS = ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'QUOTA_FULL', 'ok', 'ok'];

const FINAL = { m0: 'cancelled', m1: 'cancelled', m2: 'confirmed', m3: 'cancelled', m4: 'waitlisted', m5: 'confirmed', m6: 'waitlisted' };
const FINAL_NOTICES = ['waitlist_closed m4', 'waitlist_closed m6', 'waitlist_promoted m2', 'waitlist_promoted m3', 'waitlist_promoted m5'];

async function expectFinal(activityId: string, booking: string) {
  expect([await statusOf(booking, 'm7'), await statusOf(booking, 'm6')]).toEqual(['cancelled', 'confirmed']);
  expect(await expectInvariants(booking)).toMatchObject({ confirmed: 1, left: 0 });
  for (const [uid, status] of Object.entries(FINAL)) expect([uid, await statusOf(activityId, uid)]).toEqual([uid, status]);
  expect(await noticesOf(activityId)).toEqual(FINAL_NOTICES);
  const inv = await expectInvariants(activityId);
  expect(inv).toMatchObject({ confirmed: 3, left: 0, waitlisted: 2, promoted: 3, notices: 3 });
  expect((await w.deps.store.get<ActivityDoc>(ACTIVITIES, activityId))!).toMatchObject({ status: 'closed', pendingMove: null });
  // the officer's close is audited once, by them
  expect(
    (await w.deps.store.query<any>(AUDIT, { where: { 'target.id': activityId, action: 'activity.close' }, limit: 5 })).items.map((e) => e.actorUid),
  ).toEqual(['dev_federation_officer']);
}

/** After a crash: the restart's repair, the invariants, then the rest of the script (what was not acknowledged is sent again). */
async function repairAndResume(activityId: string, booking: string, steps: Array<{ action: string; data: object; uid: string }>, from: number) {
  w.clock.t += 2000; // a restarted process: no cached view of the activity
  await repair();
  await expectInvariants(activityId);
  await expectInvariants(booking);
  for (const s of steps.slice(from)) await functions.activity.invoke({ action: s.action, data: s.data }, { uid: s.uid }, w.deps);
  await repair();
  await expectFinal(activityId, booking);
}

describe('the script uncut', () => {
  it('ends with the oldest waiter who fits promoted at each cancel, one notice each, the rest told at close', async () => {
    await members(8);
    const { activityId, booking, steps } = await scene();
    const answers = [];
    for (const s of steps) {
      const r = await functions.activity.invoke({ action: s.action, data: s.data }, { uid: s.uid }, w.deps);
      answers.push(r.ok ? 'ok' : r.error.code);
    }
    expect(answers).toEqual(ANSWERS);
    await expectFinal(activityId, booking);
  });
});

describe('a crash between each pair of writes', () => {
  // each cut request logs its INTERNAL error: expected here
  beforeEach(() => jest.spyOn(console, 'error').mockImplementation(() => {}));
  afterEach(() => jest.restoreAllMocks());

  it('cut in-process at every write of cancel, promotion, signup and close: repair restores every invariant, resuming ends where the uncut script ends', async () => {
    await members(8);
    let cutAt = 0;
    for (; cutAt < 200; cutAt++) {
      const { activityId, booking, steps } = await scene();
      let writes = 0;
      const real = w.deps.store;
      const dead = () => writes++ >= cutAt;
      const killed = () => Promise.reject(new Error('process killed'));
      const dying = delegatingStore(real, {
        insert: (c, d) => (dead() ? killed() : real.insert(c, d)),
        insertMany: (c, d) => (dead() ? killed() : real.insertMany(c, d)),
        update: (c, id, u, wh) => (dead() ? killed() : real.update(c, id, u, wh)),
        transact: (c, id, fn) => (dead() ? killed() : real.transact(c, id, fn)),
        increment: (c, id, f, by) => (dead() ? killed() : real.increment(c, id, f, by)),
        remove: (c, id, wh) => (dead() ? killed() : real.remove(c, id, wh)),
      });
      let crashedAt = steps.length;
      for (let i = 0; i < steps.length; i++) {
        const r = await functions.activity.invoke({ action: steps[i].action, data: steps[i].data }, { uid: steps[i].uid }, { ...w.deps, store: dying });
        if (!r.ok && r.error.code === 'INTERNAL') {
          crashedAt = i;
          break;
        }
        expect([i, r.ok ? 'ok' : r.error.code]).toEqual([i, ANSWERS[i]]);
      }
      await repairAndResume(activityId, booking, steps, crashedAt);
      if (crashedAt === steps.length) break; // the script ran through: every write has been cut once
    }
    expect(cutAt).toBeGreaterThanOrEqual(40); // every write of the script, each cut once
  }, 240_000);

  itOnSqlite(
    'SIGKILL between each pair of writes of the cancels and their promotions (a child process on the SQLite file)',
    async () => {
      const { spawn } = await import('node:child_process');
      const { join } = await import('node:path');
      await members(8);
      let killAt = 0;
      for (; killAt < 60; killAt++) {
        const { activityId, booking, steps } = await scene();
        const cut = steps.slice(0, 2); // m1 and m0 cancel: each frees seats that go to a waiter
        const child = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            join(__dirname, 'crash-seats.testkit.ts'),
            join(w.dir, 'test.db'),
            w.masterKey.toString('base64'),
            String(w.clock.t),
            String(killAt),
            JSON.stringify(cut),
          ],
          { cwd: join(__dirname, '../..') },
        );
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        let err = '';
        child.stderr.on('data', (c: Buffer) => (err += c.toString()));
        const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
        const acked = out
          .split('\n')
          .filter((l) => / ok$/.test(l))
          .map((l) => Number(l.split(' ')[0]));
        const finished = out.includes('done ');
        if (!finished) expect([signal, err.slice(0, 500)]).toEqual(['SIGKILL', '']);
        // every acknowledged cancel stands after the restart
        for (const i of acked) expect(await statusOf(activityId, cut[i].uid)).toBe('cancelled');
        await repairAndResume(activityId, booking, steps, finished ? cut.length : acked.length);
        if (finished) break;
      }
      expect(killAt).toBeGreaterThanOrEqual(16); // the 16 writes of both cancels and their promotions, each cut once
    },
    240_000,
  );
});

describe('a cancel storm without a crash', () => {
  it('double-tapped cancels, waitlist departures and newcomers racing: every invariant holds with nothing left to repair', async () => {
    await members(160);
    const activityId = await publish({ seats: 20 });
    await Promise.all(Array.from({ length: 80 }, (_, i) => w.call('activity', 'signup', { activityId, seatCount: i % 3 === 0 ? 2 : 1 }, `uid:m${i}`)));
    await expectInvariants(activityId);
    const calls: Array<Promise<unknown>> = [];
    for (let i = 0; i < 40; i++) {
      calls.push(w.call('activity', 'cancel', { activityId }, `uid:m${i}`));
      if (i % 4 === 0) calls.push(w.call('activity', 'cancel', { activityId }, `uid:m${i}`)); // double tap
    }
    for (let i = 60; i < 70; i++) calls.push(w.call('activity', 'cancel', { activityId }, `uid:m${i}`)); // leaving the waitlist
    for (let i = 80; i < 160; i++) calls.push(w.call('activity', 'signup', { activityId, seatCount: i % 2 ? 2 : 1 }, `uid:m${i}`));
    for (let i = 0; i < 10; i++) calls.push(w.call('activity', 'signup', { activityId }, `uid:m${i}`)); // signing up again
    const answers = (await Promise.all(calls)) as Array<{ ok: boolean; error?: { code: string } }>;
    expect(answers.filter((r) => !r.ok && !['CONFLICT', 'NOT_FOUND'].includes(r.error!.code))).toEqual([]);
    const inv = await expectInvariants(activityId);
    expect(inv.confirmed).toBeGreaterThanOrEqual(19); // 2-seat waiters may leave one seat to nobody who fits
    expect(await repair(60_000)).toMatchObject({ repaired: 0, recounted: 0, promoted: 0 });
  }, 60_000);
});

describe('odd seat counts and double taps', () => {
  it('a free seat goes to a 1-seat waiter behind 21 waiters who each want 2', async () => {
    await members(25);
    const activityId = await publish();
    await signup(activityId, 'm0', 2);
    await signup(activityId, 'm1', 1);
    for (let i = 2; i <= 22; i++) expect((await signup(activityId, `m${i}`, 2)).status).toBe('waitlisted');
    expect((await signup(activityId, 'm23', 1)).status).toBe('waitlisted');
    ok(await w.call('activity', 'cancel', { activityId }, 'uid:m1'));
    expect(await statusOf(activityId, 'm23')).toBe('confirmed');
    for (let i = 2; i <= 22; i++) expect(await statusOf(activityId, `m${i}`)).toBe('waitlisted');
    expect(await expectInvariants(activityId)).toMatchObject({ confirmed: 3, left: 0, waitlisted: 21, promoted: 1, notices: 1 });
    // the 2-seat waiters keep their order: the next 2 seats go to the oldest of them
    ok(await w.call('activity', 'cancel', { activityId }, 'uid:m0'));
    expect(await statusOf(activityId, 'm2')).toBe('confirmed');
    expect(await statusOf(activityId, 'm3')).toBe('waitlisted');
    await expectInvariants(activityId);
  });

  it('a double tap on a full activity without a waitlist: both taps are told it is full, no 500', async () => {
    await members(3);
    const activityId = await publish({ seats: 1, waitlist: false, perPersonLimit: 1 });
    await signup(activityId, 'm0');
    // the second tap's insert collides with the first tap's pending document, and reads it only
    // after the first tap found no seat and removed it
    const real = w.deps.store;
    let firstDone!: () => void;
    const gate = new Promise<void>((r) => (firstDone = r));
    const store = delegatingStore(real, {
      insert: async (c, d) => {
        try {
          return await real.insert(c, d);
        } catch (e) {
          if (e instanceof DuplicateKeyError && c === SIGNUPS) await gate;
          throw e;
        }
      },
    });
    const deps = { ...w.deps, store };
    const tap = () => functions.activity.invoke({ action: 'signup', data: { activityId } }, { uid: 'm1' }, deps);
    const first = tap();
    const second = tap();
    const a = await first;
    firstDone();
    const b = await second;
    expect([a, b]).toMatchObject([
      { ok: false, error: { code: 'QUOTA_FULL' } },
      { ok: false, error: { code: 'QUOTA_FULL' } },
    ]);
    expect(await statusOf(activityId, 'm1')).toBeNull();
    await expectInvariants(activityId);
  });

  it('a signup whose pending record was settled elsewhere meanwhile answers what is stored, not "confirmed"', async () => {
    await members(3);
    const activityId = await publish({ seats: 2, perPersonLimit: 1 });
    await signup(activityId, 'm0');
    const id = signupIdFor(w.deps, activityId, 'm1');
    const real = w.deps.store;
    // between taking its seat and confirming, another instance's reconcile parks m1 in the waitlist
    const store = delegatingStore(real, {
      update: async (c, docId, u, wh) => {
        if (c === SIGNUPS && docId === id && u.set?.status === 'confirmed') {
          await real.update(SIGNUPS, id, { set: { status: 'waitlisted', waitSince: w.clock.t } }, { status: 'pending' });
        }
        return real.update(c, docId, u, wh);
      },
    });
    w.clock.t += 1000;
    const r = ok<any>(await functions.activity.invoke({ action: 'signup', data: { activityId } }, { uid: 'm1' }, { ...w.deps, store }));
    expect(r.status).toBe('waitlisted');
    expect(await statusOf(activityId, 'm1')).toBe('waitlisted');
    // the seat it took is counted back and goes to the waiter who fits: m1 itself
    await repair();
    expect(await statusOf(activityId, 'm1')).toBe('confirmed');
    expect(await expectInvariants(activityId)).toMatchObject({ confirmed: 2, left: 0 });
  });

  it('a pending signup cannot be cancelled while its request settles it', async () => {
    await members(1);
    const activityId = await publish();
    await w.deps.store.insert(SIGNUPS, aSignup({ _id: signupIdFor(w.deps, activityId, 'm0'), activityId, uid: 'm0', createdAt: w.clock.t }));
    expect(await w.call('activity', 'cancel', { activityId }, 'uid:m0')).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: '报名正在处理中，请稍后再试' },
    });
  });
});

describe('reconcile on the timer', () => {
  it('recounts and promotes an activity with no pending signups whose counter disagrees (a seat lost before this engine)', async () => {
    await members(3);
    const activityId = await publish({ seats: 2, perPersonLimit: 1 });
    await signup(activityId, 'm0');
    await signup(activityId, 'm1');
    await signup(activityId, 'm2'); // waits
    // the state an old crash left behind: m0 cancelled, its seat never given back
    await w.deps.store.update(SIGNUPS, signupIdFor(w.deps, activityId, 'm0'), { set: { status: 'cancelled', cancelledAt: w.clock.t } });
    expect((await inspectSeats(w.deps, activityId)).violations).toEqual(['left 0 ≠ seats 2 − held 1']);
    w.clock.t += 5 * 60_000;
    expect(await repair(60_000)).toMatchObject({ activities: 1, resolved: 0, recounted: 1, promoted: 1 });
    expect(await statusOf(activityId, 'm2')).toBe('confirmed');
    expect(await expectInvariants(activityId)).toMatchObject({ confirmed: 2, left: 0, promoted: 1, notices: 1 });
    expect(await repair(60_000)).toMatchObject({ activities: 0 });
  });

  it('a reconcile that died after parking the signups of a full activity without a waitlist: the next one refuses them', async () => {
    await members(3);
    const activityId = await publish({ seats: 1, waitlist: false, perPersonLimit: 1 });
    await signup(activityId, 'm0');
    // m1's request died before taking a seat; a reconcile parked it in the waitlist and died too
    await w.deps.store.insert(
      SIGNUPS,
      aSignup({ _id: signupIdFor(w.deps, activityId, 'm1'), activityId, uid: 'm1', status: 'waitlisted', createdAt: w.clock.t, waitSince: w.clock.t }),
    );
    await repair(60_000);
    expect(await statusOf(activityId, 'm1')).toBeNull();
    expect(await expectInvariants(activityId)).toMatchObject({ confirmed: 1, left: 0, waitlisted: 0 });
  });

  it('on the timer it never takes seats away from requests in flight: a fresh pending signup is counted, not trusted to be lost', async () => {
    await members(2);
    const activityId = await publish({ seats: 2, perPersonLimit: 1 });
    await signup(activityId, 'm0');
    // m1's request is under way: its pending record is written, its seat not yet taken
    await w.deps.store.insert(SIGNUPS, aSignup({ _id: signupIdFor(w.deps, activityId, 'm1'), activityId, uid: 'm1', createdAt: w.clock.t }));
    expect(await repair(60_000)).toMatchObject({ recounted: 0, resolved: 0 });
    expect((await w.deps.store.get<ActivityDoc>(ACTIVITIES, activityId))!.left).toBe(1);
  });
});
