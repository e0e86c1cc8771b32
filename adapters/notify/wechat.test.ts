/**
 * The WeChat notifier through the real @cloudbase/node-sdk: `app.callWxOpenApi` builds its `wx.api`
 * request and parses WeChat's answer; only the SDK's HTTP requester is replaced, so what is checked
 * is what the SDK would send and how the notifier reads what comes back. (The real platform call
 * still needs a deployed function with the openapi permission: not checkable here.)
 */
import tcb from '@cloudbase/node-sdk';

// the SDK's HTTP requester, which node-sdk's wx/index.js calls through its module object (no types shipped)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const requester = require('@cloudbase/node-sdk/dist/utils/tcbapirequester') as { request: (args: any) => Promise<unknown> };
import { SUBSCRIBE_SEND_API, outcomeOf, wechatNotifier, type WxOpenApi } from './wechat';

const message = {
  toUid: 'oUser123',
  templateId: 'tmplReview',
  page: 'pages/card/index',
  data: { thing1: { value: '入会申请' }, phrase2: { value: '已通过' } },
};

describe('the WeChat notifier on the node SDK', () => {
  const app = tcb.init({ env: 'test-env', secretId: 'id', secretKey: 'key' }) as unknown as WxOpenApi;
  let spy: jest.SpyInstance;
  afterEach(() => spy.mockRestore());

  it('sends subscribe/send as the SDK’s wx.api action, and reads errcode 0 as sent', async () => {
    spy = jest.spyOn(requester, 'request').mockResolvedValue({ requestId: 'r1', data: { responseData: JSON.stringify({ errcode: 0, errmsg: 'ok' }) } });
    const out = await wechatNotifier({ app, state: 'trial' }).send(message);
    expect(out).toEqual({ ok: true });
    const params = spy.mock.calls[0][0].params;
    expect(params).toMatchObject({ action: 'wx.api', apiName: SUBSCRIBE_SEND_API });
    expect(JSON.parse(params.requestData)).toEqual({
      touser: 'oUser123',
      template_id: 'tmplReview',
      page: 'pages/card/index',
      data: message.data,
      miniprogram_state: 'trial',
      lang: 'zh_CN',
    });
  });

  it('reads WeChat’s refusal (43101) from the answer, not as an exception', async () => {
    spy = jest
      .spyOn(requester, 'request')
      .mockResolvedValue({ requestId: 'r2', data: { responseData: JSON.stringify({ errcode: 43101, errmsg: 'user refuse to accept the msg' }) } });
    expect(await wechatNotifier({ app }).send(message)).toEqual({ ok: false, errcode: 43101, errmsg: 'user refuse to accept the msg' });
  });

  it('turns a failure of the platform call into an outcome (thrown, or answered with a code)', async () => {
    spy = jest.spyOn(requester, 'request').mockRejectedValue(Object.assign(new Error('no permission for wx api'), { code: 'PERMISSION_DENIED' }));
    expect(await wechatNotifier({ app }).send(message)).toEqual({ ok: false, errcode: 'PERMISSION_DENIED', errmsg: 'no permission for wx api' });
    spy.mockResolvedValue({ code: 'SYS_ERR', message: 'busy' });
    expect(await wechatNotifier({ app }).send(message)).toEqual({ ok: false, errcode: 'SYS_ERR', errmsg: 'busy' });
  });
});

describe('outcomeOf', () => {
  it('accepts the answer parsed or as text, and refuses nonsense', () => {
    expect(outcomeOf({ result: { errcode: 0 } })).toEqual({ ok: true });
    expect(outcomeOf({ result: '{"errcode":47003,"errmsg":"argument invalid!"}' })).toEqual({ ok: false, errcode: 47003, errmsg: 'argument invalid!' });
    expect(outcomeOf({ result: 'not json' })).toMatchObject({ ok: false, errcode: 'bad_answer' });
    expect(outcomeOf(undefined)).toMatchObject({ ok: false, errcode: 'bad_answer' });
  });
});
