/** `npm run test:e2e`: a fresh demo data folder, then the playwright journeys (see playwright.config.ts). */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');
const dataDir = join(root, '.data-e2e');
rmSync(dataDir, { recursive: true, force: true });
const r = spawnSync(process.execPath, [join(root, 'node_modules/@playwright/test/cli.js'), 'test', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, E2E_DATA_DIR: dataDir },
});
process.exit(r.status ?? 1);
