/**
 * Intake, in-process on both stores: the catalogue of the rules in force up the org tree, with what
 * each category promises; a report goes to the federation over the employer, at its desk, with its
 * number and its deadline; the same request key is the same case (also twice at once); anonymous
 * only for 意见建议; an item outside the catalogue is refused; nothing personal is stored in clear.
 * Rules: a federation's own, else the city's, else the defaults; setting them is audited and checked.
 */
import { randomBytes } from 'node:crypto';
import { makeWorld, ok, type CallInput, type TestWorld } from '../../server/testing';
import { DEMO } from '../../server/personas';
import { CASES, CASE_RULES, type CaseDoc } from '../../core/case/model';
import { DEFAULT_CASE_RULES, type CaseRules } from '../../core/case/rules';
import { OUTBOX, type OutboxMessage } from '../../core/shared/outbox';
import { AUDIT, type AuditEntry } from '../../core/shared/audit';
import { MEMBERS, type MemberDoc } from '../../core/member/model';
import { calendarFor } from '../../core/shared/workdays';
import { queryAll } from '../../core/shared/docstore';

let w: TestWorld;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.close());

/** 李娜 (a member of 星海精密制造工会, ent_001) reports unpaid wages. */
const form = (over: Partial<CallInput<'case', 'submit'>> = {}): CallInput<'case', 'submit'> => ({
  idempotencyKey: `ck_${randomBytes(6).toString('hex')}`,
  category: 'complaint',
  itemKey: 'wage_arrears',
  title: '公司拖欠两个月工资',
  description: '公司自十月起未发工资，多次找人事部门均无答复。',
  enterpriseId: 'ent_001',
  ...over,
});

const cases = () => queryAll<CaseDoc>(w.deps.store, CASES);
const outbox = () => queryAll<OutboxMessage>(w.deps.store, OUTBOX, { orderBy: [['createdAt', 'asc']] });

describe('catalogue', () => {
  it('Given no rules anywhere, Then the five categories with hints and items, anonymity only for 意见建议, and the default promises', async () => {
    const c = ok(await w.call('case', 'catalogue', { enterpriseId: 'ent_001' }, 'member'));
    expect(c.rulesOf).toBe('默认规则');
    expect(c.collectiveMinWorkers).toBe(10);
    expect(c.categories.map((x) => x.label)).toEqual(['问题咨询', '服务帮扶', '信访投诉', '法律援助', '意见建议']);
    expect(c.categories.filter((x) => x.anonymousAllowed).map((x) => x.key)).toEqual(['suggestion']);
    const by = Object.fromEntries(c.categories.map((x) => [x.key, x]));
    expect(by.consult.promise).toBe('2个工作日内答复');
    expect(by.complaint.promise).toBe('一般7个工作日内办结');
    expect(by.complaint.items.map((i) => i.label)).toContain('拖欠工资');
    expect(by.complaint.hint).toContain('拖欠工资');
  });

  it('Given the park federation set its own rules, Then a park employer reads them, a logistics employer the defaults, and a worker with no employer their union’s federation', async () => {
    const rules: CaseRules = { ...DEFAULT_CASE_RULES, answerWorkingDays: { consult: 3, help: 5 }, collectiveMinWorkers: 5 };
    ok(await w.call('case', 'setRules', { orgId: DEMO.park, rules }, 'federation-officer'));
    const park = ok(await w.call('case', 'catalogue', { enterpriseId: 'ent_030' }, 'worker'));
    expect(park.rulesOf).toBe('星海高新区工会联合会');
    expect(park.collectiveMinWorkers).toBe(5);
    expect(park.categories.find((x) => x.key === 'consult')!.promise).toBe('3个工作日内答复');
    const logistics = ok(await w.call('case', 'catalogue', { enterpriseId: 'ent_185' }, 'worker'));
    expect(logistics.rulesOf).toBe('默认规则');
    const member = ok(await w.call('case', 'catalogue', {}, 'member'));
    expect(member.rulesOf).toBe('星海高新区工会联合会');
  });
});

describe('submit', () => {
  it('Given 李娜 reports unpaid wages at 星海精密制造, Then the park federation’s desk holds it, numbered, due in 7 working days, with her employer’s union on it; the desk and she are told', async () => {
    const v = ok(await w.call('case', 'submit', form(), 'member'));
    expect(v.status).toBe('received');
    expect(v.ownerOrgName).toBe('星海高新区工会联合会');
    expect(v.no).toMatch(/^20261124[0-9A-Z]{6}$/);
    const [d] = await cases();
    expect(d).toMatchObject({ orgId: DEMO.park, unionOrgId: DEMO.unionA, name: '李娜', itemLabel: '拖欠工资', urgent: false, priority: 1, collective: null });
    expect(d.resolveDueAt).toBe(calendarFor(w.deps.config.calendar).addWorkingDays(w.clock.now(), 7));
    expect(d.timeline.map((e) => e.event)).toEqual(['submit']);
    const msgs = (await outbox()).sort((a, b) => a.to.localeCompare(b.to));
    expect(msgs.map((m) => [m.to, m.template, m.page])).toEqual([
      [`org:${DEMO.park}`, 'case_todo', `/admin/case/detail?id=${v.id}`],
      ['uid:dev_member', 'case_progress', `/pages/case/detail?id=${v.id}`],
    ]);
    expect(msgs[1].body).toContain(`编号${v.no}`);
    expect(msgs[1].body).toContain('一般7个工作日内办结');
    expect(msgs[0].body).toContain('李*');
  });

  it('Given the same form sent twice, Then one case, the second answer the first unchanged', async () => {
    const f = form();
    const a = ok(await w.call('case', 'submit', f, 'member'));
    w.clock.t += 60_000;
    const b = ok(await w.call('case', 'submit', { ...f, title: '改了标题再提交一次' }, 'member'));
    expect(b.id).toBe(a.id);
    expect(b.title).toBe('公司拖欠两个月工资');
    expect(b.version).toBe(a.version);
    expect(await cases()).toHaveLength(1);
  });

  it('Given the same form sent five times at once, Then all five answers are the one case, stored once and announced once', async () => {
    const f = form();
    const answers = await Promise.all(Array.from({ length: 5 }, () => w.call('case', 'submit', f, 'member')));
    const ids = new Set(answers.map((a) => ok(a).id));
    expect(ids.size).toBe(1);
    expect(await cases()).toHaveLength(1);
    expect((await outbox()).filter((m) => m.template === 'case_progress')).toHaveLength(1);
  });

  it('Given the same key from two workers, Then two cases (a key is the worker’s own)', async () => {
    const f = form();
    const a = ok(await w.call('case', 'submit', f, 'member'));
    const b = ok(await w.call('case', 'submit', { ...f, name: '王小明' }, 'worker'));
    expect(a.id).not.toBe(b.id);
  });

  it('Given a worker who is not a member, When they report without their name, Then it is refused by the name field; with it, the desk reads their name', async () => {
    expect(ok(await w.call('case', 'catalogue', { enterpriseId: 'ent_030' }, 'worker')).askName).toBe(true);
    expect(ok(await w.call('case', 'catalogue', { enterpriseId: 'ent_030' }, 'member')).askName).toBe(false);
    const refused = await w.call('case', 'submit', form(), 'worker');
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: ['name'], message: '请填写您的姓名' }] } });
    expect(await cases()).toHaveLength(0);
    const c = ok(await w.call('case', 'submit', { ...form(), name: '王小明' }, 'worker'));
    expect(c.claimantName).toBe('王小明');
    // a member's name is the membership's, whatever the form says
    const m = ok(await w.call('case', 'submit', { ...form({ idempotencyKey: 'member-name-0001' }), name: '张三' }, 'member'));
    expect(m.claimantName).toBe('李娜');
  });

  it('Given an anonymous complaint, Then it is refused: only 意见建议 may be anonymous', async () => {
    const r = await w.call('case', 'submit', form({ anonymous: true }), 'member');
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(JSON.stringify(r)).toContain('只有“意见建议”可以匿名提交');
    expect(await cases()).toHaveLength(0);
  });

  it('Given an anonymous suggestion with no employer, Then the member’s federation receives it and no name is stored', async () => {
    const v = ok(
      await w.call(
        'case',
        'submit',
        form({ category: 'suggestion', itemKey: 'services', enterpriseId: null, anonymous: true, title: '希望增加夜班职工服务' }),
        'member',
      ),
    );
    expect(v.status).toBe('received');
    const [d] = await cases();
    expect(d).toMatchObject({ orgId: DEMO.park, anonymous: true, name: '匿名', mobileSealed: null, enterpriseId: null });
    expect(JSON.stringify(await w.storedDocuments(CASES))).not.toContain('李娜');
  });

  it('Given an item that is not in the category’s catalogue, Then it is refused naming the category, and nothing is stored', async () => {
    const r = await w.call('case', 'submit', form({ category: 'consult', itemKey: 'wage_arrears' }), 'member');
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '“问题咨询”中没有所选事项，请重新选择' } });
    expect(await cases()).toHaveLength(0);
  });

  it('Given an employer that does not exist, Then it is refused on the employer field', async () => {
    const r = await w.call('case', 'submit', form({ enterpriseId: 'ent_nope' }), 'member');
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: ['enterpriseId'] }] } });
  });

  it('Given a contact mobile, Then it is stored sealed and masked only: neither it nor the member’s ID or mobile is anywhere in clear', async () => {
    const m = (await queryAll<MemberDoc>(w.deps.store, MEMBERS, { where: { uid: 'dev_member' } }))[0];
    const v = ok(await w.call('case', 'submit', form({ contactMobile: '13912345678' }), 'member'));
    expect(v.mobileMasked).toBe('139****5678');
    const stored = (await w.storedDocuments(CASES)).join('\n');
    expect(stored).not.toContain('13912345678');
    expect(stored).not.toContain(w.deps.crypto.open(m.idSealed));
    expect(stored).not.toContain(w.deps.crypto.open(m.mobileSealed));
    const [d] = await cases();
    expect(w.deps.crypto.open(d.mobileSealed!)).toBe('13912345678');
  });

  it('Given no contact mobile, Then the member’s own is on the case, sealed, for the callback', async () => {
    const m = (await queryAll<MemberDoc>(w.deps.store, MEMBERS, { where: { uid: 'dev_member' } }))[0];
    ok(await w.call('case', 'submit', form(), 'member'));
    const [d] = await cases();
    expect(w.deps.crypto.open(d.mobileSealed!)).toBe(w.deps.crypto.open(m.mobileSealed));
    expect((await w.storedDocuments(CASES)).join('\n')).not.toContain(w.deps.crypto.open(m.mobileSealed));
  });

  it('Given a consultation under the park’s rules of 3 days, Then its deadline is 3 working days from the report', async () => {
    ok(await w.call('case', 'setRules', { orgId: DEMO.park, rules: { ...DEFAULT_CASE_RULES, answerWorkingDays: { consult: 3 } } }, 'federation-officer'));
    ok(await w.call('case', 'submit', form({ category: 'consult', itemKey: 'wages_hours' }), 'member'));
    const [d] = await cases();
    expect(d.resolveDueAt).toBe(calendarFor(w.deps.config.calendar).addWorkingDays(w.clock.now(), 3));
  });

  it('Given a legal-aid application, Then its legal-aid record is on the case and it waits at the desk', async () => {
    const v = ok(
      await w.call(
        'case',
        'submit',
        form({ category: 'legal_aid', itemKey: 'wage_claim', legalAid: { opponent: '星海精密制造有限公司', claimAmount: 12000 } }),
        'member',
      ),
    );
    expect(v.legalAid).not.toBeNull();
    const [d] = await cases();
    expect(d.legalAid).toMatchObject({ opponent: '星海精密制造有限公司', claimAmount: 12000 });
    expect(d).toMatchObject({ urgent: false, priority: 1 });
  });

  it('Given a legal-aid application whose hearing is in 3 days, Then the case is urgent: first in the queue', async () => {
    const legalAid = { opponent: '星海精密制造有限公司', claimAmount: 12000, keyDate: '2026-11-27', keyDateKind: 'hearing' as const };
    ok(await w.call('case', 'submit', form({ category: 'legal_aid', itemKey: 'wage_claim', legalAid }), 'member'));
    const [d] = await cases();
    expect(d).toMatchObject({ urgent: true, priority: 0, legalAid: { urgent: true } });
  });
});

describe('rules up the org tree', () => {
  it('Given nothing set, Then a union officer reads the defaults, marked as inherited from 默认规则', async () => {
    const r = ok(await w.call('case', 'getRules', {}, 'union-officer'));
    expect(r).toMatchObject({ orgId: DEMO.unionA, inheritedFrom: '默认规则' });
    expect(r.rules).toEqual(DEFAULT_CASE_RULES);
  });

  it('Given the city set rules, Then the park inherits the city’s until it sets its own, which then are its own', async () => {
    const city: CaseRules = { ...DEFAULT_CASE_RULES, signWorkingDays: 2 };
    ok(await w.call('case', 'setRules', { orgId: DEMO.city, rules: city }, 'admin'));
    expect(ok(await w.call('case', 'getRules', {}, 'federation-officer'))).toMatchObject({ inheritedFrom: '星海市总工会', rules: { signWorkingDays: 2 } });
    ok(await w.call('case', 'setRules', { orgId: DEMO.park, rules: { ...city, signWorkingDays: 3 } }, 'federation-officer'));
    expect(ok(await w.call('case', 'getRules', {}, 'federation-officer'))).toMatchObject({ inheritedFrom: null, rules: { signWorkingDays: 3 } });
    expect(ok(await w.call('case', 'getRules', {}, 'union-officer'))).toMatchObject({ inheritedFrom: '星海高新区工会联合会' });
    expect(ok(await w.call('case', 'getRules', {}, 'federation-officer-b'))).toMatchObject({ inheritedFrom: '星海市总工会', rules: { signWorkingDays: 2 } });
  });

  it('Given an officer of another federation, Then the park’s rules are neither readable nor settable by them', async () => {
    expect(await w.call('case', 'getRules', { orgId: DEMO.park }, 'federation-officer-b')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await w.call('case', 'setRules', { orgId: DEMO.park, rules: DEFAULT_CASE_RULES }, 'federation-officer-b')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await w.call('case', 'setRules', { orgId: DEMO.unionA, rules: DEFAULT_CASE_RULES }, 'union-officer')).toMatchObject({ ok: false });
  });

  it('Given a union, Then rules cannot be set on it (unions inherit their federation’s)', async () => {
    const r = await w.call('case', 'setRules', { orgId: DEMO.unionA, rules: DEFAULT_CASE_RULES }, 'federation-officer');
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '案件办理规则由联合会或市总工会设定' } });
  });

  it('Given two items under one key in a category, Then the rules are refused naming the key, and nothing is stored', async () => {
    const catalogue = { ...DEFAULT_CASE_RULES.catalogue, help: [...DEFAULT_CASE_RULES.catalogue.help, { key: 'medical', label: '大病救助' }] };
    const r = await w.call('case', 'setRules', { orgId: DEMO.park, rules: { ...DEFAULT_CASE_RULES, catalogue } }, 'federation-officer');
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '“服务帮扶”中事项代码medical重复' } });
    expect(await w.deps.store.get(CASE_RULES, DEMO.park)).toBeNull();
  });

  it('Given a deadline of 0 days, Then the schema refuses it in Chinese', async () => {
    const r = await w.call('case', 'setRules', { orgId: DEMO.park, rules: { ...DEFAULT_CASE_RULES, dispatchWorkingDays: 0 } }, 'federation-officer');
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(JSON.stringify(r)).toContain('分派时限至少1个工作日');
  });

  it('Given rules set twice, Then each change is audited with what it was before', async () => {
    ok(await w.call('case', 'setRules', { orgId: DEMO.park, rules: DEFAULT_CASE_RULES }, 'federation-officer'));
    w.clock.t += 60_000; // the audit is read in time order
    ok(await w.call('case', 'setRules', { orgId: DEMO.park, rules: { ...DEFAULT_CASE_RULES, collectiveMinWorkers: 20 } }, 'federation-officer'));
    const audits = (await queryAll<AuditEntry>(w.deps.store, AUDIT, { where: { action: 'case.setRules' }, orderBy: [['at', 'asc']] })).filter(
      (a) => a.target.id === DEMO.park,
    );
    expect(audits).toHaveLength(2);
    expect(audits[0]).toMatchObject({ actorUid: 'dev_federation_officer', before: null });
    expect(audits[1]).toMatchObject({ before: { collectiveMinWorkers: 10 }, after: { collectiveMinWorkers: 20 } });
    expect(audits[1].reason).toContain('刘芳');
  });
});
