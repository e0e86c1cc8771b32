/** WeChat: the cloud functions through CloudBase; identity is the caller's OPENID, injected by WeChat. */
import Taro from '@tarojs/taro';
import type { Transport } from './transport';

export const transport: Transport = {
  connect() {
    Taro.cloud.init({ env: CLOUD_ENV || undefined, traceUser: true });
  },
  async send(fn, body) {
    const res = await Taro.cloud.callFunction({ name: fn, data: body as never });
    return res.result;
  },
  devLogin: false,
};
