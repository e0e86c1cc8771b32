/** The cloud functions bundle, load in a plain Node process, and export a CloudBase `main`. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFunctions, FUNCTIONS_OUT } from './build-functions';

jest.setTimeout(120_000);

it('bundles every function into a self-contained file that exports main', async () => {
  const sizes = await buildFunctions();
  for (const { name, bytes } of sizes) {
    const file = join(FUNCTIONS_OUT, name, 'index.js');
    const text = readFileSync(file, 'utf8');
    expect({ name, loadsSqlite: /require\(["']better-sqlite3["']\)/.test(text) }).toEqual({ name, loadsSqlite: false });
    expect(bytes).toBeLessThan(5 * 1024 * 1024);
    // a fresh process measures the cold-start cost of loading the bundle
    const ms = Number(
      execFileSync(process.execPath, ['-e', `const t=process.hrtime.bigint();const m=require(${JSON.stringify(file)});if(typeof m.main!=='function')process.exit(3);console.log(Number(process.hrtime.bigint()-t)/1e6)`]).toString(),
    );
    console.log(`function ${name}: ${(bytes / 1024).toFixed(0)} KB, require ${ms.toFixed(0)} ms`);
  }
});
