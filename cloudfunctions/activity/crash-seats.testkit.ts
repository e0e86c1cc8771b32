/**
 * Child process for the seat engine's kill -9 test: runs `steps` (activity actions, one after the
 * other) against the SQLite file, and kills itself with SIGKILL right before its write number
 * `killAt` (inserts, updates, removes: every write counts), so that the test can stop it between
 * any two writes. Prints `<i> <ok|CODE>` for each acknowledged step and `done <writes>` at the end.
 */
import { join } from 'node:path';
import { delegatingStore } from '../../adapters/delegating.testkit';
import { openSqliteDocStore } from '../../adapters/sqlite/docstore';
import { createCrypto } from '../../adapters/crypto';
import { localFiles } from '../../adapters/files/local';
import { loadAppConfig } from '../../config/app';
import { activity } from './handlers';

const [file, keyBase64, nowMs, killAtArg, stepsJson] = process.argv.slice(2);
const killAt = Number(killAtArg);
const real = openSqliteDocStore({ file });
let writes = 0;
const write = <T>(run: () => Promise<T>): Promise<T> => {
  if (writes++ === killAt) process.kill(process.pid, 'SIGKILL');
  return run();
};
const store = delegatingStore(real, {
  insert: (c, d) => write(() => real.insert(c, d)),
  insertMany: (c, d) => write(() => real.insertMany(c, d)),
  update: (c, id, u, wh) => write(() => real.update(c, id, u, wh)),
  transact: (c, id, fn) => write(() => real.transact(c, id, fn)),
  increment: (c, id, f, by) => write(() => real.increment(c, id, f, by)),
  remove: (c, id, wh) => write(() => real.remove(c, id, wh)),
});
const deps = {
  store,
  clock: { now: () => Number(nowMs) },
  crypto: createCrypto(Buffer.from(keyBase64, 'base64')),
  config: loadAppConfig({}),
  files: localFiles(join(file, '..', 'files')),
};
const steps = JSON.parse(stepsJson) as Array<{ action: string; data: object; uid: string }>;
(async () => {
  for (let i = 0; i < steps.length; i++) {
    const r = await activity.invoke({ action: steps[i].action, data: steps[i].data }, { uid: steps[i].uid }, deps);
    process.stdout.write(`${i} ${r.ok ? 'ok' : r.error.code}\n`);
  }
  process.stdout.write(`done ${writes}\n`);
  await real.close();
})();
