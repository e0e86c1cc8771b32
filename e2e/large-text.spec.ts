/**
 * 大字模式 and the tab bar in the H5 build: a worker moves between 首页 and 我的 on the bottom tab bar,
 * turns 大字模式 on from 我的, reloads, and finds it kept: body text at least 20% larger, primary
 * buttons still at least 44 px tall. Phone-size screenshots of both pages in both modes.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { shot, becomePersona } from './helpers';

const fontSize = (l: Locator) => l.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
const height = async (l: Locator) => (await l.boundingBox())!.height;
const tab = (page: Page, label: string) => page.locator('.weui-tabbar__item', { hasText: label });

test('tab bar, 大字模式 switched on from 我的 and kept after a reload', async ({ page }) => {
  // 1. 首页 with the tab bar
  await becomePersona(page, '王小明');
  await expect(page.locator('.taro-tabbar__tabbar')).toBeVisible();
  for (const label of ['首页', '活动', '我的']) await expect(tab(page, label)).toBeVisible();
  await shot(page, 'L1-home-normal');

  // 2. 我的 through the tab bar: the setting, off
  await tab(page, '我的').click();
  await expect(page).toHaveURL(/\/pages\/me\/index/);
  const setting = page.locator('#large-text-setting');
  const state = page.locator('#large-text-state');
  await expect(state).toHaveText('已关闭：标准字号');
  await expect(setting.locator('.nut-switch')).toHaveClass(/nut-switch-close/);
  // a real switch to a screen reader (no WeChat-only aria attributes on H5)
  const sw = page.getByRole('switch', { name: '大字模式' });
  await expect(sw).toHaveAttribute('aria-checked', 'false');
  await expect(sw).not.toHaveAttribute('ariachecked', /.*/);
  const bodyText = page.locator('.taro_page_show .card-title').first();
  const primary = page.locator('.taro_page_show .nut-button-primary').first();
  const normalSize = await fontSize(bodyText);
  expect(await height(primary)).toBeGreaterThanOrEqual(44);
  await shot(page, 'L2-me-normal');

  // 3. on, then a reload: still on, text ≥ 20% larger, buttons still ≥ 44 px
  await setting.locator('.nut-switch').click();
  await expect(state).toHaveText('已开启：文字和按钮放大显示');
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/large-text/);
  await expect(state).toHaveText('已开启：文字和按钮放大显示');
  await expect(setting.locator('.nut-switch')).not.toHaveClass(/nut-switch-close/);
  await expect(sw).toHaveAttribute('aria-checked', 'true');
  const largeSize = await fontSize(bodyText);
  expect(largeSize / normalSize).toBeGreaterThanOrEqual(1.2);
  expect(await fontSize(primary)).toBeGreaterThan(14 * 1.2);
  expect(await height(primary)).toBeGreaterThanOrEqual(44);
  await shot(page, 'L3-me-large');

  // 4. 首页 in 大字模式, and the tab bar still there
  await tab(page, '首页').click();
  await expect(page).toHaveURL(/\/pages\/index\/index|\/$/);
  await expect(page.getByText('体验身份（开发登录）')).toBeVisible();
  await expect(page.locator('.taro-tabbar__tabbar')).toBeVisible();
  await shot(page, 'L4-home-large');

  // 5. from the keyboard: Space on the focused switch turns it off again
  await tab(page, '我的').click();
  await sw.focus();
  await page.keyboard.press('Space');
  await expect(state).toHaveText('已关闭：标准字号');
  await expect(sw).toHaveAttribute('aria-checked', 'false');
});
