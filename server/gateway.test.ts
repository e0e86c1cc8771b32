/** The local gateway over real HTTP: dev login, bearer tokens, the envelope and its status codes. */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createGateway } from './gateway';
import { makeWorld, joinForm, type TestWorld } from './testing';
import { localFiles } from '../adapters/files/local';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

let w: TestWorld;
let server: Server;
let base: string;

async function start(devLogin: boolean) {
  server = createGateway({ deps: w.deps, devLogin });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeEach(async () => {
  w = await makeWorld();
  await start(true);
});
afterEach(async () => {
  await new Promise((r) => server.close(r));
  await w.close();
});

async function post(path: string, body: unknown, token?: string) {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function login(persona: string): Promise<string> {
  const r = await post('/api/dev/login', { persona });
  expect(r.status).toBe(200);
  return r.body.data.token;
}

it('answers /healthz and lists the dev personas', async () => {
  expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ ok: true, data: { status: 'up' } });
  const personas = (await (await fetch(`${base}/api/dev/personas`)).json()) as any;
  expect(personas.data.personas.map((p: any) => p.id)).toEqual(expect.arrayContaining(['worker', 'member', 'union-officer', 'federation-officer', 'admin']));
});

it('runs the journey over HTTP: join, approve, show and verify the card', async () => {
  const worker = await login('worker');
  const officer = await login('union-officer');
  const submitted = await post('/api/member', { action: 'submitApplication', data: joinForm() }, worker);
  expect(submitted.status).toBe(200);
  const id = submitted.body.data.id;
  const decided = await post('/api/member', { action: 'decide', data: { applicationId: id, decision: 'approve' } }, officer);
  expect(decided.body.data.status).toBe('approved');
  const card = await post('/api/member', { action: 'myCard', data: {} }, worker);
  expect(card.status).toBe(200);
  const check = await post('/api/member', { action: 'verifyCard', data: { code: card.body.data.code } }, officer);
  expect(check.body.data.valid).toBe(true);
  // the decision is in the worker's inbox, read with the worker's token; the outbox has no open route
  const inbox = await post('/api/notify', { action: 'inbox', data: {} }, worker);
  expect(inbox.body.data.items[0]).toMatchObject({ title: '入会申请已通过', page: '/pages/card/index' });
  expect((await post('/api/notify', { action: 'inbox', data: {} })).status).toBe(401);
  expect((await fetch(`${base}/api/dev/outbox`)).status).toBe(404);
});

it('maps error codes to HTTP statuses', async () => {
  const worker = await login('worker');
  expect((await post('/api/member', { action: 'submitApplication', data: { ...joinForm(), idNumber: '1' } }, worker)).status).toBe(400);
  expect((await post('/api/member', { action: 'submitApplication', data: joinForm() })).status).toBe(401);
  expect((await post('/api/member', { action: 'myStatus', data: {} }, 'forged.token')).status).toBe(401);
  expect((await post('/api/member', { action: 'listQueue', data: {} }, worker)).status).toBe(403);
  expect((await post('/api/nothing', { action: 'x', data: {} }, worker)).status).toBe(404);
  expect((await post('/api/member', '{not json', worker)).body).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  const form = joinForm();
  await post('/api/member', { action: 'submitApplication', data: form }, worker);
  const dup = await post('/api/member', { action: 'submitApplication', data: { ...form, idempotencyKey: 'different_key' } }, worker);
  expect(dup.status).toBe(409);
  expect(dup.body.error.message).toMatch(/入会申请/);
});

it('has no dev login when it is off (production)', async () => {
  await new Promise((r) => server.close(r));
  await start(false);
  expect((await fetch(`${base}/api/dev/personas`)).status).toBe(404);
  expect((await post('/api/dev/login', { persona: 'admin' })).status).toBe(404);
});

describe('download links', () => {
  it('serves a file an action handed out as an attachment under its name; a forged, expired or dangling link is refused in Chinese', async () => {
    let t = Date.now();
    w.deps.files = localFiles(join(w.dir, 'files'), { now: () => t });
    const ref = await w.deps.files.put('f_gateway', new Uint8Array(Buffer.from('%PDF-1.4 demo')));
    const url = (await w.deps.files.url(ref, { maxAgeSeconds: 60, filename: '会员大会 "记录".pdf', contentType: 'application/pdf' }))!;
    const res = await fetch(base + url);
    expect(res.status).toBe(200);
    expect(Object.fromEntries(['content-type', 'x-content-type-options', 'cache-control'].map((h) => [h, res.headers.get(h)]))).toEqual({
      'content-type': 'application/pdf',
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    });
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="____ ____.pdf"; filename*=UTF-8''${encodeURIComponent('会员大会 "记录".pdf')}`);
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe('%PDF-1.4 demo');
    const refused = async (path: string) => {
      const r = await fetch(base + path);
      return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
    };
    expect(await refused(url.replace(/sig=[^&]+/, 'sig=forged'))).toEqual({ status: 403, type: 'text/plain; charset=utf-8', text: '下载链接无效' });
    expect(await refused(url.replace('type=application%2Fpdf', 'type=text%2Fhtml'))).toMatchObject({ status: 403, text: '下载链接无效' });
    expect(await refused('/files/dl/..%2F..%2Fetc%2Fpasswd?exp=1&sig=x')).toMatchObject({ status: 403, text: '下载链接无效' });
    t += 61_000;
    expect(await refused(url)).toEqual({ status: 403, type: 'text/plain; charset=utf-8', text: '下载链接已过期，请返回重新下载' });
    t -= 61_000;
    rmSync(join(w.dir, 'files', 'f_gateway'));
    expect(await refused(url)).toEqual({ status: 404, type: 'text/plain; charset=utf-8', text: '文件不存在或已被删除' });
  });
});

describe('published files', () => {
  it('serves a poster as an image that is never sniffed; nothing else under /files/public', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const url = await w.deps.files.putPublic('poster_f_test.png', new Uint8Array(png));
    const res = await fetch(base + url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(png);
    await w.deps.files.put('private_upload', new Uint8Array(png));
    for (const path of ['/files/public/private_upload', '/files/public/..%2Fprivate_upload', '/files/public/../private_upload', '/files/public/missing.png']) {
      expect((await fetch(base + path)).status).toBe(404);
    }
  });
});
