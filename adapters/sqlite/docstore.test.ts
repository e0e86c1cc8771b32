import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { describeDocStoreContract } from '../docstore.contract';
import { openSqliteDocStore } from './docstore';
import { ALL_COLLECTIONS } from '../../cloudfunctions/registry-collections';
import { APPLICATIONS } from '../../core/member/model';

const dir = mkdtempSync(join(tmpdir(), 'sqlite-contract-'));
describeDocStoreContract('SQLite', async () => openSqliteDocStore({ file: join(dir, 'contract.db') }));

describe('SQLite specifics', () => {
  it('serves the officer queue from its index, without sorting', async () => {
    const store = openSqliteDocStore({ file: join(dir, 'plan.db') });
    await store.ensureCollections(ALL_COLLECTIONS);
    const plan = store.explain(APPLICATIONS, {
      where: { federationId: 'f', status: 'pending' },
      orderBy: [['queuedAt', 'asc']],
      limit: 20,
    });
    expect(plan).toMatch(/USING INDEX join_applications__federationId_status_queued/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
    await store.close();
  });

  it('keeps every acknowledged write when the process is killed with SIGKILL', async () => {
    const file = join(dir, 'crash.db');
    // `node --import tsx` runs the writer in this very process, so SIGKILL hits the writer itself
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'crash-writer.ts'), file], { cwd: join(__dirname, '../..') });
    const acked: string[] = [];
    let buf = '';
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.stdout.on('data', (chunk: Buffer) => {
        buf += chunk.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        acked.push(...lines);
        if (acked.length >= 300 && !child.killed) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => resolve());
    });
    expect(acked.length).toBeGreaterThanOrEqual(300);
    const store = openSqliteDocStore({ file });
    for (const id of acked) expect(await store.get('crash', id)).not.toBeNull();
    await store.close();
  });
});
