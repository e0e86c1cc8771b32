/**
 * 大字模式: one switch on 我的, kept per device in local storage and applied when the app starts.
 * Both platforms scale one root size that NutUI's size variables (and the app's shared sizes) follow:
 *
 * H5: the class `large-text` on <html>; app.scss then raises the root font size by 1.3×, and both
 * the app's own styles (px → rem at build) and NutUI's size variables (set in rem in app.scss)
 * follow it.
 * weapp: styles are rpx there, which no root size moves, and a page root takes no class. Instead every
 * page's WXML starts with a `<page-meta>` (config/weapp-template.ts) whose `page-style` is bound to the
 * page's data; each page, as it shows, gets `--text-scale: 1.3` there, an inline style on the `page`
 * element, and app.scss computes NutUI's size variables and the shared sizes (page text, titles,
 * fields, tap targets) from `var(--text-scale)`. No page has to do anything for it: the page objects
 * are wrapped once, at launch (`installLargeText`, src/app.tsx), through Taro's `modifyPageObject` hook.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { getComponentsAlias, hooks } from '@tarojs/runtime';

const KEY = 'largeText';
/** how much larger 大字模式 draws (the same 1.3 as H5's root size in app.scss) */
export const LARGE_TEXT_SCALE = 1.3;
const WEAPP = process.env.TARO_ENV !== 'h5';

export function isLargeText(): boolean {
  try {
    return Taro.getStorageSync(KEY) === true;
  } catch {
    return false;
  }
}

/** the inline style of a weapp page's `page` element (page-meta's page-style) */
export function largeTextPageStyle(on: boolean): string {
  return on ? `--text-scale: ${LARGE_TEXT_SCALE}` : '';
}

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
  page?.setData?.(pageStyleData(largeTextPageStyle(on)));
}

/**
 * weapp: every page, each time it shows, takes the setting into its page-meta (so a page further back
 * in the stack catches up when the worker returns to it). Call once, before any page loads (src/app.tsx).
 */
export function installLargeText() {
  if (!WEAPP) return;
  hooks.tap('modifyPageObject', (config: Record<string, unknown>) => {
    const onShow = config.onShow as ((this: MiniPage, ...args: unknown[]) => unknown) | undefined;
    config.onShow = function (this: MiniPage, ...args: unknown[]) {
      styleWeappPage(this, isLargeText());
      return onShow?.apply(this, args);
    };
  });
}

/** put the setting into effect (H5: the class on <html>; weapp: the pages open now) */
export function applyLargeText(on: boolean) {
  if (!WEAPP) {
    if (typeof document !== 'undefined') document.documentElement.classList.toggle('large-text', on);
    return;
  }
  let pages: MiniPage[] = [];
  try {
    pages = Taro.getCurrentPages() as MiniPage[];
  } catch {
    // before the first page: each page picks the setting up as it shows
  }
  for (const page of pages) styleWeappPage(page, on);
}

/** the setting and its setter, which stores it on this device and applies it at once */
export function useLargeText(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(isLargeText);
  const set = (next: boolean) => {
    Taro.setStorageSync(KEY, next);
    applyLargeText(next);
    setOn(next);
  };
  return [on, set];
}
