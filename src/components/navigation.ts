/**
 * Going to a page: the tab bar's pages (src/app.config.ts `tabBar`) open with switchTab, since
 * WeChat refuses navigateTo / redirectTo to a tab page; every other page with navigateTo.
 */
import Taro from '@tarojs/taro';

export const TAB_PAGES = ['/pages/index/index', '/pages/activity/index', '/pages/me/index'] as const;

export const isTabPage = (url: string) => (TAB_PAGES as readonly string[]).includes(url.split('?')[0]);

/** navigateTo, or switchTab for a tab page (a tab page takes no query string, so any is dropped) */
export function go(url: string) {
  return isTabPage(url) ? Taro.switchTab({ url: url.split('?')[0] }) : Taro.navigateTo({ url });
}
