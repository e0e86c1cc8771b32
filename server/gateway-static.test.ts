/**
 * The gateway serving the H5 build (issue 12.9): text files brotli- or gzip-encoded by Accept-Encoding with
 * Vary, compressed once per version of a file; content-hashed assets immutable, index.html no-cache;
 * a client that asks for no coding gets the bytes as they are.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { cacheControlFor, CompressedFiles, createGateway, negotiateEncoding } from './gateway';
import { makeWorld, type TestWorld } from './testing';

let w: TestWorld;
let server: Server;
let port: number;
let staticDir: string;
const APP_JS = Array.from({ length: 400 }, (_, i) => `export function f${i}(a){return a.map(function(x){return x*${i}+1})}`).join('\n');
const HASHED_JS = 'js/app.1a2b3c4d.js';
const HASHED_CSS = 'css/app.9f8e7d6c.css';
const INDEX = `<!doctype html><html><head><script defer src="/${HASHED_JS}"></script><link href="/${HASHED_CSS}" rel="stylesheet"></head><body><div id="app"></div>${'<!-- pad -->'.repeat(20)}</body></html>`;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  w = await makeWorld({ seed: false });
  staticDir = join(w.dir, 'h5-static');
  for (const d of ['js', 'css', 'static']) mkdirSync(join(staticDir, d), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), INDEX);
  writeFileSync(join(staticDir, HASHED_JS), APP_JS);
  writeFileSync(join(staticDir, HASHED_CSS), '.a{color:red}\n'.repeat(200));
  writeFileSync(join(staticDir, 'js', 'plain.js'), APP_JS);
  writeFileSync(join(staticDir, 'static', 'dot.png'), PNG);
  server = createGateway({ deps: w.deps, devLogin: false, staticDir });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await w.close();
});

/** A GET with exactly these headers (fetch would add its own Accept-Encoding and decode the body). */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers as Record<string, string | undefined>, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

it('serves a JS file brotli-encoded to a browser that accepts br, with Vary and the length of what is sent', async () => {
  const r = await get(`/${HASHED_JS}`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
  expect(r.status).toBe(200);
  expect(r.headers['content-encoding']).toBe('br');
  expect(r.headers.vary).toBe('Accept-Encoding');
  expect(r.headers['content-type']).toBe('application/javascript; charset=utf-8');
  expect(Number(r.headers['content-length'])).toBe(r.body.length);
  expect(r.body.length).toBeLessThan(Buffer.byteLength(APP_JS) / 4);
  expect(brotliDecompressSync(r.body).toString()).toBe(APP_JS);
});

it('serves gzip to a client that accepts gzip and not br', async () => {
  for (const ae of ['gzip', 'gzip, deflate', 'br;q=0, gzip', 'x-gzip']) {
    const r = await get(`/${HASHED_CSS}`, { 'accept-encoding': ae });
    expect([ae, r.headers['content-encoding'], r.headers.vary]).toEqual([ae, 'gzip', 'Accept-Encoding']);
    expect(gunzipSync(r.body).toString()).toBe('.a{color:red}\n'.repeat(200));
  }
});

it('sends the bytes as they are (identity) to a client without Accept-Encoding, or one that refuses both codings', async () => {
  for (const headers of [
    {} as Record<string, string>,
    { 'accept-encoding': 'identity' },
    { 'accept-encoding': 'br;q=0, gzip;q=0' },
    { 'accept-encoding': 'deflate' },
  ]) {
    const r = await get(`/${HASHED_JS}`, headers);
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.headers.vary).toBe('Accept-Encoding'); // a cache must not hand this copy to a browser that asked for br
    expect(r.body.toString()).toBe(APP_JS);
    expect(Number(r.headers['content-length'])).toBe(Buffer.byteLength(APP_JS));
  }
});

it('caches content-hashed assets as immutable for a year, index.html (and the app routes it answers) as no-cache', async () => {
  const cache = async (path: string) => (await get(path, { 'accept-encoding': 'br' })).headers['cache-control'];
  expect(await cache(`/${HASHED_JS}`)).toBe('public, max-age=31536000, immutable');
  expect(await cache(`/${HASHED_CSS}`)).toBe('public, max-age=31536000, immutable');
  expect(await cache('/')).toBe('no-cache');
  expect(await cache('/index.html')).toBe('no-cache');
  expect(await cache('/pages/join/index')).toBe('no-cache');
  expect(await cache('/js/plain.js')).toBe('public, max-age=3600'); // no hash in the name: an hour
  const page = await get('/pages/join/index', { 'accept-encoding': 'br' });
  expect([page.headers['content-type'], page.headers['content-encoding']]).toEqual(['text/html; charset=utf-8', 'br']);
  expect(brotliDecompressSync(page.body).toString()).toBe(INDEX);
  expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(cacheControlFor('chunk/118.0123abcd.js')).toBe('public, max-age=31536000, immutable');
  expect(cacheControlFor('js/app.js')).toBe('public, max-age=3600');
});

it('answers a revalidation of index.html that has not changed with 304', async () => {
  const first = await get('/', { 'accept-encoding': 'gzip' });
  expect(first.headers.etag).toBeTruthy();
  const again = await get('/', { 'accept-encoding': 'gzip', 'if-none-match': first.headers.etag! });
  expect(again.status).toBe(304);
  expect(again.body.length).toBe(0);
  expect(again.headers['cache-control']).toBe('no-cache');
});

it('never compresses images: they are sent as they are whatever the client accepts', async () => {
  const r = await get('/static/dot.png', { 'accept-encoding': 'gzip, br' });
  expect(r.headers['content-type']).toBe('image/png');
  expect(r.headers['content-encoding']).toBeUndefined();
  expect(r.body).toEqual(PNG);
});

it('compresses a file once per version: the same bytes for every request, new ones when the file changes', async () => {
  const files = new CompressedFiles();
  const file = join(staticDir, 'js', 'plain.js');
  const a = files.get(file);
  expect(files.get(file)).toBe(a); // not compressed again
  const first = await a;
  expect(files.get(file)).toBe(a);
  writeFileSync(file, APP_JS + '\nexport const changed = 1;');
  const b = await files.get(file);
  expect(brotliDecompressSync(b.br!).toString()).toContain('changed = 1');
  expect(b.etag).not.toBe(first.etag);
  expect(await files.warm(staticDir)).toBe(4); // index.html, two JS, one CSS; not the PNG
  const served = await get('/js/plain.js', { 'accept-encoding': 'br' });
  expect(brotliDecompressSync(served.body).toString()).toContain('changed = 1');
});

it('negotiates by Accept-Encoding: br before gzip, q=0 refuses, * stands for the rest', () => {
  expect(negotiateEncoding(undefined)).toBe('identity');
  expect(negotiateEncoding('')).toBe('identity');
  expect(negotiateEncoding('gzip, deflate, br')).toBe('br');
  expect(negotiateEncoding('BR;q=0.5, gzip;q=1')).toBe('br');
  expect(negotiateEncoding('br;q=0, gzip;q=0.8')).toBe('gzip');
  expect(negotiateEncoding('*')).toBe('br');
  expect(negotiateEncoding('*;q=0, gzip')).toBe('gzip');
  expect(negotiateEncoding('br;q=0, *')).toBe('gzip');
  expect(negotiateEncoding('identity;q=1, *;q=0')).toBe('identity');
  expect(negotiateEncoding(['gzip', 'br'])).toBe('br');
});
