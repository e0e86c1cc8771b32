/** Local dependencies: SQLite DocStore in the data folder, the local master key, the system clock. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Dependencies } from '../core/shared/ports';
import { openSqliteDocStore } from '../adapters/sqlite/docstore';
import { createCrypto, loadMasterKey } from '../adapters/crypto';
import { loadAppConfig } from '../config/app';
import { localFiles } from '../adapters/files/local';
import { ALL_COLLECTIONS } from '../cloudfunctions/registry-collections';
import { createRateLimiter } from '../cloudfunctions/_runtime/limits';

/** `serving`: a long-running gateway (checkpoints in a background thread, see the SQLite adapter). */
export async function openLocalDeps(dataDir: string, opts: { serving?: boolean } = {}): Promise<Dependencies> {
  mkdirSync(dataDir, { recursive: true });
  const store = openSqliteDocStore({ file: join(dataDir, 'union.db'), backgroundCheckpoint: opts.serving });
  await store.ensureCollections(ALL_COLLECTIONS);
  const crypto = createCrypto(loadMasterKey(dataDir));
  // download links are signed with the master key, so one handed out just before a restart still works
  const clock = { now: () => Date.now() };
  return {
    store,
    clock,
    crypto,
    config: loadAppConfig(),
    files: localFiles(join(dataDir, 'files'), { signer: crypto }),
    limiter: createRateLimiter({ clock, store }),
  };
}
