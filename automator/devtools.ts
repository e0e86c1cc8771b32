/**
 * What the DevTools specs share: the suite (skipped, with the reason, without WECHAT_DEVTOOLS_CLI:
 * DevTools runs on Windows and macOS only), one DevTools session per spec file, and typing into inputs.
 */
import { resolve } from 'node:path';
import automator from 'miniprogram-automator';

export type Mp = Awaited<ReturnType<typeof automator.launch>>;
export type AutoPage = NonNullable<Awaited<ReturnType<Mp['currentPage']>>>;

const cliPath = process.env.WECHAT_DEVTOOLS_CLI;
export const suite = cliPath ? describe : describe.skip;
if (!cliPath) console.warn('automator specs skipped: set WECHAT_DEVTOOLS_CLI to the WeChat DevTools CLI to run them (DevTools is Windows/macOS only).');

/** Launches DevTools on this project before the suite's tests and closes it after; returns the session. */
export function useDevTools(): () => Mp {
  let mp: Mp | undefined;
  beforeAll(async () => {
    mp = await automator.launch({ cliPath, projectPath: resolve(__dirname, '..') });
  });
  afterAll(() => mp?.close());
  return () => mp!;
}

/** Inputs are InputElements at run time; the typings only give the base Element. */
export const type = async (page: AutoPage, selector: string, value: string) =>
  ((await page.$(selector)) as unknown as { input(v: string): Promise<void> }).input(value);

interface Tappable {
  text(): Promise<string>;
  tap(): Promise<void>;
}

/** The NutUI button (or any `selector`) whose text is `label`. */
export async function button(page: AutoPage, label: string, selector = '.nut-button'): Promise<Tappable> {
  for (const b of (await page.$$(selector)) as Tappable[]) if ((await b.text()).trim() === label) return b;
  throw new Error(`no ${selector} "${label}" on ${page.path}`);
}

/** The first `selector` whose text contains `text`. */
export async function withText(page: AutoPage, selector: string, text: string): Promise<Tappable> {
  for (const e of (await page.$$(selector)) as Tappable[]) if ((await e.text()).includes(text)) return e;
  throw new Error(`no ${selector} with "${text}" on ${page.path}`);
}

/** Decisions ask once (src/components/confirm.tsx, a NutUI Dialog): waits for the question, returns its text, presses 确认. */
export async function confirmDialog(page: AutoPage): Promise<string> {
  await page.waitFor('#confirm-ok');
  const dialog = await page.$('.nut-dialog');
  const text = dialog ? await dialog.text() : '';
  await (await page.$('#confirm-ok'))!.tap();
  await page.waitFor(800);
  return text;
}

interface Roller {
  $$(selector: string): Promise<Array<{ text(): Promise<string>; attribute(name: string): Promise<string>; size(): Promise<{ height: string }> }>>;
  offset(): Promise<{ left: number; top: number }>;
  size(): Promise<{ width: string; height: string }>;
  touchstart(o: object): Promise<void>;
  touchmove(o: object): Promise<void>;
  touchend(o: object): Promise<void>;
}

/**
 * Picks `text` (YYYY-MM-DD HH:mm, Shanghai) in the weapp publish form's NutUI date-time picker
 * (src/admin/pick.weapp.tsx): taps the field's row, drags each column (year, month, day, hour, minute)
 * to its value with slow touches (as e2e/activity.spec.ts does on H5), presses 确认.
 */
export async function pickTime(page: AutoPage, id: string, text: string) {
  await (await page.$(`#${id}`))!.tap();
  await page.waitFor('.nut-pickerview-list');
  const want = text.match(/\d+/g)!.map(Number);
  for (let col = 0; col < 5; col++) {
    await page.waitFor(300);
    const lists = (await page.$$('.nut-pickerview-list')) as unknown as Roller[];
    const list = lists[col];
    const items = await list.$$('.nut-pickerview-roller-item-tiled');
    let now = -1;
    let to = -1;
    for (let i = 0; i < items.length; i++) {
      if ((await items[i].attribute('class')).includes('nut-pickerview-roller-item-active')) now = i;
      if (parseInt(await items[i].text(), 10) === want[col]) to = i;
    }
    if (to < 0) throw new Error(`no ${want[col]} in column ${col} of ${id}`);
    if (now === to) continue;
    const step = parseFloat((await items[0].size()).height);
    const { left, top } = await list.offset();
    const { width, height } = await list.size();
    const x = left + parseFloat(width) / 2;
    const y = top + parseFloat(height) / 2;
    const dy = (now - to) * step;
    const at = (cy: number) => [{ identifier: 1, pageX: x, pageY: cy, clientX: x, clientY: cy }];
    await list.touchstart({ touches: at(y), changedTouches: at(y) });
    for (let i = 1; i <= 8; i++) {
      await page.waitFor(50);
      await list.touchmove({ touches: at(y + (dy * i) / 8), changedTouches: at(y + (dy * i) / 8) });
    }
    await page.waitFor(100);
    await list.touchend({ touches: [], changedTouches: at(y + dy) });
  }
  await page.waitFor(500);
  await (await page.$('.nut-picker-confirm-btn'))!.tap();
  await page.waitFor(500);
}

/** A cloud function called from inside the mini-program (wx.cloud, as src/platform/transport.weapp.ts does): its `data`. */
export async function callInApp<T>(mp: Mp, fn: string, action: string, data: Record<string, unknown>): Promise<T> {
  const envelope = (await mp.evaluate(
    (name: string, body: unknown) =>
      new Promise((resolve, reject) => {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        (globalThis as any).wx.cloud.callFunction({ name, data: body, success: (r: { result: unknown }) => resolve(r.result), fail: reject });
      }),
    fn,
    { action, data },
  )) as { ok?: boolean; data?: T; error?: unknown };
  if (envelope.data === undefined) throw new Error(`${fn}.${action}: ${JSON.stringify(envelope)}`);
  return envelope.data;
}
