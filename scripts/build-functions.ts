/**
 * Bundles each cloud function with esbuild into build/functions/<name>/index.js (the folder that
 * project.config.json `cloudfunctionRoot` and cloudbaserc.json `functionRoot` point at), with a
 * package.json declaring no dependencies: the folder is self-contained.
 *
 * Cold start: every byte of index.js is read and parsed on a cold start, whether or not the call
 * needs it. Libraries that only some actions use (LAZY_LIBS: exceljs for the roster export, qrcode
 * for QR images) are therefore not inlined: each becomes its own file, `lib/<name>.js` next to
 * index.js, which the handler reaches through a dynamic `import()` that esbuild turns into
 * `require("./lib/<name>.js")` on first use. Only the functions that import a library get its file.
 */
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MANIFESTS } from '../cloudfunctions/registry';
import { functionConfigJson } from './platform';

const root = resolve(__dirname, '..');
/** one cloud function per manifest (cloudfunctions/registry.ts) */
export const FUNCTION_NAMES: readonly string[] = MANIFESTS.map((m) => m.name);
export const FUNCTIONS_OUT = join(root, 'build', 'functions');
/** heavy libraries loaded only by the actions that use them (see above) */
export const LAZY_LIBS = ['exceljs', 'qrcode'] as const;

/** The options every bundle shares (the functions, their lazy libraries, the cold-start baseline). */
export const BUNDLE_OPTIONS: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node16',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  // the SQLite adapter is never imported by a cloud function; keep it out if someone tries
  external: ['better-sqlite3'],
};

/**
 * Resolves a lazy library to a one-line stand-in, `module.exports = require("./lib/<name>.js")`,
 * with that file left external. The stand-in (rather than marking the
 * library itself external) makes esbuild turn `await import('x')` into a `require` on first use, not
 * a native `import()`, which also loads under jest's module system.
 */
/**
 * The SDK's AI module (`@cloudbase/node-sdk/dist/ai`, which pulls in `@cloudbase/ai` and a streams
 * polyfill: ~150 KB parsed on every cold start) is reachable only through `app.ai()`, which no union
 * function calls. It is replaced by a stand-in whose `createAI` says so, should anyone ever call it.
 */
export function withoutSdkAi(): Plugin {
  return {
    name: 'without-sdk-ai',
    setup(b) {
      b.onResolve({ filter: /^\.\/ai$/ }, (args) =>
        /[\\/]@cloudbase[\\/]node-sdk[\\/]dist[\\/]cloudbase\.js$/.test(args.importer) ? { path: 'sdk-ai', namespace: 'without-sdk-ai' } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'without-sdk-ai' }, () => ({
        contents: `exports.createAI = () => { throw new Error('app.ai() is not bundled into the union functions (scripts/build-functions.ts)'); };`,
        loader: 'js',
      }));
    },
  };
}

function lazyLibs(): Plugin {
  const filter = new RegExp(`^(${LAZY_LIBS.join('|')})$`);
  return {
    name: 'lazy-libs',
    setup(b) {
      b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'lazy-lib' }));
      b.onLoad({ filter: /.*/, namespace: 'lazy-lib' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(`./lib/${args.path}.js`)});`,
        loader: 'js',
      }));
      b.onResolve({ filter: /^\.\/lib\//, namespace: 'lazy-lib' }, (args) => ({ path: args.path, external: true }));
    },
  };
}

export interface BuiltFunction {
  name: string;
  /** index.js: what a cold start loads */
  bytes: number;
  /** lib/<name>.js files loaded on first use, with their sizes */
  lazy: Array<{ lib: string; bytes: number }>;
}

export async function buildFunctions(): Promise<BuiltFunction[]> {
  const out: BuiltFunction[] = [];
  for (const name of FUNCTION_NAMES) {
    const dir = join(FUNCTIONS_OUT, name);
    rmSync(join(dir, 'lib'), { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const result = await build({
      ...BUNDLE_OPTIONS,
      entryPoints: [join(root, 'cloudfunctions', name, 'index.ts')],
      outfile: join(dir, 'index.js'),
      plugins: [lazyLibs(), withoutSdkAi()],
      metafile: true,
    });
    // the stand-ins that survived tree shaking: the libraries this function really reaches
    const inputs = Object.values(result.metafile.outputs).flatMap((o) => Object.keys(o.inputs));
    const used = LAZY_LIBS.filter((lib) => inputs.includes(`lazy-lib:${lib}`));
    const lazy: BuiltFunction['lazy'] = [];
    for (const lib of used) {
      const file = join(dir, 'lib', `${lib}.js`);
      await build({
        ...BUNDLE_OPTIONS,
        stdin: { contents: `module.exports = require(${JSON.stringify(lib)});`, resolveDir: root, loader: 'js' },
        outfile: file,
      });
      lazy.push({ lib, bytes: statSync(file).size });
    }
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', main: 'index.js', private: true }, null, 2));
    // WeChat's function config: the open APIs the function may call (notify: subscribeMessage.send)
    const config = functionConfigJson(MANIFESTS.find((m) => m.name === name)!);
    if (config) writeFileSync(join(dir, 'config.json'), config);
    else rmSync(join(dir, 'config.json'), { force: true });
    out.push({ name, bytes: statSync(join(dir, 'index.js')).size, lazy });
  }
  return out;
}

if (require.main === module) {
  buildFunctions().then((sizes) => {
    for (const s of sizes) {
      const lazy = s.lazy.map((l) => `lib/${l.lib}.js ${(l.bytes / 1024).toFixed(0)} KB`).join(', ');
      console.log(`${s.name.padEnd(10)} ${(s.bytes / 1024).toFixed(0)} KB  build/functions/${s.name}/index.js${lazy ? `  (on first use: ${lazy})` : ''}`);
    }
  });
}
