/** The weapp build succeeds and its packages fit WeChat's limits and our main-package budget. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MAIN_BUDGET, WEAPP_DIR, WECHAT_LIMIT, packageSizes } from './weapp-size';

const root = resolve(__dirname, '..');
jest.setTimeout(300_000);

function newest(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
    const p = join(dir, e.name);
    return Math.max(m, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }, 0);
}

beforeAll(() => {
  const built = join(WEAPP_DIR, 'app.json');
  const sources = Math.max(newest(join(root, 'src')), newest(join(root, 'config')), newest(join(root, 'core')));
  if (existsSync(built) && statSync(built).mtimeMs > sources) return;
  const r = spawnSync(process.execPath, [join(root, 'node_modules/@tarojs/cli/bin/taro'), 'build', '--type', 'weapp'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`weapp build failed:\n${r.stdout}\n${r.stderr}`);
});

it('fits WeChat package limits, with the main package within its 600 KB budget', () => {
  const { sizes } = packageSizes();
  console.log(Object.entries(sizes).map(([n, b]) => `${n}: ${(b / 1024).toFixed(1)} KB`).join(', '));
  for (const bytes of Object.values(sizes)) expect(bytes).toBeLessThan(WECHAT_LIMIT);
  expect(sizes.main).toBeLessThan(MAIN_BUDGET);
});

it('keeps officer pages in the admin subpackage and zod / the CloudBase SDK out of the app', () => {
  const { roots, mainFiles } = packageSizes();
  expect(roots).toEqual(['admin']);
  const app = JSON.parse(readFileSync(join(WEAPP_DIR, 'app.json'), 'utf8'));
  expect(app.pages.some((p: string) => p.startsWith('admin'))).toBe(false);
  for (const file of mainFiles.filter((f) => f.endsWith('.js'))) {
    const js = readFileSync(file, 'utf8');
    expect({ file, zod: js.includes('ZodError'), sdk: js.includes('@cloudbase/node-sdk') }).toEqual({ file, zod: false, sdk: false });
  }
});
