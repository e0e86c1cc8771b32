/** Local files: signed, expiring download links that only this adapter issues and checks. */
import { mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localFiles, openDownloadUrl, type LocalFiles } from './local';

let dir: string;
let t: number;
let files: LocalFiles;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'files-test-'));
  t = Date.UTC(2026, 11, 1, 2, 0, 0);
  files = localFiles(dir, { now: () => t });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const opts = { maxAgeSeconds: 300, filename: '选举结果.pdf', contentType: 'application/pdf' };
const bytes = new Uint8Array(Buffer.from('%PDF-1.4 demo'));

it('a link opens the file under its name until it expires', async () => {
  const ref = await files.put('f_demo', bytes);
  const url = (await files.url(ref, opts))!;
  expect(url).toMatch(/^\/files\/dl\/f_demo\?exp=\d+&name=.+&type=.+&sig=[\w-]+$/);
  expect(await openDownloadUrl(files, url)).toEqual({ ok: true, bytes, filename: '选举结果.pdf', contentType: 'application/pdf' });
  t += 300_000;
  expect((await openDownloadUrl(files, url)).ok).toBe(true);
  t += 1_000;
  expect(await openDownloadUrl(files, url)).toEqual({ ok: false, reason: 'expired' });
});

it('exports live under exports/ and are downloaded the same way', async () => {
  const ref = await files.putExport('roster_act_1_x.xlsx', bytes);
  expect(ref).toBe('exports/roster_act_1_x.xlsx');
  const d = await openDownloadUrl(files, (await files.url(ref, { ...opts, filename: '名单.xlsx' }))!);
  expect(d).toMatchObject({ ok: true, filename: '名单.xlsx' });
  // exports older than a day are cleared when the next one is written
  const old = new Date(Date.now() - 2 * 86400_000);
  utimesSync(join(dir, ref), old, old);
  await files.putExport('roster_act_2_y.xlsx', bytes);
  expect(readdirSync(join(dir, 'exports'))).toEqual(['roster_act_2_y.xlsx']);
});

it('a changed link is refused: another file, a later expiry, another name or type, another key', async () => {
  await files.put('f_demo', bytes);
  await files.put('f_other', bytes);
  const url = (await files.url('f_demo', opts))!;
  const u = new URL(url, 'http://x');
  const variant = (f: (u: URL) => void) => {
    const v = new URL(u);
    f(v);
    return `${v.pathname}${v.search}`;
  };
  for (const forged of [
    variant((v) => (v.pathname = '/files/dl/f_other')),
    variant((v) => v.searchParams.set('exp', String(Number(v.searchParams.get('exp')) + 3600))),
    variant((v) => v.searchParams.set('name', 'x.html')),
    variant((v) => v.searchParams.set('type', 'text/html')),
    variant((v) => v.searchParams.set('sig', 'AAAAAAAAAAAAAAAAAAAAAAAA')),
    variant((v) => v.searchParams.delete('sig')),
    variant((v) => (v.pathname = '/files/dl/..%2Fmaster.key')),
    '/files/dl/?exp=1',
  ]) {
    expect({ forged, answer: await openDownloadUrl(files, forged) }).toEqual({ forged, answer: { ok: false, reason: 'invalid' } });
  }
  // another adapter (another key) does not accept this one's links
  expect(await openDownloadUrl(localFiles(dir), url)).toEqual({ ok: false, reason: 'invalid' });
});

it('no link for a missing file; a link whose file went away answers missing', async () => {
  expect(await files.url('f_none', opts)).toBeNull();
  expect(await files.url('../etc/passwd', opts)).toBeNull();
  await files.put('f_demo', bytes);
  const url = (await files.url('f_demo', opts))!;
  rmSync(join(dir, 'f_demo'));
  expect(await openDownloadUrl(files, url)).toEqual({ ok: false, reason: 'missing' });
});
