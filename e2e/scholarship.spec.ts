/**
 * 金秋助学, a campaign through its five stages in the H5 build. The park federation (刘芳) creates
 * next year's campaign with its survey open from today; 陈静's union reports its count on the form,
 * sixteen other unions report through the use case, 赵磊's union is late: its form was open when
 * the close date passed and the server refuses (DEADLINE_PASSED, in Chinese). The federation sees who
 * has not reported, moves to 方案, is refused a plan without a budget, saves one, opens 申报; 李娜
 * applies on her page (pages/aid/scholarship), two colleagues through the use case; the window closes
 * (a late application refused); in 审核、公示、发放 the applications go through the hardship-aid
 * pipeline (over HTTP: its screens have their own journey): one approved at the plan's amount,
 * noticed, cleared and paid, two not approved; then 总结 with the report exported (the xlsx read
 * back) and the campaign closed. axe finds no serious or critical violation on any page shot.
 *
 * Time: the gateway has no dev clock, so time passing is the campaign's calendar moving back by as
 * many days (`daysPass`, on the e2e store): to every check that compares now with a stage's dates
 * that is the same as the clock moving on; the notice window closes by the closeNotices job run on
 * the same store with a clock past it (as e2e/aid-2-officer.spec.ts does). Screenshots
 * e2e/screenshots/scholarship-*.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { becomePersona, shot } from './helpers';
import { openLocalDeps } from '../server/deps';
import { queryAll } from '../core/shared/docstore';
import { ORGS, type Org } from '../core/org/model';
import { MEMBERS, type MemberDoc } from '../core/member/model';
import { uploadFile } from '../core/org/admin';
import { submitSurvey } from '../core/scholarship/survey';
import { apply } from '../core/scholarship/apply';
import { closeNotices } from '../core/aid/notice';
import { SCHOLARSHIP_CAMPAIGNS, type CampaignDoc } from '../core/scholarship/model';
import { WORK_STAGES } from '../core/scholarship/machine';
import { makeIdNumber } from '../core/shared/idNumber';
import { shanghaiDate, startOfShanghaiDate } from '../core/shared/time';

const DATA_DIR = process.env.E2E_DATA_DIR ?? '.data-e2e';
const DAY = 86400_000;
const PDF = Buffer.from('%PDF-1.4\n% 录取通知书\n%%EOF').toString('base64');
const AXE_SOURCE = readFileSync(join(__dirname, '..', 'node_modules/axe-core/axe.min.js'), 'utf8');
const day = (offset: number) => shanghaiDate(Date.now() + offset * DAY);

async function as(request: APIRequestContext, persona: string) {
  const login = (await (await request.post('/api/dev/login', { data: { persona } })).json()) as { data: { token: string } };
  return async <T = any>(fn: string, action: string, data: unknown): Promise<{ ok: boolean; data: T; error?: { code: string; message: string } }> =>
    (await (await request.post(`/api/${fn}`, { headers: { authorization: `Bearer ${login.data.token}` }, data: { action, data } })).json()) as {
      ok: boolean;
      data: T;
      error?: { code: string; message: string };
    };
}

/** `n` days pass for the campaign: every stage date moves back by `n` days on the e2e store (see the header) */
async function daysPass(campaignId: string, n: number) {
  const deps = await openLocalDeps(DATA_DIR);
  try {
    const c = (await deps.store.get<CampaignDoc>(SCHOLARSHIP_CAMPAIGNS, campaignId))!;
    const back = (d: string) => shanghaiDate(startOfShanghaiDate(d) - n * DAY);
    const stages = Object.fromEntries(WORK_STAGES.map((s) => [s, { ...c.stages[s], opens: back(c.stages[s].opens), closes: back(c.stages[s].closes) }]));
    expect(await deps.store.update(SCHOLARSHIP_CAMPAIGNS, campaignId, { set: { stages } })).toBe(true);
  } finally {
    await deps.store.close();
  }
}

/** the park's other unions (all but 陈静's and 赵磊's) report through the use case, as their officers would */
async function otherUnionsReport(campaignId: string) {
  const deps = await openLocalDeps(DATA_DIR);
  try {
    const unions = (await queryAll<Org>(deps.store, ORGS, { where: { parentId: 'org_park' } })).filter(
      (o) => o.kind === 'union' && !['org_union_001', 'org_union_002'].includes(o._id),
    );
    for (const [i, u] of unions.entries()) {
      await submitSurvey(
        deps,
        { uid: `wx_e2e_sch_${u._id}`, grants: [{ role: 'union_officer', orgId: u._id }], system: false },
        {
          campaignId,
          unionId: u._id,
          counts: { undergraduate: 2 + (i % 3), college: 1, secondary: i % 2, postgraduate: 0 },
          note: '',
        },
      );
    }
    return unions.length;
  } finally {
    await deps.store.close();
  }
}

/** two more members of 陈静's union apply for a child through the use case (李娜 applies on her page) */
async function membersApply(campaignId: string) {
  const deps = await openLocalDeps(DATA_DIR);
  try {
    const members = (await deps.store.query<MemberDoc>(MEMBERS, { where: { orgId: 'org_union_001' }, orderBy: [['joinedAt', 'desc']], limit: 3 })).items
      .filter((m) => m.uid !== 'dev_member')
      .slice(0, 2);
    for (const [i, m] of members.entries()) {
      const parent = { uid: m.uid, grants: [], system: false };
      const letter = await uploadFile(deps, parent, { name: '录取通知书.pdf', contentType: 'application/pdf', base64: PDF });
      await apply(deps, parent, {
        campaignId,
        student: {
          name: `${Array.from(m.name)[0]}子涵${i}`,
          idNumber: makeIdNumber('320506', `2008031${i}`, `51${i}`),
          category: i === 0 ? 'college' : 'secondary',
          school: i === 0 ? '星海职业技术学院' : '星海高级中学',
          batch: i === 0 ? 'college' : 'secondary',
          grade: i === 0 ? '大一' : '高一',
          admissionLetterFileId: letter.id,
          specialGroup: null,
        },
        household: { size: 4, yearlyIncome: 60_000 },
        bank: { bankName: '中国工商银行星海支行', account: `622202021000000${i}123` },
      });
    }
  } finally {
    await deps.store.close();
  }
}

/** the element on the page shown now (H5 keeps the pages below it in the DOM, hidden) */
const on = (page: Page, selector: string, options?: Parameters<Page['locator']>[1]) => page.locator(`${selector}:visible`, options);
/** types into the labelled input `id` of the page shown now */
const type = (page: Page, id: string, value: string) => on(page, `#${id} input`).fill(value);

/** axe over the page as it stands: its serious and critical violations (none expected) */
async function axeSerious(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const r = await (window as any).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] }, resultTypes: ['violations'] });
    return (r.violations as any[])
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n: any) => String(n.target)).join(', ')}`);
  });
}

/** a phone screenshot of the page, after axe found nothing serious on it */
async function look(page: Page, name: string) {
  expect(await axeSerious(page), name).toEqual([]);
  await shot(page, name);
}

async function openBoard(page: Page, title: string) {
  await page.goto('/');
  await on(page, '.officer-entry', { hasText: '金秋助学' }).click();
  await expect(page).toHaveURL(/\/admin\/scholarship\/index/);
  await on(page, '.item', { hasText: title }).click();
  await expect(on(page, '#work')).toBeVisible();
}

async function advance(page: Page, to: string) {
  await expect(on(page, '#next')).toContainText(`下一阶段：${to}`);
  await on(page, '#advance').click();
  await expect(on(page, '.confirm-message')).toContainText('不能退回');
  await on(page, '#confirm-ok').click();
  await expect(on(page, '#notice')).toContainText(`已进入“${to}”阶段`);
}

test('a 金秋助学 campaign through its five stages', async ({ page, request }) => {
  test.setTimeout(180_000);
  const year = Number(day(0).slice(0, 4)) + 1;
  const title = `${year}年金秋助学活动`;

  // 1. the federation: the list (this year's and last year's seeded campaigns), then a new one
  await becomePersona(page, '刘芳');
  await on(page, '.officer-entry', { hasText: '金秋助学' }).click();
  await expect(on(page, '.item').first()).toBeVisible();
  await expect(on(page, '.item', { hasText: '已结束' })).toHaveCount(1);
  await look(page, 'scholarship-01-list');
  await on(page, '#create').click();
  await expect(on(page, '#org')).toContainText('星海高新区工会联合会');
  await expect(on(page, '#title input')).toHaveValue(title);
  await look(page, 'scholarship-02-create');
  // its survey opens today: a week for the unions, then a week for the plan, …
  const plan: Record<string, [number, number]> = { survey: [0, 6], plan: [7, 13], apply: [14, 30], review: [31, 45], summary: [46, 60] };
  for (const [s, [a, b]] of Object.entries(plan)) {
    await on(page, `#${s}-opens`).fill(day(a));
    await on(page, `#${s}-closes`).fill(day(b));
  }
  // the plan opening before the survey closes: the server's words next to that date
  await on(page, '#plan-opens').fill(day(5));
  await on(page, '#create-campaign').click();
  await expect(on(page, '.confirm-message')).toContainText('各基层工会将收到摸底通知');
  await on(page, '#confirm-ok').click();
  await expect(on(page, '.field', { has: on(page, '#plan-opens') }).locator('.field-error')).toContainText('须在摸底截止');
  await look(page, 'scholarship-03-create-refused');
  await on(page, '#plan-opens').fill(day(7));
  await on(page, '#create-campaign').click();
  await on(page, '#confirm-ok').click();
  await expect(on(page, '#stage')).toContainText('摸底');
  await expect(on(page, '.sch-steps')).toContainText('负责：各基层工会');
  const campaignId = new URL(page.url().replace('#', '')).searchParams.get('id')!;
  expect(campaignId).toMatch(/^sc_org_park_/);
  await look(page, 'scholarship-04-board-survey');

  // 2. 陈静's union reports its count on the form
  await becomePersona(page, '陈静');
  await openBoard(page, title);
  await expect(on(page, '#next')).toHaveCount(0); // the federation moves the campaign, not a union
  await on(page, '#open-survey').click();
  await expect(on(page, '#union')).toContainText('星海精密制造');
  await type(page, 'count-undergraduate', '3');
  await type(page, 'count-college', '2');
  await type(page, 'count-secondary', '1');
  await expect(on(page, '#count-total')).toHaveText('6 人');
  await on(page, '#submit-survey').click();
  await expect(on(page, '#notice')).toContainText('共 6 人');
  await look(page, 'scholarship-05-union-reported');

  // 3. sixteen more report; the board shows the one union still missing first, and the federation cannot move on yet
  // the park's other unions (16 in the demo data; one more when the founding journey ran first on this store)
  const others = await otherUnionsReport(campaignId);
  expect(others).toBeGreaterThanOrEqual(16);
  const reported = `${others + 1} / ${others + 2}`;
  await becomePersona(page, '刘芳');
  await openBoard(page, title);
  await expect(on(page, '#work')).toContainText(`已上报 ${reported} 家工会`);
  await expect(on(page, '#blockers')).toContainText('还有1家工会未上报摸底人数');
  await expect(on(page, '#advance')).toBeDisabled();
  await look(page, 'scholarship-06-board-blocked');
  await on(page, '#open-survey').click();
  await expect(on(page, '#submitted-count')).toHaveText(reported.replace(/ /g, ''));
  await expect(on(page, '#unions .sch-row').first()).toContainText('未上报');
  await expect(on(page, '#unions .sch-row').first()).toContainText('星海云数科技');
  await look(page, 'scholarship-07-survey-board');

  // 4. 赵磊's union fills its form while the survey is open; the close date passes before he sends it
  await becomePersona(page, '赵磊');
  await openBoard(page, title);
  await on(page, '#open-survey').click();
  await type(page, 'count-undergraduate', '4');
  await daysPass(campaignId, 7);
  await on(page, '#submit-survey').click();
  await expect(on(page, '#notice')).toContainText(/金秋助学摸底已于\d+月\d+日截止/);
  await expect(on(page, '#survey-closed')).toContainText('不能再上报或更正');
  await look(page, 'scholarship-08-late-refused');

  // 5. the federation: past the close date the survey may end with one union missing; 方案
  await becomePersona(page, '刘芳');
  await openBoard(page, title);
  await expect(on(page, '#blockers')).toHaveCount(0);
  await advance(page, '方案制订');
  await expect(on(page, '#next')).toContainText('请先制订方案');
  await on(page, '#open-plan').click();
  await expect(on(page, '#need')).toContainText('摸底合计');
  await type(page, 'amounts-undergraduate', '3000');
  await type(page, 'amounts-college', '2000');
  await type(page, 'amounts-secondary', '1000');
  await type(page, 'amounts-postgraduate', '4000');
  await type(page, 'specialAmounts-model_worker_child', '5000');
  await type(page, 'eligibility-dibaoMonthly', '1020');
  await type(page, 'eligibility-multiple', '3');
  await expect(on(page, '#income-test')).toContainText('3060 元');
  // no budget: the server's message under the budget
  await on(page, '#save-plan').click();
  await on(page, '#confirm-ok').click();
  await expect(on(page, '.field', { has: on(page, '#budget') }).locator('.field-error')).toContainText('请填写助学预算');
  await look(page, 'scholarship-09-plan-refused');
  await type(page, 'budget', '300000');
  await expect(on(page, '#need')).toContainText('预算可以覆盖');
  await on(page, '#save-plan').click();
  await on(page, '#confirm-ok').click();
  await expect(on(page, '#notice')).toContainText('方案已保存');
  await look(page, 'scholarship-10-plan-saved');
  await on(page, '#back-board').click();
  await expect(on(page, '#plan')).toContainText('¥300,000');
  // 申报 opens only once next year's hardship-aid policy is published: the review of every application reads it (caps, notice days)
  await expect(on(page, '#blockers')).toContainText('本年度帮扶政策尚未发布');
  // the park publishes this year's figures for next year (its own screen, /admin/aid/rules, has its journey)
  const fedApi = await as(request, 'federation-officer');
  const rules = await fedApi<{ rules: Record<string, unknown> }>('aid', 'getRules', { orgId: 'org_park', year: year - 1 });
  const published = await fedApi('aid', 'setRules', { ...rules.data.rules, orgId: 'org_park', year });
  expect(published.ok, published.error?.message).toBe(true);
  await page.reload();
  await advance(page, '申报');
  await expect(on(page, '#blockers')).toContainText('申报期内不能进入审核阶段');
  await look(page, 'scholarship-11-board-apply');

  // 6. 申报 opens (ten days on): 李娜 applies on her page (a missing admission letter refused first), two more members through the use case
  await daysPass(campaignId, 10);
  await becomePersona(page, '李娜');
  await page.goto('/pages/aid/scholarship');
  await expect(on(page, '#campaign')).toContainText(title);
  await type(page, 'student-name', '张小雨');
  await type(page, 'student-idNumber', makeIdNumber('320506', '20080612', '428'));
  await on(page, '#category-undergraduate').click();
  await type(page, 'student-school', '苏州大学');
  await on(page, '#batch-second').click();
  await type(page, 'student-grade', '大一');
  await type(page, 'household-size', '3');
  await type(page, 'household-income', '36000');
  await type(page, 'bank-name', '中国工商银行星海支行');
  await type(page, 'bank-account', '6222020200112233445');
  await on(page, '#submit-scholarship').click();
  await on(page, '#confirm-ok').click();
  await expect(on(page, '.field', { has: page.locator('#letter-pick') }).locator('.field-error')).toContainText('请上传录取通知书');
  await look(page, 'scholarship-12-apply-refused');
  await on(page, '#letter-pick').setInputFiles({ name: '录取通知书.pdf', mimeType: 'application/pdf', buffer: Buffer.from(PDF, 'base64') });
  await expect(on(page, '#student')).toContainText('已上传：录取通知书.pdf');
  await on(page, '#submit-scholarship').click();
  await on(page, '#confirm-ok').click();
  await expect(on(page, '#notice')).toContainText('已提交张小雨的助学申请');
  await expect(on(page, '#mine')).toContainText('尾号3445');
  await look(page, 'scholarship-13-applied');
  // its progress is the aid application's page (the same review as hardship aid)
  await on(page, '#mine').getByText('查看审核进度').click();
  await expect(page).toHaveURL(/\/pages\/aid\/application/);
  await expect(on(page, '.page')).toContainText('待初审');
  const member = await as(request, 'member');
  const letter = await member<{ id: string }>('org', 'uploadFile', { name: '录取通知书.pdf', contentType: 'application/pdf', base64: PDF });
  const student = (n: string, id: string) => ({
    campaignId,
    student: {
      name: n,
      idNumber: id,
      category: 'undergraduate',
      school: '苏州大学',
      batch: 'second',
      grade: '大一',
      admissionLetterFileId: letter.data.id,
      specialGroup: null,
    },
    household: { size: 3, yearlyIncome: 36_000 },
    bank: { bankName: '中国工商银行星海支行', account: '6222020200112233445' },
  });
  await membersApply(campaignId);
  await becomePersona(page, '刘芳');
  await openBoard(page, title);
  await on(page, '#open-report').click();
  await expect(on(page, '#applicants')).toHaveText('3');
  await expect(on(page, '#report-note')).toContainText('获批、发放数据来自审核、公示、发放记录');
  await look(page, 'scholarship-14-applications');

  // 7. the window closes (two weeks on): a late application is refused; 审核、公示、发放
  await daysPass(campaignId, 14);
  const late = await member('scholarship', 'apply', student('张小川', makeIdNumber('320506', '20090315', '437')));
  expect(late.error?.code).toBe('DEADLINE_PASSED');
  expect(late.error?.message).toMatch(/^金秋助学申报已于\d+月\d+日截止$/);
  await openBoard(page, title);
  await advance(page, '审核、公示、发放');
  await expect(on(page, '#blockers')).toContainText('还有3份申请尚未办结');
  await expect(on(page, '#open-aid-queue')).toBeVisible();
  await look(page, 'scholarship-15-board-review');

  // 8. the review (the hardship-aid pipeline, whose screens have their own journey; here over HTTP):
  // 张小雨 checked by the union, approved at the plan's amount, noticed, cleared and paid; the other two not approved
  const union = await as(request, 'union-officer');
  const fed = await as(request, 'federation-officer');
  const finance = await as(request, 'finance');
  const ok = async <T = any>(r: Promise<{ ok: boolean; data: T; error?: { message: string } }>) => {
    const env = await r;
    expect(env.ok, env.error?.message).toBe(true);
    return env.data;
  };
  const mine = await ok(member<{ items: Array<{ reviewId: string | null }> }>('scholarship', 'myApplications', {}));
  const zhang = mine.items[0].reviewId!;
  const queue = await ok(union<{ items: Array<{ id: string; version: number }> }>('aid', 'queue', { status: 'first_check', limit: 50 }));
  for (const a of queue.items.filter((x) => x.id !== zhang)) {
    await ok(union('aid', 'decide', { applicationId: a.id, event: 'reject', note: '录取通知书与学生姓名不符', version: a.version }));
  }
  let v = await ok(union<{ version: number }>('aid', 'getApplication', { applicationId: zhang }));
  v = await ok(union('aid', 'decide', { applicationId: zhang, event: 'pass_first_check', version: v.version }));
  v = await ok(union('aid', 'decide', { applicationId: zhang, event: 'recommend', note: '录取通知书与学生姓名、批次相符', version: v.version }));
  await ok(fed('aid', 'decide', { applicationId: zhang, event: 'approve', amount: 3000, version: v.version }));
  const notice = await ok(fed<{ closesAt: number }>('aid', 'publishNotice', { applicationIds: [zhang] }));
  const deps = await openLocalDeps(DATA_DIR);
  try {
    const cleared = await closeNotices({ ...deps, clock: { now: () => notice.closesAt + 2 * 60_000 } });
    expect(cleared.cleared).toBeGreaterThanOrEqual(1);
  } finally {
    await deps.store.close();
  }
  const roster = await ok(finance<{ items: Array<{ applicationId: string; version: number }> }>('aid', 'paymentRoster', {}));
  const row = roster.items.find((r) => r.applicationId === zhang)!;
  await ok(finance('aid', 'recordPayment', { applicationId: zhang, outcome: 'pay', version: row.version }));

  // 9. every application settled: 总结, the report and its xlsx, then the campaign is closed
  await openBoard(page, title);
  await advance(page, '总结');
  await on(page, '#open-report').click();
  await expect(on(page, '.page-title')).toContainText('总结报告');
  await expect(on(page, '#by-union')).toContainText('星海精密制造');
  await expect(on(page, '#report-stats')).toContainText('3申请人数1获批人数1已发放人数');
  await expect(on(page, '#budget')).toContainText('¥3,000');
  const download = page.waitForEvent('download');
  await on(page, '#export').click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe(`${title}-总结报告.xlsx`);
  await expect(on(page, '#notice')).toContainText('已导出总结报告');
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await saved.path());
  expect(book.worksheets.map((w) => w.name)).toEqual(['总体情况', '按类别', '按工会']);
  expect(book.getWorksheet('总体情况')!.getRow(5).values).toContain(3); // 申请人数
  await look(page, 'scholarship-16-report');
  await page.goBack();
  await advance(page, '已结束');
  await expect(on(page, '#stage')).toContainText('已结束');
  await expect(on(page, '#next')).toHaveCount(0);
  await look(page, 'scholarship-17-closed');

  // another federation's officer sees nothing of the park's campaign
  await becomePersona(page, '马强');
  await on(page, '.officer-entry', { hasText: '金秋助学' }).click();
  await expect(on(page, '.item').first()).toContainText('物流行业');
  await expect(on(page, '.item', { hasText: title })).toHaveCount(0);
});
