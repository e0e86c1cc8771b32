/**
 * Dispatch and handling, in-process on both stores: the desk's list of assignees (the duty lawyer
 * first, the social worker placed with the employer before others, load counted); assign and
 * reassign, sign on time or late, return with a reason, 转办 to another org (scope recomputed, the
 * new desk told, the reason in the worker's timeline), decline, classify, entries (internal ones
 * never reach the worker), asks, and 办结 (on time, the money recovered; a legal-aid case needs
 * its closing report first). Who may act: the desk, the assignee; FORBIDDEN with the reason for
 * someone who may see but not act, NOT_FOUND for a stranger.
 */
import { makeWorld, ok, type TestWorld } from '../../server/testing';
import { DEMO } from '../../server/personas';
import { calendarFor } from '../../core/shared/workdays';
import { FILES, type FileDoc } from '../../core/shared/files';
import { ORGS, type Org } from '../../core/org/model';
import { CASES, CASE_ROTAS, type RotaDoc } from '../../core/case/model';
import { isoWeekday } from '../../core/case/rota';
import { DESK, LAWYER_UID, assigned, handled, messagesTo, outbox, personFor, stored, submitted } from './handling.testkit';

let w: TestWorld;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.close());

const DAY = 86400_000;
const cal = () => calendarFor(w.deps.config.calendar);
const worker = (id: string) => messagesTo(w, id, 'uid:dev_member');
/** Whether the worker was told something containing `text` about case `id` (messages of one instant have no order). */
const toldWorker = async (id: string, text: string) => (await worker(id)).some((m) => m.body.includes(text));

describe('assignees', () => {
  it('lists the lawyer on duty first, then the social worker placed with the employer, then by role and load; each as a sealed handle', async () => {
    await w.deps.store.insert<RotaDoc>(CASE_ROTAS, {
      _id: DEMO.park,
      orgId: DEMO.park,
      weekly: [{ weekday: isoWeekday(w.clock.now()), uid: LAWYER_UID, name: '周律师' }],
      dates: [],
      updatedAt: w.clock.now(),
      updatedBy: 'dev_federation_officer',
    });
    await assigned(w); // one open case on the lawyer
    const c = await submitted(w, { enterpriseId: 'ent_019' }); // placed with 孙敏, no union of its own
    const { items } = ok(await w.call('case', 'assignees', { caseId: c.id }, DESK));
    expect(items.map((i) => [i.name, i.roleLabel, i.onDuty, i.load])).toEqual([
      ['周律师', '驻点律师', true, 1],
      ['孙敏', '社会化工会工作者', false, 0],
      ['刘芳', '联合会干部', false, 0],
    ]);
    expect(JSON.stringify(items)).not.toContain('dev_');

    // a case at ent_001 also offers its union's officer (陈静); nobody on duty tomorrow
    w.clock.advanceDays(1);
    const a = await submitted(w);
    const more = ok(await w.call('case', 'assignees', { caseId: a.id }, DESK)).items;
    expect(more.map((i) => [i.name, i.onDuty])).toEqual([
      ['周律师', false],
      ['孙敏', false],
      ['陈静', false],
      ['刘芳', false],
    ]);
  });

  it('is the desk’s: the employer union’s officer it is assigned to may see it but not dispatch it; an officer elsewhere learns nothing', async () => {
    const c = await assigned(w, 'dev_union_officer');
    const officer = await w.call('case', 'assignees', { caseId: c.id }, 'union-officer');
    expect(officer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '该诉求由星海高新区工会联合会受理，您不能派单' } });
    expect(await w.call('case', 'assignees', { caseId: c.id }, 'lawyer')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await w.call('case', 'assignees', { caseId: c.id }, 'federation-officer-b')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('assign, sign, return', () => {
  it('assigns within the sign deadline; the lawyer is told, the worker is told who has it but not the desk’s note', async () => {
    const c = await submitted(w);
    const note = '企业负责人电话13900001111，先电话联系';
    const v = ok(await w.call('case', 'assign', { caseId: c.id, version: c.version, personId: personFor(w, DESK, LAWYER_UID), note }, DESK));
    expect(v).toMatchObject({ status: 'assigned', assignee: { name: '周律师', roleLabel: '驻点律师' } });
    const d = await stored(w, c.id);
    expect(d).toMatchObject({ assigneeUid: LAWYER_UID, owner: 'assignee', dueAt: cal().addWorkingDays(w.clock.now(), 1) });
    expect(d.metrics.assignedAt).toBe(w.clock.now());
    expect(d.timeline.slice(-2).map((e) => [e.event, e.internal])).toEqual([
      ['assign', false],
      ['note', true],
    ]);
    const [todo] = await messagesTo(w, c.id, `uid:${LAWYER_UID}`);
    expect(todo).toMatchObject({ template: 'case_todo', title: '新案件待签收' });
    expect(todo.body).toContain(note);
    expect(await toldWorker(c.id, '已派给驻点律师周律师办理')).toBe(true);
    expect(JSON.stringify(await worker(c.id))).not.toContain('13900001111');
    const mine = ok(await w.call('case', 'getCase', { caseId: c.id }, 'member'));
    expect(JSON.stringify(mine)).not.toContain('13900001111');
  });

  it('refuses someone not on the list, a handle shown to another officer, a stale screen', async () => {
    const c = await submitted(w);
    const assign = (personId: string, version = c.version) => w.call('case', 'assign', { caseId: c.id, version, personId }, DESK);
    expect(await assign(personFor(w, DESK, 'dev_union_officer_b'))).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: '所选人员不能承办该诉求，请重新选择' },
    });
    expect(await assign(personFor(w, 'admin', LAWYER_UID))).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '请重新选择人员' } });
    expect(await assign(personFor(w, DESK, LAWYER_UID), c.version - 1)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((await stored(w, c.id)).status).toBe('received');
  });

  it('reassigns an assigned case: the new assignee and the former are told; reassigning to the same person is refused', async () => {
    const c = await assigned(w);
    expect(await w.call('case', 'assign', { caseId: c.id, version: c.version, personId: personFor(w, DESK, LAWYER_UID) }, DESK)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: '该案件已由周律师承办，请选择其他人员' },
    });
    const v = ok(await w.call('case', 'assign', { caseId: c.id, version: c.version, personId: personFor(w, DESK, 'dev_social_worker') }, DESK));
    expect(v).toMatchObject({ status: 'assigned', assignee: { name: '孙敏' } });
    expect((await stored(w, c.id)).timeline.pop()!.event).toBe('reassign');
    expect(await messagesTo(w, c.id, `uid:${LAWYER_UID}`)).toEqual(expect.arrayContaining([expect.objectContaining({ title: '案件已改派' })]));
    expect(await messagesTo(w, c.id, 'uid:dev_social_worker')).toEqual([expect.objectContaining({ title: '新案件待签收' })]);
  });

  it('signs on time within the day, late after it; only the assignee signs', async () => {
    const c = await assigned(w);
    expect(await w.call('case', 'sign', { caseId: c.id, version: c.version }, DESK)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: '该案件由周律师承办，只有承办人本人可以签收' },
    });
    expect(await w.call('case', 'sign', { caseId: c.id, version: c.version }, 'social-worker')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const v = ok(await w.call('case', 'sign', { caseId: c.id, version: c.version }, 'lawyer'));
    expect(v.status).toBe('handling');
    const d = await stored(w, c.id);
    expect(d.metrics).toMatchObject({ signedAt: w.clock.now(), signedOnTime: true });
    expect(d.dueAt).toBe(d.resolveDueAt);
    expect(await toldWorker(c.id, '已签收')).toBe(true);

    const late = await assigned(w);
    w.clock.advanceDays(2);
    ok(await w.call('case', 'sign', { caseId: late.id, version: late.version }, 'lawyer'));
    expect((await stored(w, late.id)).metrics.signedOnTime).toBe(false);
  });

  it('returns with a reason the desk reads and the worker does not; the case waits at the desk again', async () => {
    const c = await assigned(w);
    const reason = '本人与该企业有代理关系，需回避';
    const v = ok(await w.call('case', 'returnAssignment', { caseId: c.id, version: c.version, reason }, 'lawyer'));
    expect(v.assignee).toBeNull();
    const d = await stored(w, c.id);
    expect(d).toMatchObject({ status: 'received', assigneeUid: null, owner: 'desk' });
    expect(d.timeline.pop()).toMatchObject({ event: 'return_assignment', note: reason, internal: true });
    expect((await messagesTo(w, c.id, `org:${DEMO.park}`)).some((m) => m.title === '派单被退回' && m.body.includes(reason))).toBe(true);
    expect(JSON.stringify(await worker(c.id))).not.toContain(reason);
    expect(JSON.stringify(ok(await w.call('case', 'getCase', { caseId: c.id }, 'member')))).not.toContain(reason);
    // the lawyer no longer holds it: not even visible any more
    expect(await w.call('case', 'getCase', { caseId: c.id }, 'lawyer')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('transfer, decline, classify', () => {
  it('transfers to the employer’s union: owner and scope from the org tree, assignee cleared, 办结 deadline kept, the new desk and the worker told', async () => {
    const c = await assigned(w);
    const before = await stored(w, c.id);
    const reason = '该企业已建会，转企业工会先行协调';
    const v = ok(await w.call('case', 'transfer', { caseId: c.id, version: c.version, toOrgId: DEMO.unionA, reason }, DESK));
    expect(v).toMatchObject({ status: 'received', assignee: null });
    const d = await stored(w, c.id);
    expect(d).toMatchObject({
      ownerOrgId: DEMO.unionA,
      ownerOrgName: '星海精密制造工会',
      federationId: DEMO.park,
      cityId: DEMO.city,
      scope: [DEMO.city, DEMO.park, DEMO.unionA],
      assigneeUid: null,
      resolveDueAt: before.resolveDueAt,
      orgId: DEMO.park,
    });
    expect(await messagesTo(w, c.id, `org:${DEMO.unionA}`)).toEqual([expect.objectContaining({ template: 'case_todo', title: '转办案件待分派' })]);
    expect(await messagesTo(w, c.id, `uid:${LAWYER_UID}`)).toEqual(expect.arrayContaining([expect.objectContaining({ title: '案件已转办' })]));
    expect(await toldWorker(c.id, reason)).toBe(true);
    const mine = ok(await w.call('case', 'getCase', { caseId: c.id }, 'member'));
    expect(mine.timeline.pop()).toMatchObject({ eventLabel: '转办', note: `转至星海精密制造工会：${reason}` });
    // the union's officer is its desk now
    ok(await w.call('case', 'assignees', { caseId: c.id }, 'union-officer'));
  });

  it('refuses the same org, an unknown one, one in another city; a desk that hands it out of its scope sees what it handed over, nothing to do', async () => {
    const c = await submitted(w);
    const to = (toOrgId: string) => w.call('case', 'transfer', { caseId: c.id, version: c.version, toOrgId, reason: '按属地原则转办' }, DESK);
    expect(await to(DEMO.park)).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '该诉求已由星海高新区工会联合会办理，请选择其他组织' } });
    expect(await to('org_nowhere')).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '请选择要转办的工会组织' } });
    await w.deps.store.insert<Org>(ORGS, {
      _id: 'org_city2',
      kind: 'city_federation',
      name: '云港市总工会',
      parentId: null,
      ancestors: [],
      cityId: 'org_city2',
      federationId: null,
    });
    expect(await to('org_city2')).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '只能转办到本市的工会组织' } });

    const v = ok(await to(DEMO.logistics));
    expect(v).toMatchObject({ ownerOrgName: '星海市物流行业工会联合会', actions: [] });
    expect(await w.call('case', 'getCase', { caseId: c.id }, DESK)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    ok(await w.call('case', 'assignees', { caseId: c.id }, 'federation-officer-b'));
  });

  it('declines from the desk only while received, with a reason the worker reads', async () => {
    const c = await submitted(w);
    const reason = '不属于工会受理范围，已告知向劳动监察投诉';
    ok(await w.call('case', 'decline', { caseId: c.id, version: c.version, reason }, DESK));
    expect(await stored(w, c.id)).toMatchObject({ status: 'declined', owner: null, dueAt: null });
    expect(await toldWorker(c.id, reason)).toBe(true);
    expect(ok(await w.call('case', 'getCase', { caseId: c.id }, 'member')).timeline.pop()!.note).toBe(reason);

    const h = await handled(w);
    expect(await w.call('case', 'decline', { caseId: h.id, version: h.version, reason }, DESK)).toMatchObject({
      ok: false,
      error: { code: 'ILLEGAL_TRANSITION', message: '案件当前“办理中”，不能不予受理' },
    });
  });

  it('classifies: the 办结 deadline from the report time by the rules, the 办理 clock with it, an internal entry', async () => {
    const c = await handled(w);
    const d0 = await stored(w, c.id);
    w.clock.advanceDays(1);
    const v = ok(await w.call('case', 'classify', { caseId: c.id, version: c.version, complexity: 'hard' }, DESK));
    expect(v.complexityLabel).toBe('难点问题');
    const d = await stored(w, c.id);
    expect(d.resolveDueAt).toBe(cal().addWorkingDays(d0.metrics.receivedAt, 15));
    expect(d.dueAt).toBe(d.resolveDueAt);
    expect(d.version).toBe(c.version + 1);
    expect(d.timeline.pop()).toMatchObject({ event: 'note', internal: true });
    expect(ok(await w.call('case', 'getCase', { caseId: c.id }, 'member')).timeline.map((e) => e.internal)).not.toContain(true);
    expect(await w.call('case', 'classify', { caseId: c.id, version: c.version, complexity: 'special' }, DESK)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(await w.call('case', 'classify', { caseId: c.id, version: d.version, complexity: 'special' }, 'lawyer')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});

describe('entries, asks, 办结', () => {
  it('records a visit with evidence (the worker told) and an internal note (never told, never shown)', async () => {
    const c = await handled(w);
    const at = w.clock.now();
    await w.deps.store.insert<FileDoc>(FILES, {
      _id: 'fi_visit',
      name: '走访记录.jpg',
      contentType: 'image/jpeg',
      size: 100,
      ref: 'test/fi_visit',
      orgId: DEMO.park,
      ownerId: 'unattached',
      uploadedBy: LAWYER_UID,
      uploadedAt: at,
    });
    const before = (await worker(c.id)).length;
    ok(
      await w.call(
        'case',
        'addEntry',
        { caseId: c.id, kind: 'visit', text: '已到企业走访，约定下周调解', fileIds: ['fi_visit'], happenedAt: at - 3600_000 },
        'lawyer',
      ),
    );
    const secret = '老板私下表示资金链断裂，可能转移资产';
    ok(await w.call('case', 'addEntry', { caseId: c.id, kind: 'note', text: secret, internal: true }, DESK));
    expect((await w.deps.store.get<FileDoc>(FILES, 'fi_visit'))!.ownerId).toBe(c.id);
    const d = await stored(w, c.id);
    expect(d.timeline.slice(-2).map((e) => [e.event, e.internal, e.fileIds])).toEqual([
      ['visit', false, ['fi_visit']],
      ['note', true, []],
    ]);
    expect(d.timeline[d.timeline.length - 2].happenedAt).toBe(at - 3600_000);
    expect(d.version).toBe(c.version);
    const told = await worker(c.id);
    expect(told.length).toBe(before + 1);
    expect(told.some((m) => m.body.includes('走访：已到企业走访'))).toBe(true);
    expect(JSON.stringify(await outbox(w))).not.toContain(secret);
    const mine = ok(await w.call('case', 'getCase', { caseId: c.id }, 'member'));
    expect(JSON.stringify(mine)).not.toContain(secret);
    expect(mine.timeline.pop()).toMatchObject({ eventLabel: '走访', files: [{ id: 'fi_visit' }] });
  });

  it('refuses someone else’s upload, a time in the future, a closed case, a stranger', async () => {
    const c = await handled(w);
    await w.deps.store.insert<FileDoc>(FILES, {
      _id: 'fi_other',
      name: 'x.jpg',
      contentType: 'image/jpeg',
      size: 1,
      ref: 'test/fi_other',
      orgId: DEMO.park,
      ownerId: 'unattached',
      uploadedBy: 'dev_member',
      uploadedAt: w.clock.now(),
    });
    const entry = (over: object, as = 'lawyer') => w.call('case', 'addEntry', { caseId: c.id, kind: 'note', text: '记录内容', ...over }, as);
    expect(await entry({ fileIds: ['fi_other'] })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await entry({ happenedAt: w.clock.now() + DAY })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '发生时间不能晚于现在' } });
    expect(await entry({}, 'union-officer-b')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await entry({}, 'member')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await w.deps.store.update(CASES, c.id, { set: { status: 'closed' } });
    expect(await entry({})).toMatchObject({ ok: false, error: { code: 'ILLEGAL_TRANSITION', message: '案件当前“已结案”，不能再添加办理记录' } });
  });

  it('asks the worker for more: the ask on their view, a message to them', async () => {
    const c = await handled(w);
    ok(await w.call('case', 'ask', { caseId: c.id, text: '请补充近三个月的工资条' }, 'lawyer'));
    expect((await stored(w, c.id)).ask).toMatchObject({ text: '请补充近三个月的工资条', by: LAWYER_UID });
    expect(ok(await w.call('case', 'getCase', { caseId: c.id }, 'member')).ask).toMatchObject({ text: '请补充近三个月的工资条' });
    expect(await toldWorker(c.id, '请您补充：请补充近三个月的工资条')).toBe(true);
  });

  it('resolves on time with the money recovered; the worker is asked to rate; only the assignee resolves', async () => {
    const c = await handled(w);
    const input = { caseId: c.id, version: c.version, kind: 'recovered' as const, summary: '企业已将拖欠工资12000元转入职工账户', recovered: 12_000 };
    expect(await w.call('case', 'resolve', input, DESK)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: '该案件由周律师承办，只有承办人本人可以办结' },
    });
    const v = ok(await w.call('case', 'resolve', input, 'lawyer'));
    expect(v).toMatchObject({ status: 'resolved', resolution: { kindLabel: '已追回款项', recovered: 12_000 } });
    const d = await stored(w, c.id);
    expect(d.metrics).toMatchObject({ resolvedAt: w.clock.now(), resolvedOnTime: true, recovered: 12_000 });
    expect(d).toMatchObject({ owner: 'worker', dueAt: cal().addWorkingDays(w.clock.now(), 3) });
    expect(await toldWorker(c.id, '请在')).toBe(true);

    const late = await handled(w);
    w.clock.advanceDays(14);
    ok(await w.call('case', 'resolve', { ...input, caseId: late.id, version: late.version }, 'lawyer'));
    expect((await stored(w, late.id)).metrics.resolvedOnTime).toBe(false);
  });

  it('refuses to resolve an approved legal-aid case before its closing report', async () => {
    const c = await handled(w, {
      category: 'legal_aid',
      itemKey: 'wage_claim',
      legalAid: { opponent: '星海精密制造有限公司', claimAmount: 36_000, keyDate: null, keyDateKind: null },
    });
    const d = await stored(w, c.id);
    await w.deps.store.update(CASES, c.id, { set: { legalAid: { ...d.legalAid!, status: 'appointed' } } });
    const input = { caseId: c.id, version: c.version, kind: 'litigation' as const, summary: '已代理申请劳动仲裁，等待裁决结果' };
    expect(await w.call('case', 'resolve', input, 'lawyer')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: '法律援助案件请先提交结案报告，再办结' },
    });
    const report = { outcome: 'award' as const, summary: '仲裁裁决支持全部请求', recovered: 36_000, fileIds: [], at: w.clock.now(), by: LAWYER_UID };
    await w.deps.store.update(CASES, c.id, { set: { legalAid: { ...d.legalAid!, status: 'reported', report } } });
    ok(await w.call('case', 'resolve', input, 'lawyer'));
  });
});
