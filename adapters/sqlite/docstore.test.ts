import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { describeDocStoreContract } from '../docstore-contract.testkit';
import { openSqliteDocStore } from './docstore';
import { ALL_COLLECTIONS } from '../../cloudfunctions/registry-collections';
import { APPLICATIONS } from '../../core/member/model';
import { DuplicateKeyError } from '../../core/shared/docstore';
import Database from 'better-sqlite3';

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
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'crash-writer.testkit.ts'), file], { cwd: join(__dirname, '../..') });
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

  it('groups the calls of one turn into one commit: each stays atomic, a failing one takes no other down', async () => {
    const store = openSqliteDocStore({ file: join(dir, 'group.db') });
    await store.ensureCollections([{ name: 'counters', indexes: [] }]);
    await store.insert('counters', { _id: 'c', n: 0 });
    // 300 conditional increments issued in one turn: all land in one transaction, none lost
    const results = await Promise.all(Array.from({ length: 300 }, () => store.update('counters', 'c', { inc: { n: 1 } }, { n: { $lt: 250 } })));
    expect(results.filter(Boolean)).toHaveLength(250);
    expect((await store.get<{ _id: string; n: number }>('counters', 'c'))!.n).toBe(250);
    const [dup, fresh] = await Promise.allSettled([store.insert('counters', { _id: 'c', n: 9 }), store.insert('counters', { _id: 'd', n: 1 })]);
    expect(dup.status === 'rejected' && dup.reason instanceof DuplicateKeyError).toBe(true);
    expect(fresh.status).toBe('fulfilled');
    await store.close();
    // committed, as another connection sees
    const other = openSqliteDocStore({ file: join(dir, 'group.db') });
    expect(await other.get('counters', 'd')).toMatchObject({ n: 1 });
    expect(await other.get('counters', 'c')).toMatchObject({ n: 250 });
    await other.close();
  });

  it('drops an index that is no longer declared', async () => {
    const file = join(dir, 'indexes.db');
    const store = openSqliteDocStore({ file });
    await store.ensureCollections([
      {
        name: 'things',
        indexes: [
          { name: 'a', fields: [['a', 'asc']] },
          { name: 'b', fields: [['b', 'asc']] },
        ],
      },
    ]);
    await store.ensureCollections([{ name: 'things', indexes: [{ name: 'a', fields: [['a', 'asc']] }] }]);
    await store.close();
    const db = new Database(file, { readonly: true });
    const names = (
      db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'things' AND name NOT LIKE 'sqlite_autoindex%'`).all() as Array<{
        name: string;
      }>
    ).map((r) => r.name);
    db.close();
    expect(names).toEqual(['things__a']); // (SQLite's own _id index aside)
  });

  it('works on a data folder written by an earlier version (WITHOUT ROWID tables): same SQL, both layouts', async () => {
    const file = join(dir, 'old.db');
    const old = new Database(file);
    old.exec(`CREATE TABLE "things" (_id TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID`);
    old.prepare(`INSERT INTO "things" VALUES (?, ?)`).run('t1', JSON.stringify({ _id: 't1', a: 1 }));
    old.close();
    const store = openSqliteDocStore({ file });
    await store.ensureCollections([{ name: 'things', indexes: [{ name: 'a', fields: [['a', 'asc']] }] }]);
    expect(await store.get('things', 't1')).toEqual({ _id: 't1', a: 1 });
    await store.insert('things', { _id: 't2', a: 2 });
    await expect(store.insert('things', { _id: 't2', a: 3 })).rejects.toBeInstanceOf(DuplicateKeyError);
    expect(await store.update('things', 't1', { inc: { a: 5 } }, { a: 1 })).toBe(true);
    expect((await store.query('things', { where: { a: { $gte: 2 } }, orderBy: [['a', 'desc']], limit: 10 })).items.map((d) => d._id)).toEqual(['t1', 't2']);
    await store.close();
  });

  it('checkpoints in a background thread when serving: the database file takes the writes while the store stays open', async () => {
    const file = join(dir, 'checkpoint.db');
    const store = openSqliteDocStore({ file, backgroundCheckpoint: true });
    await store.ensureCollections([{ name: 'docs', indexes: [] }]);
    await new Promise((r) => setTimeout(r, 700));
    const before = statSync(file).size;
    await store.insertMany(
      'docs',
      Array.from({ length: 2000 }, (_, i) => ({ _id: `d${i}`, body: 'x'.repeat(500) })),
    );
    expect(statSync(file).size).toBe(before); // the writes sit in the WAL: no checkpoint on the serving connection
    await new Promise((r) => setTimeout(r, 1500));
    expect(statSync(file).size).toBeGreaterThan(before + 500_000); // the worker copied them in
    await store.close();
  });

  it('a turn that began reading still writes while another process holds the write lock: it waits for it', async () => {
    const file = join(dir, 'busy.db');
    const store = openSqliteDocStore({ file });
    await store.ensureCollections([{ name: 'docs', indexes: [] }]);
    await store.insert('docs', { _id: 'a', n: 1 });
    // another process takes the write lock for 400 ms
    const holder = spawn(process.execPath, [
      '-e',
      `
      const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
      const db = new Database(${JSON.stringify(file)});
      db.pragma('busy_timeout = 5000');
      db.exec('BEGIN IMMEDIATE');
      db.prepare('INSERT INTO "docs" (_id, doc) VALUES (?, ?)').run('b', JSON.stringify({ _id: 'b', n: 2 }));
      process.stdout.write('locked\\n');
      setTimeout(() => { db.exec('COMMIT'); db.close(); }, 400);
    `,
    ]);
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    // one turn: a read (the batch starts as a reader), then a conditional write that must upgrade
    const [doc, updated] = await Promise.all([store.get('docs', 'a'), store.update('docs', 'a', { inc: { n: 1 } })]);
    expect(doc).toMatchObject({ n: 1 });
    expect(updated).toBe(true);
    expect(await store.get('docs', 'a')).toMatchObject({ n: 2 });
    expect(await store.get('docs', 'b')).toMatchObject({ n: 2 }); // the other process's write, committed
    await store.close();
  });
});
