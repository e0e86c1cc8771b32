/** Every `notify` action in-process, through the runtime: consent, the inbox, the sender on real decisions. */
import { makeWorld, ok, joinForm, TEST_NOW, type TestWorld } from '../../server/testing';
import { makeIdNumber } from '../../core/shared/idNumber';
import { OUTBOX } from '../../core/shared/outbox';
import type { Delivery } from '../../core/notify/model';
import { localNotifier, localTemplates } from './handlers';
import { runDueJobs } from '../_runtime/cloudbase';
import { notifyManifest } from './manifest';

let w: TestWorld;
beforeEach(async () => {
  w = await makeWorld();
  localNotifier.reset();
});
afterEach(() => w.close());

const REVIEW = localTemplates.review.templateId;
const TODO = localTemplates.todo.templateId;
const tick = () => w.asSystem('notify', 'send');

/** worker applies to 星海精密制造工会 (org_union_001); returns the application id */
async function apply(as = 'worker') {
  return ok(
    await w.call('member', 'submitApplication', joinForm({ idNumber: makeIdNumber('320506', '19980512', String(100 + Math.floor(Math.random() * 800))) }), as),
  ).id as string;
}

describe('consent', () => {
  it('tells each moment which templates to ask for, at most 3, and how many messages each allows', async () => {
    const t = ok(await w.call('notify', 'templates', {}, 'worker'));
    expect(t.moments.join).toEqual([REVIEW]);
    expect(t.moments.officer).toEqual([TODO]);
    expect(t.moments.signup).toHaveLength(3);
    expect(Object.values(t.moments).every((ids: any) => ids.length <= 3)).toBe(true);
    expect(t.remaining[REVIEW]).toBe(0);
    const after = ok(await w.call('notify', 'subscribe', { accepted: [REVIEW] }, 'worker'));
    expect(after.remaining[REVIEW]).toBe(1);
  });

  it('refuses unknown templates, more than 3 at once, and anonymous callers', async () => {
    expect(await w.call('notify', 'subscribe', { accepted: ['nope'] }, 'worker')).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await w.call('notify', 'subscribe', { accepted: [REVIEW, TODO, 'a', 'b'] }, 'worker')).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await w.call('notify', 'subscribe', { accepted: [REVIEW] }, null)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await w.call('notify', 'inbox', {}, null)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });
});

describe('a decision reaches the worker', () => {
  it('Given a worker who applied and consented, when the officer approves and the timer ticks, then WeChat gets a typed message and the inbox has it', async () => {
    // Given
    const id = await apply();
    ok(await w.call('notify', 'subscribe', { accepted: [REVIEW] }, 'worker'));
    // When
    const decided = ok(await w.call('member', 'decide', { applicationId: id, decision: 'approve' }, 'union-officer'));
    const before = ok(await w.call('notify', 'unreadCount', {}, 'worker'));
    const stats = ok(await tick());
    // Then: the inbox had it at once (before the tick), the tick sent it through WeChat with its typed fields
    expect(before.count).toBe(1);
    expect(before.latest).toMatchObject({ title: '入会申请已通过', page: '/pages/card/index', read: false });
    expect(stats.sent).toBeGreaterThanOrEqual(1);
    const mine = localNotifier.sent.filter((m) => m.toUid === 'dev_worker');
    expect(mine).toEqual([
      {
        toUid: 'dev_worker',
        templateId: REVIEW,
        page: 'pages/card/index',
        data: {
          thing1: { value: '入会申请' },
          phrase2: { value: '已通过' },
          time3: { value: '2026年11月24日 10:00' },
          thing4: { value: `会员编号 ${decided.memberNo}` },
        },
      },
    ]);
    // the consent is used
    expect(ok(await w.call('notify', 'templates', {}, 'worker')).remaining[REVIEW]).toBe(0);
    // reading it clears the count
    const box = ok(await w.call('notify', 'inbox', { limit: 10 }, 'worker'));
    expect(box.items[0]).toMatchObject({ title: '入会申请已通过', kind: 'join_decision', read: false });
    expect(ok(await w.call('notify', 'markRead', { ids: [box.items[0].id] }, 'worker'))).toEqual({ marked: 1, unread: box.unread - 1 });
  });

  it('without a consent the worker still sees the decision in 我的消息, and WeChat is not called', async () => {
    const id = await apply();
    ok(await w.call('member', 'decide', { applicationId: id, decision: 'reject', reason: '所填单位与劳动合同不符' }, 'union-officer'));
    ok(await tick());
    expect(localNotifier.calls.filter((m) => m.toUid === 'dev_worker')).toEqual([]);
    const box = ok(await w.call('notify', 'inbox', {}, 'worker'));
    expect(box.items[0]).toMatchObject({ title: '入会申请未通过', body: '您的入会申请未通过。理由：所填单位与劳动合同不符' });
    const stored = await w.deps.store.get<Delivery>(OUTBOX, box.items[0].id);
    expect(stored).toMatchObject({ status: 'skipped', errcode: 'no_consent' });
  });
});

describe('officers', () => {
  it('an application reaches each officer of its union, in their own inbox, and not officers elsewhere', async () => {
    await apply();
    ok(await w.call('notify', 'subscribe', { accepted: [TODO] }, 'union-officer'));
    ok(await tick());
    const box = ok(await w.call('notify', 'inbox', {}, 'union-officer'));
    expect(box.items[0]).toMatchObject({ title: '新的入会申请', kind: 'join_submitted' });
    expect(box.items[0].page).toMatch(/^\/admin\/review\/index\?id=/);
    const sent = localNotifier.sent.find((m) => m.toUid === 'dev_union_officer')!;
    expect(sent.data.thing1.value).toBe('入会申请待审核');
    expect(sent.data.thing2.value).toBe('王*明'); // masked on the lock screen
    const other = ok(await w.call('notify', 'inbox', {}, 'union-officer-b'));
    expect(other.items.some((i: any) => i.page === box.items[0].page)).toBe(false);
  });

  it('someone else’s message cannot be marked read', async () => {
    await apply();
    const box = ok(await w.call('notify', 'inbox', {}, 'union-officer'));
    const id = box.items[0].id;
    expect(ok(await w.call('notify', 'markRead', { ids: [id] }, 'worker')).marked).toBe(0);
    expect(ok(await w.call('notify', 'unreadCount', {}, 'union-officer')).count).toBe(box.unread);
  });
});

describe('the sender is the timer’s', () => {
  it('runs on every tick of the function’s one trigger, locally as in the cloud (runDueJobs)', async () => {
    // Given a decision waiting, and the worker's consent
    const id = await apply();
    ok(await w.call('notify', 'subscribe', { accepted: [REVIEW] }, 'worker'));
    ok(await w.call('member', 'decide', { applicationId: id, decision: 'approve' }, 'union-officer'));
    // When the trigger fires (any 5-minute boundary: the local scheduler and CloudBase both call runDueJobs)
    const r = await runDueJobs(notifyManifest, TEST_NOW + 5 * 60_000, w.deps);
    // Then send ran as the system and delivered it
    expect(r.ok && Object.keys(r.data)).toEqual(['send']);
    expect(r.ok && r.data.send).toMatchObject({ ok: true, data: { sent: 1 } });
    expect(localNotifier.sent.map((m) => m.toUid)).toContain('dev_worker');
  });

  it('refuses a person', async () => {
    for (const as of ['worker', 'union-officer', 'admin'])
      expect(await w.call('notify', 'send', {}, as)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
