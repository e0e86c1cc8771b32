/** CloudBase entry of the `notify` function (bundled to build/functions/notify/index.js): WeChat's sender, the configured template ids. */
import { cloudbaseMain } from '../_runtime/cloudbase';
import { wechatNotifier } from '../../adapters/notify/wechat';
import { loadTemplateConfig, miniprogramState } from '../../config/notify';
import { notifyManifest } from './manifest';
import { notifyFunction } from './handlers';

export const main = cloudbaseMain({
  ...notifyManifest,
  fn: notifyFunction({ notifier: wechatNotifier({ state: miniprogramState() }), templates: loadTemplateConfig() }),
});
