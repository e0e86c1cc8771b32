/** Files on the local disk (DATA_DIR/files), written atomically (temp file, fsync, rename). */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Files } from '../../core/shared/ports';

const KEY = /^[A-Za-z0-9_-]{1,80}$/;

export function localFiles(dir: string): Files {
  mkdirSync(dir, { recursive: true });
  const path = (key: string) => {
    if (!KEY.test(key)) throw new Error(`invalid file key: ${key}`);
    return join(dir, key);
  };
  return {
    async put(key, bytes) {
      const target = path(key);
      const tmp = `${target}.tmp`;
      const fd = openSync(tmp, 'w');
      try {
        writeSync(fd, bytes);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, target);
      return key;
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
