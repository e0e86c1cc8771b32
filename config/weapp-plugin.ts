/**
 * Taro plugin for the weapp build (listed in config/index.ts):
 * - a production weapp build refuses to start without `TARO_APP_CLOUD_ENV`: without it
 *   `Taro.cloud.init` falls back to the account's first CloudBase environment, which need not be the
 *   one the functions were deployed to. A check build (`WEAPP_CHECK_BUILD=1`, what `npm test` builds
 *   to compile and measure, never uploaded) is exempt;
 * - the project.config.json Taro copies into the output drops `cloudfunctionRoot` (relative to the
 *   repo root, so wrong from dist/weapp: open the repo root in DevTools to work on functions) and the
 *   `miniprogramRoot: "./"` Taro writes (the project's own folder is the default; miniprogram-ci's
 *   unused-file pass cannot find app.json under "./").
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface PluginContext {
  paths: { outputPath: string };
  onBuildStart(fn: () => void): void;
  onBuildComplete(fn: () => void): void;
}

export const MISSING_CLOUD_ENV =
  'TARO_APP_CLOUD_ENV is empty: a production weapp build must name its CloudBase environment ' +
  '(TARO_APP_CLOUD_ENV=<env id> npm run build:weapp). Set WEAPP_CHECK_BUILD=1 for a check build that is never uploaded.';

export default (ctx: PluginContext) => {
  if (process.env.TARO_ENV !== 'weapp') return;
  ctx.onBuildStart(() => {
    const production = process.env.NODE_ENV === 'production';
    if (production && !process.env.TARO_APP_CLOUD_ENV?.trim() && process.env.WEAPP_CHECK_BUILD !== '1') throw new Error(MISSING_CLOUD_ENV);
  });
  ctx.onBuildComplete(() => {
    const file = path.join(ctx.paths.outputPath, 'project.config.json');
    if (!existsSync(file)) return;
    const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    delete config.cloudfunctionRoot;
    if (config.miniprogramRoot === './') delete config.miniprogramRoot;
    writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  });
};
