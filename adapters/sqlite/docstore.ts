/**
 * DocStore on embedded SQLite (better-sqlite3): one table per collection holding the JSON document,
 * a rowid table with `_id` as its unique key (documents are hundreds of bytes, well over the ~1/20 of a
 * page where SQLite advises WITHOUT ROWID; new documents append instead of splitting random pages, so
 * a surge of inserts writes fewer pages per commit; tables made by earlier versions WITHOUT ROWID work
 * the same), expression indexes over `json_extract(doc, '$.field')` per declared IndexSpec, WAL with
 * synchronous=NORMAL (an acknowledged write survives the process being killed; see the crash test).
 * better-sqlite3 is synchronous, so each method is one atomic step inside this process; conditional
 * writes run in `BEGIN IMMEDIATE` transactions (savepoints inside a batch) so that they stay atomic
 * across processes too.
 *
 * Group commit. A commit is the expensive part of a write (the WAL frames of every touched page),
 * so under load the store does not commit each call on its own: the first call of an event-loop turn
 * opens one transaction, every call of that turn runs inside it (seeing each other's writes, each
 * conditional write still atomic), and the transaction commits in `setImmediate`, after the turn's
 * I/O callbacks. A call that ran after the batch's first write settles only after that commit, so
 * nothing written, or read from something written, is acted upon before it is durable; calls that
 * ran before the first write saw only committed data and settle at once. If the commit fails, every
 * waiting call rejects and nothing of the batch is kept. A batch begins as a reader and takes the
 * write lock at its first write (for the rest of the turn); other processes wait through `busy_timeout`.
 */
import Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../core/shared/errors';
import {
  DuplicateKeyError,
  KEEP,
  type CollectionSpec,
  type Cond,
  type Doc,
  type DocStore,
  type Page,
  type QuerySpec,
  type Scalar,
  type SortDir,
  type UpdateSpec,
  type Where,
  type CountOptions,
} from '../../core/shared/docstore';
import { applyUpdate, decodeCursor, encodeCursor, getPath, sortKeys } from '../paths';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

function checkName(name: string) {
  if (!NAME.test(name)) throw new Error(`invalid collection name: ${name}`);
}
const exprs = new Map<string, string>();
function expr(path: string): string {
  const known = exprs.get(path);
  if (known) return known;
  if (path === '_id') return '_id';
  if (!PATH.test(path)) throw new Error(`invalid field path: ${path}`);
  const e = `json_extract(doc, '$.${path}')`;
  if (exprs.size < 10_000) exprs.set(path, e);
  return e;
}
/** SQLite stores JSON true/false as 1/0 and cannot bind booleans. */
const bind = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

function condSql(path: string, cond: Cond, params: unknown[]): string {
  const e = expr(path);
  if (cond === null) return `${e} IS NULL`;
  if (typeof cond !== 'object') {
    params.push(bind(cond));
    return `${e} = ?`;
  }
  const parts: string[] = [];
  const cmp = (op: string, v: Scalar | undefined) => {
    if (v === undefined) return;
    if (v === null) throw new Error(`${op} null is not supported; use $exists`);
    params.push(bind(v));
    parts.push(`${e} ${op} ?`);
  };
  if (cond.$eq !== undefined) parts.push(condSql(path, cond.$eq, params));
  if (cond.$ne !== undefined) {
    if (cond.$ne === null) parts.push(`${e} IS NOT NULL`);
    else {
      params.push(bind(cond.$ne));
      parts.push(`(${e} IS NULL OR ${e} != ?)`);
    }
  }
  cmp('>', cond.$gt);
  cmp('>=', cond.$gte);
  cmp('<', cond.$lt);
  cmp('<=', cond.$lte);
  if (cond.$in !== undefined) {
    if (cond.$in.length === 0) parts.push('0');
    else {
      const nonNull = cond.$in.filter((v) => v !== null);
      const alts: string[] = [];
      if (nonNull.length) {
        params.push(...nonNull.map(bind));
        alts.push(`${e} IN (${nonNull.map(() => '?').join(',')})`);
      }
      if (nonNull.length < cond.$in.length) alts.push(`${e} IS NULL`);
      parts.push(`(${alts.join(' OR ')})`);
    }
  }
  if (cond.$contains !== undefined) {
    params.push(cond.$contains);
    parts.push(`instr(${e}, ?) > 0`);
  }
  if (cond.$exists !== undefined) parts.push(`${e} IS ${cond.$exists ? 'NOT ' : ''}NULL`);
  return parts.length ? parts.join(' AND ') : '1';
}

function whereSql(where: Where | undefined, params: unknown[]): string {
  const parts = Object.entries(where ?? {}).map(([path, cond]) => condSql(path, cond, params));
  return parts.length ? parts.join(' AND ') : '1';
}

/**
 * Keyset condition "strictly after `values`" for the sort keys. When every key runs the same way
 * and no cursor value is null, a row-value comparison lets SQLite seek in the index (a deep page
 * costs what the first page costs); otherwise the general OR expansion, NULL-aware (SQLite sorts
 * NULL first ascending, last descending).
 */
function afterSql(keys: Array<[string, SortDir]>, values: unknown[], params: unknown[]): string {
  const vals = values.map(bind);
  const sameDir = keys.every(([, d]) => d === keys[0][1]);
  if (sameDir && vals.every((v) => v !== null)) {
    params.push(...vals);
    return `(${keys.map(([p]) => expr(p)).join(', ')}) ${keys[0][1] === 'asc' ? '>' : '<'} (${vals.map(() => '?').join(', ')})`;
  }
  const alts: string[] = [];
  keys.forEach(([path, dir], i) => {
    const terms: string[] = [];
    for (let j = 0; j < i; j++) {
      params.push(vals[j]);
      terms.push(`${expr(keys[j][0])} IS ?`);
    }
    const e = expr(path);
    const v = vals[i];
    if (dir === 'asc') {
      if (v === null) terms.push(`${e} IS NOT NULL`);
      else {
        params.push(v);
        terms.push(`${e} > ?`);
      }
    } else if (v === null) terms.push('0');
    else {
      params.push(v);
      terms.push(`(${e} < ? OR ${e} IS NULL)`);
    }
    alts.push(`(${terms.join(' AND ')})`);
  });
  return `(${alts.join(' OR ')})`;
}

export class SqliteDocStore implements DocStore {
  private readonly db: Database.Database;
  private readonly tables = new Set<string>();
  private readonly statements = new Map<string, Database.Statement>();
  /** the open batch: settles its calls after its commit */
  private batch: Array<{ ok: (v: unknown) => void; fail: (e: unknown) => void; value: unknown }> | null = null;
  /** whether the open batch has written anything yet */
  private dirty = false;

  private checkpointer: Worker | null = null;

  constructor(file: string, opts: { backgroundCheckpoint?: boolean } = {}) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('cache_size = -65536');
    if (opts.backgroundCheckpoint) this.startCheckpointer(file);
  }

  /**
   * Checkpoints (copying the WAL back into the database file, with an fsync) are the only writes
   * that wait for the disk under synchronous=NORMAL; by default SQLite runs them inside whichever
   * commit crosses 1000 WAL pages, stalling the event loop. A long-running server hands them to a
   * worker thread with its own connection (PASSIVE: never blocks readers or writers) and turns
   * automatic checkpoints off on the serving connection. Should the worker die, automatic
   * checkpoints come back on.
   */
  private startCheckpointer(file: string) {
    const source = `
      const { parentPort, workerData } = require('node:worker_threads');
      const Database = require(workerData.module);
      const db = new Database(workerData.file);
      db.pragma('busy_timeout = 5000');
      const timer = setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), workerData.everyMs);
      parentPort.on('message', () => { clearInterval(timer); db.pragma('wal_checkpoint(PASSIVE)'); db.close(); parentPort.close(); });
    `;
    const worker = new Worker(source, { eval: true, workerData: { file, module: require.resolve('better-sqlite3'), everyMs: 500 } });
    worker.unref();
    const fallBack = () => {
      if (this.checkpointer !== worker) return;
      this.checkpointer = null;
      if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000');
    };
    worker.on('error', (e) => {
      console.error('[sqlite] background checkpointer failed; automatic checkpoints are back on', e);
      fallBack();
    });
    worker.on('exit', fallBack);
    this.db.pragma('wal_autocheckpoint = 0');
    this.checkpointer = worker;
  }

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  private table(name: string): string {
    if (!this.tables.has(name)) {
      checkName(name);
      this.db.exec(`CREATE TABLE IF NOT EXISTS "${name}" (_id TEXT PRIMARY KEY, doc TEXT NOT NULL)`);
      this.tables.add(name);
    }
    return `"${name}"`;
  }

  private immediate<R>(fn: () => R): R {
    return this.db.transaction(fn).immediate();
  }

  /** Runs `fn` inside this turn's batch; its result (or error) is delivered once the batch is committed. */
  private batched<R>(fn: () => R): Promise<R> {
    if (!this.batch) this.open('BEGIN');
    let batch = this.batch!;
    // A call that runs before the batch's first write saw only committed data: it need not wait.
    const sawOnlyCommitted = !this.dirty;
    let value: R;
    try {
      try {
        value = fn();
      } catch (e) {
        // The batch began as a reader (BEGIN DEFERRED: a turn of reads takes no write lock). Its first
        // write upgrades it; should another process hold the lock or have written since, SQLite says
        // BUSY. Nothing of this batch is written yet and every earlier call of it has settled, so
        // end it and run the call again in a batch that waits for the write lock.
        if (!this.dirty && String((e as { code?: string }).code ?? '').startsWith('SQLITE_BUSY')) {
          this.commit();
          this.open('BEGIN IMMEDIATE');
          batch = this.batch!;
          value = fn();
        } else throw e;
      }
    } catch (e) {
      // this call failed (a statement error leaves the transaction open); the others go on
      if (sawOnlyCommitted && !this.dirty) return Promise.reject(e);
      return new Promise<R>((_, fail) => batch.push({ ok: () => fail(e), fail, value: undefined }));
    }
    if (sawOnlyCommitted && !this.dirty) return Promise.resolve(value);
    return new Promise<R>((ok, fail) => batch.push({ ok: ok as (v: unknown) => void, fail, value }));
  }

  private open(begin: 'BEGIN' | 'BEGIN IMMEDIATE'): void {
    this.db.exec(begin);
    this.batch = [];
    setImmediate(() => this.commit());
  }

  private commit(): void {
    const batch = this.batch;
    if (!batch) return;
    this.batch = null;
    this.dirty = false;
    try {
      this.db.exec('COMMIT');
    } catch (e) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      for (const call of batch) call.fail(e);
      return;
    }
    for (const call of batch) call.ok(call.value);
  }

  async ensureCollections(specs: CollectionSpec[]): Promise<void> {
    for (const spec of specs) {
      const t = this.table(spec.name);
      const declared = new Set<string>();
      for (const index of spec.indexes) {
        checkName(index.name);
        declared.add(`${spec.name}__${index.name}`);
        const cols = index.fields.map(([p, d]) => `${expr(p)} ${d === 'desc' ? 'DESC' : 'ASC'}`);
        this.db.exec(`CREATE INDEX IF NOT EXISTS "${spec.name}__${index.name}" ON ${t} (${[...cols, '_id'].join(', ')})`);
      }
      // the declaration is the truth: an index no longer declared only slows every write down
      const existing = this.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?`).all(spec.name) as Array<{ name: string }>;
      for (const { name } of existing) if (name.startsWith(`${spec.name}__`) && !declared.has(name)) this.db.exec(`DROP INDEX "${name}"`);
    }
    this.db.exec('ANALYZE');
  }

  private read<T>(collection: string, id: string): T | null {
    const row = this.stmt(`SELECT doc FROM ${this.table(collection)} WHERE _id = ?`).get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as T) : null;
  }

  /** `update`: the row is known to exist (read in the same step); rewritten in place. */
  private write(collection: string, doc: Doc, mode: 'insert' | 'replace' | 'update') {
    const t = this.table(collection);
    if (mode === 'update') {
      this.stmt(`UPDATE ${t} SET doc = ? WHERE _id = ?`).run(JSON.stringify(doc), doc._id);
      this.dirty = true;
      return;
    }
    // a taken _id is an expected answer (a retry, a double tap), not an exception inside SQLite
    const sql =
      mode === 'insert' ? `INSERT INTO ${t} (_id, doc) VALUES (?, ?) ON CONFLICT(_id) DO NOTHING` : `INSERT OR REPLACE INTO ${t} (_id, doc) VALUES (?, ?)`;
    if (this.stmt(sql).run(doc._id, JSON.stringify(doc)).changes === 0) throw new DuplicateKeyError(collection, doc._id);
    this.dirty = true;
  }

  get<T extends Doc>(collection: string, id: string): Promise<T | null> {
    return this.batched(() => this.read<T>(collection, id));
  }

  insert<T extends Doc>(collection: string, doc: T): Promise<void> {
    return this.batched(() => this.write(collection, doc, 'insert'));
  }

  insertMany<T extends Doc>(collection: string, docs: T[]): Promise<void> {
    return this.batched(() => this.immediate(() => docs.forEach((d) => this.write(collection, d, 'insert'))));
  }

  update(collection: string, id: string, update: UpdateSpec, where?: Where): Promise<boolean> {
    const params: unknown[] = [id];
    const sql = `SELECT doc FROM ${this.table(collection)} WHERE _id = ? AND ${whereSql(where, params)}`;
    return this.batched(() =>
      this.immediate(() => {
        const row = this.stmt(sql).get(...params) as { doc: string } | undefined;
        if (!row) return false;
        this.write(collection, applyUpdate(JSON.parse(row.doc) as Doc, update), 'update');
        return true;
      }),
    );
  }

  /** Read and rewrite in one synchronous step of the batch (BEGIN IMMEDIATE savepoint), like `update`. */
  increment(collection: string, id: string, field: string, by = 1): Promise<number> {
    return this.batched(() =>
      this.immediate(() => {
        const current = this.read<Doc>(collection, id);
        const next = applyUpdate(current ?? { _id: id }, { inc: { [field]: by } });
        this.write(collection, next, current ? 'update' : 'insert');
        return getPath(next, field) as number;
      }),
    );
  }

  transact<T extends Doc>(collection: string, id: string, fn: (current: T | null) => T | null | typeof KEEP): Promise<T | null> {
    return this.batched(() =>
      this.immediate(() => {
        const current = this.read<T>(collection, id);
        const next = fn(current);
        if (next === KEEP) return current;
        if (next === null) {
          if (this.stmt(`DELETE FROM ${this.table(collection)} WHERE _id = ?`).run(id).changes > 0) this.dirty = true;
          return null;
        }
        if (next._id !== id) throw new Error(`transact must keep _id ${id}`);
        this.write(collection, next, current ? 'update' : 'insert');
        return next;
      }),
    );
  }

  remove(collection: string, id: string, where?: Where): Promise<boolean> {
    const params: unknown[] = [id];
    const sql = `DELETE FROM ${this.table(collection)} WHERE _id = ? AND ${whereSql(where, params)}`;
    return this.batched(() => {
      const removed = this.stmt(sql).run(...params).changes > 0;
      if (removed) this.dirty = true;
      return removed;
    });
  }

  query<T extends Doc>(collection: string, spec: QuerySpec): Promise<Page<T>> {
    return this.batched(() => this.select<T>(collection, spec));
  }

  private select<T extends Doc>(collection: string, spec: QuerySpec): Page<T> {
    if (!Number.isInteger(spec.limit) || spec.limit < 1 || spec.limit > 1000) throw new Error('limit must be 1..1000');
    const keys = sortKeys(spec.orderBy);
    const params: unknown[] = [];
    let sql = `SELECT doc FROM ${this.table(collection)} WHERE ${whereSql(spec.where, params)}`;
    if (spec.after) {
      const values = decodeCursor(spec.after, keys.length);
      if (!values) throw new AppError('VALIDATION', '分页参数无效，请刷新后重试');
      sql += ` AND ${afterSql(keys, values, params)}`;
    }
    sql += ` ORDER BY ${keys.map(([p, d]) => `${expr(p)} ${d === 'desc' ? 'DESC' : 'ASC'}`).join(', ')} LIMIT ?`;
    params.push(spec.limit + 1);
    const rows = this.stmt(sql).all(...params) as Array<{ doc: string }>;
    const items = rows.slice(0, spec.limit).map((r) => JSON.parse(r.doc) as T);
    const last = items[items.length - 1];
    const next = rows.length > spec.limit ? encodeCursor(keys.map(([p]) => bind(getPath(last, p) ?? null))) : null;
    return { items, next };
  }

  count(collection: string, where?: Where, opts?: CountOptions): Promise<number> {
    const params: unknown[] = [];
    const upTo = opts?.upTo;
    const filter = `FROM ${this.table(collection)} WHERE ${whereSql(where, params)}`;
    const sql = upTo ? `SELECT count(*) AS n FROM (SELECT 1 ${filter} LIMIT ${Math.max(1, Math.floor(upTo))})` : `SELECT count(*) AS n ${filter}`;
    return this.batched(() => (this.stmt(sql).get(...params) as { n: number }).n);
  }

  /** The query plan SQLite chooses (tests assert the queue uses its index). */
  explain(collection: string, spec: QuerySpec): string {
    const keys = sortKeys(spec.orderBy);
    const params: unknown[] = [];
    const sql = `EXPLAIN QUERY PLAN SELECT doc FROM ${this.table(collection)} WHERE ${whereSql(spec.where, params)} ORDER BY ${keys
      .map(([p, d]) => `${expr(p)} ${d === 'desc' ? 'DESC' : 'ASC'}`)
      .join(', ')} LIMIT ${spec.limit}`;
    return (this.db.prepare(sql).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join('\n');
  }

  async close(): Promise<void> {
    this.commit();
    const worker = this.checkpointer;
    if (worker) {
      this.checkpointer = null;
      await new Promise((done) => {
        worker.once('exit', done);
        worker.postMessage('close');
      });
    }
    if (this.db.open) this.db.close();
  }
}

export function openSqliteDocStore(opts: { file: string; backgroundCheckpoint?: boolean }): SqliteDocStore {
  return new SqliteDocStore(opts.file, opts);
}
