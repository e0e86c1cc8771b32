/** Child process for the durability test: inserts documents and prints each acknowledged _id. */
import { openSqliteDocStore } from './docstore';

const store = openSqliteDocStore({ file: process.argv[2] });
(async () => {
  for (let i = 0; ; i++) {
    const id = `ack_${i}`;
    await store.insert('crash', { _id: id, payload: 'x'.repeat(200) });
    process.stdout.write(`${id}\n`);
    await new Promise((r) => setImmediate(r)); // let the acknowledgment reach the parent
  }
})();
