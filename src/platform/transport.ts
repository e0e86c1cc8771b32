/**
 * How the app reaches the cloud functions. H5 (this file): POST /api/<function> on the local gateway,
 * with the dev-login token (kept in storage under `token` by api/session.ts). WeChat:
 * transport.weapp.ts. The typed client (api/index.ts) builds on `send`.
 */
import Taro from '@tarojs/taro';

export interface Transport {
  /** Called once at launch. */
  connect(): void;
  /** One call: resolves to the function's reply (the `{ ok, data | error }` envelope), rejects when the connection failed. */
  send(fn: string, body: { action: string; data: unknown }): Promise<unknown>;
  /**
   * true: the caller is who the gateway's dev login made them (a token per persona; signing in and
   * out is the app's business). false: the platform knows the caller (WeChat's OPENID), no sign-in.
   */
  readonly devLogin: boolean;
}

export const transport: Transport = {
  connect() {},
  async send(fn, body) {
    const token = Taro.getStorageSync('token');
    const res = await fetch(`/api/${fn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return res.json();
  },
  devLogin: true,
};
