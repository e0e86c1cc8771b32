/** The `activity` function in-process: seats never oversell, waitlist order, recovery, scope. */
import { insertTestMembers, makeWorld, ok, TEST_NOW, type CallInput, type TestWorld } from '../../server/testing';
import { aMember, aSignup } from '../../server/builders.testkit';
import { MEMBERS } from '../../core/member/model';
import { ACTIVITIES, SIGNUPS } from '../../core/activity/model';
import { signupIdFor } from '../../core/activity/records';
import { OUTBOX } from '../../core/shared/outbox';
import { openDownloadUrl } from '../../adapters/files/local';
import { aPublishForm } from '../../server/builders.testkit';

let w: TestWorld;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.close());

const HOUR = 3600_000;

type Form = CallInput<'activity', 'publish'>;

const form = (overrides: Partial<Form> = {}): Form => aPublishForm({ title: '职工篮球赛', place: '园区体育馆', ...overrides });

/** n members of union 001 with uids m0..m(n-1) */
const members = (n: number) => insertTestMembers(w, n, { id: 'test', memberNo: '26', hash: 'h' });

async function publish(overrides: Partial<Form> = {}, as = 'federation-officer') {
  return ok(await w.call('activity', 'publish', form(overrides), as));
}

async function confirmedSeats(activityId: string) {
  const page = await w.deps.store.query<any>(SIGNUPS, { where: { activityId, status: 'confirmed' }, limit: 1000 });
  return page.items.reduce((n, s) => n + s.seatCount, 0);
}

describe('publishing', () => {
  it('refuses impossible times with Chinese messages next to the fields', async () => {
    const env = await w.call('activity', 'publish', form({ endAt: TEST_NOW, signupClosesAt: TEST_NOW + 100 * HOUR, title: '' }), 'union-officer');
    expect(env).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const byField = Object.fromEntries((env as any).error.issues.map((i: any) => [i.path[0], i.message]));
    expect(byField).toMatchObject({ title: '请填写标题', endAt: '结束时间应晚于开始时间', signupClosesAt: '报名应在活动开始前截止' });
    for (const posterUrl of ['not a url', 'javascript:alert(1)', 'http://plain.example/a.png']) {
      const badPoster = await w.call('activity', 'publish', form({ posterUrl }), 'union-officer');
      expect(badPoster).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', issues: [{ path: ['posterUrl'], message: '海报地址不正确（须以 https:// 开头）' }] },
      });
    }
    expect(ok(await w.call('activity', 'publish', form({ posterUrl: 'https://img.example.cn/poster.jpg' }), 'union-officer')).posterUrl).toBe(
      'https://img.example.cn/poster.jpg',
    );
  });

  it("publishes an uploaded image as the poster anyone can see; refuses others' files, non-images and big ones", async () => {
    // a 1×1 PNG
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const upload = (as: string, base64: string, contentType = 'image/png') => w.call('org', 'uploadFile', { name: '海报.png', contentType, base64 }, as);
    const mine = ok(await upload('federation-officer', png.toString('base64')));
    const a = await publish({ posterFileId: mine.id });
    expect(a.posterUrl).toBe(`/files/public/poster_${mine.id}.png`);
    expect(Buffer.from((await w.deps.files.get(`public/poster_${mine.id}.png`))!)).toEqual(png);
    const seen = ok(await w.call('activity', 'get', { activityId: a.id }, null));
    expect(seen.activity.posterUrl).toBe(a.posterUrl);

    const posterError = async (fileId: string) => {
      const env = await w.call('activity', 'publish', form({ posterFileId: fileId }), 'federation-officer');
      expect(env).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: ['posterFileId'] }] } });
      return (env as any).error.message as string;
    };
    const someoneElses = ok(await upload('union-officer', png.toString('base64')));
    expect(await posterError(someoneElses.id)).toBe('海报图片不存在或不是您上传的，请重新上传');
    const notAnImage = ok(await upload('federation-officer', Buffer.from('<html>not a picture</html>').toString('base64')));
    expect(await posterError(notAnImage.id)).toBe('海报须是 JPG、PNG 或 WEBP 图片');
    const big = ok(await upload('federation-officer', Buffer.concat([png, Buffer.alloc(2 * 1024 * 1024)]).toString('base64')));
    expect(await posterError(big.id)).toBe('海报图片不能超过2MB');
    expect(await posterError('f_nothing')).toBe('海报图片不存在或不是您上传的，请重新上传');
    expect(await w.deps.store.count(ACTIVITIES, { title: '职工篮球赛' })).toBe(1); // nothing published by the refusals
  });

  it("lists every activity of the officer's org for managing: under way ones stay for check-in, past and cancelled ones too", async () => {
    const later = await publish({
      title: '园区工会：下月活动',
      startAt: TEST_NOW + 300 * HOUR,
      endAt: TEST_NOW + 303 * HOUR,
      signupClosesAt: TEST_NOW + 200 * HOUR,
    });
    const soon = await publish({ title: '本会：周末活动' }, 'union-officer');
    const underWay = await publish(
      { title: '本会：今天的培训', startAt: TEST_NOW + 2 * HOUR, endAt: TEST_NOW + 6 * HOUR, signupClosesAt: TEST_NOW + HOUR },
      'union-officer',
    );
    ok(await w.call('activity', 'cancelActivity', { activityId: soon.id, reason: '场地检修' }, 'union-officer'));
    w.clock.t += 3 * HOUR; // the training has started: the public list drops it, the officer's does not
    expect(ok(await w.call('activity', 'list', {}, null)).items.map((a: any) => a.id)).not.toContain(underWay.id);
    const mine = ok(await w.call('activity', 'manage', {}, 'union-officer'));
    expect(mine).toMatchObject({ orgId: 'org_union_001', orgName: '星海精密制造工会' });
    expect(mine.items.map((a: any) => a.title)).toEqual(['本会：今天的培训', '本会：周末活动']); // soonest over first; cancelled kept
    expect(mine.items[1].phaseLabel).toBe('已取消');
    const park = ok(await w.call('activity', 'manage', {}, 'federation-officer'));
    expect(park.items.map((a: any) => a.id)).toEqual([underWay.id, soon.id, later.id]); // the park's own and its unions'
    expect(ok(await w.call('activity', 'manage', {}, 'union-officer-b')).items).toEqual([]);
    expect(await w.call('activity', 'manage', { orgId: 'org_union_001' }, 'union-officer-b')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    w.clock.t += 4 * HOUR;
    expect(ok(await w.call('activity', 'manage', { when: 'past' }, 'union-officer')).items.map((a: any) => a.id)).toEqual([underWay.id]);
  });

  it('makes a poster QR that opens the signup page where the app is served; only a plain origin is taken', async () => {
    const a = await publish();
    const p = ok(await w.call('activity', 'poster', { activityId: a.id, baseUrl: 'http://192.168.1.20:3000' }, null));
    expect(p).toMatchObject({ path: `/pages/activity/detail?id=${a.id}`, activity: { id: a.id } });
    expect(p.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    for (const baseUrl of ['javascript:alert(1)', 'http://x.cn/evil?', 'ftp://x.cn']) {
      expect(await w.call('activity', 'poster', { activityId: a.id, baseUrl }, null)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
  });

  it('shows a member what they may join; a worker not yet a member also sees members-only ones, as the reason to join', async () => {
    await members(1); // m0, of union 001
    await w.deps.store.insert(
      MEMBERS,
      aMember({
        _id: 'm_test_b',
        memberNo: 'GH2699999999',
        uid: 'mb',
        name: '会员乙',
        idHash: 'hb',
        orgId: 'org_union_002',
        orgName: '星海云数科技工会',
        enterpriseId: 'ent_002',
        enterpriseName: '星海云数科技有限公司',
        job: '工程师',
        joinedAt: TEST_NOW - 86400_000,
      }),
    );
    const ours = await publish({ title: '本会会员专场' }, 'union-officer');
    const park = await publish({ title: '园区会员活动' });
    const open = await publish({ title: '全体职工开放日', membersOnly: false }, 'union-officer');
    const seen = async (as: string | null) =>
      ok(await w.call('activity', 'list', {}, as))
        .items.map((a: any) => a.id)
        .filter((id: string) => [ours.id, park.id, open.id].includes(id))
        .sort();
    const all = [ours.id, park.id, open.id].sort();
    expect(await seen('uid:m0')).toEqual(all);
    expect(await seen('uid:mb')).toEqual([park.id, open.id].sort()); // another union's members-only activity is not theirs to join
    expect(await seen('worker')).toEqual(all);
    expect(await seen(null)).toEqual(all);
  });

  it('is for officers within their scope only', async () => {
    expect(await w.call('activity', 'publish', form(), 'member')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await w.call('activity', 'publish', form({ orgId: 'org_park' }), 'union-officer')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const a = await publish({}, 'union-officer');
    expect(a).toMatchObject({ orgId: 'org_union_001', left: 50, phase: 'open', phaseLabel: '报名中' });
    expect(await w.call('activity', 'roster', { activityId: a.id }, 'union-officer-b')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('signing up', () => {
  it('never confirms more seats than there are: 300 members and double taps racing for 50 seats', async () => {
    await members(300);
    const a = await publish();
    const calls = [];
    for (let i = 0; i < 300; i++) {
      calls.push(w.call('activity', 'signup', { activityId: a.id }, `uid:m${i}`));
      if (i % 10 === 0) calls.push(w.call('activity', 'signup', { activityId: a.id }, `uid:m${i}`)); // double tap
    }
    const results = await Promise.all(calls);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await confirmedSeats(a.id)).toBe(50);
    expect(await w.deps.store.count(SIGNUPS, { activityId: a.id })).toBe(300); // one per person
    expect(await w.deps.store.count(SIGNUPS, { activityId: a.id, status: 'waitlisted' })).toBe(250);
    expect((await w.deps.store.get<any>(ACTIVITIES, a.id)).left).toBe(0);
    // a retry returns the first answer
    const again = ok(await w.call('activity', 'signup', { activityId: a.id }, 'uid:m299'));
    expect(again).toMatchObject({ status: 'waitlisted', statusLabel: '候补中' });
    const detail = ok(await w.call('activity', 'get', { activityId: a.id }, 'uid:m299'));
    expect(detail.mySignup!.waitlistPosition).toBeGreaterThan(0);
    expect(detail.mySignup!.waitlistPosition).toBeLessThanOrEqual(250);
  });

  it('without a waitlist, refuses with QUOTA_FULL and keeps no record of the refused', async () => {
    await members(100);
    const a = await publish({ seats: 10, waitlist: false });
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => w.call('activity', 'signup', { activityId: a.id }, `uid:m${i}`)));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(results.filter((r) => !r.ok).every((r: any) => r.error.code === 'QUOTA_FULL' && r.error.message.includes('名额已满'))).toBe(true);
    expect(await w.deps.store.count(SIGNUPS, { activityId: a.id })).toBe(10);
  });

  it('cancelling frees the seat and promotes the waitlist in order, with a notification', async () => {
    await members(5);
    const a = await publish({ seats: 2 });
    for (let i = 0; i < 5; i++) {
      w.clock.t += 1000;
      ok(await w.call('activity', 'signup', { activityId: a.id }, `uid:m${i}`));
    }
    expect(ok(await w.call('activity', 'get', { activityId: a.id }, 'uid:m3')).mySignup).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
    ok(await w.call('activity', 'cancel', { activityId: a.id }, 'uid:m0'));
    const m2 = ok(await w.call('activity', 'get', { activityId: a.id }, 'uid:m2'));
    expect(m2.mySignup!.status).toBe('confirmed');
    expect(ok(await w.call('activity', 'get', { activityId: a.id }, 'uid:m3')).mySignup!.waitlistPosition).toBe(1);
    const notes = await w.deps.store.query<any>(OUTBOX, { where: { to: 'uid:m2', template: 'waitlist_promoted' }, limit: 5 });
    expect(notes.items).toHaveLength(1);
    // the next freed seat goes to the next in line, not to a newcomer
    const { _id: _drop, ...late } = (await w.deps.store.get<any>(MEMBERS, 'm_test_4'))!;
    await w.deps.store.insert(MEMBERS, { ...late, _id: 'm_test_late', uid: 'late', memberNo: 'GH2699999999' });
    w.clock.t += 1000;
    expect(ok(await w.call('activity', 'signup', { activityId: a.id }, 'uid:late')).status).toBe('waitlisted');
    ok(await w.call('activity', 'cancel', { activityId: a.id }, 'uid:m1'));
    expect(ok(await w.call('activity', 'get', { activityId: a.id }, 'uid:m3')).mySignup!.status).toBe('confirmed');
    expect(ok(await w.call('activity', 'get', { activityId: a.id }, 'uid:late')).mySignup).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
    expect(await confirmedSeats(a.id)).toBe(2);
  });

  it('keeps seats consistent while cancellations and signups race', async () => {
    await members(120);
    const a = await publish({ seats: 30 });
    await Promise.all(Array.from({ length: 60 }, (_, i) => w.call('activity', 'signup', { activityId: a.id }, `uid:m${i}`)));
    await Promise.all([
      ...Array.from({ length: 30 }, (_, i) => w.call('activity', 'cancel', { activityId: a.id }, `uid:m${i}`)),
      ...Array.from({ length: 60 }, (_, i) => w.call('activity', 'signup', { activityId: a.id }, `uid:m${60 + i}`)),
    ]);
    const act = await w.deps.store.get<any>(ACTIVITIES, a.id);
    expect((await confirmedSeats(a.id)) + act.left).toBe(30);
    expect(await confirmedSeats(a.id)).toBe(30); // 90 people still want 30 seats: none stays empty
  });

  it('members only: a non-member is guided to join; seat counts above the limit are refused', async () => {
    const a = await publish({ perPersonLimit: 2 });
    expect(await w.call('activity', 'signup', { activityId: a.id }, 'worker')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', details: { next: 'join' } },
    });
    expect(await w.call('activity', 'signup', { activityId: a.id, seatCount: 3 }, 'member')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: '每人最多报名2个名额' },
    });
    expect(ok(await w.call('activity', 'signup', { activityId: a.id, seatCount: 2 }, 'member'))).toMatchObject({ status: 'confirmed', seatCount: 2 });
    const open = await publish({ membersOnly: false });
    expect(ok(await w.call('activity', 'signup', { activityId: open.id }, 'worker')).status).toBe('confirmed');
  });

  it('counts signups per sharer for the officer, through an opaque sharer token', async () => {
    await members(4);
    const a = await publish();
    // the sharer's card carries a short url-safe token, never their uid
    const { sharerToken } = ok(await w.call('activity', 'get', { activityId: a.id }, 'uid:m0'));
    expect(sharerToken).toMatch(/^[0-9a-f]{20}$/);
    expect(sharerToken).not.toContain('m0');
    expect(ok(await w.call('activity', 'get', { activityId: a.id }, 'uid:m0')).sharerToken).toBe(sharerToken); // stable per person
    expect(ok(await w.call('activity', 'get', { activityId: a.id }, null)).sharerToken).toBeNull();
    for (let i = 1; i < 3; i++) ok(await w.call('activity', 'signup', { activityId: a.id, sharedBy: sharerToken }, `uid:m${i}`));
    ok(await w.call('activity', 'signup', { activityId: a.id, sharedBy: sharerToken }, 'uid:m0')); // sharing with yourself does not count
    const r = ok(await w.call('activity', 'roster', { activityId: a.id }, 'federation-officer'));
    expect(r.counts.confirmed).toBe(3);
    // the roster is the officer's own members' sign-in sheet: names in full (core/shared/mask.ts, purpose 'roster')
    expect(r.bySharer).toEqual([{ sharer: '会员0', signups: 2 }]);
    expect(r.items.filter((i: any) => i.sharedByName === '会员0')).toHaveLength(2);
  });

  it('ignores a sharer reference that is not a token it handed out: a raw uid, a forged or altered token', async () => {
    await members(6);
    const a = await publish();
    const { sharerToken } = ok(await w.call('activity', 'get', { activityId: a.id }, 'uid:m0'));
    // somebody's token computed without the key, a flipped character, a raw uid, junk
    const forged = [sharerToken!.replace(/.$/, (c: string) => (c === '0' ? '1' : '0')), 'm0', 'dev_member', '0123456789abcdef0123', '<script>'];
    for (let i = 0; i < forged.length; i++) {
      const s = ok(await w.call('activity', 'signup', { activityId: a.id, sharedBy: forged[i] }, `uid:m${i + 1}`));
      expect(s.status).toBe('confirmed'); // the signup goes ahead, unattributed
    }
    // a record planted under a token that does not hash to its uid is not believed either
    await w.deps.store.insert('sharers', { _id: 'aaaaaaaaaaaaaaaaaaaa', uid: 'm0', createdAt: TEST_NOW });
    ok(await w.call('activity', 'signup', { activityId: a.id, sharedBy: 'aaaaaaaaaaaaaaaaaaaa' }, 'member'));
    const r = ok(await w.call('activity', 'roster', { activityId: a.id }, 'federation-officer'));
    expect(r.counts.confirmed).toBe(6);
    expect(r.bySharer).toEqual([]);
  });

  it('enforces the signup window and the cancel cut-off', async () => {
    await members(1);
    const later = await publish({ signupOpensAt: TEST_NOW + HOUR });
    expect(await w.call('activity', 'signup', { activityId: later.id }, 'uid:m0')).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: '报名尚未开始，请稍后再来' },
    });
    const a = await publish({ cancelCutoffAt: TEST_NOW + HOUR });
    ok(await w.call('activity', 'signup', { activityId: a.id }, 'uid:m0'));
    w.clock.t += 2 * HOUR;
    expect(await w.call('activity', 'cancel', { activityId: a.id }, 'uid:m0')).toMatchObject({ ok: false, error: { code: 'DEADLINE_PASSED' } });
    w.clock.t += 48 * HOUR;
    expect(await w.call('activity', 'signup', { activityId: a.id }, 'member')).toMatchObject({
      ok: false,
      error: { code: 'DEADLINE_PASSED', message: '报名已截止' },
    });
  });

  it('cancelling the activity notifies everyone; closing twice is an illegal transition', async () => {
    await members(3);
    const a = await publish();
    for (let i = 0; i < 3; i++) ok(await w.call('activity', 'signup', { activityId: a.id }, `uid:m${i}`));
    ok(await w.call('activity', 'cancelActivity', { activityId: a.id, reason: '场馆维修' }, 'federation-officer'));
    expect(await w.deps.store.count(OUTBOX, { template: 'activity_cancelled' })).toBe(3);
    expect(await w.call('activity', 'close', { activityId: a.id }, 'federation-officer')).toMatchObject({ ok: false, error: { code: 'ILLEGAL_TRANSITION' } });
  });

  it('closing signups tells those still waiting that they will not get in, and nobody else', async () => {
    await members(4);
    const a = await publish({ seats: 2 });
    for (let i = 0; i < 4; i++) ok(await w.call('activity', 'signup', { activityId: a.id }, `uid:m${i}`));
    ok(await w.call('activity', 'close', { activityId: a.id }, 'federation-officer'));
    const told = await w.deps.store.query<any>(OUTBOX, { where: { template: 'waitlist_closed' }, limit: 10 });
    expect(told.items.map((m) => m.to).sort()).toEqual(['uid:m2', 'uid:m3']);
    ok(await w.call('activity', 'cancel', { activityId: a.id }, 'uid:m0')); // a seat freed after closing goes to nobody
    expect(ok(await w.call('activity', 'get', { activityId: a.id }, 'uid:m2')).mySignup!.status).toBe('waitlisted');
  });
});

describe('signing up against a stale view of the activity', () => {
  // Another instance (a second cloud-function container) changes the activity: this instance's
  // one-second cache still shows the old document. The stored document must decide.
  it('a signup arriving after another instance cancelled or closed the activity is undone, not kept', async () => {
    await members(3);
    const a = await publish();
    ok(await w.call('activity', 'signup', { activityId: a.id }, 'uid:m0')); // caches the open activity
    await w.deps.store.update(ACTIVITIES, a.id, { set: { status: 'cancelled' } }); // elsewhere
    expect(await w.call('activity', 'signup', { activityId: a.id }, 'uid:m1')).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: '该活动已取消' },
    });
    expect(await w.deps.store.get(SIGNUPS, signupIdFor(w.deps, a.id, 'm1'))).toBeNull();

    const b = await publish({ seats: 1 });
    ok(await w.call('activity', 'signup', { activityId: b.id }, 'uid:m0'));
    await w.deps.store.update(ACTIVITIES, b.id, { set: { status: 'closed' } });
    expect(await w.call('activity', 'signup', { activityId: b.id }, 'uid:m2')).toMatchObject({ ok: false, error: { code: 'DEADLINE_PASSED' } });
    expect(await w.deps.store.get(SIGNUPS, signupIdFor(w.deps, b.id, 'm2'))).toBeNull();
  });

  it('a seat freed while the cache still says full goes to the waitlist in order', async () => {
    await members(3);
    const a = await publish({ seats: 1 });
    ok(await w.call('activity', 'signup', { activityId: a.id }, 'uid:m0'));
    expect(ok(await w.call('activity', 'signup', { activityId: a.id }, 'uid:m1')).status).toBe('waitlisted'); // cache: left 0
    // m0's seat frees up elsewhere without promoting anyone (a crash right after the cancel)
    await w.deps.store.update(SIGNUPS, signupIdFor(w.deps, a.id, 'm0'), { set: { status: 'cancelled' } });
    await w.deps.store.update(ACTIVITIES, a.id, { inc: { left: 1 } });
    w.clock.t += 10; // a moment later, well within the cache's second
    // m2 still sees "full": it goes onto the waitlist, and the seat goes to m1, who waited first
    expect(ok(await w.call('activity', 'signup', { activityId: a.id }, 'uid:m2')).status).toBe('waitlisted');
    expect((await w.deps.store.get<any>(SIGNUPS, signupIdFor(w.deps, a.id, 'm1')))!.status).toBe('confirmed');
    expect(await confirmedSeats(a.id)).toBe(1);
    expect((await w.deps.store.get<any>(ACTIVITIES, a.id))!.left).toBe(0);
  });

  it('a retry after the window closed still gets the first answer', async () => {
    await members(1);
    const a = await publish();
    const first = ok(await w.call('activity', 'signup', { activityId: a.id }, 'uid:m0'));
    w.clock.t += 49 * HOUR;
    expect(ok(await w.call('activity', 'signup', { activityId: a.id }, 'uid:m0'))).toMatchObject({ id: first.id, status: 'confirmed' });
  });
});

describe('check-in, export, reminders', () => {
  it('checks a member in once with the rotating code; forged, expired and unregistered fail', async () => {
    await members(2);
    const a = await publish();
    ok(await w.call('activity', 'signup', { activityId: a.id }, 'uid:m0'));
    w.clock.t = a.startAt - HOUR; // check-in opens two hours before the start
    const { code, qrDataUrl } = ok(await w.call('activity', 'checkInCode', { activityId: a.id }, 'federation-officer'));
    expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(ok(await w.call('activity', 'checkIn', { code }, 'uid:m0'))).toMatchObject({ activityTitle: '职工篮球赛', already: false });
    expect(ok(await w.call('activity', 'checkIn', { code }, 'uid:m0')).already).toBe(true);
    expect(await w.call('activity', 'checkIn', { code }, 'uid:m1')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const [p, id, win, sig] = code.split('.');
    expect(await w.call('activity', 'checkIn', { code: [p, id, String(Number(win) + 5), sig].join('.') }, 'uid:m0')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    w.clock.t += 61_000;
    expect(await w.call('activity', 'checkIn', { code }, 'uid:m0')).toMatchObject({ ok: false, error: { code: 'DEADLINE_PASSED' } });
    expect(await w.call('activity', 'checkInCode', { activityId: a.id }, 'union-officer-b')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const r = ok(await w.call('activity', 'roster', { activityId: a.id }, 'federation-officer'));
    expect(r.counts.checkedIn).toBe(1);
  });

  it('check-in is for the event: not days before, not after its end', async () => {
    await members(1);
    const a = await publish();
    ok(await w.call('activity', 'signup', { activityId: a.id }, 'uid:m0'));
    // Given the event starts in three days: no code yet, and the officer is told when check-in opens
    const early = await w.call('activity', 'checkInCode', { activityId: a.id }, 'federation-officer');
    expect(early).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(!early.ok && early.error.message).toMatch(/签到将于 .* 开放/);
    // When it is two hours before the start, a code is issued and accepted
    w.clock.t = a.startAt - 2 * HOUR;
    const { code } = ok(await w.call('activity', 'checkInCode', { activityId: a.id }, 'federation-officer'));
    // Then after the end, a fresh code is neither issued nor a member checked in by card
    w.clock.t = a.endAt + 1;
    expect(await w.call('activity', 'checkInCode', { activityId: a.id }, 'federation-officer')).toMatchObject({
      ok: false,
      error: { code: 'DEADLINE_PASSED' },
    });
    expect(await w.call('activity', 'checkIn', { code }, 'uid:m0')).toMatchObject({ ok: false, error: { code: 'DEADLINE_PASSED' } });
  });

  it('checks a member in by scanning the member card', async () => {
    const a = await publish();
    ok(await w.call('activity', 'signup', { activityId: a.id }, 'member'));
    w.clock.t = a.startAt + HOUR; // during the event
    const card = ok(await w.call('member', 'myCard', {}, 'member'));
    expect(ok(await w.call('activity', 'checkInByCard', { activityId: a.id, cardCode: card.code }, 'federation-officer'))).toMatchObject({
      name: '李*',
      already: false,
    });
    expect(await w.call('activity', 'checkInByCard', { activityId: a.id, cardCode: card.code.slice(0, -2) + 'xx' }, 'federation-officer')).toMatchObject({
      ok: false,
      error: { code: 'CARD_INVALID' },
    });
  });

  it('exports the roster as a sign-in sheet: full names, masked phones, and a note saying so', async () => {
    await members(3);
    for (let i = 0; i < 3; i++) await w.deps.store.update(MEMBERS, `m_test_${i}`, { set: { mobileSealed: w.deps.crypto.seal(`1381234567${i}`) } });
    const a = await publish();
    for (let i = 0; i < 3; i++) ok(await w.call('activity', 'signup', { activityId: a.id }, `uid:m${i}`));
    const file = ok(await w.call('activity', 'exportRoster', { activityId: a.id }, 'federation-officer'));
    expect(file).toMatchObject({
      filename: '职工篮球赛-报名名单.xlsx',
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      url: expect.stringMatching(/^\/files\/dl\/exports\/roster_/),
    });
    const d = await openDownloadUrl(w.deps.files, file.url);
    if (!d.ok) throw new Error(`download ${d.reason}`);
    expect(d.filename).toBe('职工篮球赛-报名名单.xlsx');
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(d.bytes) as never);
    const rows = book
      .getWorksheet('报名名单')!
      .getSheetValues()
      .filter(Boolean)
      .map((r: any) => r.slice(1, 5));
    expect(rows[0]).toEqual(['姓名', '手机号（已脱敏）', '会员编号', '状态']);
    const people = rows.slice(1, 4).sort((x: any, y: any) => String(x[0]).localeCompare(String(y[0])));
    expect(people.map((r: any) => [r[0], r[1]])).toEqual([
      ['会员0', '138****5670'],
      ['会员1', '138****5671'],
      ['会员2', '138****5672'],
    ]);
    const note = String(rows[rows.length - 1][0]);
    expect(note).toContain('姓名完整显示');
    expect(note).toContain('手机号');
    expect(book.getWorksheet('报名名单')!.getCell('B1').note).toBeTruthy();
    expect(JSON.stringify(rows)).not.toContain('13812345670');
    expect(await w.call('activity', 'exportRoster', { activityId: a.id }, 'member')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('reminds confirmed signups once, a day before the start', async () => {
    await members(2);
    const a = await publish({ startAt: TEST_NOW + 20 * HOUR, endAt: TEST_NOW + 22 * HOUR, signupClosesAt: TEST_NOW + 10 * HOUR, seats: 1 });
    ok(await w.call('activity', 'signup', { activityId: a.id }, 'uid:m0'));
    ok(await w.call('activity', 'signup', { activityId: a.id }, 'uid:m1')); // waitlisted: no reminder
    const run = async () => ok(await w.asSystem('activity', 'remindUpcoming'));
    expect(await run()).toEqual({ reminded: 1 });
    expect(await run()).toEqual({ reminded: 0 });
    const msg = (await w.deps.store.query<any>(OUTBOX, { where: { to: 'uid:m0', template: 'activity_reminder' }, limit: 2 })).items;
    expect(msg).toHaveLength(1);
    expect(msg[0].body).toContain('园区体育馆');
  });
});

describe('recovery', () => {
  it('settles a signup whose request died between its two writes, and the counter agrees again', async () => {
    await members(3);
    const a = await publish({ seats: 2 });
    ok(await w.call('activity', 'signup', { activityId: a.id }, 'uid:m0'));
    // m1's request crashed after taking a seat but before confirming; m2's before taking one
    for (const [uid, tookSeat] of [
      ['m1', true],
      ['m2', false],
    ] as const) {
      await w.deps.store.insert(SIGNUPS, aSignup({ _id: signupIdFor(w.deps, a.id, uid), activityId: a.id, uid, createdAt: w.clock.t }));
      if (tookSeat) await w.deps.store.update(ACTIVITIES, a.id, { inc: { left: -1 } });
    }
    expect((await w.deps.store.get<any>(ACTIVITIES, a.id)).left).toBe(0);
    const r = ok(await w.asSystem('activity', 'reconcile', { olderThanMs: 0 }));
    expect(r).toMatchObject({ activities: 1, resolved: 2 });
    expect(await confirmedSeats(a.id)).toBe(2);
    expect((await w.deps.store.get<any>(ACTIVITIES, a.id)).left).toBe(0);
    expect(await w.deps.store.count(SIGNUPS, { activityId: a.id, status: 'waitlisted' })).toBe(1);
    expect(await w.deps.store.count(SIGNUPS, { activityId: a.id, status: 'pending' })).toBe(0);
  });
});

describe('booking slots', () => {
  it('publishes a series of slots on working days, each with its own seats and signup window', async () => {
    // first slot: Thursday 2026-11-26 14:00 Shanghai, 30 minutes, one seat, signup closes 2 h before
    const start = Date.UTC(2026, 10, 26, 6, 0);
    const r = ok(
      await w.call(
        'activity',
        'publishSlots',
        {
          first: form({
            kind: 'booking',
            title: '法律咨询（驻点律师）',
            host: '周律师',
            seats: 1,
            waitlist: false,
            startAt: start,
            endAt: start + HOUR / 2,
            signupClosesAt: start - 2 * HOUR,
          }),
          slotsPerDay: 3,
          everyMinutes: 40,
          workingDays: 3,
        },
        'federation-officer',
      ),
    );
    expect(r.items).toHaveLength(9);
    const days = [...new Set(r.items.map((a: any) => new Date(a.startAt + 8 * HOUR).toISOString().slice(0, 10)))];
    expect(days).toEqual(['2026-11-26', '2026-11-27', '2026-11-30']); // Thursday, Friday, then Monday
    expect(r.items[1].startAt - r.items[0].startAt).toBe(40 * 60_000);
    for (const a of r.items) {
      expect(a).toMatchObject({ kind: 'booking', seats: 1, left: 1, host: '周律师' });
      expect(a.startAt - a.signupClosesAt).toBe(2 * HOUR);
      expect(a.endAt - a.startAt).toBe(HOUR / 2);
    }
    expect(
      await w.call(
        'activity',
        'publishSlots',
        { first: form({ kind: 'booking', startAt: start, endAt: start + HOUR }), slotsPerDay: 2, everyMinutes: 30, workingDays: 1 },
        'federation-officer',
      ),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: ['everyMinutes'], message: '时段间隔不能短于每个时段的时长' }] } });
  });
});
