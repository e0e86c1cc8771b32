/** Shared steps of the playwright journeys (H5 build, dev login). */
import { expect, type Page } from '@playwright/test';

/** The H5 page scrolls inside `.taro_page`: grow the viewport to its height so the shot shows all of it. */
export async function shot(page: Page, name: string) {
  const size = page.viewportSize()!;
  const height = await page.evaluate(() => Math.max(0, ...Array.from(document.querySelectorAll('.taro_page_show')).map((e) => e.scrollHeight)));
  if (height > size.height) await page.setViewportSize({ width: size.width, height: Math.min(height, 4000) });
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
  await page.setViewportSize(size);
}

/** NutUI buttons take the click on the button element, not on their label. */
export const button = (page: Page, label: string) => page.locator('.nut-button', { hasText: new RegExp(`^${label}$`) });
export const fill = (page: Page, id: string, value: string) => page.locator(`#${id} input, #${id} textarea`).first().fill(value);
/** the error shown in the same field as the input `id` */
export const fieldError = (page: Page, id: string) => page.locator('.field', { has: page.locator(`#${id}`) }).locator('.field-error');

export async function becomePersona(page: Page, name: string) {
  await page.goto('/');
  await page.getByText('体验身份（开发登录）').waitFor();
  await page.locator('.persona', { hasText: name }).click();
  await expect(page.locator('.persona.active', { hasText: name })).toBeVisible();
  await expect(page.getByText('已切换身份')).toBeHidden(); // the toast, out of the screenshots
}
