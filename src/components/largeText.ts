/**
 * 大字模式: one switch on 我的, kept per device in local storage and applied when the app starts.
 *
 * H5: the class `large-text` on <html>; app.scss then raises the root font size by 1.3×, and both
 * the app's own styles (px → rem at build) and NutUI's size variables (set in rem in app.scss)
 * follow it.
 * weapp: styles are rpx there, which no root size moves, and a mini-program page's root takes no
 * class; a page that puts `largeTextClass()` on its root View gets NutUI's variables scaled through
 * `--text-scale` (app.scss). No page does yet: the weapp mode is still to be wired page by page.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';

const KEY = 'largeText';

export function isLargeText(): boolean {
  try {
    return Taro.getStorageSync(KEY) === true;
  } catch {
    return false;
  }
}

/** the class for a page's root View on weapp ('' when off, and always on H5, where <html> carries it) */
export function largeTextClass(): string {
  return process.env.TARO_ENV !== 'h5' && isLargeText() ? 'large-text' : '';
}

/** put the setting into effect (H5: the class on <html>) */
export function applyLargeText(on: boolean) {
  if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') document.documentElement.classList.toggle('large-text', on);
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
