/** Every `member` action in-process, through the runtime: contract, authorization, scope, concurrency. */
import { makeWorld, ok, joinForm, type TestWorld } from '../../server/testing';
import { makeIdNumber } from '../../core/shared/idNumber';
import { APPLICATIONS, MEMBERS, MEMBER_UIDS, type MemberDoc } from '../../core/member/model';
import { findMember } from '../../core/member';
import { AUDIT } from '../../core/shared/audit';
import { OUTBOX } from '../../core/shared/outbox';

let w: TestWorld;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.close());

describe('joining', () => {
  it('submits an application that lands in the enterprise union queue, oldest first', async () => {
    const app = ok(await w.call('member', 'submitApplication', joinForm(), 'worker'));
    expect(app).toMatchObject({ status: 'pending', statusLabel: '待审核', orgId: 'org_union_001', viaFederation: false, sla: 'ok' });
    expect(app.idNumberMasked).toBe('110***********002X');
    expect(app.mobileMasked).toBe('138****5678');
    const queue = ok(await w.call('member', 'listQueue', { limit: 100 }, 'union-officer'));
    expect(queue.items.map((i: any) => i.id)).toContain(app.id);
    expect(queue.items[queue.items.length - 1].id).toBe(app.id); // newest is last
    const times = queue.items.map((i: any) => i.queuedAt);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('routes a worker whose employer has no union to the covering federation (源头入会)', async () => {
    const app = ok(await w.call('member', 'submitApplication', joinForm({ enterpriseId: 'ent_050' }), 'worker'));
    expect(app).toMatchObject({ orgId: 'org_park', viaFederation: true, orgName: '星海高新区工会联合会' });
    const fedQueue = ok(await w.call('member', 'listQueue', { orgId: 'org_park', includeSubtree: false, limit: 100 }, 'federation-officer'));
    expect(fedQueue.items.map((i: any) => i.id)).toContain(app.id);
  });

  it('refuses bad input with Chinese messages next to the fields and stores nothing', async () => {
    const env = await w.callUntyped(
      'member',
      'submitApplication',
      { ...joinForm({ idNumber: '110105194912310021', mobile: '123', name: '' }), consent: false },
      'worker',
    );
    expect(env.ok).toBe(false);
    expect(env.ok || env.error.code).toBe('VALIDATION');
    const byField = Object.fromEntries((env as any).error.issues.map((i: any) => [i.path[0], i.message]));
    expect(byField.idNumber).toBe('身份证号校验位不正确，请核对后重新输入');
    expect(byField.mobile).toMatch(/手机号/);
    expect(byField.consent).toMatch(/个人信息保护说明/);
    expect(byField.name).toMatch(/姓名/);
    expect(await w.deps.store.count(APPLICATIONS, { uid: 'dev_worker' })).toBe(0);
  });

  it('creates one application for a double tap or a retry with the same key, even concurrently', async () => {
    const form = joinForm();
    const results = await Promise.all(Array.from({ length: 8 }, () => w.call('member', 'submitApplication', form, 'worker')));
    const ids = new Set(results.map((r) => ok(r).id));
    expect(ids.size).toBe(1);
    for (const r of results) expect(r).toEqual(results[0]); // eight equal answers
    expect(await w.deps.store.count(APPLICATIONS, { uid: 'dev_worker' })).toBe(1);
  });

  it('one claim per ID number, even when accounts race: the others are filed as contested, answered alike, and cannot be approved while it holds', async () => {
    const idNumber = makeIdNumber('320506', '19950101', '777');
    const results = await Promise.all(['uid:a', 'uid:b', 'uid:c', 'uid:d'].map((u) => w.call('member', 'submitApplication', joinForm({ idNumber }), u)));
    const apps = results.map((r) => ok(r));
    // every account gets the same answer: nothing says whether the number was free
    expect(new Set(apps.map((a) => JSON.stringify({ status: a.status, contested: a.contested })))).toEqual(
      new Set([JSON.stringify({ status: 'pending', contested: false })]),
    );
    const persons = await w.deps.store.query<any>('persons', { where: {}, limit: 1000 });
    const holder = apps.find((a) => persons.items.some((p: any) => p.openApplicationId === a.id))!;
    expect(holder).toBeDefined();
    const views = await Promise.all(apps.map((a) => w.call('member', 'getApplication', { applicationId: a.id }, 'union-officer').then(ok)));
    expect(views.every((v) => v.contested && v.competing!.applications.length === 3)).toBe(true);
    const approvals = await Promise.all(apps.map((a) => w.call('member', 'decide', { applicationId: a.id, decision: 'approve' }, 'union-officer')));
    expect(approvals.filter((r) => r.ok)).toHaveLength(1);
    expect(ok(approvals[apps.indexOf(holder)]).status).toBe('approved');
    for (const r of approvals.filter((x) => !x.ok)) expect((r as any).error.code).toBe('CONFLICT');
  });

  it('keeps ID numbers and mobiles encrypted at rest, in applications and members alike', async () => {
    const form = joinForm({ idNumber: '11010519491231002X', mobile: '13812345678' });
    const app = ok(await w.call('member', 'submitApplication', form, 'worker'));
    ok(await w.call('member', 'decide', { applicationId: app.id, decision: 'approve' }, 'union-officer'));
    const rows = [...(await w.storedDocuments(APPLICATIONS)), ...(await w.storedDocuments(MEMBERS))];
    expect(rows.length).toBeGreaterThan(40);
    const leaks = rows.filter((doc) => doc.includes('11010519491231002X') || doc.includes('13812345678'));
    expect(leaks).toEqual([]);
  });

  it('needs a signed-in worker', async () => {
    expect(await w.call('member', 'submitApplication', joinForm(), null)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });
});

describe('deciding', () => {
  async function submitted(form = joinForm()) {
    return ok(await w.call('member', 'submitApplication', form, 'worker'));
  }

  it('approval makes a member with a number, a card an officer can verify, an audit entry and a notification', async () => {
    const app = await submitted();
    const decided = ok(await w.call('member', 'decide', { applicationId: app.id, decision: 'approve', expectedVersion: app.version }, 'union-officer'));
    expect(decided.status).toBe('approved');
    expect(decided.memberNo).toMatch(/^GH26\d{8}$/);

    const status = ok(await w.call('member', 'myStatus', {}, 'worker'));
    expect(status.application!.statusLabel).toBe('已通过');
    expect(status.member).toMatchObject({ memberNo: decided.memberNo, name: '王小明', orgName: '星海精密制造工会' });

    const card = ok(await w.call('member', 'myCard', {}, 'worker'));
    expect(card.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const check = ok(await w.call('member', 'verifyCard', { code: card.code }, 'federation-officer'));
    expect(check).toMatchObject({ valid: true, memberNo: decided.memberNo, nameMasked: '王*明' });

    const audit = await w.deps.store.query(AUDIT, { where: { 'target.id': app.id }, limit: 10 });
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({
      actorUid: 'dev_union_officer',
      action: 'member.decide.approve',
      before: { status: 'pending' },
      after: { status: 'approved' },
    });
    const outbox = await w.deps.store.query(OUTBOX, { where: { to: 'uid:dev_worker' }, limit: 10 });
    expect(outbox.items.map((m: any) => m.title)).toContain('入会申请已通过');
  });

  it('approvals at the same moment all succeed, each with its own member number, in sequence', async () => {
    const apps = [];
    for (let i = 0; i < 12; i++) {
      apps.push(
        ok(await w.call('member', 'submitApplication', joinForm({ idNumber: makeIdNumber('320506', '19900101', String(300 + i)) }), `uid:same_moment_${i}`)),
      );
    }
    const decided = await Promise.all(apps.map((a) => w.call('member', 'decide', { applicationId: a.id, decision: 'approve' }, 'union-officer')));
    const numbers = decided.map((d) => ok(d).memberNo as string).sort();
    expect(new Set(numbers).size).toBe(12);
    const serial = numbers.map((n) => Number(n.slice(-8)));
    expect(serial).toEqual(serial.map((_, i) => serial[0] + i));
  });

  it('finds a membership by the uid pointer; a missing or stale pointer falls back to the query and is rewritten', async () => {
    const app = await submitted();
    ok(await w.call('member', 'decide', { applicationId: app.id, decision: 'approve' }, 'union-officer'));
    const member = (await w.deps.store.query<MemberDoc>(MEMBERS, { where: { uid: 'dev_worker' }, limit: 1 })).items[0];
    expect(await w.deps.store.get(MEMBER_UIDS, 'dev_worker')).toEqual({ _id: 'dev_worker', memberId: member._id });

    await w.deps.store.remove(MEMBER_UIDS, 'dev_worker'); // written by an older version, or lost to a crash
    expect((await findMember(w.deps, 'dev_worker'))?._id).toBe(member._id);
    expect(await w.deps.store.get(MEMBER_UIDS, 'dev_worker')).toEqual({ _id: 'dev_worker', memberId: member._id });

    // a pointer to someone else's membership or to nothing never answers for this uid
    const other = (await w.deps.store.query<MemberDoc>(MEMBERS, { where: { orgId: 'org_union_001' }, limit: 1 })).items[0];
    await w.deps.store.transact(MEMBER_UIDS, 'dev_worker', () => ({ _id: 'dev_worker', memberId: other._id }));
    expect((await findMember(w.deps, 'dev_worker'))?._id).toBe(member._id);
    await w.deps.store.transact(MEMBER_UIDS, 'nobody', () => ({ _id: 'nobody', memberId: 'm_gone' }));
    expect(await findMember(w.deps, 'nobody')).toBeNull();
  });

  it('a forged, altered or expired card code fails', async () => {
    const app = await submitted();
    ok(await w.call('member', 'decide', { applicationId: app.id, decision: 'approve' }, 'union-officer'));
    const card = ok(await w.call('member', 'myCard', {}, 'worker'));
    const [p, id, exp, sig] = card.code.split('.');
    const tampered = [p, id, String(Number(exp) + 3600_000), sig].join('.');
    expect(await w.call('member', 'verifyCard', { code: tampered }, 'union-officer')).toMatchObject({ ok: false, error: { code: 'CARD_INVALID' } });
    expect(await w.call('member', 'verifyCard', { code: 'hello' }, 'union-officer')).toMatchObject({ ok: false, error: { code: 'CARD_INVALID' } });
    w.clock.t += (card.ttlSeconds + 1) * 1000;
    expect(await w.call('member', 'verifyCard', { code: card.code }, 'union-officer')).toMatchObject({ ok: false, error: { code: 'CARD_EXPIRED' } });
  });

  it('refuses a second application from the member and points to transfer; another account with the number is filed contested, never approved', async () => {
    const form = joinForm();
    const app = await submitted(form);
    ok(await w.call('member', 'decide', { applicationId: app.id, decision: 'approve' }, 'union-officer'));
    const again = await w.call('member', 'submitApplication', { ...form, idempotencyKey: 'another_key_1' }, 'worker');
    expect(again).toMatchObject({ ok: false, error: { code: 'ALREADY_MEMBER', details: { next: 'transfer' } } });
    expect((again as any).error.message).toMatch(/接转/);
    const other = ok(await w.call('member', 'submitApplication', { ...form, idempotencyKey: 'another_key_2' }, 'uid:other-phone'));
    expect(other).toMatchObject({ status: 'pending', contested: false });
    expect(ok(await w.call('member', 'getApplication', { applicationId: other.id }, 'union-officer'))).toMatchObject({
      contested: true,
      competing: { isMember: true },
    });
    expect(await w.call('member', 'decide', { applicationId: other.id, decision: 'approve' }, 'union-officer')).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { isMember: true } },
    });
  });

  it('two officers deciding at once: exactly one decision stands, the other gets CONFLICT', async () => {
    for (let round = 0; round < 5; round++) {
      const app = ok(
        await w.call('member', 'submitApplication', joinForm({ idNumber: makeIdNumber('320506', '19900101', String(100 + round)) }), `uid:r${round}`),
      );
      const [a, b] = await Promise.all([
        w.call('member', 'decide', { applicationId: app.id, decision: 'approve' }, 'union-officer'),
        w.call('member', 'decide', { applicationId: app.id, decision: 'reject', reason: '材料不全' }, 'federation-officer'),
      ]);
      expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
      const loser = a.ok ? b : a;
      expect(['CONFLICT', 'ILLEGAL_TRANSITION']).toContain((loser as any).error.code);
      const final = ok(await w.call('member', 'getApplication', { applicationId: app.id }, 'union-officer'));
      expect(final.history.filter((h: any) => h.actor === 'officer')).toHaveLength(1);
      expect(await w.deps.store.count(MEMBERS, { uid: `r${round}` })).toBe(a.ok ? 1 : 0);
    }
  });

  it('a decision on a stale view is refused', async () => {
    const app = await submitted();
    ok(await w.call('member', 'decide', { applicationId: app.id, decision: 'request_info', reason: '请补充劳动合同' }, 'union-officer'));
    expect(await w.call('member', 'decide', { applicationId: app.id, decision: 'approve', expectedVersion: app.version }, 'union-officer')).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
  });

  it('rejecting or asking for more needs a reason; illegal transitions are errors', async () => {
    const app = await submitted();
    const noReason = await w.call('member', 'decide', { applicationId: app.id, decision: 'reject' }, 'union-officer');
    expect(noReason).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: ['reason'], message: '不予通过时请填写理由' }] } });
    ok(await w.call('member', 'decide', { applicationId: app.id, decision: 'reject', reason: '非本单位职工' }, 'union-officer'));
    expect(await w.call('member', 'decide', { applicationId: app.id, decision: 'approve' }, 'union-officer')).toMatchObject({
      ok: false,
      error: { code: 'ILLEGAL_TRANSITION' },
    });
    // the person is free to apply again after a rejection
    expect((await w.call('member', 'submitApplication', joinForm({ idempotencyKey: 'second_try_1' }), 'worker')).ok).toBe(true);
  });

  it('asking for more information: the worker sees the reason, resubmits, and it is back in the queue', async () => {
    const app = await submitted();
    ok(await w.call('member', 'decide', { applicationId: app.id, decision: 'request_info', reason: '请补充岗位' }, 'union-officer'));
    const mine = ok(await w.call('member', 'myStatus', {}, 'worker'));
    expect(mine.application).toMatchObject({ status: 'needs_info', reason: '请补充岗位' });
    const back = ok(await w.call('member', 'resubmitApplication', { applicationId: app.id, mobile: '13900001111', job: '数控车工', note: '已补充' }, 'worker'));
    expect(back).toMatchObject({ status: 'pending', job: '数控车工', mobileMasked: '139****1111' });
    expect(await w.call('member', 'resubmitApplication', { applicationId: app.id, mobile: '13900001111', job: 'x' }, 'uid:stranger')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('a worker withdraws and may apply again', async () => {
    const app = await submitted();
    expect(ok(await w.call('member', 'withdrawApplication', { applicationId: app.id }, 'worker')).status).toBe('withdrawn');
    expect((await w.call('member', 'submitApplication', joinForm({ idempotencyKey: 'after_withdraw' }), 'worker')).ok).toBe(true);
  });
});

describe('authorization and org scope', () => {
  it('a worker cannot list, read or decide', async () => {
    const app = ok(await w.call('member', 'submitApplication', joinForm(), 'worker'));
    for (const [action, data] of [
      ['listQueue', {}],
      ['getApplication', { applicationId: app.id }],
      ['decide', { applicationId: app.id, decision: 'approve' }],
      ['verifyCard', { code: 'x' }],
      ['escalateOverdue', {}],
    ] as const) {
      expect(await w.call('member', action, data, 'member')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  it('an officer of another union can neither see nor decide, and learns nothing', async () => {
    const app = ok(await w.call('member', 'submitApplication', joinForm(), 'worker'));
    expect(await w.call('member', 'getApplication', { applicationId: app.id }, 'union-officer-b')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await w.call('member', 'decide', { applicationId: app.id, decision: 'approve' }, 'union-officer-b')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await w.call('member', 'listQueue', { orgId: 'org_union_001' }, 'union-officer-b')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const own = ok(await w.call('member', 'listQueue', { limit: 100 }, 'union-officer-b'));
    expect(own.orgId).toBe('org_union_002');
    expect(own.items.every((i: any) => i.orgId === 'org_union_002')).toBe(true);
    expect(own.items.map((i: any) => i.id)).not.toContain(app.id);
    expect(await w.call('member', 'listQueue', { orgId: 'org_park' }, 'union-officer')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('the park federation sees its whole subtree but not another federation', async () => {
    const fed = ok(await w.call('member', 'listQueue', { limit: 100 }, 'federation-officer'));
    expect(fed.items.length).toBeGreaterThan(20);
    expect(fed.items.every((i: any) => i.orgId === 'org_park' || i.orgId.startsWith('org_union_0'))).toBe(true);
    expect(await w.call('member', 'listQueue', { orgId: 'org_fed_logistics' }, 'federation-officer')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});

describe('queue paging, SLA and escalation', () => {
  it('pages by cursor through the whole federation queue with no duplicates, oldest first', async () => {
    const seen: any[] = [];
    let after: string | null = null;
    do {
      const page: any = ok(await w.call('member', 'listQueue', { limit: 7, after }, 'federation-officer'));
      seen.push(...page.items);
      after = page.next;
    } while (after);
    expect(new Set(seen.map((i) => i.id)).size).toBe(seen.length);
    const all = await w.deps.store.count(APPLICATIONS, { federationId: 'org_park', status: 'pending' });
    expect(seen).toHaveLength(all);
    expect(seen.map((i) => i.queuedAt)).toEqual([...seen.map((i) => i.queuedAt)].sort((a, b) => a - b));
  });

  it('marks overdue items, filters them, and escalates them to the federation once', async () => {
    const q = ok(await w.call('member', 'listQueue', { overdueOnly: true, limit: 100 }, 'union-officer'));
    expect(q.items.length).toBeGreaterThan(0);
    expect(q.items.every((i: any) => i.sla === 'overdue' && i.ageWorkingDays >= 3)).toBe(true);
    expect(await w.call('member', 'escalateOverdue', {}, 'admin')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const first = await escalateAsSystem();
    expect(first.escalated).toBeGreaterThan(0);
    expect((await escalateAsSystem()).escalated).toBe(0);
    const after = ok(await w.call('member', 'listQueue', { overdueOnly: true, limit: 100 }, 'union-officer'));
    expect(after.items.every((i: any) => i.escalated)).toBe(true);
    const notes = await w.deps.store.query(OUTBOX, { where: { to: 'org:org_park', template: 'join_overdue' }, limit: 100 });
    expect(notes.items.length).toBeGreaterThan(0);
  });

  async function escalateAsSystem() {
    return ok(await w.asSystem('member', 'escalateOverdue'));
  }
});

describe('envelope', () => {
  it('answers unknown actions and malformed events with clear errors', async () => {
    expect(await w.callUntyped('member', 'nope', {}, 'worker')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: '未知的操作：nope' } });
    const { functions } = await import('../registry');
    expect(await functions.member.invoke('garbage', { uid: 'x' }, w.deps)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});
