/**
 * Subscribe messages (订阅消息), WeChat only (subscribe.weapp.ts); on H5 the inbox (我的消息) is how
 * messages arrive. The consent flow around it is api/subscribe.ts.
 */
export interface SubscribeMessages {
  /** WeChat's consent sheet and service notices exist here */
  readonly available: boolean;
  /** Opens the consent sheet (call it from a tap); resolves to template id → 'accept' | 'reject' | …, rejects when it failed. */
  request(tmplIds: string[]): Promise<Record<string, string>>;
}

export const subscribeMessages: SubscribeMessages = {
  available: false,
  request: () => Promise.resolve({}),
};
