/**
 * After 办结 and the worker's own steps, in-process on both stores: the claimant (or a co-claimant)
 * replies to an ask and the assignee is told; the lead rates (3–5 → 质检; 1–2 → reopened with a fresh
 * deadline, counted, flagged, the level above told) or withdraws before 办结; the desk's phone callback
 * only once the worker's time to rate has run out; 质检 by a federation officer (pass → 结案, the
 * worker told; fail needs a reason, internal, back to the assignee with a fresh deadline).
 */
import { makeWorld, ok, type TestWorld } from '../../server/testing';
import { DEMO } from '../../server/personas';
import { calendarFor } from '../../core/shared/workdays';
import { CASES, CASE_CLAIMANTS, type ClaimantDoc } from '../../core/case/model';
import { claimantIdOf } from '../../core/case/step';
import { DESK, LAWYER_UID, handled, messagesTo, outbox, personFor, resolvedCase, stored, submitted } from './handling.testkit';

let w: TestWorld;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.close());

const cal = () => calendarFor(w.deps.config.calendar);
const told = async (id: string, to: string, text: string) => (await messagesTo(w, id, to)).some((m) => m.body.includes(text) || m.title.includes(text));

describe('a collective case’s co-claimants', () => {
  it('hear its 办结 and its 结案 once each, with nothing internal; the lead hears it as the lead', async () => {
    const c0 = await submitted(w, { collective: { workers: 20, amountOwed: 100_000, myAmount: 5_000 } });
    const code = (await stored(w, c0.id)).shareCode!;
    ok(await w.call('case', 'join', { code, amountOwed: 4_000, name: '王小明' }, 'worker'));
    let c = ok(await w.call('case', 'getCase', { caseId: c0.id }, DESK));
    if (c.status === 'received') c = ok(await w.call('case', 'assign', { caseId: c.id, version: c.version, personId: personFor(w, DESK, LAWYER_UID) }, DESK));
    if (c.status === 'assigned' && (await stored(w, c.id)).assigneeUid === LAWYER_UID)
      c = ok(await w.call('case', 'sign', { caseId: c.id, version: c.version }, 'lawyer'));
    ok(await w.call('case', 'addEntry', { caseId: c.id, kind: 'note', text: '老板私下说可以先付一半', internal: true }, 'lawyer'));
    c = ok(
      await w.call('case', 'resolve', { caseId: c.id, version: c.version, kind: 'recovered', summary: '企业已支付全部拖欠工资', recovered: 100_000 }, 'lawyer'),
    );
    c = ok(await w.call('case', 'rate', { caseId: c.id, version: c.version, score: 5 }, 'member'));
    ok(await w.call('case', 'qualityCheck', { caseId: c.id, version: c.version, pass: true }, DESK));

    const co = await messagesTo(w, c.id, 'uid:dev_worker');
    expect(co.map((m) => m.title)).toEqual(['集体诉求办理进度', '集体诉求办理进度']);
    expect(co.filter((m) => m.body.includes('已办结（已追回款项）'))).toHaveLength(1);
    expect(co.filter((m) => m.body.includes('已结案'))).toHaveLength(1);
    expect(JSON.stringify(co)).not.toContain('先付一半');
    expect((await messagesTo(w, c.id, 'uid:dev_member')).filter((m) => m.body.includes('您加入的集体诉求'))).toEqual([]);
  });
});

describe('reply', () => {
  it('clears the ask; the assignee is told; a co-claimant may reply too, staff may not, a stranger learns nothing', async () => {
    const c = await handled(w);
    ok(await w.call('case', 'ask', { caseId: c.id, text: '请补充近三个月的工资条' }, 'lawyer'));
    const v = ok(await w.call('case', 'reply', { caseId: c.id, text: '工资条已拍照上传' }, 'member'));
    expect(v.ask).toBeNull();
    const d = await stored(w, c.id);
    expect(d.ask).toBeNull();
    expect(d.timeline.pop()).toMatchObject({ event: 'reply', by: 'dev_member', byName: '李娜', note: '工资条已拍照上传', internal: false });
    expect(await told(c.id, `uid:${LAWYER_UID}`, '工资条已拍照上传')).toBe(true);

    // a co-claimant of a collective case
    await w.deps.store.update(CASES, c.id, { set: { collective: { workers: 12, amountOwed: 60_000, claimants: 2, claimedTotal: 10_000 } } });
    await w.deps.store.insert<ClaimantDoc>(CASE_CLAIMANTS, {
      _id: claimantIdOf(w.deps, c.id, 'dev_worker'),
      caseId: c.id,
      uid: 'dev_worker',
      name: '王小明',
      amountOwed: 5_000,
      lead: false,
      joinedAt: w.clock.now(),
    });
    ok(await w.call('case', 'reply', { caseId: c.id, text: '我也有考勤记录' }, 'worker'));
    expect(await told(c.id, `uid:${LAWYER_UID}`, '共同诉求人王小明补充')).toBe(true);

    expect(await w.call('case', 'reply', { caseId: c.id, text: '代为补充' }, 'lawyer')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: '只有诉求人可以补充说明' },
    });
    expect(await w.call('case', 'reply', { caseId: c.id, text: '代为补充' }, 'union-officer-b')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('rate', () => {
  it('3–5: on to 质检, the federation told', async () => {
    const c = await resolvedCase(w);
    const v = ok(await w.call('case', 'rate', { caseId: c.id, version: c.version, score: 4, comment: '处理及时' }, 'member'));
    expect(v.status).toBe('quality_check');
    const d = await stored(w, c.id);
    expect(d.rating).toMatchObject({ score: 4, comment: '处理及时', via: 'worker', by: 'dev_member' });
    expect(d).toMatchObject({ owner: 'quality', dueAt: cal().addWorkingDays(w.clock.now(), 2), metrics: { reopened: 0 } });
    expect(await told(c.id, `org:${DEMO.park}`, '案件待质检')).toBe(true);
  });

  it('1–2: reopened with the reopen deadline from now, counted, flagged, the org above the holder told, the assignee told', async () => {
    const c = await resolvedCase(w);
    w.clock.advanceDays(1);
    const v = ok(await w.call('case', 'rate', { caseId: c.id, version: c.version, score: 2, comment: '钱还没到账' }, 'member'));
    expect(v.status).toBe('handling');
    const d = await stored(w, c.id);
    const due = cal().addWorkingDays(w.clock.now(), 5);
    expect(d).toMatchObject({ resolveDueAt: due, dueAt: due, escalated: true, assigneeUid: LAWYER_UID, metrics: { reopened: 1 } });
    expect(d.timeline.pop()).toMatchObject({ event: 'rate_unsatisfied', internal: false });
    const above = (await messagesTo(w, c.id, `org:${DEMO.city}`)).find((m) => m.title === '诉求人不满意');
    expect(above).toMatchObject({ template: 'case_overdue' });
    expect(await told(c.id, `uid:${LAWYER_UID}`, '钱还没到账')).toBe(true);
    // the 办结 it undid no longer counts: the next one is measured against the new deadline
    expect(d.metrics).toMatchObject({ resolvedAt: null, resolvedOnTime: null });
    w.clock.advanceDays(1);
    ok(
      await w.call(
        'case',
        'resolve',
        { caseId: c.id, version: v.version, kind: 'recovered', summary: '企业已将拖欠工资全部转入职工账户', recovered: 12_000 },
        'lawyer',
      ),
    );
    expect((await stored(w, c.id)).metrics).toMatchObject({ resolvedAt: w.clock.now(), resolvedOnTime: true, reopened: 1 });
  });

  it('is the lead’s alone, from 办结 only, on the screen’s version', async () => {
    const h = await handled(w);
    expect(await w.call('case', 'rate', { caseId: h.id, version: h.version, score: 5 }, 'member')).toMatchObject({
      ok: false,
      error: { code: 'ILLEGAL_TRANSITION', message: '案件当前“办理中”，不能评价满意' },
    });
    const c = await resolvedCase(w);
    expect(await w.call('case', 'rate', { caseId: c.id, version: c.version - 1, score: 5 }, 'member')).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(await w.call('case', 'rate', { caseId: c.id, version: c.version, score: 5 }, 'worker')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // a co-claimant reads the case but the rating is the lead's
    await w.deps.store.update(CASES, c.id, { set: { collective: { workers: 12, amountOwed: 60_000, claimants: 2, claimedTotal: 10_000 } } });
    await w.deps.store.insert<ClaimantDoc>(CASE_CLAIMANTS, {
      _id: claimantIdOf(w.deps, c.id, 'dev_worker'),
      caseId: c.id,
      uid: 'dev_worker',
      name: '王小明',
      amountOwed: 5_000,
      lead: false,
      joinedAt: w.clock.now(),
    });
    expect(await w.call('case', 'rate', { caseId: c.id, version: c.version, score: 1 }, 'worker')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: '只有诉求提出人本人可以评价' },
    });
    expect((await stored(w, c.id)).status).toBe('resolved');
  });
});

describe('withdraw', () => {
  it('the lead withdraws before 办结 with a reason; the assignee is told; not after 办结', async () => {
    const h = await handled(w);
    ok(await w.call('case', 'withdraw', { caseId: h.id, version: h.version, reason: '已与公司协商解决' }, 'member'));
    const d = await stored(w, h.id);
    expect(d).toMatchObject({ status: 'withdrawn', owner: null, dueAt: null, metrics: { closedAt: w.clock.now() } });
    expect(await told(h.id, `uid:${LAWYER_UID}`, '已与公司协商解决')).toBe(true);

    const r = await submitted(w);
    expect(await w.call('case', 'withdraw', { caseId: r.id, version: r.version, reason: '不想办了' }, DESK)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    ok(await w.call('case', 'withdraw', { caseId: r.id, version: r.version, reason: '已与公司协商解决' }, 'member'));
    expect(await told(r.id, `org:${DEMO.park}`, '诉求已撤回')).toBe(true);

    const c = await resolvedCase(w);
    expect(await w.call('case', 'withdraw', { caseId: c.id, version: c.version, reason: '已与公司协商解决' }, 'member')).toMatchObject({
      ok: false,
      error: { code: 'ILLEGAL_TRANSITION', message: '案件当前“已办结，待回访”，不能撤回' },
    });
  });
});

describe('callback', () => {
  it('is refused while the worker may still rate, saying until when; afterwards the desk records it, with the same outcomes', async () => {
    const c = await resolvedCase(w);
    const due = (await stored(w, c.id)).dueAt!;
    const early = await w.call('case', 'callback', { caseId: c.id, version: c.version, score: 4 }, DESK);
    expect(early).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(!early.ok && early.error.message).toMatch(/^诉求人可在\d+月\d+日 \d\d:\d\d前自行评价，逾期未评价再电话回访$/);

    w.clock.t = due + 1;
    expect(await w.call('case', 'callback', { caseId: c.id, version: c.version, score: 4 }, 'lawyer')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    ok(await w.call('case', 'callback', { caseId: c.id, version: c.version, score: 4, comment: '电话回访，基本满意' }, DESK));
    const d = await stored(w, c.id);
    expect(d).toMatchObject({ status: 'quality_check', rating: { score: 4, via: 'callback', by: 'dev_federation_officer' } });
    expect(d.timeline.pop()!.note).toContain('电话回访：满意');

    const u = await resolvedCase(w);
    w.clock.t = (await stored(w, u.id)).dueAt! + 1;
    ok(await w.call('case', 'callback', { caseId: u.id, version: u.version, score: 1, comment: '电话回访：仍未收到工资' }, DESK));
    expect(await stored(w, u.id)).toMatchObject({ status: 'handling', escalated: true, rating: { via: 'callback' }, metrics: { reopened: 1 } });
  });
});

describe('qualityCheck', () => {
  async function checking() {
    const c = await resolvedCase(w);
    return ok(await w.call('case', 'rate', { caseId: c.id, version: c.version, score: 5 }, 'member'));
  }

  it('pass closes it (结案), the worker told; the inspector’s note stays internal', async () => {
    const c = await checking();
    const note = '卷宗齐全，但调解协议未盖章，下次注意';
    ok(await w.call('case', 'qualityCheck', { caseId: c.id, version: c.version, pass: true, note }, DESK));
    const d = await stored(w, c.id);
    expect(d).toMatchObject({ status: 'closed', owner: null, dueAt: null, metrics: { closedAt: w.clock.now() } });
    expect(d.timeline.slice(-2).map((e) => [e.event, e.internal])).toEqual([
      ['pass_quality', false],
      ['note', true],
    ]);
    expect(await told(c.id, 'uid:dev_member', '已结案')).toBe(true);
    expect(JSON.stringify(await outbox(w))).not.toContain('未盖章');
    expect(JSON.stringify(ok(await w.call('case', 'getCase', { caseId: c.id }, 'member')))).not.toContain('未盖章');
  });

  it('fail needs a reason; back to the assignee with the reopen deadline, the assignee told, the worker not', async () => {
    const c = await checking();
    expect(await w.call('case', 'qualityCheck', { caseId: c.id, version: c.version, pass: false }, DESK)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: '请写明质检不通过的原因' },
    });
    const before = (await messagesTo(w, c.id, 'uid:dev_member')).length;
    ok(await w.call('case', 'qualityCheck', { caseId: c.id, version: c.version, pass: false, note: '缺少企业付款凭证' }, DESK));
    const d = await stored(w, c.id);
    expect(d).toMatchObject({ status: 'handling', assigneeUid: LAWYER_UID, resolveDueAt: cal().addWorkingDays(w.clock.now(), 5) });
    expect(await told(c.id, `uid:${LAWYER_UID}`, '缺少企业付款凭证')).toBe(true);
    expect((await messagesTo(w, c.id, 'uid:dev_member')).length).toBe(before);
  });

  it('is a federation officer’s over the case: the union’s desk may see a transferred case but not check it', async () => {
    const c = await checking();
    await w.deps.store.update(CASES, c.id, {
      set: { ownerOrgId: DEMO.unionA, ownerOrgName: '星海精密制造工会', scope: [DEMO.city, DEMO.park, DEMO.unionA] },
    });
    expect(await w.call('case', 'qualityCheck', { caseId: c.id, version: c.version, pass: true }, 'union-officer')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await w.call('case', 'qualityCheck', { caseId: c.id, version: c.version, pass: true }, 'federation-officer-b')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    ok(await w.call('case', 'qualityCheck', { caseId: c.id, version: c.version, pass: true }, DESK));
  });

  it('is never the assignee’s own: a federation officer who handled the case has another check it', async () => {
    const s = await submitted(w);
    const a = ok(await w.call('case', 'assign', { caseId: s.id, version: s.version, personId: personFor(w, DESK, 'dev_federation_officer') }, DESK));
    const h = ok(await w.call('case', 'sign', { caseId: a.id, version: a.version }, DESK));
    const r = ok(await w.call('case', 'resolve', { caseId: h.id, version: h.version, kind: 'answered', summary: '已向职工解释相关政策规定' }, DESK));
    const q = ok(await w.call('case', 'rate', { caseId: r.id, version: r.version, score: 5 }, 'member'));
    expect(await w.call('case', 'qualityCheck', { caseId: q.id, version: q.version, pass: true }, DESK)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: '不能质检本人承办的案件，请由其他工作人员办理' },
    });
    ok(await w.call('case', 'qualityCheck', { caseId: q.id, version: q.version, pass: true }, 'admin'));
  });
});
