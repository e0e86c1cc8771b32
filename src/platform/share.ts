/**
 * Passing a page on. WeChat (share.weapp.ts): the share card to a group chat (a Button with
 * openType='share' and the page's useShareAppMessage). H5 (this file): a link to copy, and printing.
 */
export interface Share {
  /** WeChat's share card is available */
  readonly shareToChat: boolean;
  /** The address the app is served from (H5), for links and QR codes; undefined where pages have no web address. */
  webOrigin(): string | undefined;
  /** The browser's print (H5); null where there is none. */
  readonly printPage: (() => void) | null;
}

export const share: Share = {
  shareToChat: false,
  webOrigin: () => window.location.origin,
  printPage: () => window.print(),
};
