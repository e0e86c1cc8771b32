/**
 * 我的消息: an application is approved, and the worker sees it without any subscribe-message
 * consent (H5 has none): the unread count on the home page, the notice in 我的消息, which opens the
 * member card and then counts as read. The officer's 我的消息 holds the new application (an org
 * message fanned out to each officer). Screenshots in e2e/screenshots. Runs after the join journey
 * (files run in name order), so 王小明 applies again with another ID number: his second decision.
 */
import { expect, test } from '@playwright/test';
import { shot, button, fill, becomePersona } from './helpers';
import { makeIdNumber } from '../core/shared/idNumber';

test('an approved application reaches the worker’s 我的消息, with the unread count on the home page', async ({ page }) => {
  // signed out, 我的消息 says how to get in (PageState by the error's code: sign in, no 重试)
  await page.goto('/pages/inbox/index');
  await expect(page.locator('#page-error')).toContainText('请先登录');
  await expect(page.locator('#page-error')).toContainText('请在首页选择身份登录后再查看');
  await expect(button(page, '去登录')).toBeVisible();
  await expect(button(page, '重试')).toHaveCount(0);
  await shot(page, '39-inbox-signed-out');

  // the worker applies (another ID number than the join journey's)
  await becomePersona(page, '王小明');
  await page.goto('/pages/join/index');
  await fill(page, 'name', '王小明');
  await fill(page, 'idNumber', makeIdNumber('320506', '19970303', '517'));
  await fill(page, 'mobile', '13912345678');
  await fill(page, 'enterprise', '精密制造');
  await page.locator('.ent-item', { hasText: '星海精密制造有限公司' }).click();
  await fill(page, 'job', '质检员');
  await page.locator('.choice', { hasText: '否' }).click();
  await page.getByText('我已阅读并同意《个人信息保护说明》').click();
  await button(page, '提交入会申请').click();
  await expect(page).toHaveURL(/\/pages\/me\/index/);
  await expect(page.locator('#status')).toHaveText('待审核');

  // the officer finds the new application in 我的消息 and opens it from there
  await becomePersona(page, '陈静');
  await expect(page.locator('#inbox-entry')).toBeVisible();
  await page.locator('#inbox-entry').click();
  await expect(page).toHaveURL(/\/pages\/inbox\/index/);
  const todo = page.locator('.inbox-item', { hasText: '新的入会申请' }).filter({ hasText: '王小明' }).first();
  await expect(todo).toBeVisible();
  await shot(page, '40-inbox-officer');
  await todo.click();
  await expect(page).toHaveURL(/\/admin\/review\/index\?id=/);
  await expect(page.getByText('质检员')).toBeVisible();
  await button(page, '通过').click();
  await expect(page.getByText('通过后将生成会员编号并通知申请人')).toBeVisible(); // asked once, with the consequence
  await page.locator('#confirm-ok').click();
  await expect(page.locator('#notice')).toContainText('已处理：已通过，会员编号 GH26');
  const memberNo = (await page.locator('#notice').innerText()).match(/GH\d{10}/)![0];

  // the worker: a badge with the unread count and the newest notice on the home page
  await becomePersona(page, '王小明');
  const entry = page.locator('#inbox-entry');
  await expect(entry.locator('.nut-badge')).toBeVisible();
  const count = Number((await entry.locator('.nut-badge').innerText()).trim());
  expect(count).toBeGreaterThanOrEqual(1);
  await expect(page.locator('#inbox-latest .inbox-latest-title')).toHaveText('入会申请已通过');
  await expect(page.locator('#inbox-latest')).toContainText(`恭喜！您的入会申请已通过，会员编号 ${memberNo}`);
  await shot(page, '41-home-unread');

  // 我的消息 lists it first, unread; tapping opens the member card and marks it read
  await entry.click();
  await expect(page).toHaveURL(/\/pages\/inbox\/index/);
  const first = page.locator('.inbox-item').first();
  await expect(first).toContainText('入会申请已通过');
  await expect(first).toContainText(`会员编号 ${memberNo}`);
  await expect(first).toHaveClass(/unread/);
  await expect(page.locator('#unread')).toHaveText(`${count} 条未读`);
  await shot(page, '42-inbox-worker');
  await first.click();
  await expect(page).toHaveURL(/\/pages\/card\/index/);
  await expect(page.locator('#cardMemberNo')).toContainText('会员编号 GH26');

  // back home: one fewer unread
  await page.goto('/');
  await expect(page.locator('#inbox-entry')).toBeVisible();
  if (count > 1) await expect(page.locator('#inbox-entry .nut-badge')).toHaveText(String(count - 1));
  else await expect(page.locator('#inbox-entry .nut-badge')).toHaveCount(0);
});
