/**
 * Files on the local disk (DATA_DIR/files), written atomically (temp file, fsync, rename). Public
 * copies (posters) live in DATA_DIR/files/public, which the gateway serves at `/files/public/<key>`.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Files } from '../../core/shared/ports';

const KEY = /^[A-Za-z0-9_-]{1,80}$/;
const PUBLIC_KEY = /^[A-Za-z0-9_-]{1,80}\.(jpg|png|webp)$/;
export const PUBLIC_ROUTE = '/files/public/';
/** The reference of a public file by its key (`poster_x.png` → `public/poster_x.png`), or null for any other name. */
export const publicRef = (key: string): string | null => (PUBLIC_KEY.test(key) ? `public/${key}` : null);

export function localFiles(dir: string): Files {
  mkdirSync(dir, { recursive: true });
  mkdirSync(join(dir, 'public'), { recursive: true });
  /** `key` (private) or `public/<key>.<ext>` */
  const path = (ref: string) => {
    if (ref.startsWith('public/') && publicRef(ref.slice('public/'.length)) === ref) return join(dir, ref);
    if (!KEY.test(ref)) throw new Error(`invalid file key: ${ref}`);
    return join(dir, ref);
  };
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
  return {
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
    async get(key) {
      try {
        return new Uint8Array(readFileSync(path(key)));
      } catch (e) {
        if ((e as { code?: string }).code === 'ENOENT') return null;
        throw e;
      }
    },
  };
}
