/** Taro build config: weapp (dist/weapp) and H5 (dist/h5) from the same sources. */
import path from 'node:path';
import { defineConfig } from '@tarojs/cli';

export default defineConfig<'webpack5'>(() => ({
  projectName: 'union-service',
  date: '2026-11-24',
  designWidth: 375,
  deviceRatio: { 375: 2, 640: 2.34 / 2, 750: 1, 828: 1.81 / 2 },
  sourceRoot: 'src',
  outputRoot: `dist/${process.env.TARO_ENV}`,
  plugins: [path.resolve(__dirname, 'weapp-plugin.ts')],
  defineConstants: {
    CLOUD_ENV: JSON.stringify(process.env.TARO_APP_CLOUD_ENV ?? ''),
  },
  alias: { '@': path.resolve(__dirname, '..', 'src') },
  framework: 'react',
  compiler: 'webpack5',
  cache: { enable: false },
  logger: { quiet: true, stats: false },
  mini: {
    // the client imports labels and option lists from zod-free core files (core/architecture.test.ts)
    compile: { include: [path.resolve(__dirname, '..', 'core')] },
    optimizeMainPackage: { enable: true },
    postcss: { pxtransform: { enable: true, config: {} }, cssModules: { enable: false } },
  },
  h5: {
    compile: { include: [path.resolve(__dirname, '..', 'core')] },
    publicPath: '/',
    staticDirectory: 'static',
    router: { mode: 'browser' },
    postcss: { autoprefixer: { enable: true, config: {} }, cssModules: { enable: false } },
  },
}));
