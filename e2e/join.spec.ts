/**
 * The first whole journey in the H5 build: a worker joins, sees field errors in Chinese, submits;
 * the union officer finds the application in the queue and approves it; the worker shows the member
 * card; an officer verifies the card code, and a forged code fails. Screenshots in e2e/screenshots.
 */
import { expect, test } from '@playwright/test';
import { shot, button, fill, becomePersona } from './helpers';
import { makeIdNumber } from '../core/shared/idNumber';

test('worker joins, officer approves, worker shows the card, officer verifies it', async ({ page }) => {
  const idNumber = makeIdNumber('320506', '19980512', '431');

  // 1. the worker opens the join page from the home page
  await becomePersona(page, '王小明');
  await shot(page, '01-home');
  await page.getByText('我要入会').first().click();
  await expect(page).toHaveURL(/\/pages\/join\/index/);

  // 2. bad input: errors in Chinese next to the fields, nothing submitted
  await fill(page, 'name', '王小明');
  await fill(page, 'idNumber', idNumber.slice(0, 17) + (idNumber[17] === '0' ? '1' : '0'));
  await fill(page, 'mobile', '1381234');
  await button(page, '提交入会申请').click();
  await expect(page.getByText('身份证号校验位不正确，请核对后重新输入')).toBeVisible();
  await expect(page.getByText('请填写11位中国大陆手机号')).toBeVisible();
  await expect(page.getByText('请选择工作单位')).toBeVisible();
  await expect(page.getByText('请阅读并同意《个人信息保护说明》')).toBeVisible();
  await shot(page, '02-join-errors');

  // 3. corrected and submitted
  await fill(page, 'idNumber', idNumber);
  await fill(page, 'mobile', '13812345678');
  await fill(page, 'enterprise', '精密制造');
  await page.locator('.ent-item', { hasText: '星海精密制造有限公司' }).click();
  await expect(page.getByText('本单位已建工会：由星海精密制造工会办理')).toBeVisible();
  await fill(page, 'job', '数控车工');
  await page.locator('.choice', { hasText: '是' }).click();
  await page.getByText('我已阅读并同意《个人信息保护说明》').click();
  await shot(page, '03-join-filled');
  await button(page, '提交入会申请').click();
  await expect(page).toHaveURL(/\/pages\/me\/index/);
  await expect(page.locator('#status')).toHaveText('待审核');
  await expect(page.getByText('320***********')).toBeVisible();
  await shot(page, '04-status-pending');

  // 4. the union officer finds it in the queue (oldest first, so it is the last of this union's items)
  await becomePersona(page, '陈静');
  await page.getByText('审核工作台').click();
  await expect(page).toHaveURL(/\/admin\/queue\/index/);
  await expect(page.locator('.item').first().getByText('已超时')).toBeVisible();
  await shot(page, '05-officer-queue');
  const item = page.locator('.item', { hasText: '王小明' }).filter({ hasText: '数控车工' });
  for (let pages = 0; !(await item.isVisible()) && pages < 10; pages++) {
    await page.getByText('加载更多').click();
    await page.waitForTimeout(300);
  }
  await expect(item).toBeVisible();
  await expect(item.getByText('正常')).toBeVisible();
  await item.click();
  await expect(page).toHaveURL(/\/admin\/review\/index\?id=/);

  // 5. rejecting needs a reason; approving works
  await button(page, '不予通过').click();
  await page.locator('#confirm-ok').click(); // asked once, with the consequence
  await expect(page.getByText('不予通过时请填写理由')).toBeVisible();
  await button(page, '通过').click();
  await expect(page.getByText('通过后将生成会员编号并通知申请人')).toBeVisible();
  await page.locator('#confirm-ok').click();
  await expect(page.locator('#notice')).toContainText('已处理：已通过，会员编号 GH26');
  const memberNo = (await page.locator('#notice').innerText()).match(/GH\d{10}/)![0];
  await shot(page, '06-officer-approved');

  // 6. the worker is notified, sees the decision and shows the card
  await becomePersona(page, '王小明');
  await expect(page.locator('#inbox-latest')).toContainText(`恭喜！您的入会申请已通过，会员编号 ${memberNo}`);
  await page.getByText('入会进度').click();
  await expect(page.locator('#status')).toHaveText('已通过');
  await expect(page.locator('#memberNo')).toHaveText(memberNo);
  await page.goto('/pages/card/index');
  await expect(page.locator('#cardMemberNo')).toHaveText(`会员编号 ${memberNo}`);
  await expect(page.locator('.qr img')).toHaveAttribute('src', /^data:image\/png;base64,/);
  await shot(page, '07-member-card');
  const code = await page.evaluate(async () => {
    const res = await fetch('/api/member', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${JSON.parse(localStorage.getItem('token') ?? '{}').data ?? ''}` },
      body: JSON.stringify({ action: 'myCard', data: {} }),
    });
    return ((await res.json()) as { data: { code: string } }).data.code;
  });

  // 7. an officer verifies the card; a forged code fails
  await becomePersona(page, '刘芳');
  await page.goto('/admin/verify/index');
  await fill(page, 'code', code);
  await button(page, '核验').click();
  await expect(page.locator('#verifyResult')).toContainText(`核验通过：王*明，会员编号 ${memberNo}`);
  await shot(page, '08-verify-ok');
  const [prefix, id, exp, sig] = code.split('.');
  await fill(page, 'code', [prefix, id, String(Number(exp) + 600_000), sig].join('.'));
  await button(page, '核验').click();
  await expect(page.locator('#verifyError')).toContainText('会员卡二维码无效');
  await shot(page, '09-verify-forged');
});

test('an officer of another union does not see the application queue of the first', async ({ page }) => {
  await becomePersona(page, '赵磊');
  await page.getByText('审核工作台').click();
  await expect(page.locator('.org-picker')).toHaveText('星海云数科技工会');
  await expect(page.locator('.item').first()).toBeVisible();
  for (const line of await page.locator('.item-line').allInnerTexts()) {
    if (line.startsWith('受理')) expect(line).toContain('星海云数科技工会');
  }
});

test('the official-account menu link opens the join page with the employer filled in (源头入会)', async ({ page }) => {
  await becomePersona(page, '王小明');
  await page.goto('/pages/join/index?enterpriseId=ent_050');
  await expect(page.getByText('本单位未建工会：由星海高新区工会联合会受理（源头入会）')).toBeVisible();
  await page.goto('/pages/join/index?enterpriseId=ent_999');
  await expect(page.getByText('链接中的工作单位不存在，请搜索选择')).toBeVisible();
});
