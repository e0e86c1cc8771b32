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
