/**
 * Hardship aid, the worker's side, in the H5 build: a member (李娜) opens 困难帮扶 from 我的, self-tests
 * (a missing figure is named next to its field; the answer is a tier with the server's reasons and
 * says nothing was stored), builds the file (consents first, with who sees the file; the household
 * with a birth year that does not match an ID number refused next to the field; income, causes,
 * bank shown masked after saving, the checklist of papers), applies for 生活救助 (a fractional amount
 * refused next to its field and the message gone as soon as it is changed), submits (asked once) and
 * sees the application with its steps and who holds it; once the officers have approved it and put it
 * on a notice (through the API: their screens have their own journey), reads the masked notice and
 * is told it cannot object to its own aid, objects to another household's entry (a too-short reason
 * refused at its field, a file attached) and finds the objection on
 * 困难帮扶. Each page is checked with axe (no serious or critical violation). Screenshots in e2e/screenshots/aid-*.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { shot, becomePersona } from './helpers';
import { makeIdNumber } from '../core/shared/idNumber';

const AXE_SOURCE = readFileSync(join(__dirname, '..', 'node_modules/axe-core/axe.min.js'), 'utf8');

/** A tiny valid PDF (a scanned certificate stands in). */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
/**
 * On the page on screen only: the pages opened before it stay in the document, hidden (the self-test's
 * 家庭年度可支配收入 is still there under the file's, its page shaded), so the shared helpers' first match may be theirs.
 */
const shown = (page: Page) => page.locator('.taro_page_show:not(.taro_page_shade)');
const button = (page: Page, label: string) => shown(page).locator('.nut-button', { hasText: new RegExp(`^${label}$`) });
const fill = (page: Page, id: string, value: string) => shown(page).locator(`#${id} input, #${id} textarea`).first().fill(value);
const fieldError = (page: Page, id: string) =>
  shown(page)
    .locator('.field', { has: page.locator(`#${id}`) })
    .locator('.field-error');
const at = (page: Page, selector: string) => shown(page).locator(selector);
const upload = (page: Page, input: string, name: string) => at(page, `#${input}`).setInputFiles({ name, mimeType: 'application/pdf', buffer: PDF });

/** axe over the page as it stands: the serious and critical violations (none expected). */
async function axeSerious(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const r = await (window as any).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] }, resultTypes: ['violations'] });
    return (r.violations as any[])
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n: any) => String(n.target)).join(', ')}`);
  });
}

/** the file page's save line says 已保存 (the part just changed reached the server) */
const saved = (page: Page) => expect(at(page, '#save-state')).toContainText('已保存');

test('a member self-tests, builds the hardship file, applies and follows the application', async ({ page }) => {
  test.setTimeout(120_000);
  const spouseId = makeIdNumber('320506', '19860315', '517');

  // 1. 我的 → 困难帮扶
  await becomePersona(page, '李娜');
  await page.goto('/pages/me/index');
  await at(page, '#me-aid').getByText('进入困难帮扶').click();
  await expect(page).toHaveURL(/\/pages\/aid\/index/);
  await expect(at(page, '#aid-file')).toContainText('还没有建档');
  expect(await axeSerious(page)).toEqual([]);
  await shot(page, 'aid-01-home');

  // 2. the self-test: a missing figure is named at its field; then the tier with the reasons
  await button(page, '开始自测').click();
  await expect(page).toHaveURL(/\/pages\/aid\/selftest/);
  await fill(page, 'householdSize', '3');
  await fill(page, 'rigidCosts', '12000');
  await button(page, '开始估算').click();
  await expect(fieldError(page, 'yearlyIncome')).toHaveText('请填写家庭年度可支配收入');
  await fill(page, 'yearlyIncome', '30000');
  await expect(fieldError(page, 'yearlyIncome')).toHaveCount(0); // gone as soon as the field changes
  await button(page, '开始估算').click();
  await expect(at(page, '#selftest-tier')).toHaveText('可能属于：深度困难');
  await expect(at(page, '#selftest-reasons')).toContainText('500');
  await expect(at(page, '#selftest-result')).toContainText('以上信息没有保存');
  expect(await axeSerious(page)).toEqual([]);
  await shot(page, 'aid-02-selftest');

  // 3. the file: started, consents first (who sees it is listed beside them)
  await button(page, '建档申请').click();
  await expect(page).toHaveURL(/\/pages\/aid\/file/);
  await shot(page, 'aid-03-file-start');
  await button(page, '开始建档').click();
  await expect(at(page, '#whoSees')).toContainText('星海高新区工会联合会审核干部');
  await at(page, '#consentHousehold').click();
  await saved(page);
  await at(page, '#consentSensitive').click();
  await expect(at(page, '#consentSensitive')).toHaveAttribute('aria-checked', 'true');
  await saved(page);

  // the household: the applicant, then the spouse (a birth year that contradicts the ID number is refused at the field), then a child
  await button(page, '填写本人信息').click();
  await expect(at(page, '#m-name input')).toHaveValue('李娜');
  await fill(page, 'm-birthYear', '1988');
  await fill(page, 'm-monthlyIncome', '2500');
  await at(page, '#m-health-good').click();
  await fill(page, 'm-schoolOrWork', '星海精密制造有限公司');
  await button(page, '保存此成员').click();
  await expect(at(page, '#member-0')).toContainText('李娜');
  await button(page, '添加家庭成员').click();
  await fill(page, 'm-name', '张伟');
  await at(page, '#m-relation-spouse').click();
  await fill(page, 'm-idNumber', spouseId);
  await fill(page, 'm-birthYear', '1985');
  await fill(page, 'm-monthlyIncome', '0');
  await at(page, '#m-health-ill').click();
  await button(page, '保存此成员').click();
  await expect(fieldError(page, 'm-birthYear')).toHaveText('张伟的出生年份与身份证号不一致');
  await shot(page, 'aid-04-file-member-error');
  await fill(page, 'm-birthYear', '1986');
  await expect(fieldError(page, 'm-birthYear')).toHaveCount(0);
  await button(page, '保存此成员').click();
  await expect(at(page, '#member-1')).toContainText('张伟');
  await expect(at(page, '#member-1')).toContainText('*'); // the ID number comes back masked
  await expect(at(page, '#member-1')).not.toContainText(spouseId);
  await button(page, '添加家庭成员').click();
  await fill(page, 'm-name', '张小雨');
  await at(page, '#m-relation-child').click();
  await fill(page, 'm-birthYear', '2014');
  await fill(page, 'm-monthlyIncome', '0');
  await at(page, '#m-health-good').click();
  await fill(page, 'm-schoolOrWork', '星海实验小学');
  await button(page, '保存此成员').click();
  await expect(at(page, '#member-2')).toContainText('张小雨');

  // income and rigid costs save on leaving the field
  await fill(page, 'yearlyIncome', '30000');
  await fill(page, 'rigidCosts', '12000');
  await at(page, '#rigidCosts input').blur();
  await expect(at(page, '#perHead')).toContainText('¥500');
  // causes save on choosing
  await at(page, '#causes-primary-illness').click();
  await saved(page);
  await fill(page, 'causes-story', '配偶今年确诊慢性肾病，需长期透析，已停工在家。');
  await at(page, '#causes-story textarea').blur();
  await saved(page);
  // the bank account: masked once saved
  await fill(page, 'bankName', '中国工商银行星海支行');
  await fill(page, 'bankAccount', '6222021234567890123');
  await button(page, '保存银行账户').click();
  await expect(at(page, '#bank-saved')).toContainText('0123');
  await expect(at(page, '#bank-saved')).not.toContainText('6222021234567890123');
  // the papers every file needs
  await upload(page, 'file-attach-id_card-pick', '身份证.pdf');
  await expect(at(page, '#file-attach-id_card')).toContainText('已上传1个');
  await upload(page, 'file-attach-household_register-pick', '户口簿.pdf');
  await expect(at(page, '#file-attach-household_register')).toContainText('已上传1个');
  await upload(page, 'file-attach-employer_certificate-pick', '单位证明.pdf');
  await expect(at(page, '#file-attach-employer_certificate')).toContainText('已上传1个');
  await saved(page);
  await expect(at(page, '#file-missing')).toContainText('档案信息已齐全');
  expect(await axeSerious(page)).toEqual([]);
  await shot(page, 'aid-05-file-complete');

  // 4. apply for 生活救助: a fractional amount is refused at its field, and the message goes when it changes
  await button(page, '申请帮扶').click();
  await expect(page).toHaveURL(/\/pages\/aid\/apply/);
  await at(page, '#kind-living').click();
  await fill(page, 'reason', '配偶患病停工，家庭收入减少，申请生活救助。');
  await fill(page, 'requestedAmount', '6000.5');
  await button(page, '保存草稿').click();
  await expect(fieldError(page, 'requestedAmount')).toHaveText('申请金额须为整数元');
  await shot(page, 'aid-06-apply-error');
  await fill(page, 'requestedAmount', '6000');
  await expect(fieldError(page, 'requestedAmount')).toHaveCount(0);
  await upload(page, 'app-attach-income_proof-pick', '家庭收入证明.pdf');
  await expect(at(page, '#app-attach-income_proof')).toContainText('已上传1个');
  await button(page, '保存草稿').click();
  await expect(at(page, '#apply-notice')).toContainText('草稿已保存');
  expect(await axeSerious(page)).toEqual([]);
  await shot(page, 'aid-07-apply');
  // submitting is asked once, with what happens next
  await button(page, '提交申请').click();
  await expect(page.locator('.confirm-message:visible')).toContainText('初审');
  await page.locator('#confirm-ok:visible').click();

  // 5. the application: its status, who holds it, its steps
  await expect(page).toHaveURL(/\/pages\/aid\/application\?id=/);
  await expect(at(page, '#app-status')).toHaveText('待初审');
  await expect(at(page, '#app-owner')).toContainText('星海精密制造');
  await expect(at(page, '#app-waiting')).toContainText('等待');
  await expect(at(page, '#app-steps .nut-step')).not.toHaveCount(0);
  await expect(at(page, '#app-steps .nut-step-process')).toHaveCount(1);
  expect(await axeSerious(page)).toEqual([]);
  await shot(page, 'aid-08-application');

  // 6. back on 困难帮扶: the file and the application with its state
  await page.goto('/pages/aid/index');
  await expect(at(page, '#aid-apps')).toContainText('生活救助');
  await expect(at(page, '#aid-apps')).toContainText('待初审');
  await expect(at(page, '#aid-file')).toContainText('档案信息齐全');
  expect(await axeSerious(page)).toEqual([]);
  await shot(page, 'aid-09-home-after');

  // 7. the officers' steps through the API (their screens have their own journey): first check, review,
  // approval, the notice; then the member reads the masked notice and objects (a short reason refused first)
  const token = async (persona: string) => ((await (await page.request.post('/api/dev/login', { data: { persona } })).json()).data as { token: string }).token;
  const api = async (who: string, action: string, data: object) => {
    const body = await (await page.request.post('/api/aid', { headers: { authorization: `Bearer ${who}` }, data: { action, data } })).json();
    expect(body.ok, JSON.stringify(body.error)).toBe(true);
    return body.data;
  };
  const [member, union, federation] = [await token('member'), await token('union-officer'), await token('federation-officer')];
  let app = (await api(member, 'myApplications', {})).items[0];
  for (const [who, event, extra] of [
    [union, 'pass_first_check', {}],
    [union, 'recommend', {}],
    [federation, 'approve', { amount: 6000 }],
  ] as const)
    app = await api(who, 'decide', { applicationId: app.id, event, version: app.version, ...extra });
  const ours = await api(federation, 'publishNotice', { applicationIds: [app.id] });
  // from the application, its notice: masked, and one's own aid cannot be objected to
  await page.goto(`/pages/aid/application?id=${app.id}`);
  await expect(at(page, '#app-status')).toHaveText('公示中');
  await shown(page).getByText('查看公示名单').click();
  await expect(page).toHaveURL(/\/pages\/aid\/notice\?id=/);
  await expect(at(page, '#notice-period')).toContainText('公示期5个工作日');
  await expect(at(page, '#notice-entries')).toContainText('李*');
  await expect(at(page, '#notice-entries')).not.toContainText('李娜');
  // the server tells the worker which entry is their own: no objection button there
  await expect(at(page, '#notice-entries')).toContainText('这是您本人的帮扶，不能对自己提出异议。');
  await expect(button(page, '提出异议')).toHaveCount(0);
  // another household's entry on an open notice of the park (the demo data's)
  const other = (await api(member, 'notices', {})).items.find((n: { id: string; canObject: boolean }) => n.id !== ours.id && n.canObject);
  expect(other, 'an open notice of the park in the demo data').toBeTruthy();
  await page.goto(`/pages/aid/notice?id=${other.id}`);
  await button(page, '提出异议').first().click();
  await expect(at(page, '#objection-form')).toContainText('不会告诉被公示人');
  await fill(page, 'objection-reason', '不属实');
  await button(page, '提交异议').click();
  await expect(fieldError(page, 'objection-reason')).toHaveText('请写明异议原因（至少5个字）');
  await fill(page, 'objection-reason', '据我了解其家庭另有经营收入，与申报不符。');
  await expect(fieldError(page, 'objection-reason')).toHaveCount(0);
  await upload(page, 'objection-files', '情况说明.pdf');
  await expect(at(page, '#objection-form')).toContainText('情况说明.pdf');
  expect(await axeSerious(page)).toEqual([]);
  await shot(page, 'aid-10-objection');
  await button(page, '提交异议').click();
  await expect(shown(page).getByText(/^已提交对“.+”的异议/)).toBeVisible();
  await page.goto('/pages/aid/index');
  await expect(at(page, '#aid-objections')).toContainText('待核实');
  await shot(page, 'aid-11-home-objection');
});
