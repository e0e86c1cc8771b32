/**
 * 大字模式 on weapp: styles are rpx there, which no root size moves, and a page root takes no class. Instead
 * every page's WXML starts with a `<page-meta>` (config/weapp-template.ts) whose `page-style` is bound to
 * the page's data; each page, as it shows, gets `--text-scale: 1.3` there, an inline style on the `page`
 * element, and app.scss computes NutUI's size variables and the shared sizes (page text, titles, fields,
 * tap targets) from `var(--text-scale)`. No page has to do anything for it: the page objects are wrapped
 * once, at launch (`installTextScale`, from src/app.tsx), through Taro's `modifyPageObject` hook.
 */
import Taro from '@tarojs/taro';
import { getComponentsAlias, hooks } from '@tarojs/runtime';
import type * as LargeText from './largeText';

/** how much larger 大字模式 draws (the same 1.3 as H5's root size in app.scss) */
const LARGE_TEXT_SCALE = 1.3;

/** the inline style of a weapp page's `page` element (page-meta's page-style) */
const pageStyle = (on: boolean) => (on ? `--text-scale: ${LARGE_TEXT_SCALE}` : '');

interface MiniPage {
  setData?: (data: Record<string, unknown>) => void;
}

let pageStylePath: string | undefined;
/** where page-meta's page-style reads from: Taro shortens attribute names (`pageMeta.p3`), the runtime knows how */
function pageStyleData(style: string): Record<string, unknown> {
  if (!pageStylePath) {
    const alias = (getComponentsAlias() as Record<string, Record<string, string> | undefined>)['page-meta']?.pageStyle;
    pageStylePath = `pageMeta.${alias ?? 'pageStyle'}`;
  }
  return { [pageStylePath]: style };
}

function styleWeappPage(page: MiniPage | undefined, on: boolean) {
  page?.setData?.(pageStyleData(pageStyle(on)));
}

/** every page, each time it shows, takes the setting into its page-meta (so a page further back in the stack catches up when the worker returns to it) */
export const installTextScale: typeof LargeText.installTextScale = (read) => {
  hooks.tap('modifyPageObject', (config: Record<string, unknown>) => {
    const onShow = config.onShow as ((this: MiniPage, ...args: unknown[]) => unknown) | undefined;
    config.onShow = function (this: MiniPage, ...args: unknown[]) {
      styleWeappPage(this, read());
      return onShow?.apply(this, args);
    };
  });
};

/** the pages open now take the setting */
export const applyTextScale: typeof LargeText.applyTextScale = (on) => {
  let pages: MiniPage[] = [];
  try {
    pages = Taro.getCurrentPages() as MiniPage[];
  } catch {
    // before the first page: each page picks the setting up as it shows
  }
  for (const page of pages) styleWeappPage(page, on);
};
