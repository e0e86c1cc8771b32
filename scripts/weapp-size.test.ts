/** The weapp build succeeds and its packages fit WeChat's limits and our main-package budget. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureWeappBuild } from './weapp-build';
import { MAIN_BUDGET, WEAPP_DIR, WECHAT_LIMIT, packageSizes } from './weapp-size';

jest.setTimeout(300_000);

beforeAll(ensureWeappBuild);

it('fits WeChat package limits, with the main package within its 600 KB budget', () => {
  const { sizes } = packageSizes();
  console.log(
    Object.entries(sizes)
      .map(([n, b]) => `${n}: ${(b / 1024).toFixed(1)} KB`)
      .join(', '),
  );
  for (const bytes of Object.values(sizes)) expect(bytes).toBeLessThan(WECHAT_LIMIT);
  expect(sizes.main).toBeLessThan(MAIN_BUDGET);
});

it('keeps officer pages in the admin subpackage, hardship aid in pages/aid, cases in pages/case, and zod / the CloudBase SDK out of the app', () => {
  const { roots, mainFiles } = packageSizes();
  expect(roots).toEqual(['admin', 'pages/aid', 'pages/case']);
  const app = JSON.parse(readFileSync(join(WEAPP_DIR, 'app.json'), 'utf8'));
  expect(app.pages.some((p: string) => p.startsWith('admin') || p.startsWith('pages/aid') || p.startsWith('pages/case'))).toBe(false);
  for (const file of mainFiles.filter((f) => f.endsWith('.js'))) {
    const js = readFileSync(file, 'utf8');
    expect({ file, zod: js.includes('ZodError'), sdk: js.includes('@cloudbase/node-sdk') }).toEqual({ file, zod: false, sdk: false });
  }
});
