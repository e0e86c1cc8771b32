/**
 * Child process for the kill -9 test: races acceptances and cancellations over the released
 * transfers listed on stdin's argument, printing each acknowledged outcome as `<id> <status>`.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { openSqliteDocStore } from '../../adapters/sqlite/docstore';
import { createCrypto } from '../../adapters/crypto';
import { localFiles } from '../../adapters/files/local';
import { loadAppConfig } from '../../config/app';
import { transfer } from './handlers';

const [file, idsCsv] = process.argv.slice(2);
const deps = {
  store: openSqliteDocStore({ file }),
  clock: { now: () => Date.now() },
  crypto: createCrypto(randomBytes(32)),
  config: loadAppConfig({}),
  files: localFiles(join(file, '..', 'files')),
};
const ids = idsCsv.split(',');
(async () => {
  await Promise.all(
    ids.map(async (entry, i) => {
      const [id, memberUid] = entry.split(':');
      // the member's cancel starts a few turns late on two out of three, so that both sides win some
      const lag = (n: number) =>
        new Promise<void>((r) => {
          const tick = (k: number) => (k ? setImmediate(() => tick(k - 1)) : r());
          tick(n);
        });
      const [acc, can] = await Promise.all([
        transfer.invoke({ action: 'accept', data: { transferId: id } }, { uid: 'dev_union_officer_b' }, deps),
        lag(i % 3 === 0 ? 0 : 6).then(() => transfer.invoke({ action: 'cancel', data: { transferId: id } }, { uid: memberUid }, deps)),
      ]);
      if (acc.ok) process.stdout.write(`${id} accepted\n`);
      if (can.ok) process.stdout.write(`${id} cancelled\n`);
    }),
  );
  process.stdout.write('done\n');
})();
