import Taro from '@tarojs/taro';
import type { SubscribeMessages } from './subscribe';

export const subscribeMessages: SubscribeMessages = {
  available: true,
  request: (tmplIds) =>
    Taro.requestSubscribeMessage({ tmplIds } as Taro.requestSubscribeMessage.Option).then((res) => res as unknown as Record<string, string>),
};
