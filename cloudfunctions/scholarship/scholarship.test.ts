/** The `scholarship` function in-process: a 金秋助学 campaign of the park through its five stages, on both stores. */
import ExcelJS from 'exceljs';
import { makeWorld, ok, insertTestMembers, type TestWorld } from '../../server/testing';
import { aMember } from '../../server/builders.testkit';
import { MEMBERS } from '../../core/member/model';
import { OUTBOX } from '../../core/shared/outbox';
import { AUDIT } from '../../core/shared/audit';
import { openDownloadUrl } from '../../adapters/files/local';
import { SCHOLARSHIP_APPLICATIONS, SCHOLARSHIP_SURVEYS } from '../../core/scholarship/model';
import { CAMPAIGN_STAGES } from '../../core/scholarship/machine';
import { aCampaignForm, aPlan, anApplication, at, campaignAt, publishAidRules } from './scholarship.testkit';

let w: TestWorld;
beforeEach(async () => {
  w = await makeWorld();
  await insertTestMembers(w, 3, { id: 'sch', memberNo: '77', hash: 'sch_hash_' });
});
afterEach(() => w.close());

const FED = 'federation-officer';
const counts = (undergraduate: number, college = 0, secondary = 0, postgraduate = 0) => ({ undergraduate, college, secondary, postgraduate });
const errorOf = (env: { ok: boolean; error?: { code: string; message: string } }) => (env.ok ? null : { code: env.error!.code, message: env.error!.message });

describe('a 金秋助学 campaign', () => {
  it('goes 摸底 → 方案 → 申报 → 审核公示发放 → 总结 → 已结束, each stage refused until its checks pass, with the reason', async () => {
    // Given the park federation creates its 2027 campaign, dated like the seed story
    w.clock.t = at('2027-04-20');
    let c = ok(await w.call('scholarship', 'createCampaign', aCampaignForm(), FED));
    await publishAidRules(w, 2027);
    expect(c).toMatchObject({ id: 'sc_org_park_2027', stage: 'survey', stageLabel: '摸底', canManage: true, plan: null });
    expect(c.stages.map((s) => [s.label, s.periodText, s.ownerLabel])).toEqual([
      ['摸底', '5月1日至5月31日', '各基层工会'],
      ['方案制订', '6月1日至6月30日', '星海高新区工会联合会'],
      ['申报', '7月1日至8月14日', '各基层工会'],
      ['审核、公示、发放', '8月15日至9月15日', '星海高新区工会联合会'],
      ['总结', '9月16日至10月31日', '星海高新区工会联合会'],
    ]);
    // every union of the park is told the survey is on
    expect(await w.deps.store.count(OUTBOX, { template: 'scholarship_todo' })).toBe(18);

    // 摸底: two unions report; the board shows the sixteen that have not
    w.clock.t = at('2027-05-10');
    ok(await w.call('scholarship', 'submitSurvey', { campaignId: c.id, counts: counts(3, 2, 1) }, 'union-officer'));
    ok(await w.call('scholarship', 'submitSurvey', { campaignId: c.id, counts: counts(1, 0, 0, 1) }, 'union-officer-b'));
    const board = ok(await w.call('scholarship', 'surveyBoard', { campaignId: c.id }, FED));
    expect(board).toMatchObject({ unionCount: 18, submittedCount: 2, total: 8, estimatedNeed: null });
    expect(board.missing).toHaveLength(16);
    expect(board.unions.slice(0, 16).every((u) => !u.submitted)).toBe(true);
    expect(board.totals.map((t) => [t.label, t.count])).toEqual([
      ['本科', 4],
      ['专科/高职', 2],
      ['中职/高中', 1],
      ['研究生', 1],
    ]);
    expect(board.campaign.next).toEqual({ to: 'plan', label: '方案制订', blockers: ['还有16家工会未上报摸底人数，摸底截止日期（5月31日）未到'] });
    expect(errorOf(await w.call('scholarship', 'advance', { campaignId: c.id, to: 'plan', version: c.version }, FED))).toEqual({
      code: 'CONFLICT',
      message: '暂不能进入“方案制订”阶段：还有16家工会未上报摸底人数，摸底截止日期（5月31日）未到',
    });
    // a union reporting after May 31 is too late
    w.clock.t = at('2027-06-01', 0, 0);
    expect(errorOf(await w.call('scholarship', 'submitSurvey', { campaignId: c.id, unionId: 'org_union_003', counts: counts(2) }, FED))).toEqual({
      code: 'DEADLINE_PASSED',
      message: '金秋助学摸底已于5月31日截止',
    });
    c = ok(await w.call('scholarship', 'advance', { campaignId: c.id, to: 'plan', version: c.version }, FED));
    expect(c.stage).toBe('plan');

    // 方案: no plan, no 申报
    expect(errorOf(await w.call('scholarship', 'advance', { campaignId: c.id, to: 'apply', version: c.version }, FED))?.message).toBe(
      '暂不能进入“申报”阶段：请先制订方案：助学预算、各类别资助标准和申请条件',
    );
    c = ok(await w.call('scholarship', 'savePlan', aPlan(c.id, c.version), FED));
    expect(c.plan!.amounts.map((r) => `${r.label}${r.amount}`)).toEqual(['本科3000', '专科/高职2000', '中职/高中1000', '研究生4000']);
    expect(c.plan!.specialAmounts.map((r) => r.label)).toEqual(['劳模子女', '单亲家庭', '残疾学生', '低保家庭']);
    expect(ok(await w.call('scholarship', 'surveyBoard', { campaignId: c.id }, FED)).estimatedNeed).toBe(4 * 3000 + 2 * 2000 + 1000 + 4000);
    w.clock.t = at('2027-06-20');
    c = ok(await w.call('scholarship', 'advance', { campaignId: c.id, to: 'apply', version: c.version }, FED));
    expect(c.stage).toBe('apply');
    expect(await w.deps.store.count(OUTBOX, { template: 'scholarship_todo' })).toBe(36);
    // the plan is fixed once applications may come in
    expect(errorOf(await w.call('scholarship', 'savePlan', aPlan(c.id, c.version), FED))?.code).toBe('ILLEGAL_TRANSITION');

    // 申报: not before July 1; until 24:00 on August 14; DEADLINE_PASSED after
    const early = await anApplication(w, c.id, 'member');
    expect(errorOf(await w.call('scholarship', 'apply', early, 'member'))).toEqual({
      code: 'CONFLICT',
      message: '金秋助学申报尚未开始（申报期7月1日至8月14日）',
    });
    w.clock.t = at('2027-07-05');
    const mine = ok(await w.call('scholarship', 'apply', early, 'member'));
    expect(mine).toMatchObject({ status: 'submitted', amount: 3000, orgName: '星海精密制造工会', bankMasked: '中国工商银行星海支行 尾号0123' });
    expect(mine.student).toMatchObject({ name: '李小雨', categoryLabel: '本科', batchLabel: '本科一批', grade: '大一', specialGroupLabel: null });
    expect(mine.student.idNumberMasked).toMatch(/^320\*+\d{3}[\dX]$/);
    expect(errorOf(await w.call('scholarship', 'advance', { campaignId: c.id, to: 'review', version: c.version }, FED))?.message).toBe(
      '暂不能进入“审核、公示、发放”阶段：申报截止日期（8月14日）未到，申报期内不能进入审核阶段',
    );
    w.clock.t = at('2027-08-14', 23, 59);
    const lastMinute = ok(
      await w.call('scholarship', 'apply', await anApplication(w, c.id, 'uid:m0', { category: 'college', specialGroup: 'model_worker_child' }), 'uid:m0'),
    );
    expect(lastMinute.amount).toBe(5000);
    w.clock.t = at('2027-08-15', 0, 0);
    const late = await anApplication(w, c.id, 'uid:m1', { category: 'secondary' });
    expect(errorOf(await w.call('scholarship', 'apply', late, 'uid:m1'))).toEqual({ code: 'DEADLINE_PASSED', message: '金秋助学申报已于8月14日截止' });
    expect(await w.deps.store.count(SCHOLARSHIP_APPLICATIONS, {})).toBe(2);
    c = ok(await w.call('scholarship', 'advance', { campaignId: c.id, to: 'review', version: c.version }, FED));
    // moving on keeps the late one out too
    expect(errorOf(await w.call('scholarship', 'apply', late, 'uid:m1'))?.code).toBe('DEADLINE_PASSED');

    // 审核公示发放 → 总结: once every application is settled in the aid pipeline (here: both not approved at the first check)
    expect(c.next!.blockers).toEqual(['还有2份申请尚未办结（审核、公示或发放中）']);
    w.clock.t = at('2027-09-16');
    expect(errorOf(await w.call('scholarship', 'advance', { campaignId: c.id, to: 'summary', version: c.version }, FED))?.code).toBe('CONFLICT');
    const queue = ok(await w.call('aid', 'queue', { status: 'first_check' }, 'union-officer')).items;
    expect(queue.map((a) => a.kindLabel)).toEqual(['金秋助学', '金秋助学']);
    for (const a of queue)
      ok(await w.call('aid', 'decide', { applicationId: a.id, event: 'reject', note: '家庭收入证明与申报不符', version: a.version }, 'union-officer'));
    c = ok(await w.call('scholarship', 'advance', { campaignId: c.id, to: 'summary', version: c.version }, FED));

    // 总结: the report from the data, and its xlsx
    const r = ok(await w.call('scholarship', 'report', { campaignId: c.id }, FED));
    expect(r).toMatchObject({ applicants: 2, approved: 0, paid: 0, budget: 500_000, budgetLeft: 500_000, pipelineConnected: true, final: false });
    expect(r.note).toMatch(/来自审核、公示、发放记录/);
    expect(r.byCategory.map((x) => [x.label, x.surveyed, x.applicants])).toEqual([
      ['本科', 4, 1],
      ['专科/高职', 2, 1],
      ['中职/高中', 1, 0],
      ['研究生', 1, 0],
    ]);
    expect(r.byUnion.find((u) => u.unionId === 'org_union_001')).toMatchObject({ unionName: '星海精密制造工会', surveyed: 6, applicants: 2 });
    expect(r.byUnion.find((u) => u.unionId === 'org_union_002')).toMatchObject({ surveyed: 2, applicants: 0 });
    const file = ok(await w.call('scholarship', 'exportReport', { campaignId: c.id }, FED));
    const d = await openDownloadUrl(w.deps.files, file.url);
    if (!d.ok) throw new Error(`download ${d.reason}`);
    expect(d.filename).toBe('2027年金秋助学活动-总结报告.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(d.bytes) as never);
    expect(book.worksheets.map((s) => s.name)).toEqual(['总体情况', '按类别', '按工会']);
    expect(book.getWorksheet('总体情况')!.getRow(5).values).toEqual([undefined, '申请人数', 2]);
    expect(book.getWorksheet('按类别')!.getRow(2).values).toEqual([undefined, '本科', 4, 1, 0, 0, 0]);

    // 已结束: the report is fixed with the campaign; nothing moves after
    w.clock.t = at('2027-10-10');
    c = ok(await w.call('scholarship', 'advance', { campaignId: c.id, to: 'closed', version: c.version }, FED));
    expect(c).toMatchObject({ stage: 'closed', stageLabel: '已结束', next: null });
    expect(c.stages.every((s) => s.state === 'done')).toBe(true);
    expect(c.history.map((h) => h.toLabel)).toEqual(['方案制订', '申报', '审核、公示、发放', '总结', '已结束']);
    expect(ok(await w.call('scholarship', 'report', { campaignId: c.id }, FED))).toMatchObject({ final: true, applicants: 2 });
    for (const to of CAMPAIGN_STAGES) {
      expect(errorOf(await w.call('scholarship', 'advance', { campaignId: c.id, to, version: c.version }, FED))?.code).toBe('ILLEGAL_TRANSITION');
    }
    expect(await w.deps.store.count(AUDIT, { action: 'scholarship.advance' })).toBe(5);
  });

  it('refuses every out-of-order move from every stage with ILLEGAL_TRANSITION, and a stale version with CONFLICT', async () => {
    for (const [i, stage] of (['survey', 'plan', 'apply', 'review', 'summary'] as const).entries()) {
      w.clock.t = at('2027-04-20');
      const c = await campaignAt(w, stage, 2030 + i);
      expect(c.stage).toBe(stage);
      for (const to of CAMPAIGN_STAGES) {
        if (to === CAMPAIGN_STAGES[i + 1]) continue;
        expect([stage, to, errorOf(await w.call('scholarship', 'advance', { campaignId: c.id, to, version: c.version }, FED))?.code]).toEqual([
          stage,
          to,
          'ILLEGAL_TRANSITION',
        ]);
      }
    }
    w.clock.t = at('2027-04-20');
    const c = ok(await w.call('scholarship', 'createCampaign', aCampaignForm(2040), FED));
    w.clock.t = at('2040-06-01');
    expect(errorOf(await w.call('scholarship', 'advance', { campaignId: c.id, to: 'plan', version: c.version - 1 }, FED))?.code).toBe('CONFLICT');
  });

  it('counts one union once when its officer submits several times at once (the last count stands)', async () => {
    w.clock.t = at('2027-04-20');
    const c = ok(await w.call('scholarship', 'createCampaign', aCampaignForm(), FED));
    w.clock.t = at('2027-05-20');
    const sent = [1, 2, 3, 4, 5, 6].map((n) => counts(n, n));
    const answers = await Promise.all(sent.map((x) => w.call('scholarship', 'submitSurvey', { campaignId: c.id, counts: x }, 'union-officer')));
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(await w.deps.store.count(SCHOLARSHIP_SURVEYS, { campaignId: c.id })).toBe(1);
    const board = ok(await w.call('scholarship', 'surveyBoard', { campaignId: c.id }, FED));
    expect(board.submittedCount).toBe(1);
    expect(sent.map((x) => x.undergraduate * 2)).toContain(board.total);
    const stored = (await w.deps.store.query<{ _id: string; submissions: number }>(SCHOLARSHIP_SURVEYS, { where: { campaignId: c.id }, limit: 5 })).items;
    expect(stored[0].submissions).toBe(6);
  });

  it('keeps each side in its scope: unions report only for themselves, other federations never see the campaign', async () => {
    w.clock.t = at('2027-04-20');
    const c = ok(await w.call('scholarship', 'createCampaign', aCampaignForm(), FED));
    w.clock.t = at('2027-05-20');
    expect(
      errorOf(await w.call('scholarship', 'submitSurvey', { campaignId: c.id, unionId: 'org_union_001', counts: counts(1) }, 'union-officer-b'))?.code,
    ).toBe('FORBIDDEN');
    expect(errorOf(await w.call('scholarship', 'getCampaign', { campaignId: c.id }, 'federation-officer-b'))?.code).toBe('NOT_FOUND');
    expect(ok(await w.call('scholarship', 'campaigns', {}, 'federation-officer-b')).items).toEqual([]);
    // a union officer of the park sees it, but does not run it
    const seen = ok(await w.call('scholarship', 'getCampaign', { campaignId: c.id }, 'union-officer'));
    expect(seen).toMatchObject({ canManage: false, next: null });
    expect(errorOf(await w.call('scholarship', 'surveyBoard', { campaignId: c.id }, 'union-officer'))?.code).toBe('FORBIDDEN');
    // a member of a logistics union does not see the park's campaign
    await w.deps.store.insert(
      MEMBERS,
      aMember({ _id: 'm_sch_l', memberNo: 'GH7799', uid: 'sch_logistics', idHash: 'sch_l', orgId: 'org_union_l1', federationId: 'org_fed_logistics' }),
    );
    expect(ok(await w.call('scholarship', 'campaigns', {}, 'uid:sch_logistics')).items).toEqual([]);
    expect(ok(await w.call('scholarship', 'campaigns', {}, 'member')).items.map((x) => x.id)).toEqual([c.id]);
    // one campaign per org and year; a federation runs it, not a union
    expect(errorOf(await w.call('scholarship', 'createCampaign', aCampaignForm(), FED))).toEqual({
      code: 'CONFLICT',
      message: '星海高新区工会联合会2027年度的金秋助学活动已创建',
    });
    expect(errorOf(await w.call('scholarship', 'createCampaign', aCampaignForm(2028, { orgId: 'org_union_001' }), 'admin'))?.code).toBe('VALIDATION');
    const overlapping = aCampaignForm(2029);
    overlapping.stages.plan.opens = '2029-05-20';
    expect(errorOf(await w.call('scholarship', 'createCampaign', overlapping, FED))).toEqual({
      code: 'VALIDATION',
      message: '方案制订须在摸底截止（5月31日）之后开始',
    });
  });

  it("takes one application per student, seals the minor's ID number and the account, and refuses a family above the income line", async () => {
    const c = await campaignAt(w, 'apply');
    w.clock.t = at('2027-07-10');
    const form = await anApplication(w, c.id, 'member');
    const first = ok(await w.call('scholarship', 'apply', form, 'member'));
    // a retry answers the same application; another parent filing for the same student is refused
    expect(ok(await w.call('scholarship', 'apply', form, 'member')).id).toBe(first.id);
    const again = {
      ...(await anApplication(w, c.id, 'uid:m2')),
      student: { ...form.student, admissionLetterFileId: (await anApplication(w, c.id, 'uid:m2')).student.admissionLetterFileId },
    };
    expect(errorOf(await w.call('scholarship', 'apply', again, 'uid:m2'))).toEqual({
      code: 'CONFLICT',
      message: '该学生已在本次金秋助学中申报，如有疑问请联系所在工会',
    });
    expect(ok(await w.call('scholarship', 'myApplications', {}, 'member')).items.map((a) => a.id)).toEqual([first.id]);
    // nothing in the store holds the clear ID number or account
    const stored = (await w.storedDocuments(SCHOLARSHIP_APPLICATIONS)).join('\n');
    expect(stored).not.toContain(form.student.idNumber);
    expect(stored).not.toContain('62220212345678901');
    // the campaign's own test: 3 people, ¥120,000 a year is ¥3,333 a head a month, above 3 × ¥1,020
    const rich = { ...(await anApplication(w, c.id, 'uid:m1')), household: { size: 3, yearlyIncome: 120_000 } };
    expect(errorOf(await w.call('scholarship', 'apply', rich, 'uid:m1'))).toEqual({
      code: 'VALIDATION',
      message: '不符合本次金秋助学申请条件：家庭月人均收入3333元，高于本次活动标准3060元（低保标准1020元的3倍）',
    });
    // not a member: no application
    expect(errorOf(await w.call('scholarship', 'apply', await anApplication(w, c.id, 'worker'), 'worker'))?.code).toMatch(/FORBIDDEN|NOT_FOUND/);
  });
});
