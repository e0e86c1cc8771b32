/** The `notify` function: subscribe messages, 我的消息, and the sender on the timer. */
import { defineManifest } from '../_runtime/manifest';
import { NOTIFY_COLLECTIONS } from '../../core/notify/model';
import { TEMPLATE_NAMES } from '../../core/notify/templates';
import { MASTER_KEY_ENV } from '../_runtime/env';
import { templateEnvName } from '../../config/notify';
import { notify } from './handlers';

export const notifyManifest = defineManifest({
  name: 'notify',
  summary: '订阅消息授权、我的消息、定时发送通知',
  fn: notify,
  collections: NOTIFY_COLLECTIONS,
  jobs: [
    { action: 'send', everyMinutes: 5, summary: 'send pending outbox messages: org messages fanned out to officers, WeChat subscribe messages with retries' },
  ],
  env: [
    MASTER_KEY_ENV,
    ...TEMPLATE_NAMES.map((name) => ({ name: templateEnvName(name), summary: `subscribe-message template id for ${name} (empty: inbox only)` })),
    { name: 'WX_MINIPROGRAM_STATE', value: 'formal', summary: 'which version a tapped message opens: formal, trial or developer' },
  ],
  openapi: ['subscribeMessage.send'],
  timeoutSeconds: 60,
});
