/**
 * The H5 build's app config (Taro reads `app.config.h5.ts` before `app.config.ts` when building for
 * H5): the shared config, plus no slide-in between pages (instant navigation in the browser; stable
 * screenshots).
 */
import config from './app.config';

export default defineAppConfig({ ...config, animation: false });
