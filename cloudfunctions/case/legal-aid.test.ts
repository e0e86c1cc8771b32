/**
 * Legal aid (法律援助) on both stores: eligibility from the member and aid front doors, urgent
 * pre-review only when the key date is near (on the simulated clock), a refusal with the reason the
 * worker reads, concurrent decisions with one outcome, 委派函 numbers without gaps or duplicates under
 * concurrent appointments, the lawyer assigned and told, and the closing report.
 */
import { makeWorld, ok, type TestWorld } from '../../server/testing';
import { anAidFile } from '../../server/builders.testkit';
import { MEMBERS, type MemberDoc } from '../../core/member/model';
import { AID_FILES } from '../../core/aid/model';
import { OUTBOX, type OutboxMessage } from '../../core/shared/outbox';
import { FILES, type FileDoc } from '../../core/shared/files';
import { queryAll } from '../../core/shared/docstore';
import { calendarFor } from '../../core/shared/workdays';
import { shanghaiDate } from '../../core/shared/time';
import type { SignedInCaller } from '../../core/shared/caller';
import { CASES, CASE_COUNTERS, newMetrics, type CaseDoc, type CounterDoc, type LegalAidDoc } from '../../core/case/model';
import { DEFAULT_CASE_RULES } from '../../core/case/rules';
import { caseNoOf, personRef } from '../../core/case/step';
import { legalAidAtIntake, letterText } from '../../core/case/legal-aid';

let w: TestWorld;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.close());

const DAY = 86400_000;
const FED = 'dev_federation_officer';
const worker = (uid: string): SignedInCaller => ({ uid, grants: [], system: false });
/** a Shanghai date `days` after the test clock's today */
const inDays = (days: number) => shanghaiDate(w.clock.now() + days * DAY);
const form = (keyDate: string | null = null) => ({
  opponent: '星海精密制造有限公司',
  claimAmount: 18_000,
  keyDate,
  keyDateKind: keyDate ? ('hearing' as const) : null,
});
const lina = async () => (await w.deps.store.query<MemberDoc>(MEMBERS, { where: { uid: 'dev_member' }, limit: 1 })).items[0];

/**
 * 李娜's 法律援助 case as intake leaves it (H1's submit writes the same shape), received at the park
 * federation's desk, its legal-aid part from legalAidAtIntake itself.
 */
async function aCase(id: string, keyDate: string | null = null, over: Partial<CaseDoc> = {}): Promise<CaseDoc> {
  const now = w.clock.now();
  const legalAid = await legalAidAtIntake(w.deps, worker('dev_member'), form(keyDate), DEFAULT_CASE_RULES);
  const m = await lina();
  const d: CaseDoc = {
    _id: id,
    no: caseNoOf(shanghaiDate(now), id),
    uid: 'dev_member',
    name: m.name,
    anonymous: false,
    mobileSealed: null,
    mobileMasked: null,
    memberId: m._id,
    category: 'legal_aid',
    itemKey: 'wage_claim',
    itemLabel: '追索劳动报酬',
    complexity: 'general',
    title: '追索三个月加班工资',
    description: '今年八月至十月的加班工资一直未发，与公司协商无果，准备申请劳动仲裁。',
    fileIds: [],
    enterpriseId: 'ent_001',
    enterpriseName: '星海精密制造有限公司',
    unionOrgId: 'org_union_001',
    orgId: 'org_park',
    ownerOrgId: 'org_park',
    ownerOrgName: '星海高新区工会联合会',
    federationId: 'org_park',
    cityId: 'org_city',
    scope: ['org_city', 'org_park'],
    status: 'received',
    owner: 'desk',
    assignee: null,
    assigneeUid: null,
    priority: legalAid.urgent ? 0 : 1,
    urgent: legalAid.urgent,
    collective: null,
    shareCode: null,
    legalAid,
    stepStartedAt: now,
    dueAt: now + DAY,
    escalated: false,
    resolveDueAt: now + 9 * DAY,
    ask: null,
    resolution: null,
    rating: null,
    metrics: newMetrics(now),
    bookingId: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
    timeline: [{ at: now, event: 'submit', by: 'dev_member', byName: m.name, to: 'received', note: null, internal: false, fileIds: [] }],
    ...over,
  };
  await w.deps.store.insert(CASES, d);
  return d;
}

const stored = async (id: string) => (await w.deps.store.get<CaseDoc>(CASES, id))!;
const decide = (caseId: string, version: number, event: 'pre_approve' | 'approve' | 'refuse', note = '', as = 'federation-officer') =>
  w.call('case', 'legalAidDecide', { caseId, version, event, note }, as);
const lawyerRef = (uid = 'dev_lawyer') => personRef(w.deps, FED, uid);
const appoint = (caseId: string, version: number, personId = lawyerRef()) =>
  w.call('case', 'appointLawyer', { caseId, version, personId }, 'federation-officer');
const outboxTo = async (to: string) => (await queryAll<OutboxMessage>(w.deps.store, OUTBOX, { where: { to } })).sort((a, b) => a.createdAt - b.createdAt);

describe('eligibility at application', () => {
  it('a member without a hardship file: membership with their union, the hardship to prove', async () => {
    const la = await legalAidAtIntake(w.deps, worker('dev_member'), form(), DEFAULT_CASE_RULES);
    const m = await lina();
    expect(la.eligibility).toEqual({
      member: true,
      memberOrgName: m.orgName,
      hardship: null,
      reasons: [`工会会员（${m.orgName}）`, '无困难职工档案：经济困难情况须另附证明'],
    });
    expect(la.status).toBe('applied');
    expect(la.urgent).toBe(false);
    // Tuesday 2026-11-24 10:00 + 7 working days = Thursday 2026-12-03 10:00
    expect(la.decisionDueAt).toBe(calendarFor(w.deps.config.calendar).addWorkingDays(w.clock.now(), 7));
    expect(shanghaiDate(la.decisionDueAt)).toBe('2026-12-03');
  });

  it('a member with an active hardship file: its tier', async () => {
    const m = await lina();
    await w.deps.store.insert(AID_FILES, anAidFile(m, w.clock.now(), { status: 'active', tier: 'deep', activatedAt: w.clock.now() }));
    const la = await legalAidAtIntake(w.deps, worker('dev_member'), form(), DEFAULT_CASE_RULES);
    expect(la.eligibility.hardship).toBe('深度困难');
    expect(la.eligibility.reasons).toEqual([`工会会员（${m.orgName}）`, '困难职工档案：深度困难']);
  });

  it('a draft hardship file is no proof of hardship', async () => {
    await w.deps.store.insert(AID_FILES, anAidFile(await lina(), w.clock.now()));
    const la = await legalAidAtIntake(w.deps, worker('dev_member'), form(), DEFAULT_CASE_RULES);
    expect(la.eligibility.hardship).toBeNull();
  });

  it('a worker who is not a member: left to the review, not refused', async () => {
    const la = await legalAidAtIntake(w.deps, worker('dev_worker'), form(), DEFAULT_CASE_RULES);
    expect(la.eligibility).toEqual({ member: false, memberOrgName: null, hardship: null, reasons: ['非工会会员：须经审查确认'] });
  });

  it('urgent when the key date is within the configured days (calendar days, Shanghai), never in the past', async () => {
    const rules = { ...DEFAULT_CASE_RULES, legalAidUrgentDays: 10 };
    expect((await legalAidAtIntake(w.deps, worker('dev_member'), form(inDays(0)), rules)).urgent).toBe(true);
    expect((await legalAidAtIntake(w.deps, worker('dev_member'), form(inDays(10)), rules)).urgent).toBe(true);
    expect((await legalAidAtIntake(w.deps, worker('dev_member'), form(inDays(11)), rules)).urgent).toBe(false);
    await expect(legalAidAtIntake(w.deps, worker('dev_member'), form(inDays(-1)), rules)).rejects.toMatchObject({
      code: 'VALIDATION',
      message: '立案、开庭或时效届满日期不能早于今天',
    });
  });
});

describe('the decision', () => {
  it('urgent pre-review only once the hearing is near; then approval', async () => {
    const d = await aCase('cs_la_near', inDays(20));
    const far = await decide(d._id, 1, 'pre_approve');
    expect(far).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(!far.ok && far.error.message).toContain('还有20天');
    w.clock.advanceDays(11); // 9 days to go
    const pre = ok(await decide(d._id, 1, 'pre_approve'));
    expect(pre.legalAid).toMatchObject({ status: 'pre_approved', urgent: true });
    expect(pre.urgent).toBe(true);
    const s = await stored(d._id);
    expect(s.priority).toBe(0);
    expect(s.timeline.at(-1)).toMatchObject({ event: 'legal_aid', internal: false, byName: '刘芳' });
    expect(s.timeline.at(-1)!.note).toContain('还有9天');
    const approved = ok(await decide(d._id, pre.version, 'approve'));
    expect(approved.legalAid?.status).toBe('approved');
    // the worker heard of both steps (the same instant on the test clock: compared as a set)
    expect((await outboxTo('uid:dev_member')).map((m) => m.title).sort()).toEqual(['同意提供法律援助', '紧急预审，先行受理'].sort());
  });

  it('no pre-review without a key date, or once it has passed', async () => {
    const none = await aCase('cs_la_nodate');
    expect(await decide(none._id, 1, 'pre_approve')).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const soon = await aCase('cs_la_passed', inDays(3));
    w.clock.advanceDays(4);
    const late = await decide(soon._id, 1, 'pre_approve');
    expect(!late.ok && late.error.message).toContain('已过');
    expect((await stored(soon._id)).legalAid!.status).toBe('applied');
  });

  it('a refusal needs its reason, which the worker reads', async () => {
    const d = await aCase('cs_la_refuse');
    expect(await decide(d._id, 1, 'refuse')).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '请写明不予法律援助的理由（申请人可见）' } });
    expect((await stored(d._id)).version).toBe(1);
    const reason = '经核实申请人月收入高于困难标准，建议向市法律援助中心申请';
    const refused = ok(await decide(d._id, 1, 'refuse', reason));
    expect(refused.legalAid).toMatchObject({ status: 'refused', decisionNote: reason });
    const mine = ok(await w.call('case', 'getCase', { caseId: d._id }, 'member'));
    expect(mine.legalAid?.decisionNote).toBe(reason);
    expect(mine.timeline.map((e) => e.note)).toContain(`不予法律援助：${reason}`);
    expect((await outboxTo('uid:dev_member')).at(-1)).toMatchObject({ template: 'case_progress', body: `不予法律援助：${reason}` });
    // nothing after a refusal
    expect(await decide(d._id, refused.version, 'approve')).toMatchObject({ ok: false, error: { code: 'ILLEGAL_TRANSITION' } });
  });

  it('only a federation officer over the case decides', async () => {
    const d = await aCase('cs_la_who');
    expect(await decide(d._id, 1, 'approve', '', 'federation-officer-b')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await decide(d._id, 1, 'approve', '', 'union-officer')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await decide(d._id, 1, 'approve', '', 'member')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('concurrent decisions on one screen: exactly one outcome and one entry', async () => {
    const d = await aCase('cs_la_race', inDays(2));
    const results = await Promise.all([
      decide(d._id, 1, 'approve'),
      decide(d._id, 1, 'refuse', '材料不全，无法证明劳动关系'),
      decide(d._id, 1, 'pre_approve'),
      decide(d._id, 1, 'approve'),
    ]);
    const won = results.filter((r) => r.ok);
    expect(won).toHaveLength(1);
    for (const r of results.filter((x) => !x.ok)) expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const s = await stored(d._id);
    expect(s.version).toBe(2);
    expect(s.legalAid!.status).toBe(won[0].ok && won[0].data.legalAid!.status);
    expect(s.timeline.filter((e) => e.event === 'legal_aid')).toHaveLength(1);
  });
});

describe('委派函 and the closing report', () => {
  async function approvedCase(id: string): Promise<CaseDoc> {
    await aCase(id);
    ok(await decide(id, 1, 'approve'));
    return stored(id);
  }

  it('five appointments at once over three cases: letters 1, 2, 3, no gap, no duplicate; each lawyer assigned and told', async () => {
    const cases = [await approvedCase('cs_la_a'), await approvedCase('cs_la_b'), await approvedCase('cs_la_c')];
    const tries = [cases[0], cases[1], cases[2], cases[0], cases[1]];
    const results = await Promise.all(tries.map((d) => appoint(d._id, d.version)));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    for (const r of results.filter((x) => !x.ok)) expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const after = await Promise.all(cases.map((d) => stored(d._id)));
    const nos = after.map((d) => d.legalAid!.letter!.no).sort();
    expect(nos).toEqual([1, 2, 3].map((n) => `〔2026〕星海高新区工联法援字第${n}号`));
    expect((await w.deps.store.get<CounterDoc>(CASE_COUNTERS, 'letter_org_park_2026'))!.n).toBe(3);
    for (const d of after) {
      expect(d).toMatchObject({
        status: 'assigned',
        assigneeUid: 'dev_lawyer',
        assignee: { name: '周律师', role: 'lawyer' },
        legalAid: { status: 'appointed' },
      });
      expect(d.timeline.map((e) => e.event).slice(-2)).toEqual(['legal_aid', 'assign']);
    }
    const todo = await outboxTo('uid:dev_lawyer');
    expect(todo.filter((m) => m.template === 'case_todo')).toHaveLength(3);
    // the lawyer now sees the case as its handler
    ok(await w.call('case', 'getCase', { caseId: 'cs_la_a' }, 'lawyer'));
  });

  it('the letter names its number, the federation, the lawyer, the worker, the other party, the case and the date', async () => {
    const d = await approvedCase('cs_la_letter');
    const view = ok(await appoint(d._id, d.version));
    const s = await stored(d._id);
    const text = letterText(s, '星海高新区工会联合会')!;
    for (const part of [
      '工会法律援助服务案件委派函',
      '〔2026〕星海高新区工联法援字第1号',
      '周律师：',
      s.name,
      '星海精密制造有限公司',
      s.no,
      '追索劳动报酬',
      '星海高新区工会联合会',
      '2026年11月24日',
    ]) {
      expect(text).toContain(part);
    }
    expect(text).not.toContain('律师律师');
    expect(view.legalAid?.letter?.no).toBe('〔2026〕星海高新区工联法援字第1号');
  });

  it('a letter left without its number (a failure between the two writes) is completed by a retry, not while it may be under way', async () => {
    const d = await approvedCase('cs_la_resume');
    const letter = { no: '', lawyerUid: 'dev_lawyer', lawyerName: '周律师', issuedAt: w.clock.now(), issuedBy: FED };
    await w.deps.store.update(CASES, d._id, { set: { 'legalAid.status': 'appointed', 'legalAid.letter': letter, version: d.version + 1 } });
    expect(await appoint(d._id, d.version)).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '委派函正在出具，请稍后刷新查看' } });
    w.clock.t += 2 * 60_000;
    ok(await appoint(d._id, d.version));
    expect(await stored(d._id)).toMatchObject({
      status: 'assigned',
      assigneeUid: 'dev_lawyer',
      legalAid: { letter: { no: '〔2026〕星海高新区工联法援字第1号' } },
    });
  });

  it('appointing needs an approval and one of the federation’s lawyers', async () => {
    const pending = await aCase('cs_la_pending');
    expect(await appoint(pending._id, 1)).toMatchObject({ ok: false, error: { code: 'ILLEGAL_TRANSITION' } });
    const d = await approvedCase('cs_la_notlawyer');
    expect(await appoint(d._id, d.version, lawyerRef('dev_social_worker'))).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await appoint(d._id, d.version, personRef(w.deps, 'dev_admin', 'dev_lawyer'))).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect((await stored(d._id)).legalAid!.status).toBe('approved');
    expect(await w.deps.store.get(CASE_COUNTERS, 'letter_org_park_2026')).toBeNull();
  });

  it('a case the duty lawyer already handles is reassigned to the appointed one', async () => {
    const d = await aCase('cs_la_handling', null, {
      status: 'handling',
      owner: 'assignee',
      assignee: { uid: 'dev_social_worker', name: '孙敏', role: 'social_worker' },
      assigneeUid: 'dev_social_worker',
    });
    const approved = ok(await decide(d._id, 1, 'approve'));
    ok(await appoint(d._id, approved.version));
    expect(await stored(d._id)).toMatchObject({
      status: 'assigned',
      assigneeUid: 'dev_lawyer',
      timeline: expect.arrayContaining([expect.objectContaining({ event: 'reassign' })]),
    });
  });

  it('the closing report: by the lawyer, from appointed only, with its papers attached to the case', async () => {
    const d = await approvedCase('cs_la_report');
    const appointed = ok(await appoint(d._id, d.version));
    const file: FileDoc = {
      _id: 'fi_award',
      name: '仲裁调解书.pdf',
      contentType: 'application/pdf',
      size: 2048,
      ref: 'test/fi_award',
      orgId: 'unattached',
      ownerId: 'unattached',
      uploadedBy: 'dev_lawyer',
      uploadedAt: w.clock.now(),
    };
    await w.deps.store.insert(FILES, file);
    const report = {
      caseId: d._id,
      version: appointed.version,
      outcome: 'mediation' as const,
      summary: '经劳动争议仲裁委员会调解，公司同意十日内一次性支付加班工资。',
      recovered: 15_000,
      fileIds: ['fi_award'],
    };
    expect(await w.call('case', 'legalAidReport', report, 'social-worker')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await w.call('case', 'legalAidReport', { ...report, version: 1 }, 'lawyer')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const done = ok(await w.call('case', 'legalAidReport', report, 'lawyer'));
    expect(done.legalAid?.report).toMatchObject({
      outcome: 'mediation',
      outcomeLabel: '调解结案',
      recovered: 15_000,
      files: [{ id: 'fi_award', name: '仲裁调解书.pdf' }],
    });
    expect((await w.deps.store.get<FileDoc>(FILES, 'fi_award'))!.ownerId).toBe(d._id);
    const s = await stored(d._id);
    expect(s.legalAid).toMatchObject<Partial<LegalAidDoc>>({ status: 'reported' });
    expect(s.timeline.at(-1)).toMatchObject({ event: 'legal_aid', fileIds: ['fi_award'] });
    expect(s.timeline.at(-1)!.note).toContain('追回15000元');
    expect(await w.call('case', 'legalAidReport', { ...report, version: done.version }, 'lawyer')).toMatchObject({
      ok: false,
      error: { code: 'ILLEGAL_TRANSITION' },
    });
  });

  it('no report before a lawyer is appointed', async () => {
    const d = await approvedCase('cs_la_early');
    const r = await w.call(
      'case',
      'legalAidReport',
      { caseId: d._id, version: d.version, outcome: 'settlement', summary: '双方已自行和解，申请人撤回仲裁申请。', recovered: 0 },
      'federation-officer',
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'ILLEGAL_TRANSITION' } });
  });
});

describe('through the actions', () => {
  it('submitted, pre-reviewed, approved, appointed, signed, reported, then resolvable', async () => {
    const submitted = ok(
      await w.call(
        'case',
        'submit',
        {
          idempotencyKey: 'la-journey-0001',
          category: 'legal_aid',
          itemKey: 'wage_claim',
          title: '追索三个月加班工资',
          description: '今年八月至十月的加班工资一直未发，仲裁庭已通知下周开庭。',
          enterpriseId: 'ent_001',
          legalAid: { ...form(inDays(6)) },
        },
        'member',
      ),
    );
    const s0 = await stored(submitted.id);
    expect(s0.legalAid).toMatchObject({ status: 'applied', urgent: true, eligibility: { member: true } });
    expect(submitted.legalAid?.eligibility.reasons[0]).toMatch(/^工会会员（/);
    const pre = ok(await decide(submitted.id, s0.version, 'pre_approve'));
    const approved = ok(await decide(submitted.id, pre.version, 'approve'));
    const appointed = ok(await appoint(submitted.id, approved.version));
    expect(appointed.legalAid?.letter?.text).toContain('〔2026〕星海高新区工联法援字第1号');
    const signed = ok(await w.call('case', 'sign', { caseId: submitted.id, version: appointed.version }, 'lawyer'));
    expect(signed.status).toBe('handling');
    const resolveForm = { caseId: submitted.id, kind: 'mediated' as const, summary: '经仲裁调解，公司同意支付加班工资一万五千元。', recovered: 15_000 };
    expect(await w.call('case', 'resolve', { ...resolveForm, version: signed.version }, 'lawyer')).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const reported = ok(
      await w.call(
        'case',
        'legalAidReport',
        { caseId: submitted.id, version: signed.version, outcome: 'mediation', summary: '经劳动争议仲裁委员会调解结案，公司支付加班工资。', recovered: 15_000 },
        'lawyer',
      ),
    );
    expect(ok(await w.call('case', 'resolve', { ...resolveForm, version: reported.version }, 'lawyer')).status).toBe('resolved');
  });
});
