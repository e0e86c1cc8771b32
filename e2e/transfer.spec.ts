/**
 * Membership transfer between two enterprises in the H5 build: a member of union 001 changes jobs to
 * 星海云数科技有限公司 (union 002) and starts a transfer; her old union releases it with a voucher;
 * she sees the voucher code and QR; the new union looks the voucher up and accepts her; her
 * membership shows the new union with the same member number. Screenshots in e2e/screenshots.
 */
import { expect, test } from '@playwright/test';
import { shot, button, fill, becomePersona } from './helpers';

test('member starts a transfer, old union releases, new union accepts by voucher code, same member number', async ({ page }) => {
  // 1. the member opens her membership and asks to move to her new employer
  await becomePersona(page, '李娜');
  await page.locator('.tile', { hasText: '我的会员关系' }).click();
  await expect(page).toHaveURL(/\/pages\/membership\/index/);
  await expect(page.locator('#orgName')).toHaveText('星海精密制造工会');
  const memberNo = (await page.locator('#memberNo').innerText()).trim();
  expect(memberNo).toMatch(/^GH\d{10}$/);
  const seniority = (await page.locator('#seniority').innerText()).trim();
  await button(page, '申请转出').click();
  await expect(page.getByText('请选择新工作单位')).toBeVisible();
  await fill(page, 'newEnterprise', '云数');
  await page.locator('.ent-item', { hasText: '星海云数科技有限公司' }).click();
  await expect(page.getByText('已建工会：转入星海云数科技工会')).toBeVisible();
  await shot(page, '31-transfer-start');
  await button(page, '申请转出').click();
  await expect(page.locator('.nut-dialog')).toContainText('接收前您仍是');
  await page.locator('#confirm-ok').click();
  await expect(page.locator('#notice')).toContainText('已提交转出申请');
  const mine = page.locator('.transfer', { hasText: '转往星海云数科技有限公司' });
  await expect(mine.locator('.transfer-status')).toHaveText('待原工会办理转出');
  await expect(mine).toContainText('接收工会星海云数科技工会');
  await shot(page, '32-transfer-awaiting-release');

  // 2. the old union releases it from its 转出待办
  await becomePersona(page, '陈静');
  await page.getByText('会员接转').click();
  await expect(page).toHaveURL(/\/admin\/transfer\/index/);
  await expect(page.locator('.tab.on')).toHaveText('转出待办');
  const out = page.locator('.transfer-item', { hasText: memberNo });
  await expect(out).toContainText('星海精密制造工会 → 星海云数科技工会');
  await expect(out).toContainText('李*');
  await shot(page, '33-transfer-out-queue');
  await out.locator('.nut-button', { hasText: /^办理转出$/ }).click();
  await page.locator('#confirm-ok').click(); // asked once, with the consequence
  await expect(page.locator('#notice')).toContainText('已为李*办理转出，凭证号');
  await expect(page.locator('.transfer-item', { hasText: memberNo })).toHaveCount(0);

  // 3. the member sees the voucher: code and QR
  await becomePersona(page, '李娜');
  await page.locator('.tile', { hasText: '我的会员关系' }).click();
  await expect(mine.locator('.transfer-status')).toHaveText('已开具接转凭证，待新工会接收');
  const code = (await page.locator('#voucherCode').innerText()).trim();
  expect(code).toMatch(/^[A-Z2-9]{8}$/);
  await expect(mine.locator('.voucher img')).toHaveAttribute('src', /^data:image\/png;base64,/);
  await shot(page, '34-transfer-voucher');

  // 4. the new union looks the voucher up by its code and accepts her
  await becomePersona(page, '赵磊');
  await page.getByText('会员接转').click();
  await page.locator('.tab', { hasText: '转入待办' }).click();
  await expect(page.locator('.transfer-item', { hasText: memberNo })).toBeVisible();
  await fill(page, 'voucherInput', 'ZZZZ9999');
  await button(page, '查验').click();
  await expect(page.locator('#lookupError')).toContainText('不存在');
  await fill(page, 'voucherInput', code.toLowerCase());
  await button(page, '查验').click();
  const found = page.locator('#lookupResult');
  await expect(found).toContainText(memberNo);
  await expect(found).toContainText(`会龄 ${seniority}`);
  await shot(page, '35-transfer-lookup');
  await found.locator('.nut-button', { hasText: /^接收$/ }).click();
  await page.locator('#confirm-ok').click();
  await expect(page.locator('#notice')).toContainText(`已接收李*转入星海云数科技工会，会员编号 ${memberNo} 不变`);
  await expect(found).toContainText('已转入新工会');
  await shot(page, '36-transfer-accepted');

  // 5. her membership is with the new union, same member number
  await becomePersona(page, '李娜');
  await page.locator('.tile', { hasText: '我的会员关系' }).click();
  await expect(page.locator('#orgName')).toHaveText('星海云数科技工会');
  await expect(page.locator('#memberNo')).toHaveText(memberNo);
  await expect(page.locator('#seniority')).toHaveText(seniority);
  await expect(mine.locator('.transfer-status')).toHaveText('已转入新工会');
  await shot(page, '37-transfer-membership-moved');
});
