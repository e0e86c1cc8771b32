/**
 * Files on the local disk (DATA_DIR/files), written atomically (temp file, fsync, rename). Public
 * copies (posters) live in DATA_DIR/files/public, which the gateway serves at `/files/public/<key>`;
 * exports in DATA_DIR/files/exports. Private files and exports are downloaded through signed,
 * expiring links, `/files/dl/<ref>?exp=…&name=…&type=…&sig=…`, which only this adapter issues and
 * checks (`openDownload`): the signature covers the reference, the expiry, the file name and the
 * content type, so none of them can be changed.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import type { Crypto, Files } from '../../core/shared/ports';

const KEY = /^[A-Za-z0-9_-]{1,80}$/;
const EXPORT_KEY = /^[A-Za-z0-9_-]{1,80}(\.[a-z0-9]{1,5})?$/;
const PUBLIC_KEY = /^[A-Za-z0-9_-]{1,80}\.(jpg|png|webp)$/;
export const PUBLIC_ROUTE = '/files/public/';
/** The reference of a public file by its key (`poster_x.png` → `public/poster_x.png`), or null for any other name. */
export const publicRef = (key: string): string | null => (PUBLIC_KEY.test(key) ? `public/${key}` : null);
export const DOWNLOAD_ROUTE = '/files/dl/';

/** What `openDownload` answers: the file to send, or why not. */
export type Download = { ok: true; bytes: Uint8Array; filename: string; contentType: string } | { ok: false; reason: 'invalid' | 'expired' | 'missing' };

export interface LocalFiles extends Files {
  /** checks a download link (the path after DOWNLOAD_ROUTE and its query) and reads the file */
  openDownload(refPath: string, query: URLSearchParams): Promise<Download>;
}

export const isLocalFiles = (files: Files): files is LocalFiles => typeof (files as Partial<LocalFiles>).openDownload === 'function';

/** Opens a download link as the gateway would (`/files/dl/<ref>?…`, relative or absolute): for tests and scripts. */
export function openDownloadUrl(files: Files, url: string): Promise<Download> {
  const u = new URL(url, 'http://local');
  if (!isLocalFiles(files) || !u.pathname.startsWith(DOWNLOAD_ROUTE)) return Promise.resolve({ ok: false, reason: 'invalid' });
  return files.openDownload(u.pathname.slice(DOWNLOAD_ROUTE.length), u.searchParams);
}

/**
 * `signer`: signs the download links (the gateway passes its Crypto, so a link outlives a restart);
 * without one a random key of this process does. `now`: the clock links expire by.
 */
export function localFiles(dir: string, opts: { signer?: Pick<Crypto, 'sign' | 'verify'>; now?: () => number } = {}): LocalFiles {
  mkdirSync(dir, { recursive: true });
  mkdirSync(join(dir, 'public'), { recursive: true });
  mkdirSync(join(dir, 'exports'), { recursive: true });
  const now = opts.now ?? (() => Date.now());
  const signer = opts.signer ?? processSigner();
  /** `key` (private), `exports/<key>` or `public/<key>.<ext>` */
  const path = (ref: string) => {
    if (ref.startsWith('public/') && publicRef(ref.slice('public/'.length)) === ref) return join(dir, ref);
    if (ref.startsWith('exports/') && EXPORT_KEY.test(ref.slice('exports/'.length))) return join(dir, ref);
    if (!KEY.test(ref)) throw new Error(`invalid file key: ${ref}`);
    return join(dir, ref);
  };
  const signed = (ref: string, exp: number, name: string, type: string) => `download|${JSON.stringify([ref, exp, name, type])}`;
  const write = (target: string, bytes: Uint8Array) => {
    const tmp = `${target}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  };
  const files: LocalFiles = {
    async put(key, bytes) {
      write(path(key), bytes);
      return key;
    },
    async putPublic(key, bytes) {
      const ref = publicRef(key);
      if (!ref) throw new Error(`invalid public file key: ${key}`);
      write(join(dir, ref), bytes);
      return `${PUBLIC_ROUTE}${key}`;
    },
    async putExport(key, bytes) {
      const ref = `exports/${key}`;
      write(path(ref), bytes);
      // an export is downloaded within minutes: clear those older than a day (CloudBase: a lifecycle rule on exports/)
      for (const name of readdirSync(join(dir, 'exports'))) {
        const file = join(dir, 'exports', name);
        try {
          if (statSync(file).mtimeMs < Date.now() - 86400_000) unlinkSync(file);
        } catch {
          // gone already
        }
      }
      return ref;
    },
    async url(ref, o) {
      let file: string;
      try {
        file = path(ref);
      } catch {
        return null; // not a reference of this store
      }
      if (!existsSync(file)) return null;
      const exp = Math.floor(now() / 1000) + Math.max(1, Math.floor(o.maxAgeSeconds));
      const q = new URLSearchParams({ exp: String(exp), name: o.filename, type: o.contentType, sig: signer.sign(signed(ref, exp, o.filename, o.contentType)) });
      return `${DOWNLOAD_ROUTE}${ref}?${q}`;
    },
    async openDownload(refPath, query) {
      const [exp, name, type, sig] = ['exp', 'name', 'type', 'sig'].map((k) => query.get(k) ?? '');
      let ref: string;
      try {
        ref = decodeURIComponent(refPath);
        path(ref);
      } catch {
        return { ok: false, reason: 'invalid' };
      }
      if (!/^\d{1,12}$/.test(exp) || !sig || !signer.verify(signed(ref, Number(exp), name, type), sig)) return { ok: false, reason: 'invalid' };
      if (Number(exp) * 1000 < now()) return { ok: false, reason: 'expired' };
      const bytes = await files.get(ref);
      return bytes ? { ok: true, bytes, filename: name, contentType: type } : { ok: false, reason: 'missing' };
    },
    async get(key) {
      try {
        return new Uint8Array(readFileSync(path(key)));
      } catch (e) {
        if ((e as { code?: string }).code === 'ENOENT') return null;
        throw e;
      }
    },
    async remove(key) {
      try {
        unlinkSync(path(key));
      } catch (e) {
        if ((e as { code?: string }).code !== 'ENOENT') throw e;
      }
    },
  };
  return files;
}

/** HMAC with a random key of this process: links stop working when it restarts (they are short-lived anyway). */
function processSigner(): Pick<Crypto, 'sign' | 'verify'> {
  const key = randomBytes(32);
  const mac = (data: string) => createHmac('sha256', key).update(data).digest().subarray(0, 18);
  return {
    sign: (data) => mac(data).toString('base64url'),
    verify(data, signature) {
      const given = Buffer.from(signature, 'base64url');
      const expected = mac(data);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
