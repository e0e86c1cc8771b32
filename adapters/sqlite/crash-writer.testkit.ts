/**
 * Child process for the durability test: 20 concurrent writers (so that commits are grouped, as on
 * a busy gateway, with checkpoints in the background thread) insert documents and print each
 * acknowledged _id.
 */
import { openSqliteDocStore } from './docstore';

const store = openSqliteDocStore({ file: process.argv[2], backgroundCheckpoint: true });
let n = 0;
async function lane() {
  for (;;) {
    const id = `ack_${n++}`;
    await store.insert('crash', { _id: id, payload: 'x'.repeat(200) });
    process.stdout.write(`${id}\n`);
    await new Promise((r) => setImmediate(r)); // let the acknowledgment reach the parent
  }
}
for (let i = 0; i < 20; i++) void lane();
