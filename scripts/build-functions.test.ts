/** The cloud functions bundle, load in a plain Node process, and export a CloudBase `main`. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFunctions, FUNCTIONS_OUT } from './build-functions';
import { makeWorld, ok, TEST_NOW } from '../server/testing';
import { openDownloadUrl } from '../adapters/files/local';
import type { Envelope } from '../cloudfunctions/_runtime/define';

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
      execFileSync(process.execPath, [
        '-e',
        `const t=process.hrtime.bigint();const m=require(${JSON.stringify(file)});if(typeof m.main!=='function')process.exit(3);console.log(Number(process.hrtime.bigint()-t)/1e6)`,
      ]).toString(),
    );
    console.log(`function ${name}: ${(bytes / 1024).toFixed(0)} KB, require ${ms.toFixed(0)} ms`);
  }
  // the sender may call WeChat's subscribe-message API: its function declares it (config.json)
  expect(JSON.parse(readFileSync(join(FUNCTIONS_OUT, 'notify', 'config.json'), 'utf8'))).toEqual({ permissions: { openapi: ['subscribeMessage.send'] } });
});

it('keeps exceljs and qrcode out of the cold start, and they work from the built bundle on first use', async () => {
  // the folder on its own, as deploy uploads it: nothing to fall back on in the repo's node_modules
  const dir = join(mkdtempSync(join(tmpdir(), 'fn-activity-')), 'activity');
  cpSync(join(FUNCTIONS_OUT, 'activity'), dir, { recursive: true });
  // a fresh process: loading index.js reads neither library's file
  const loaded = JSON.parse(
    execFileSync(process.execPath, [
      '-e',
      `require(${JSON.stringify(join(dir, 'index.js'))});console.log(JSON.stringify(Object.keys(require.cache).map((k)=>require('path').relative(${JSON.stringify(dir)},k))))`,
    ]).toString(),
  );
  expect(loaded).toEqual(['index.js']);
  for (const name of ['activity', 'member', 'transfer'])
    expect(readFileSync(join(FUNCTIONS_OUT, name, 'index.js'), 'utf8')).toContain('require("./lib/qrcode.js")');
  // exceljs's own code sits in lib/exceljs.js, not in index.js
  expect(readFileSync(join(dir, 'lib', 'exceljs.js'), 'utf8')).toContain('xl/sharedStrings.xml');
  expect(readFileSync(join(dir, 'index.js'), 'utf8')).not.toContain('xl/sharedStrings.xml');

  // the built bundle's handlers with test dependencies (SQLite, local files): export and QR through lib/*.js
  const w = await makeWorld();
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bundle = require(join(dir, 'index.js'));
    const call = (action: string, data: unknown, uid: string): Promise<Envelope<any>> => bundle.activityManifest.fn.invoke({ action, data }, { uid }, w.deps);
    const H = 3600_000;
    const a = ok(
      await call(
        'publish',
        {
          kind: 'activity',
          title: '职工篮球赛',
          place: '园区体育馆',
          startAt: TEST_NOW + 72 * H,
          endAt: TEST_NOW + 75 * H,
          signupOpensAt: TEST_NOW - H,
          signupClosesAt: TEST_NOW + 48 * H,
          seats: 5,
          waitlist: true,
          membersOnly: true,
        },
        'dev_federation_officer',
      ),
    );
    ok(await call('signup', { activityId: a.id }, 'dev_member'));
    const file = ok(await call('exportRoster', { activityId: a.id }, 'dev_federation_officer'));
    expect(file.filename).toBe('职工篮球赛-报名名单.xlsx');
    const d = await openDownloadUrl(w.deps.files, file.url);
    if (!d.ok) throw new Error(`download ${d.reason}`);
    expect(Buffer.from(d.bytes).subarray(0, 2).toString()).toBe('PK'); // a zip: the xlsx container
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(d.bytes) as never);
    expect((book.getWorksheet('报名名单')!.getRow(2).values as unknown[])[1]).toBe('李娜'); // the roster is the officer's own members' sign-in sheet: names in full
    w.clock.t = a.startAt - H; // check-in opens two hours before the start
    const code = ok(await call('checkInCode', { activityId: a.id }, 'dev_federation_officer'));
    expect(code.qrDataUrl).toMatch(/^data:image\/png;base64,/);
  } finally {
    await w.close();
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
});
