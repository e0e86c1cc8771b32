/** The sender: fan-out, consent, retries and refusals, bounded attempts, overlapping ticks. */
import { makeWorld, type TestWorld } from '../../server/testing';
import { enqueue, OUTBOX } from '../shared/outbox';
import { STAFF } from '../org/model';
import { logNotifier, type LogNotifier } from '../../adapters/notify/log';
import { loadTemplateConfig } from '../../config/notify';
import { send, type SenderPorts } from './sender';
import { subscribe } from './consent';
import { inbox, markRead, unreadCount } from './inbox';
import { BACKOFF_BASE_MS, CLAIM_MS, MAX_ATTEMPTS, SUBSCRIPTIONS, subscriptionId, type Delivery, type SubscriptionDoc } from './model';
import type { Caller, SignedInCaller } from '../shared/caller';

let w: TestWorld;
let notifier: LogNotifier;
let ports: SenderPorts;
const templates = loadTemplateConfig({}, { placeholders: true });
const REVIEW = templates.review.templateId;
const TODO = templates.todo.templateId;
const person = (uid: string, grants: Caller['grants'] = []): SignedInCaller => ({ uid, grants, system: false });

beforeEach(async () => {
  w = await makeWorld({ seed: false });
  notifier = logNotifier(() => {});
  ports = { notifier, templates };
  await w.deps.store.insertMany(STAFF, [
    { _id: 'off_a1', name: '甲', grants: [{ role: 'union_officer', orgId: 'org_a' }] },
    {
      _id: 'off_a2',
      name: '乙',
      grants: [
        { role: 'union_officer', orgId: 'org_b' },
        { role: 'union_officer', orgId: 'org_a' },
      ],
    },
    { _id: 'lawyer_a', name: '律师', grants: [{ role: 'lawyer', orgId: 'org_a' }] },
    { _id: 'off_b', name: '丙', grants: [{ role: 'union_officer', orgId: 'org_b' }] },
  ]);
});
afterEach(() => w.close());

const get = (id: string) => w.deps.store.get<Delivery>(OUTBOX, id);
const consents = async (uid: string, templateId: string) =>
  (await w.deps.store.get<SubscriptionDoc>(SUBSCRIPTIONS, subscriptionId(uid, templateId)))?.count ?? 0;
const decision = (key: string, uid = 'worker_1') =>
  enqueue(w.deps, key, {
    to: `uid:${uid}`,
    template: 'join_decision',
    title: '入会申请已通过',
    body: '恭喜！您的入会申请已通过。',
    page: '/pages/card/index',
    fields: { result: '已通过', note: '会员编号 GH2611240001' },
  });
const accept = (uid: string, ids: string[]) => subscribe(w.deps, person(uid), templates, { accepted: ids });

describe('fan-out of org messages', () => {
  it('gives each officer of the org one message of their own, and nobody else', async () => {
    // Given a new application addressed to the officers of org_a
    await enqueue(w.deps, 'app1_new', {
      to: 'org:org_a',
      template: 'join_submitted',
      title: '新的入会申请',
      body: '王小明提交了入会申请',
      page: '/admin/review/index?id=app1',
      fields: { applicant: '王*明' },
    });
    // When the sender ticks
    const stats = await send(w.deps, ports);
    // Then both officers of org_a have it in their inbox (not the lawyer, not org_b's officer)
    expect(stats.fannedOut).toBe(1);
    expect(await get('ob_app1_new')).toMatchObject({ status: 'sent', recipients: 2 });
    for (const uid of ['off_a1', 'off_a2']) {
      const box = await inbox(w.deps, person(uid), { limit: 20 });
      expect(box.items.map((i) => [i.title, i.page])).toEqual([['新的入会申请', '/admin/review/index?id=app1']]);
      expect(box.unread).toBe(1);
    }
    for (const uid of ['lawyer_a', 'off_b']) expect((await inbox(w.deps, person(uid), { limit: 20 })).items).toEqual([]);
    // and a second tick fans out nothing again
    expect((await send(w.deps, ports)).fannedOut).toBe(0);
    expect(await w.deps.store.count(OUTBOX, { parentId: 'ob_app1_new' })).toBe(2);
  });

  it('fails an org message nobody can receive', async () => {
    await enqueue(w.deps, 'x_new', { to: 'org:org_nobody', template: 'join_submitted', title: 't', body: 'b', page: '/p' });
    await send(w.deps, ports);
    expect(await get('ob_x_new')).toMatchObject({ status: 'failed', recipients: 0, errcode: 'no_recipients' });
  });

  it('reaches an officer who opens the inbox before the tick', async () => {
    await enqueue(w.deps, 'app2_new', { to: 'org:org_a', template: 'join_submitted', title: '新的入会申请', body: 'b', page: '/p' });
    const officer = person('off_a1', [{ role: 'union_officer', orgId: 'org_a' }]);
    expect((await unreadCount(w.deps, officer)).count).toBe(1);
    // the tick then sends the per-officer messages, without fanning out twice
    notifier.reset();
    await accept('off_a1', [TODO]);
    const stats = await send(w.deps, ports);
    expect(stats.fannedOut).toBe(0);
    expect(notifier.sent.map((m) => m.toUid)).toEqual(['off_a1']);
  });
});

describe('consent', () => {
  it('sends through WeChat only with a consent, and uses each consent once', async () => {
    // Given one consent to the review template and two decisions
    await accept('worker_1', [REVIEW]);
    await decision('d1');
    w.clock.t += 1000;
    await decision('d2');
    // When the sender ticks
    const stats = await send(w.deps, ports);
    // Then the first is sent with typed fields, the second only reaches the inbox
    expect(stats).toMatchObject({ sent: 1, skipped: 1 });
    expect(notifier.sent).toEqual([
      {
        toUid: 'worker_1',
        templateId: REVIEW,
        page: 'pages/card/index',
        data: {
          thing1: { value: '入会申请' },
          phrase2: { value: '已通过' },
          time3: { value: '2026年11月24日 10:00' },
          thing4: { value: '会员编号 GH2611240001' },
        },
      },
    ]);
    expect(await get('ob_d1')).toMatchObject({ status: 'sent', attempts: 1, templateId: REVIEW });
    expect(await get('ob_d2')).toMatchObject({ status: 'skipped', errcode: 'no_consent' });
    expect(await consents('worker_1', REVIEW)).toBe(0);
    expect((await inbox(w.deps, person('worker_1'), { limit: 10 })).items.map((i) => i.id)).toEqual(['ob_d2', 'ob_d1']);
  });

  it('sends nothing through WeChat for a kind without a template, and the inbox still has it', async () => {
    await accept('worker_1', [REVIEW]);
    await decision('d1');
    const lines: string[] = [];
    await send(w.deps, { notifier, templates: loadTemplateConfig({}), log: (l) => lines.push(l) });
    expect(lines).toEqual(['[notify] skipped (no_template) join_decision → uid:worker_1: 入会申请已通过']);
    expect(notifier.calls).toEqual([]);
    expect(await get('ob_d1')).toMatchObject({ status: 'skipped', errcode: 'no_template' });
    expect(await consents('worker_1', REVIEW)).toBe(1);
    expect((await unreadCount(w.deps, person('worker_1'))).count).toBe(1);
  });

  it('refuses consent to a template that is not configured', async () => {
    await expect(accept('worker_1', ['made-up'])).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

describe('refusals and retries', () => {
  it('never retries 43101 (no consent) and forgets the consent it counted', async () => {
    await accept('worker_1', [REVIEW]);
    await accept('worker_1', [REVIEW]);
    await decision('d1');
    notifier.answer = [{ ok: false, errcode: 43101, errmsg: 'user refuse to accept the msg' }];
    await send(w.deps, ports);
    expect(await get('ob_d1')).toMatchObject({ status: 'failed', attempts: 1, errcode: 43101 });
    expect(await consents('worker_1', REVIEW)).toBe(0);
    w.clock.t += 86400_000;
    await send(w.deps, ports);
    expect(notifier.calls).toHaveLength(1);
  });

  it('never retries 47003 (a bad field), and gives the unused consent back', async () => {
    await accept('worker_1', [REVIEW]);
    await decision('d1');
    notifier.answer = [{ ok: false, errcode: 47003, errmsg: 'argument invalid! data.thing4.value invalid' }];
    await send(w.deps, ports);
    w.clock.t += 86400_000;
    await send(w.deps, ports);
    expect(notifier.calls).toHaveLength(1);
    expect(await get('ob_d1')).toMatchObject({ status: 'failed', errcode: 47003 });
    expect(await consents('worker_1', REVIEW)).toBe(1);
  });

  it('does not even try a message whose field breaks the rules', async () => {
    await accept('worker_1', [REVIEW]);
    await enqueue(w.deps, 'bad', { to: 'uid:worker_1', template: 'join_decision', title: 't', body: 'b', page: '/p', fields: { result: '申请已经通过' } });
    await send(w.deps, ports);
    expect(notifier.calls).toEqual([]);
    expect(await get('ob_bad')).toMatchObject({ status: 'failed', errcode: 'bad_field' });
    expect(await consents('worker_1', REVIEW)).toBe(1);
  });

  it('retries a transient failure with exponential backoff, and stops after MAX_ATTEMPTS', async () => {
    // Given a consent and a WeChat that is always busy
    await accept('worker_1', [REVIEW]);
    await decision('d1');
    notifier.answer = () => ({ ok: false, errcode: -1, errmsg: 'system error' });
    const t0 = w.clock.t;
    // When the sender ticks: attempt 1
    await send(w.deps, ports);
    // Then the message waits one backoff period, and the consent is back
    expect(await get('ob_d1')).toMatchObject({ status: 'pending', attempts: 1, errcode: -1, nextAttemptAt: t0 + BACKOFF_BASE_MS, claim: null });
    expect(await consents('worker_1', REVIEW)).toBe(1);
    // a tick before it is due does not try
    w.clock.t = t0 + BACKOFF_BASE_MS - 1;
    await send(w.deps, ports);
    expect(notifier.calls).toHaveLength(1);
    // each later attempt waits twice as long
    const waits: number[] = [];
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
      const before = (await get('ob_d1'))!;
      w.clock.t = before.nextAttemptAt!;
      await send(w.deps, ports);
      const after = (await get('ob_d1'))!;
      expect(after.attempts).toBe(attempt);
      if (after.status === 'pending') waits.push(after.nextAttemptAt! - w.clock.t);
    }
    expect(waits).toEqual([2, 4, 8].map((k) => k * BACKOFF_BASE_MS));
    // Then after the last attempt it fails for good
    expect(await get('ob_d1')).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    w.clock.t += 86400_000;
    await send(w.deps, ports);
    expect(notifier.calls).toHaveLength(MAX_ATTEMPTS);
    expect(await consents('worker_1', REVIEW)).toBe(1);
  });

  it('treats a thrown send (network) as transient', async () => {
    await accept('worker_1', [REVIEW]);
    await decision('d1');
    notifier.answer = () => {
      throw new Error('ECONNRESET');
    };
    await send(w.deps, ports);
    expect(await get('ob_d1')).toMatchObject({ status: 'pending', attempts: 1, errcode: 'exception', error: 'ECONNRESET' });
    notifier.answer = [];
    w.clock.t += BACKOFF_BASE_MS;
    await send(w.deps, ports);
    expect(await get('ob_d1')).toMatchObject({ status: 'sent', attempts: 2 });
  });
});

describe('overlapping ticks', () => {
  it('sends each message once when two ticks run at the same time', async () => {
    // Given 30 messages to 30 people who each consented, and a slow WeChat
    for (let i = 0; i < 30; i++) {
      await accept(`w${i}`, [REVIEW]);
      await accept(`w${i}`, [REVIEW]);
      await decision(`o${i}`, `w${i}`);
    }
    notifier.answer = () => new Promise((r) => setTimeout(() => r({ ok: true }), 2));
    // When two ticks overlap
    const [a, b] = await Promise.all([send(w.deps, ports), send(w.deps, ports)]);
    // Then every message went out exactly once, and each person has one consent left
    expect(notifier.calls).toHaveLength(30);
    expect(new Set(notifier.calls.map((m) => m.toUid)).size).toBe(30);
    expect(a.sent + b.sent).toBe(30);
    expect(a.busy + b.busy).toBeGreaterThan(0); // they did meet on some messages
    for (let i = 0; i < 30; i++) expect(await consents(`w${i}`, REVIEW)).toBe(1);
  });

  it('leaves a message another tick holds, and takes over a claim that expired', async () => {
    await accept('worker_1', [REVIEW]);
    await decision('held');
    await decision('dead', 'worker_1');
    await w.deps.store.update(OUTBOX, 'ob_held', { set: { claim: 'other', claimedUntil: w.clock.t + CLAIM_MS } });
    await w.deps.store.update(OUTBOX, 'ob_dead', { set: { claim: 'crashed', claimedUntil: w.clock.t - 1 } });
    const stats = await send(w.deps, ports);
    expect(stats).toMatchObject({ busy: 1, sent: 1 });
    expect(await get('ob_dead')).toMatchObject({ status: 'sent' });
    expect(await get('ob_held')).toMatchObject({ status: 'pending', claim: 'other' });
  });

  it('pages through more pending messages than one page holds', async () => {
    for (let i = 0; i < 250; i++)
      await enqueue(w.deps, `m${i}`, { to: `uid:p${i}`, template: 'join_decision', title: 't', body: 'b', page: '/p', fields: { result: '已通过' } });
    const stats = await send(w.deps, ports);
    expect(stats.skipped).toBe(250);
    expect(await w.deps.store.count(OUTBOX, { status: 'pending' })).toBe(0);
  });
});

describe('the inbox', () => {
  it('lists newest first, pages, and marks read only the caller’s own', async () => {
    for (let i = 0; i < 5; i++) {
      w.clock.t += 1000;
      await decision(`n${i}`);
    }
    await decision('other', 'worker_2');
    const me = person('worker_1');
    const first = await inbox(w.deps, me, { limit: 3 });
    expect(first.items.map((i) => i.id)).toEqual(['ob_n4', 'ob_n3', 'ob_n2']);
    const second = await inbox(w.deps, me, { limit: 3, after: first.next });
    expect(second.items.map((i) => i.id)).toEqual(['ob_n1', 'ob_n0']);
    expect(second.next).toBeNull();
    expect(await markRead(w.deps, me, { ids: ['ob_n4', 'ob_other'], all: false })).toEqual({ marked: 1, unread: 4 });
    expect((await unreadCount(w.deps, person('worker_2'))).count).toBe(1);
    expect((await unreadCount(w.deps, me)).latest?.id).toBe('ob_n3');
    expect(await markRead(w.deps, me, { ids: [], all: true })).toEqual({ marked: 4, unread: 0 });
    expect((await inbox(w.deps, me, { limit: 10 })).items.every((i) => i.read)).toBe(true);
  });
});
