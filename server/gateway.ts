/**
 * The local gateway: the same function handlers as CloudBase, over HTTP.
 *   POST /api/<function>  {action, data}  Authorization: Bearer <token>  → envelope, status by code
 *   GET  /healthz
 *   GET  /files/public/<key>  what the Files port published for all to see (posters)
 *   GET  /files/dl/<ref>?exp&name&type&sig  a signed, expiring download link an action handed out (files, exports)
 *   dev login (when enabled): GET /api/dev/personas, POST /api/dev/login
 *   (notices are read through `notify.inbox` with a token, like every other call: no open outbox route)
 *   everything else: the H5 build (single-page app fallback to index.html), text files brotli/gzip-compressed once,
 *     content-hashed assets cached as immutable, index.html revalidated (no-cache)
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
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
  /** compress the H5 build's text files in the background once listening (default true); else each on its first request */
  precompress?: boolean;
}

/**
 * Body caps per route, checked against Content-Length before reading and while streaming: 8 MB on
 * `/api/org` with a token (a 4 MB attachment as base64 in JSON: H5 uploads go through the API, WeChat's
 * go straight to storage), 64 KB for every other call and for anonymous callers.
 */
export const MAX_UPLOAD_BODY = 8 << 20;
export const MAX_BODY = 64 << 10;
const UPLOAD_ROUTES = new Set(['/api/org']);
/** Slow clients: the whole header within 10 s, the whole request within 30 s (Node's defaults are 60 s / 300 s). */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 30_000;

/** The cap for a call to `path`, by whether it carries a valid token. */
export function bodyCapFor(path: string, signedIn: boolean): number {
  return signedIn && UPLOAD_ROUTES.has(path) ? MAX_UPLOAD_BODY : MAX_BODY;
}

/** decodeURIComponent that answers null instead of throwing on a malformed escape (`/%E0%A4%A`, `/%zz`). */
export function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** Browser hardening for the H5 pages: nothing may frame them, nothing is sniffed, scripts only from here. */
export function h5SecurityHeaders(inlineScriptHashes: string[]): Record<string, string> {
  const scripts = ["'self'", ...inlineScriptHashes.map((h) => `'sha256-${h}'`)].join(' ');
  return {
    'content-security-policy': [
      "default-src 'self'",
      `script-src ${scripts}`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; '),
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
  };
}

/** sha256 (base64) of each inline <script> of an HTML page, for the CSP. */
export function inlineScriptHashes(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    if (m[1].trim()) out.push(createHash('sha256').update(m[1], 'utf8').digest('base64'));
  }
  return out;
}
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

/** What is worth compressing: text. Images and fonts are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json']);
/**
 * A content-hashed build file (`js/app.3f9a1c2b.js`, `css/118.0d4e9a7f.css`, config/index.ts): its name
 * changes whenever its bytes do, so a browser may keep it for a year without asking again.
 */
export const HASHED_ASSET = /\.[0-9a-f]{8,}\.(?:js|css)$/;

/** Cache-Control for a file of the H5 build: hashed assets forever, index.html revalidated on every load, the rest an hour. */
export function cacheControlFor(file: string): string {
  if (file.endsWith('.html')) return 'no-cache';
  if (HASHED_ASSET.test(file)) return 'public, max-age=31536000, immutable';
  return 'public, max-age=3600';
}

export type ContentEncoding = 'br' | 'gzip' | 'identity';

/**
 * The encoding to answer with, from Accept-Encoding (RFC 9110 §12.5.3): brotli before gzip, identity when the
 * client names neither (or refuses them with q=0); `*` stands for any coding not named.
 */
export function negotiateEncoding(header: string | string[] | undefined): ContentEncoding {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const q = new Map<string, number>();
  for (const part of text.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name === 'x-gzip' ? 'gzip' : name, Number.isFinite(value) ? value : 0);
  }
  const accepts = (coding: string) => (q.get(coding) ?? q.get('*') ?? 0) > 0;
  if (accepts('br')) return 'br';
  if (accepts('gzip')) return 'gzip';
  return 'identity';
}

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** One file of the build in every encoding it is sent in, computed once per version of the file (mtime and size). */
interface Encoded {
  raw: Buffer;
  br: Buffer | null;
  gzip: Buffer | null;
  etag: string;
}

/** Compress once at the highest levels (it is done once per file, not per request); keep a coding only when it is smaller. */
async function encodeFile(file: string): Promise<Encoded> {
  const raw = await readFile(file);
  const [br, gz] = await Promise.all([
    brotli(raw, {
      params: {
        [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT,
        [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY,
        [zlibConstants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    }),
    gzipAsync(raw, { level: 9 }),
  ]);
  return {
    raw,
    br: br.length < raw.length ? br : null,
    gzip: gz.length < raw.length ? gz : null,
    etag: `W/"${createHash('sha256').update(raw).digest('base64url').slice(0, 22)}"`,
  };
}

/** The H5 build's text files, compressed once and kept (a few MB for the whole build). */
export class CompressedFiles {
  private cache = new Map<string, { version: string; encoded: Promise<Encoded> }>();

  get(file: string, stat: Stats = statSync(file)): Promise<Encoded> {
    const version = `${stat.mtimeMs}:${stat.size}`;
    const hit = this.cache.get(file);
    if (hit?.version === version) return hit.encoded;
    const encoded = encodeFile(file);
    const entry = { version, encoded };
    this.cache.set(file, entry);
    encoded.catch(() => this.cache.get(file) === entry && this.cache.delete(file)); // a failed read is tried again next time
    return encoded;
  }

  /** Every compressible file under `root`, one after the other (one core at a time, the server keeps answering). */
  async warm(root: string): Promise<number> {
    let count = 0;
    const walk = async (dir: string): Promise<void> => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, entry.name);
        if (entry.isDirectory()) await walk(p);
        else if (COMPRESSIBLE.has(extname(p))) await this.get(p).then(() => count++);
      }
    };
    if (existsSync(root)) await walk(root);
    return count;
  }
}

function send(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendEnvelope(res: ServerResponse, envelope: Envelope) {
  const retry = !envelope.ok && envelope.error.code === 'RATE_LIMITED' ? Number(envelope.error.details?.retryAfterSeconds) : NaN;
  if (Number.isFinite(retry)) res.setHeader('retry-after', String(retry));
  send(res, httpStatusOf(envelope), envelope);
}

const tooLarge = () => new AppError('VALIDATION', '请求内容过大', undefined, { tooLarge: true });

/**
 * The request body as JSON (stream events, not an async iterator: one promise per request, not per
 * chunk), at most `cap` bytes: a larger Content-Length is refused before a byte is read, and a body
 * that grows past the cap while streaming is refused at that chunk (the caller closes the connection).
 */
function readJson(req: IncomingMessage, cap: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > cap) return reject(tooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > cap) {
        failed = true;
        reject(tooLarge());
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

/**
 * Whether dev login is on, from the environment: `DEV_LOGIN=1` on, `DEV_LOGIN=0` off, unset: on except
 * under `NODE_ENV=production`. Dev login on in production is refused (a deployment never gets it by accident).
 */
export function devLoginFrom(env: Record<string, string | undefined>): boolean {
  const production = env.NODE_ENV === 'production';
  const on = env.DEV_LOGIN ? env.DEV_LOGIN !== '0' : !production;
  if (on && production) throw new Error('开发登录不能在 NODE_ENV=production 下开启：请去掉 DEV_LOGIN=1（或设 DEV_LOGIN=0）');
  return on;
}

export function createGateway(opts: GatewayOptions): Server {
  const { deps, devLogin } = opts;
  if (devLogin && process.env.NODE_ENV === 'production') devLoginFrom(process.env); // throws: never on in production
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
      const body = (await readJson(req, MAX_BODY)) as { persona?: unknown };
      const persona = PERSONAS.find((p) => p.id === body?.persona);
      if (!persona) throw new AppError('VALIDATION', '未知的体验身份', [{ path: ['persona'], message: '未知的体验身份' }]);
      const token = issueToken(deps.crypto, persona.uid, deps.clock.now());
      return send(res, 200, {
        ok: true,
        data: { token, user: { uid: persona.uid, name: persona.name, persona: persona.id, grants: persona.grants } },
      });
    }
    const name = path.slice('/api/'.length);
    // own properties only: `__proto__`, `constructor` or `toString` is not a function name
    const fn = Object.prototype.hasOwnProperty.call(fns, name) ? fns[name] : undefined;
    if (!fn || typeof fn.invoke !== 'function' || name.includes('/')) throw new AppError('NOT_FOUND', '接口不存在');
    if (req.method !== 'POST') throw new AppError('VALIDATION', '请使用 POST 调用云函数');
    const uid = uidOf(req);
    if (uid === 'invalid') throw new AppError('UNAUTHENTICATED', '登录已失效，请重新登录');
    const event = await readJson(req, bodyCapFor(path, uid !== null));
    sendEnvelope(res, await fn.invoke(event, { uid, address: req.socket.remoteAddress ?? null }, deps));
  }

  const compressed = new CompressedFiles();

  /**
   * A file of the H5 build (index.html for any path that is no file: the single-page app). Text files go out
   * compressed (brotli or gzip, by Accept-Encoding, with Vary) from bytes compressed once; hashed assets are
   * immutable, index.html is revalidated on every load (its ETag answers 304 when it has not changed).
   */
  async function serveStatic(req: IncomingMessage, res: ServerResponse, path: string) {
    const root = opts.staticDir;
    if (!root || !existsSync(join(root, 'index.html'))) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end('H5 未构建：请运行 npm run build:h5');
    }
    const decoded = safeDecode(path);
    if (decoded === null || decoded.includes('\0')) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
      return res.end('请求地址格式不正确');
    }
    let file = normalize(join(root, decoded));
    let stat = file.startsWith(normalize(root) + sep) && existsSync(file) ? statSync(file) : null;
    if (!stat || stat.isDirectory()) {
      file = join(root, 'index.html');
      stat = statSync(file);
    }
    const type = MIME[extname(file)] ?? 'application/octet-stream';
    const isIndex = file.endsWith('index.html');
    const headers: Record<string, string | number> = {
      'content-type': type,
      'cache-control': cacheControlFor(file),
      ...h5SecurityHeaders(isIndex ? indexScriptHashes(file) : []),
    };
    if (!COMPRESSIBLE.has(extname(file))) {
      res.writeHead(200, { ...headers, 'content-length': stat.size });
      const stream = createReadStream(file);
      stream.on('error', () => res.destroy());
      return void stream.pipe(res);
    }
    const encoded = await compressed.get(file, stat);
    const encoding = negotiateEncoding(req.headers['accept-encoding']);
    const body = encoding === 'identity' ? encoded.raw : (encoded[encoding] ?? encoded.raw);
    headers.vary = 'Accept-Encoding';
    headers.etag = encoded.etag;
    if (req.headers['if-none-match']?.split(',').some((t) => t.trim() === encoded.etag)) {
      res.writeHead(304, headers);
      return res.end();
    }
    if (body !== encoded.raw) headers['content-encoding'] = encoding;
    res.writeHead(200, { ...headers, 'content-length': body.length });
    res.end(body);
  }

  /** A published file (a poster): immutable under its key, an image type, never sniffed as anything else. */
  async function servePublic(res: ServerResponse, key: string) {
    const ref = publicRef(key);
    const bytes = ref ? await deps.files.get(ref) : null;
    if (!bytes) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end('文件不存在');
    }
    res.writeHead(200, {
      'content-type': MIME[extname(key)],
      'content-length': bytes.length,
      'cache-control': 'public, max-age=86400, immutable',
      'x-content-type-options': 'nosniff',
    });
    res.end(bytes);
  }

  /**
   * A download link an action handed out after its scope check (Files.url): checked by the adapter
   * that signed it, sent as an attachment under its file name, never sniffed, never cached.
   */
  async function serveDownload(res: ServerResponse, refPath: string, query: URLSearchParams) {
    const d = isLocalFiles(deps.files) ? await deps.files.openDownload(refPath, query) : ({ ok: false, reason: 'invalid' } as const);
    if (!d.ok) {
      const [status, text] =
        d.reason === 'expired' ? [403, '下载链接已过期，请返回重新下载'] : d.reason === 'missing' ? [404, '文件不存在或已被删除'] : [403, '下载链接无效'];
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

  /** The inline scripts of index.html, hashed once per build (by mtime). */
  let indexHashes: { mtime: number; hashes: string[] } | null = null;
  function indexScriptHashes(file: string): string[] {
    const mtime = statSync(file).mtimeMs;
    if (indexHashes?.mtime !== mtime) indexHashes = { mtime, hashes: inlineScriptHashes(readFileSync(file, 'utf8')) };
    return indexHashes.hashes;
  }

  /** The last word on a request whose handler threw: answered alone, the server keeps serving. */
  function failed(req: IncomingMessage, res: ServerResponse, error: unknown, path: string) {
    const tooBig = error instanceof AppError && error.details?.tooLarge === true;
    if (!(error instanceof AppError)) console.error(`[gateway ${req.method} ${path}] request failed`, error);
    if (res.headersSent) return void res.destroy();
    const envelope = toEnvelope(error, `gateway ${path}`);
    const text = JSON.stringify(envelope);
    // a refused body is not read any further: the answer goes out and the connection closes
    res.writeHead(httpStatusOf(envelope), {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      ...(tooBig ? { connection: 'close' } : {}),
    });
    res.end(text);
    if (tooBig) {
      // drain briefly so the client reads the answer (an immediate close could reset it), then close
      req.resume();
      res.on('finish', () => setTimeout(() => req.socket.destroy(), 500).unref());
    }
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    try {
      route(req, res, path);
    } catch (error) {
      failed(req, res, error, path);
    }
  });
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  const staticDir = opts.staticDir;
  if (staticDir && opts.precompress !== false) {
    server.once('listening', () => {
      compressed.warm(staticDir).catch((e) => console.error('[gateway] precompressing the H5 build failed', e));
    });
  }
  return server;

  function route(req: IncomingMessage, res: ServerResponse, path: string) {
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
      handleApi(req, res, path).catch((e) => failed(req, res, e, path));
      return;
    }
    serveStatic(req, res, path).catch((e) => failed(req, res, e, path));
  }
}
