/**
 * What each person reads of a case, in-process on both stores: the worker never receives an internal
 * entry (not in getCase, myCases or any worker action's answer, not in a message to them); the staff
 * handling it see everything; a lawyer sees only the cases assigned to them, an officer only those in
 * scope, and a stranger learns nothing (NOT_FOUND).
 */
import { makeWorld, ok, type TestWorld } from '../../server/testing';
import { CASES, type CaseDoc } from '../../core/case/model';
import type { CaseView } from '../../core/case/schemas';
import { DEMO } from '../../server/personas';
import { LAWYER, anEntry, seedCase, seedClaimant } from './case.testkit';
import { DESK, caseForm, outbox, personFor } from './handling.testkit';

let w: TestWorld;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.close());

const DAY = 86400_000;
const SECRET = ['老板私下表示愿意先付一半', '改派原因：周律师与该企业有代理关系', '内部研判：企业账户已被冻结'];

/** 李娜's wage case in handling by 周律师: public and internal entries, and a reassignment with an internal reason. */
async function aCaseWithSecrets(over: Partial<CaseDoc> = {}): Promise<CaseDoc> {
  const t = w.clock.now() - 2 * DAY;
  return seedCase(w.deps, {
    _id: 'cs_secret',
    status: 'handling',
    owner: 'assignee',
    assignee: LAWYER,
    assigneeUid: LAWYER.uid,
    stepStartedAt: t + DAY,
    createdAt: t,
    updatedAt: t + DAY,
    timeline: [
      anEntry({ event: 'submit', at: t, to: 'received' }),
      anEntry({ event: 'assign', at: t + 1000, to: 'assigned', by: 'dev_federation_officer', byName: '刘芳' }),
      anEntry({ event: 'reassign', at: t + 2000, to: 'assigned', by: 'dev_federation_officer', byName: '刘芳', note: SECRET[1], internal: true }),
      anEntry({ event: 'sign', at: t + DAY, to: 'handling', by: LAWYER.uid, byName: LAWYER.name }),
      anEntry({ event: 'visit', at: t + DAY + 1000, by: LAWYER.uid, byName: LAWYER.name, note: '已到企业走访，约定下周调解' }),
      anEntry({ event: 'note', at: t + DAY + 2000, by: LAWYER.uid, byName: LAWYER.name, note: SECRET[0], internal: true }),
      anEntry({ event: 'call', at: t + DAY + 3000, by: LAWYER.uid, byName: LAWYER.name, note: SECRET[2], internal: true }),
    ],
    ...over,
  });
}

const leaks = (x: unknown) => SECRET.filter((s) => JSON.stringify(x).includes(s));

describe('the claimant reads the public timeline only', () => {
  it('getCase and myCases leave out every internal entry; the handlers see them marked internal', async () => {
    await aCaseWithSecrets();
    const mine = ok(await w.call('case', 'getCase', { caseId: 'cs_secret' }, 'member'));
    expect(leaks(mine)).toEqual([]);
    expect(mine.timeline.map((e) => e.eventLabel)).toEqual(['提交诉求', '分派', '签收', '走访']);
    expect(mine.timeline.every((e) => !e.internal)).toBe(true);
    expect(mine.actions).toEqual([]);
    expect(mine.claimantName).toBe('李娜');
    expect(mine.ownerLabel).toBe('周律师（驻点律师）');
    expect(mine.waitingText).toBe('周律师（驻点律师）办理中，已等待1个工作日');
    expect(mine.workerActions.map((a) => a.key)).toEqual(['withdraw']);
    const list = ok(await w.call('case', 'myCases', {}, 'member'));
    expect(list.items.map((i) => i.id)).toEqual(['cs_secret']);
    expect(leaks(list)).toEqual([]);

    for (const who of ['lawyer', 'federation-officer', 'admin']) {
      const staff = ok(await w.call('case', 'getCase', { caseId: 'cs_secret' }, who));
      expect(leaks(staff)).toEqual(SECRET);
      expect(staff.timeline.filter((e) => e.internal).map((e) => e.note)).toEqual([SECRET[1], SECRET[0], SECRET[2]]);
    }
  });
});

describe('who may see a case', () => {
  it('a lawyer sees only cases assigned to them; an officer only in scope; a stranger nothing', async () => {
    await seedCase(w.deps, { _id: 'cs_unassigned' });
    await aCaseWithSecrets();
    const notFound = async (who: string, caseId: string) => {
      const r = await w.call('case', 'getCase', { caseId }, who);
      expect(!r.ok && r.error.code).toBe('NOT_FOUND');
      if (!r.ok) expect(r.error.message).toBe('诉求不存在或已被删除');
    };
    await notFound('lawyer', 'cs_unassigned');
    await notFound('social-worker', 'cs_secret');
    await notFound('federation-officer-b', 'cs_secret');
    await notFound('union-officer', 'cs_secret'); // the case is held by the park, above their union
    await notFound('worker', 'cs_secret');
    expect(ok(await w.call('case', 'getCase', { caseId: 'cs_secret' }, 'lawyer')).actions.map((a) => a.key)).toEqual(['ask', 'resolve', 'entry']);
    expect(ok(await w.call('case', 'getCase', { caseId: 'cs_unassigned' }, 'federation-officer')).actions.map((a) => a.key)).toEqual([
      'assign',
      'transfer',
      'decline',
      'classify',
      'entry',
    ]);
  });
});

describe('a collective case', () => {
  it('each claimant reads their own amount; the others are masked; staff read every amount', async () => {
    await seedCase(w.deps, {
      _id: 'cs_collective',
      status: 'assigned',
      owner: 'assignee',
      assignee: LAWYER,
      assigneeUid: LAWYER.uid,
      urgent: true,
      priority: 0,
      collective: { workers: 136, amountOwed: 700_000, claimants: 3, claimedTotal: 15_123 },
      shareCode: '0123456789abcdef',
    });
    await seedClaimant(w.deps, { _id: 'cs_collective' }, { uid: 'dev_member', name: '李娜', amountOwed: 6123, lead: true });
    await seedClaimant(w.deps, { _id: 'cs_collective' }, { uid: 'dev_worker', name: '王小明', amountOwed: 5000, joinedAt: w.clock.now() + 1 });
    await seedClaimant(w.deps, { _id: 'cs_collective' }, { uid: 'u_third', name: '欧阳小明', amountOwed: 4000, joinedAt: w.clock.now() + 2 });

    const joined: CaseView = ok(await w.call('case', 'getCase', { caseId: 'cs_collective' }, 'worker'));
    expect(joined.collective?.myAmount).toBe(5000);
    expect(joined.collective?.list).toEqual([
      { name: '工友李*', amountOwed: null, lead: true, joinedAt: w.clock.now() },
      { name: '王小明', amountOwed: 5000, lead: false, joinedAt: w.clock.now() + 1 },
      { name: '工友欧**明', amountOwed: null, lead: false, joinedAt: w.clock.now() + 2 },
    ]);
    expect(joined.claimantName).toBe('工友李*');
    expect(joined.mobileMasked).toBeNull();
    expect(JSON.stringify(joined)).not.toContain('6123');
    expect(JSON.stringify(joined)).not.toContain('李娜');
    expect(joined.workerActions.map((a) => a.key)).toEqual(['share']);
    expect(ok(await w.call('case', 'myCases', {}, 'worker')).items.map((i) => i.id)).toEqual(['cs_collective']);

    const lead = ok(await w.call('case', 'getCase', { caseId: 'cs_collective' }, 'member'));
    expect(lead.collective?.myAmount).toBe(6123);
    expect(lead.workerActions.map((a) => a.key)).toEqual(['withdraw', 'share']);
    expect(lead.waitingText).toBe('等待周律师（驻点律师）签收，今天送达');

    const staff = ok(await w.call('case', 'getCase', { caseId: 'cs_collective' }, 'lawyer'));
    expect(staff.collective?.list.map((c) => [c.name, c.amountOwed])).toEqual([
      ['李娜', 6123],
      ['王小明', 5000],
      ['欧阳小明', 4000],
    ]);
    expect(staff.collective?.shareCode).toBeNull();
    expect(staff.actions.map((a) => a.key)).toEqual(['sign', 'return_assignment']);
  });
});

describe('an anonymous suggestion', () => {
  it('names nobody and shows no mobile, even to the staff', async () => {
    await seedCase(w.deps, {
      _id: 'cs_anon',
      category: 'suggestion',
      itemKey: 'union_work',
      itemLabel: '工会工作',
      anonymous: true,
      enterpriseId: null,
      enterpriseName: null,
    });
    const staff = ok(await w.call('case', 'getCase', { caseId: 'cs_anon' }, 'federation-officer'));
    expect(staff.claimantName).toBe('匿名');
    expect(staff.mobileMasked).toBeNull();
    expect(JSON.stringify(staff)).not.toContain('李娜');
    const own = ok(await w.call('case', 'getCase', { caseId: 'cs_anon' }, 'member'));
    expect(own.claimantName).toBe('李娜');
    expect((await w.deps.store.get<CaseDoc>(CASES, 'cs_anon'))?.orgId).toBe(DEMO.park);
  });
});

describe('through the actions', () => {
  const HIDDEN = ['派单说明：先核实企业账户', '退回原因：与企业法务熟识需回避', '改派原因：原承办人休假', '内部：企业主已转移资产'];
  const hidden = (x: unknown) => HIDDEN.filter((t) => JSON.stringify(x).includes(t.split('：')[1]));

  it('no answer to a worker and no message to them carries an internal text; the staff read them all', async () => {
    const worker: unknown[] = [];
    const seen = <T>(x: T): T => (worker.push(x), x);
    const c0 = seen(ok(await w.call('case', 'submit', caseForm({ collective: { workers: 20, amountOwed: 100_000, myAmount: 5000 } }), 'member')));
    const code = c0.collective!.shareCode!;
    // the desk assigns to the union's officer with an instruction, who returns it with a reason; then the lawyer, reassigned with a reason
    let c = ok(
      await w.call('case', 'assign', { caseId: c0.id, version: c0.version, personId: personFor(w, DESK, 'dev_union_officer'), note: '先核实企业账户' }, DESK),
    );
    c = ok(await w.call('case', 'returnAssignment', { caseId: c.id, version: c.version, reason: '与企业法务熟识需回避' }, 'union-officer'));
    c = ok(await w.call('case', 'assign', { caseId: c.id, version: c.version, personId: personFor(w, DESK, 'dev_union_officer') }, DESK));
    c = ok(await w.call('case', 'assign', { caseId: c.id, version: c.version, personId: personFor(w, DESK, LAWYER.uid), note: '原承办人休假' }, DESK));
    c = ok(await w.call('case', 'sign', { caseId: c.id, version: c.version }, 'lawyer'));
    ok(await w.call('case', 'addEntry', { caseId: c.id, kind: 'note', text: '企业主已转移资产', internal: true }, 'lawyer'));
    ok(await w.call('case', 'addEntry', { caseId: c.id, kind: 'visit', text: '到企业走访，约定下周调解' }, 'lawyer'));
    ok(await w.call('case', 'ask', { caseId: c.id, text: '请补充工资条或银行流水' }, 'lawyer'));

    // a co-worker joins by the share card; the lead reads the case and their list
    seen(ok(await w.call('case', 'sharePreview', { code }, 'worker')));
    seen(ok(await w.call('case', 'join', { code, amountOwed: 4000, name: '王小明' }, 'worker')));
    seen(ok(await w.call('case', 'sharePreview', { code }, 'worker')));
    seen(ok(await w.call('case', 'getCase', { caseId: c.id }, 'worker')));
    seen(ok(await w.call('case', 'myCases', {}, 'worker')));
    const lead = seen(ok(await w.call('case', 'getCase', { caseId: c.id }, 'member')));
    seen(ok(await w.call('case', 'myCases', {}, 'member')));
    expect(lead.timeline.map((e) => e.eventLabel)).toEqual(['提交诉求', '分派', '分派', '改派', '签收', '走访', '请您补充', '共同诉求人加入']);
    expect(lead.workerActions.map((a) => a.key)).toEqual(['reply', 'withdraw', 'share']);

    // the lead replies; the lawyer resolves; the co-claimant may not rate, the lead rates
    const replied = seen(ok(await w.call('case', 'reply', { caseId: c.id, text: '已上传三个月的工资条' }, 'member')));
    expect(replied.ask).toBeNull();
    c = ok(await w.call('case', 'getCase', { caseId: c.id }, 'lawyer'));
    c = ok(
      await w.call(
        'case',
        'resolve',
        { caseId: c.id, version: c.version, kind: 'mediated', summary: '经调解，企业同意十日内支付全部欠薪', recovered: 100_000 },
        'lawyer',
      ),
    );
    const co = seen(ok(await w.call('case', 'getCase', { caseId: c.id }, 'worker')));
    // resolved: joining has closed, so no card to share; a co-claimant has nothing to do
    expect(co.workerActions.map((a) => a.key)).toEqual([]);
    const before = seen(ok(await w.call('case', 'getCase', { caseId: c.id }, 'member')));
    expect(before.workerActions.map((a) => a.key)).toEqual(['rate']);
    expect(before.waitingText).toBe('请您评价办理结果');
    const rated = seen(ok(await w.call('case', 'rate', { caseId: c.id, version: before.version, score: 4, comment: '感谢' }, 'member')));
    expect(rated.status).toBe('quality_check');
    expect(rated.steps.map((s) => s.state)).toEqual(['done', 'done', 'done', 'done', 'done', 'done', 'current', 'todo']);

    // another case of the lead's, withdrawn after an internal note
    const other = ok(await w.call('case', 'submit', caseForm(), 'member'));
    ok(await w.call('case', 'addEntry', { caseId: other.id, kind: 'note', text: '内部：企业主已转移资产', internal: true }, DESK));
    const withdrawn = seen(ok(await w.call('case', 'withdraw', { caseId: other.id, version: other.version, reason: '已与公司协商解决' }, 'member')));
    expect(withdrawn.steps.map((s) => [s.title, s.state])).toEqual([
      ['受理', 'done'],
      ['已撤回', 'current'],
    ]);
    seen(ok(await w.call('case', 'myCases', {}, 'member')));

    const staff = ok(await w.call('case', 'getCase', { caseId: c.id }, 'federation-officer'));
    expect(hidden(staff)).toEqual(HIDDEN);
    expect(staff.actions.map((a) => a.key)).toEqual(['pass_quality', 'fail_quality', 'entry']);
    expect(hidden(worker)).toEqual([]);
    const messages = (await outbox(w)).filter((m) => m.to === 'uid:dev_member' || m.to === 'uid:dev_worker');
    expect(messages.length).toBeGreaterThan(0);
    expect(hidden(messages)).toEqual([]);
  });
});
