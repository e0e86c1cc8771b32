/**
 * Bundles each cloud function with esbuild into build/functions/<name>/index.js (the folder that
 * project.config.json `cloudfunctionRoot` and cloudbaserc.json `functionRoot` point at), with a
 * package.json declaring no dependencies: the bundle is self-contained.
 */
import { build } from 'esbuild';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');
export const FUNCTION_NAMES = ['member', 'org', 'activity', 'founding', 'transfer'] as const;
export const FUNCTIONS_OUT = join(root, 'build', 'functions');

export async function buildFunctions(): Promise<Array<{ name: string; bytes: number }>> {
  const out: Array<{ name: string; bytes: number }> = [];
  for (const name of FUNCTION_NAMES) {
    const dir = join(FUNCTIONS_OUT, name);
    mkdirSync(dir, { recursive: true });
    await build({
      entryPoints: [join(root, 'cloudfunctions', name, 'index.ts')],
      outfile: join(dir, 'index.js'),
      bundle: true,
      platform: 'node',
      target: 'node16',
      format: 'cjs',
      minify: true,
      legalComments: 'none',
      logLevel: 'warning',
      // the SQLite adapter is never imported by a cloud function; keep it out if someone tries
      external: ['better-sqlite3'],
    });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', main: 'index.js', private: true }, null, 2));
    out.push({ name, bytes: statSync(join(dir, 'index.js')).size });
  }
  return out;
}

if (require.main === module) {
  buildFunctions().then((sizes) => {
    for (const s of sizes) console.log(`${s.name.padEnd(10)} ${(s.bytes / 1024).toFixed(0)} KB  build/functions/${s.name}/index.js`);
  });
}
