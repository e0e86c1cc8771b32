/**
 * The gateway survives every bad request (issue 10): malformed percent-encoding, prototype names,
 * a handler that throws, bodies over the route's cap, slow clients; H5 pages carry browser hardening;
 * dev login cannot be on in production.
 */
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import type { Server } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createGateway, devLoginFrom, HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS, MAX_BODY } from './gateway';
import { makeWorld, type TestWorld } from './testing';
import { functions } from '../cloudfunctions/registry';
import type { CloudFunction } from '../cloudfunctions/_runtime/define';

let w: TestWorld;
let server: Server;
let port: number;
let base: string;
const INLINE = 'window.__x=1;';

beforeAll(async () => {
  w = await makeWorld({ seed: false });
  const staticDir = join(w.dir, 'h5');
  mkdirSync(join(staticDir, 'js'), { recursive: true });
  writeFileSync(
    join(staticDir, 'index.html'),
    `<!doctype html><html><head><script>${INLINE}</script><script defer src="/js/app.js"></script></head><body></body></html>`,
  );
  writeFileSync(join(staticDir, 'js', 'app.js'), 'console.log(1)');
  const boom: CloudFunction = {
    name: 'boom',
    contract: {},
    invoke() {
      throw new Error('a handler that throws');
    },
  };
  server = createGateway({ deps: w.deps, devLogin: true, staticDir, functions: Object.assign(Object.create(null), functions, { boom }) });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await w.close();
});

/** One raw HTTP request (nothing normalized on the way), the status line's code or null when the connection died unanswered. */
function raw(request: string, waitMs = 3000): Promise<{ status: number | null; text: string }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let text = '';
    socket.on('data', (d) => (text += d.toString('latin1')));
    const done = () => resolve({ status: /^HTTP\/1\.1 (\d{3})/.exec(text) ? Number(/^HTTP\/1\.1 (\d{3})/.exec(text)![1]) : null, text });
    socket.on('close', done);
    socket.on('error', () => undefined);
    setTimeout(() => socket.destroy(), waitMs).unref();
  });
}

const healthy = async () => (await fetch(`${base}/healthz`)).status === 200;

it('answers a malformed percent-encoding with 400 and keeps serving', async () => {
  for (const path of ['/%E0%A4%A', '/%', '/%zz', '/js/%ff', '/FILES/public/..%c0%afmaster.key']) {
    const r = await raw(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(r.status).toBe(400);
    expect(await healthy()).toBe(true);
  }
});

it('answers a throw inside a handler for that request alone, as the INTERNAL envelope', async () => {
  const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const res = await fetch(`${base}/api/boom`, { method: 'POST', body: '{"action":"x"}' });
  spy.mockRestore();
  expect(res.status).toBe(500);
  expect(await res.json()).toEqual({ ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后重试' } });
  expect(await healthy()).toBe(true);
});

it('knows no function by a prototype name', async () => {
  for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__']) {
    const res = await fetch(`${base}/api/${name}`, { method: 'POST', body: JSON.stringify({ action: 'myStatus', data: {} }) });
    expect([name, res.status, ((await res.json()) as any).error.code]).toEqual([name, 404, 'NOT_FOUND']);
  }
});

it('caps bodies per route: a large Content-Length is refused before its body arrives; 64 KB except uploads with a token', async () => {
  const t0 = Date.now();
  const huge = await raw('POST /api/member HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n{');
  expect(huge.status).toBe(400);
  expect(huge.text).toContain('"code":"VALIDATION"');
  expect(Date.now() - t0).toBeLessThan(2000);
  const big = JSON.stringify({ action: 'health', data: { pad: 'x'.repeat(MAX_BODY) } });
  expect((await fetch(`${base}/api/activity`, { method: 'POST', body: big })).status).toBe(400);
  expect((await fetch(`${base}/api/org`, { method: 'POST', body: big })).status).toBe(400); // anonymous: 64 KB everywhere
  const login = (await (await fetch(`${base}/api/dev/login`, { method: 'POST', body: JSON.stringify({ persona: 'worker' }) })).json()) as any;
  const withToken = await fetch(`${base}/api/org`, { method: 'POST', body: big, headers: { authorization: `Bearer ${login.data.token}` } });
  expect(((await withToken.json()) as any).error.message).not.toBe('请求内容过大'); // read, then refused by the action
  expect(await healthy()).toBe(true);
});

it('bounds slow clients: headers within 10 s, the whole request within 30 s', () => {
  expect([server.headersTimeout, server.requestTimeout]).toEqual([HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS]);
  expect(HEADERS_TIMEOUT_MS).toBeLessThanOrEqual(10_000);
  expect(REQUEST_TIMEOUT_MS).toBeLessThanOrEqual(30_000);
});

it('sends the H5 pages with a CSP that admits their own inline script, no framing, no sniffing', async () => {
  const res = await fetch(`${base}/pages/index/index`);
  expect(res.status).toBe(200);
  const csp = res.headers.get('content-security-policy')!;
  expect(csp).toContain(`'sha256-${createHash('sha256').update(INLINE).digest('base64')}'`);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain("'unsafe-eval'");
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  const js = await fetch(`${base}/js/app.js`);
  expect([js.headers.get('content-type'), js.headers.get('x-content-type-options')]).toEqual(['application/javascript; charset=utf-8', 'nosniff']);
});

it('never runs dev login in production', () => {
  expect(devLoginFrom({})).toBe(true);
  expect(devLoginFrom({ DEV_LOGIN: '0' })).toBe(false);
  expect(devLoginFrom({ NODE_ENV: 'production' })).toBe(false);
  expect(devLoginFrom({ NODE_ENV: 'production', DEV_LOGIN: '0' })).toBe(false);
  expect(() => devLoginFrom({ NODE_ENV: 'production', DEV_LOGIN: '1' })).toThrow(/NODE_ENV=production/);
});
