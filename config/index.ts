/** Taro build config: weapp (dist/weapp) and H5 (dist/h5) from the same sources. */
import path from 'node:path';
import { defineConfig } from '@tarojs/cli';

/** A webpack module's file (a concatenated module: its root module's). */
type Mod = { nameForCondition?: () => string | null; resource?: string };
type Graph = { getModuleChunksIterable: (m: Mod) => Iterable<object>; getChunkModulesIterable: (c: object) => Iterable<Mod> };
const fileOf = (m: Mod) => m.nameForCondition?.() ?? m.resource ?? '';
const OFFICER_PAGE = /[\\/]src[\\/]admin[\\/]/;
const officerChunk = new WeakMap<object, boolean>();
/** H5 splitChunks: the module sits only in officer page chunks (each holds a module of src/admin/). */
function onlyOfficerPages(module: Mod, { chunkGraph }: { chunkGraph: Graph }) {
  const chunks = Array.from(chunkGraph.getModuleChunksIterable(module));
  return (
    chunks.length > 0 &&
    chunks.every((c) => {
      if (!officerChunk.has(c))
        officerChunk.set(
          c,
          Array.from(chunkGraph.getChunkModulesIterable(c)).some((m) => OFFICER_PAGE.test(fileOf(m))),
        );
      return officerChunk.get(c);
    })
  );
}

export default defineConfig<'webpack5'>(() => ({
  projectName: 'union-service',
  date: '2026-11-24',
  designWidth: 375,
  deviceRatio: { 375: 2, 640: 2.34 / 2, 750: 1, 828: 1.81 / 2 },
  sourceRoot: 'src',
  outputRoot: `dist/${process.env.TARO_ENV}`,
  // weapp only: the build's checks (weapp-plugin.ts), the aria-* attributes and every page's <page-meta> (weapp-template.ts)
  plugins: [path.resolve(__dirname, 'weapp-plugin.ts'), path.resolve(__dirname, 'weapp-template.ts')],
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
    // Content-hashed names: the gateway sends them as immutable (a year), index.html as no-cache (server/gateway.ts).
    output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'chunk/[name].[contenthash:8].js' },
    miniCssExtractPluginOption: { filename: 'css/[name].[contenthash:8].css', chunkFilename: 'css/[name].[contenthash:8].css' },
    webpackChain(chain) {
      // Taro splits only the initial chunks (splitChunks.chunks 'initial'), so every page chunk carried its
      // own copy of Taro's H5 components and NutUI (~65 KB each). Code that two or more pages share goes
      // into chunks of its own instead, loaded beside the page (in parallel, once per visit, then cached):
      // - `admin-shared`: what only officer pages (src/admin/**) share, node_modules and ours, so a
      //   worker's first visit never loads officer-only code;
      // - `vendors-pages`: the rest of node_modules that two or more pages share;
      // - our own shared components in chunks webpack names itself, at least 8 KB each (smaller shared
      //   pieces stay in their pages: a request costs more than a few KB copied).
      chain.optimization.merge({
        splitChunks: {
          cacheGroups: {
            adminShared: {
              name: 'admin-shared',
              chunks: 'async',
              test: onlyOfficerPages,
              minChunks: 2,
              priority: 30,
              reuseExistingChunk: true,
              enforce: true,
            },
            pageVendors: {
              name: 'vendors-pages',
              chunks: 'async',
              test: /[\\/]node_modules[\\/]/,
              minChunks: 2,
              priority: 20,
              reuseExistingChunk: true,
              enforce: true,
            },
            pageCommon: { chunks: 'async', minChunks: 2, minSize: 8000, priority: 5, reuseExistingChunk: true },
          },
        },
      });
    },
  },
}));
