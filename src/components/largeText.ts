/**
 * 大字模式: one switch on 我的, kept per device in local storage and applied when the app starts.
 * Both platforms scale one root size that NutUI's size variables (and the app's shared sizes) follow;
 * how each puts it into effect is src/platform/largeText.ts (H5: a class on <html>) and
 * largeText.weapp.ts (weapp: every page's page-meta, `--text-scale`).
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { applyTextScale, installTextScale } from '../platform/largeText';

const KEY = 'largeText';

export function isLargeText(): boolean {
  try {
    return Taro.getStorageSync(KEY) === true;
  } catch {
    return false;
  }
}

/** Call once, before any page loads (src/app.tsx): weapp pages take the setting as they show. */
export function installLargeText() {
  installTextScale(isLargeText);
}

/** put the setting into effect (H5: the class on <html>; weapp: the pages open now) */
export function applyLargeText(on: boolean) {
  applyTextScale(on);
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
