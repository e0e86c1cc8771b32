/**
 * The local gateway: the same function handlers as CloudBase, over HTTP.
 *   POST /api/<function>  {action, data}  Authorization: Bearer <token>  → envelope, status by code
 *   GET  /healthz
 *   GET  /files/public/<key>  what the Files port published for all to see (posters)
 *   GET  /files/dl/<ref>?exp&name&type&sig  a signed, expiring download link an action handed out (files, exports)
 *   dev login (when enabled): GET /api/dev/personas, POST /api/dev/login
 *   (notices are read through `notify.inbox` with a token, like every other call: no open outbox route)
 *   everything else: the H5 build (single-page app fallback to index.html)
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { Dependencies } from '../core/shared/ports';
import { functions as defaultFunctions } from '../cloudfunctions/registry';
import { httpStatusOf, toEnvelope, type CloudFunction, type Envelope } from '../cloudfunctions/_runtime/define';
import { AppError } from '../core/shared/errors';
import { issueToken, verifyToken } from './tokens';
import { PERSONAS } from './personas';
import { DOWNLOAD_ROUTE, PUBLIC_ROUTE, isLocalFiles, publicRef } from '../adapters/files/local';

export interface GatewayOptions {
  deps: Dependencies;
  devLogin: boolean;
  /** folder of the H5 build to serve at / (optional) */
  staticDir?: string;
  functions?: Record<string, CloudFunction>;
}

/** 8 MB: a 4 MB attachment as base64 in JSON (H5 uploads go through the API; WeChat's go straight to storage) */
const MAX_BODY = 8 << 20;
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

function send(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendEnvelope(res: ServerResponse, envelope: Envelope) {
  send(res, httpStatusOf(envelope), envelope);
}

/** The request body as JSON (stream events, not an async iterator: one promise per request, not per chunk). */
function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > MAX_BODY) {
        failed = true;
        reject(new AppError('VALIDATION', '请求内容过大'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', (e) => !failed && ((failed = true), reject(e)));
    req.on('end', () => {
      if (failed) return;
      if (size === 0) return resolve({});
      try {
        resolve(JSON.parse(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new AppError('VALIDATION', '请求格式不正确（应为 JSON）'));
      }
    });
  });
}

export function createGateway(opts: GatewayOptions): Server {
  const { deps, devLogin } = opts;
  const fns = opts.functions ?? defaultFunctions;

  function uidOf(req: IncomingMessage): string | null | 'invalid' {
    const auth = req.headers.authorization;
    if (!auth) return null;
    const m = /^Bearer\s+(.+)$/i.exec(auth);
    if (!m) return 'invalid';
    return verifyToken(deps.crypto, m[1], deps.clock.now()) ?? 'invalid';
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string) {
    if (devLogin && path === '/api/dev/personas' && req.method === 'GET') {
      return send(res, 200, { ok: true, data: { personas: PERSONAS.map(({ id, name, title, description }) => ({ id, name, title, description })) } });
    }
    if (devLogin && path === '/api/dev/login' && req.method === 'POST') {
      const body = (await readJson(req)) as { persona?: unknown };
      const persona = PERSONAS.find((p) => p.id === body?.persona);
      if (!persona) throw new AppError('VALIDATION', '未知的体验身份', [{ path: ['persona'], message: '未知的体验身份' }]);
      const token = issueToken(deps.crypto, persona.uid, deps.clock.now());
      return send(res, 200, {
        ok: true,
        data: { token, user: { uid: persona.uid, name: persona.name, persona: persona.id, grants: persona.grants } },
      });
    }
    const fn = fns[path.slice('/api/'.length)];
    if (!fn || path.slice('/api/'.length).includes('/')) throw new AppError('NOT_FOUND', '接口不存在');
    if (req.method !== 'POST') throw new AppError('VALIDATION', '请使用 POST 调用云函数');
    const uid = uidOf(req);
    if (uid === 'invalid') throw new AppError('UNAUTHENTICATED', '登录已失效，请重新登录');
    const event = await readJson(req);
    sendEnvelope(res, await fn.invoke(event, { uid }, deps));
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse, path: string) {
    const root = opts.staticDir;
    if (!root || !existsSync(join(root, 'index.html'))) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end('H5 未构建：请运行 npm run build:h5');
    }
    let file = normalize(join(root, decodeURIComponent(path)));
    if (!file.startsWith(normalize(root) + sep) || !existsSync(file) || statSync(file).isDirectory()) {
      file = join(root, 'index.html');
    }
    const type = MIME[extname(file)] ?? 'application/octet-stream';
    const cache = file.endsWith('index.html') ? 'no-cache' : 'public, max-age=3600';
    res.writeHead(200, { 'content-type': type, 'cache-control': cache });
    createReadStream(file).pipe(res);
  }

  /** A published file (a poster): immutable under its key, an image type, never sniffed as anything else. */
  async function servePublic(res: ServerResponse, key: string) {
    const ref = publicRef(key);
    const bytes = ref ? await deps.files.get(ref) : null;
    if (!bytes) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end('文件不存在');
    }
    res.writeHead(200, { 'content-type': MIME[extname(key)], 'content-length': bytes.length, 'cache-control': 'public, max-age=86400, immutable', 'x-content-type-options': 'nosniff' });
    res.end(bytes);
  }

  /**
   * A download link an action handed out after its scope check (Files.url): checked by the adapter
   * that signed it, sent as an attachment under its file name, never sniffed, never cached.
   */
  async function serveDownload(res: ServerResponse, refPath: string, query: URLSearchParams) {
    const d = isLocalFiles(deps.files) ? await deps.files.openDownload(refPath, query) : ({ ok: false, reason: 'invalid' } as const);
    if (!d.ok) {
      const [status, text] = d.reason === 'expired' ? [403, '下载链接已过期，请返回重新下载'] : d.reason === 'missing' ? [404, '文件不存在或已被删除'] : [403, '下载链接无效'];
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      return res.end(text);
    }
    const ascii = d.filename.replace(/[^\x20-\x7e]|["\\]/g, '_') || 'download';
    res.writeHead(200, {
      'content-type': d.contentType || 'application/octet-stream',
      'content-length': d.bytes.length,
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(d.filename)}`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
    });
    res.end(d.bytes);
  }

  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path.startsWith(DOWNLOAD_ROUTE) && (req.method === 'GET' || req.method === 'HEAD')) {
      const query = new URLSearchParams((req.url ?? '').slice(path.length + 1));
      serveDownload(res, path.slice(DOWNLOAD_ROUTE.length), query).catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('下载失败，请稍后重试');
      });
      return;
    }
    if (path === '/healthz') return send(res, 200, { ok: true, data: { status: 'up' } });
    if (path.startsWith(PUBLIC_ROUTE) && (req.method === 'GET' || req.method === 'HEAD')) {
      servePublic(res, path.slice(PUBLIC_ROUTE.length)).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
      return;
    }
    if (path.startsWith('/api/')) {
      handleApi(req, res, path).catch((e) => sendEnvelope(res, toEnvelope(e, `gateway ${path}`)));
      return;
    }
    serveStatic(req, res, path);
  });
}
