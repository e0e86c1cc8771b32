/**
 * The Notifier on CloudBase: WeChat's subscribe-message API through the node SDK,
 * `app.callWxOpenApi({ apiName: '/cgi-bin/message/subscribe/send', requestData })`. The SDK sends it
 * as the `wx.api` action with the function's own WeChat credentials (on a timer invocation
 * `WX_TRIGGER_API_TOKEN_V0`, see node-sdk src/utils/wxCloudToken.ts), which requires the function to
 * declare `permissions.openapi: ['subscribeMessage.send']` (the notify manifest does).
 *
 * What comes back (node-sdk src/wx/index.ts): WeChat's own answer, parsed, in `result` —
 * `{ errcode: 0, errmsg: 'ok' }`, or e.g. `{ errcode: 43101, errmsg: 'user refuse to accept the msg' }`;
 * a failure of the platform call itself (no permission, a network error) is thrown as a TcbError
 * with a string `code` (the SDK's default `throwOnCode`), or returned as `{ code, message }` when that
 * is off. Both become an outcome here; the sender decides what is retried.
 */
import tcb from '@cloudbase/node-sdk';
import type { Notifier, SendOutcome, SubscribeMessage } from '../../core/notify';

export const SUBSCRIBE_SEND_API = '/cgi-bin/message/subscribe/send';

/** The part of the SDK app the notifier uses (so a test can stand in for it). */
export interface WxOpenApi {
  callWxOpenApi(options: { apiName: string; requestData: unknown }): Promise<{ result?: unknown; code?: string; message?: string }>;
}

/** WeChat's `requestData` for one message. */
export function subscribeRequest(m: SubscribeMessage, state: 'formal' | 'trial' | 'developer') {
  return { touser: m.toUid, template_id: m.templateId, page: m.page, data: m.data, miniprogram_state: state, lang: 'zh_CN' };
}

/** WeChat's answer (or the SDK's error) as an outcome. */
export function outcomeOf(res: { result?: unknown; code?: string; message?: string } | undefined): SendOutcome {
  if (res?.code) return { ok: false, errcode: String(res.code), errmsg: res.message ?? '' };
  type Answer = { errcode?: unknown; errmsg?: unknown };
  let r: Answer | undefined;
  const raw = res?.result;
  if (typeof raw === 'string') {
    try {
      r = JSON.parse(raw) as Answer;
    } catch {
      return { ok: false, errcode: 'bad_answer', errmsg: raw };
    }
  } else r = raw as Answer | undefined;
  if (!r || typeof r !== 'object') return { ok: false, errcode: 'bad_answer', errmsg: '微信未返回结果' };
  const errcode = Number(r.errcode ?? 0);
  return errcode === 0 ? { ok: true } : { ok: false, errcode, errmsg: String(r.errmsg ?? '') };
}

export function wechatNotifier(opts: { app?: WxOpenApi; state?: 'formal' | 'trial' | 'developer' } = {}): Notifier {
  let app = opts.app;
  return {
    async send(m) {
      app ??= tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }) as unknown as WxOpenApi;
      try {
        return outcomeOf(await app.callWxOpenApi({ apiName: SUBSCRIBE_SEND_API, requestData: subscribeRequest(m, opts.state ?? 'formal') }));
      } catch (e) {
        const err = e as { code?: unknown; message?: unknown };
        return {
          ok: false,
          errcode: typeof err?.code === 'string' || typeof err?.code === 'number' ? err.code : 'exception',
          errmsg: String(err?.message ?? e),
        };
      }
    },
  };
}
