/**
 * Package sizes of the weapp build: the main package (everything outside subpackage roots) and each
 * subpackage. WeChat refuses a package over 2 MB; our own budget for the main package is 600 KB.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const WEAPP_DIR = resolve(__dirname, '..', 'dist', 'weapp');
export const WECHAT_LIMIT = 2 * 1024 * 1024;
export const MAIN_BUDGET = 600 * 1024;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

export function packageSizes(dir = WEAPP_DIR) {
  const app = JSON.parse(readFileSync(join(dir, 'app.json'), 'utf8')) as { subPackages?: Array<{ root: string }> };
  const roots = (app.subPackages ?? []).map((s) => s.root.replace(/\/$/, ''));
  const sizes: Record<string, number> = { main: 0, ...Object.fromEntries(roots.map((r) => [r, 0])) };
  const mainFiles: string[] = [];
  for (const file of files(dir)) {
    const rel = relative(dir, file);
    if (rel === 'project.config.json' || rel.endsWith('.LICENSE.txt')) continue;
    const root = roots.find((r) => rel.startsWith(`${r}/`));
    sizes[root ?? 'main'] += statSync(file).size;
    if (!root) mainFiles.push(file);
  }
  return { sizes, roots, mainFiles };
}

if (require.main === module) {
  const { sizes } = packageSizes();
  for (const [name, bytes] of Object.entries(sizes)) console.log(`${name.padEnd(8)} ${(bytes / 1024).toFixed(1)} KB`);
}
