/**
 * DocStore on the CloudBase document database (@cloudbase/node-sdk), for the cloud functions.
 *
 * How the port's guarantees map to CloudBase:
 * - uniqueness: `add` with an explicit `_id` fails on a duplicate (the only unique key CloudBase
 *   offers; the domain models natural keys as `_id`s for this reason).
 * - conditional atomic update: `collection.where({ _id, ...conditions }).update(...)` is one
 *   single-document write on the server. Increments use `_.inc`, so two writers never lose an
 *   update. CloudBase (MongoDB) reports `updated` as documents MODIFIED, not matched, so an update
 *   that matches but changes nothing would read as "did not match" (SQLite says it matched). Every
 *   update therefore also increments the reserved field `_rev` (REVISION): a matching update always
 *   modifies, and `updated > 0` means "matched" on both adapters. `_rev` is removed from every
 *   document this adapter returns (and the function contracts' zod objects strip unknown fields
 *   too), so it never reaches a use case or a caller; no caller may write it.
 * - `increment` (counters): `where({_id}).updateAndReturn({field: _.inc(by)})`, one atomic
 *   single-document write that answers the document after it, so the new value is exactly this
 *   caller's; when the counter does not exist yet, `add` creates it with `by` (a racing creator
 *   loses on the duplicate `_id` and increments the winner's). Not `_.inc` then a read: another
 *   increment between the two would hand two callers the same number.
 * - `transact`: `db.runTransaction` with the document read and written through the transaction.
 *   CloudBase answers a write conflict with another open transaction as
 *   `DATABASE_TRANSACTION_CONFLICT` and the SDK retries only three times, at once; the adapter
 *   retries the whole transaction on top of that with jittered backoff (TX_RETRY) and then gives
 *   up with a retryable CONFLICT for the person ("操作的人太多了"). The callback may run many times,
 *   which is why it must be pure. Hot shared counters use `increment`, not `transact`.
 * - paging: the same keyset cursor as on SQLite, expressed with `_.or` / `_.and`. A get returns at
 *   most 1,000 documents (the SDK caps `limit` at 1000), so a page asks for `min(limit, 999) + 1`
 *   to learn whether more follow; a full page of 1,000 carries a cursor (the next may be empty).
 * - collections: "already exists" is recognised by CloudBase's code
 *   (`DATABASE_COLLECTION_ALREADY_EXIST`) or its message.
 * Indexes are created at deploy time (`npm run deploy` writes build/indexes.json), not here.
 */
import tcb from '@cloudbase/node-sdk';
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
  type SortDir,
  type UpdateSpec,
  type Where,
  type CountOptions,
} from '../../core/shared/docstore';
import { decodeCursor, encodeCursor, getPath, sortKeys } from '../paths';

type Db = ReturnType<ReturnType<typeof tcb.init>['database']>;
type Command = Db['command'];

interface Result {
  code?: string;
  message?: string;
}

/** node-sdk reports some failures as `{ code, message }` results instead of throwing. */
function check<T>(r: T, what: string): T {
  const res = r as Result;
  if (res && res.code) throw new Error(`CloudBase ${what} failed: ${res.code} ${res.message ?? ''}`);
  return r;
}

/** The part of a CloudBase transaction this adapter uses. */
interface Tx {
  collection(name: string): { doc(id: string): { get(): Promise<{ data: unknown }>; set(d: object): Promise<unknown>; remove(): Promise<unknown> } };
}

/** The reserved revision field every update increments (see the header); never returned. */
export const REVISION = '_rev';

/** Retry policy for transaction conflicts, on top of the SDK's own three immediate retries. */
export const TX_RETRY = { attempts: 9, minMs: 20, maxMs: 300 };

/** The most documents one get returns (the SDK caps `limit` at this; the server too). */
const MAX_GET = 1000;

const isConflict = (e: unknown) => (e as Result)?.code === 'DATABASE_TRANSACTION_CONFLICT';
const alreadyExists = (e: unknown) =>
  (e as Result)?.code === 'DATABASE_COLLECTION_ALREADY_EXIST' || /already exist|ResourceExist|Table exist/i.test(String((e as Error)?.message ?? e));

function withoutRevision<T>(doc: T): T {
  if (!doc || typeof doc !== 'object' || !(REVISION in doc)) return doc;
  const { [REVISION]: _rev, ...rest } = doc as Record<string, unknown>;
  return rest as T;
}

const isDuplicate = (e: unknown) => /duplicate|E11000/i.test(`${(e as Result)?.code ?? ''} ${(e as Error)?.message ?? ''}`);

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class CloudbaseDocStore implements DocStore {
  private readonly _: Command;

  constructor(
    private readonly db: Db,
    private readonly retry: { attempts: number; minMs: number; maxMs: number } = TX_RETRY,
  ) {
    this._ = db.command;
  }

  /** `db.runTransaction`, retried on conflicts with jittered, growing pauses; then a retryable CONFLICT. */
  private async runTransaction<R>(body: (t: Tx) => Promise<R>): Promise<R> {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.db.runTransaction(body)) as R;
      } catch (e) {
        if (!isConflict(e)) throw e;
        if (attempt >= this.retry.attempts) {
          throw new AppError('CONFLICT', '操作的人太多了，请稍后重试', undefined, { retryable: true });
        }
        const cap = Math.min(this.retry.maxMs, this.retry.minMs * 2 ** attempt);
        await new Promise((r) => setTimeout(r, this.retry.minMs + Math.random() * (cap - this.retry.minMs)));
      }
    }
  }

  private cond(cond: Cond): unknown {
    const _ = this._;
    if (cond === null) return _.eq(null);
    if (typeof cond !== 'object') return cond;
    const parts: unknown[] = [];
    if (cond.$eq !== undefined) parts.push(_.eq(cond.$eq));
    if (cond.$ne !== undefined) parts.push(_.neq(cond.$ne));
    if (cond.$gt !== undefined) parts.push(_.gt(cond.$gt));
    if (cond.$gte !== undefined) parts.push(_.gte(cond.$gte));
    if (cond.$lt !== undefined) parts.push(_.lt(cond.$lt));
    if (cond.$lte !== undefined) parts.push(_.lte(cond.$lte));
    if (cond.$in !== undefined) parts.push(_.in(cond.$in));
    if (cond.$contains !== undefined) parts.push(this.db.RegExp({ regexp: escapeRegExp(cond.$contains), options: '' }));
    if (cond.$exists !== undefined) parts.push(cond.$exists ? _.and(_.exists(true), _.neq(null)) : _.or(_.exists(false), _.eq(null)));
    return parts.length === 1 ? parts[0] : _.and(...(parts as never[]));
  }

  private where(where: Where | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const out: Record<string, unknown> = { ...extra };
    for (const [path, cond] of Object.entries(where ?? {})) out[path] = this.cond(cond);
    return out;
  }

  private updateData(spec: UpdateSpec): Record<string, unknown> {
    const _ = this._;
    const data: Record<string, unknown> = {};
    for (const [path, value] of Object.entries(spec.set ?? {})) data[path] = value === null || typeof value !== 'object' ? value : _.set(value);
    for (const [path, by] of Object.entries(spec.inc ?? {})) data[path] = _.inc(by);
    for (const path of spec.unset ?? []) data[path] = _.remove();
    for (const [path, value] of Object.entries(spec.push ?? {})) data[path] = _.push([value]);
    if (Object.keys(data).some((p) => p === REVISION || p.startsWith(`${REVISION}.`))) throw new Error(`${REVISION} is reserved by the CloudBase adapter`);
    data[REVISION] = _.inc(1);
    return data;
  }

  /** "strictly after" the cursor values, as a CloudBase query (NULL-aware like the SQLite adapter). */
  private after(keys: Array<[string, SortDir]>, values: unknown[]): unknown {
    const _ = this._;
    const alts = keys.map(([path, dir], i) => {
      const term: Record<string, unknown> = {};
      for (let j = 0; j < i; j++) term[keys[j][0]] = values[j] === null ? _.eq(null) : values[j];
      const v = values[i];
      if (dir === 'asc') term[path] = v === null ? _.neq(null) : _.gt(v);
      else term[path] = v === null ? _.and(_.exists(true), _.eq('__never__')) : _.or(_.lt(v), _.eq(null));
      return term;
    });
    return _.or(alts as never[]);
  }

  async ensureCollections(specs: CollectionSpec[]): Promise<void> {
    for (const spec of specs) {
      try {
        const r = (await this.db.createCollection(spec.name)) as Result;
        if (r?.code && !alreadyExists(r)) check(r, `createCollection ${spec.name}`);
      } catch (e) {
        if (!alreadyExists(e)) throw e;
      }
    }
  }

  async get<T extends Doc>(collection: string, id: string): Promise<T | null> {
    const r = check(await this.db.collection(collection).where({ _id: id }).limit(1).get(), `get ${collection}`);
    return withoutRevision((r.data[0] as T) ?? null);
  }

  async insert<T extends Doc>(collection: string, doc: T): Promise<void> {
    try {
      check(await this.db.collection(collection).add(doc as never), `add ${collection}`);
    } catch (e) {
      if (isDuplicate(e)) throw new DuplicateKeyError(collection, doc._id);
      throw e;
    }
  }

  async insertMany<T extends Doc>(collection: string, docs: T[]): Promise<void> {
    // all or nothing: one transaction per batch
    for (let i = 0; i < docs.length; i += 100) {
      const batch = docs.slice(i, i + 100);
      await this.runTransaction(async (t: Tx) => {
        for (const doc of batch) {
          const existing = await t.collection(collection).doc(doc._id).get();
          if (Array.isArray(existing.data) ? existing.data.length : existing.data) throw new DuplicateKeyError(collection, doc._id);
          const { _id, ...rest } = doc as Doc & Record<string, unknown>;
          await t.collection(collection).doc(_id).set(rest);
        }
      });
    }
  }

  async update(collection: string, id: string, update: UpdateSpec, where?: Where): Promise<boolean> {
    const r = check(
      await this.db
        .collection(collection)
        .where(this.where(where, { _id: id }))
        .update(this.updateData(update)),
      `update ${collection}`,
    );
    return (r.updated ?? 0) > 0;
  }

  async increment(collection: string, id: string, field: string, by = 1): Promise<number> {
    const coll = this.db.collection(collection);
    for (let attempt = 0; ; attempt++) {
      const r = check(await coll.where({ _id: id }).updateAndReturn({ [field]: this._.inc(by) }), `updateAndReturn ${collection}`) as { doc?: object | null };
      if (r.doc) return getPath(r.doc, field) as number;
      try {
        const created: Record<string, unknown> = { _id: id };
        const keys = field.split('.');
        let cur = created;
        for (const k of keys.slice(0, -1)) cur = (cur[k] = {}) as Record<string, unknown>;
        cur[keys[keys.length - 1]] = by;
        check(await coll.add(created as never), `add ${collection}`);
        return by;
      } catch (e) {
        // created by someone else between the two calls: increment theirs
        if (!isDuplicate(e) || attempt >= 3) throw e;
      }
    }
  }

  async transact<T extends Doc>(collection: string, id: string, fn: (current: T | null) => T | null | typeof KEEP): Promise<T | null> {
    return this.runTransaction(async (t: Tx) => {
      const ref = t.collection(collection).doc(id);
      const got = await ref.get();
      const raw = withoutRevision((Array.isArray(got.data) ? got.data[0] : got.data) as object | undefined);
      const current = raw ? ({ ...raw, _id: id } as T) : null;
      const next = fn(current);
      if (next === KEEP) return current;
      if (next === null) {
        if (current) await ref.remove();
        return null;
      }
      if (next._id !== id) throw new Error(`transact must keep _id ${id}`);
      const { _id, ...rest } = next as Doc & Record<string, unknown>;
      await ref.set(rest);
      return next;
    });
  }

  async remove(collection: string, id: string, where?: Where): Promise<boolean> {
    const r = check(
      await this.db
        .collection(collection)
        .where(this.where(where, { _id: id }))
        .remove(),
      `remove ${collection}`,
    );
    return ((r as { deleted?: number }).deleted ?? 0) > 0;
  }

  async query<T extends Doc>(collection: string, spec: QuerySpec): Promise<Page<T>> {
    if (!Number.isInteger(spec.limit) || spec.limit < 1 || spec.limit > 1000) throw new Error('limit must be 1..1000');
    const keys = sortKeys(spec.orderBy);
    let filter: unknown = this.where(spec.where);
    if (spec.after) {
      const values = decodeCursor(spec.after, keys.length);
      if (!values) throw new AppError('VALIDATION', '分页参数无效，请刷新后重试');
      filter = this._.and([filter as never, this.after(keys, values) as never]);
    }
    let q = this.db.collection(collection).where(filter as object);
    for (const [path, dir] of keys) q = q.orderBy(path, dir);
    // one more than the page tells whether more follow; a get returns at most MAX_GET
    const ask = Math.min(spec.limit, MAX_GET - 1) + 1;
    const r = check(await q.limit(ask).get(), `query ${collection}`);
    const rows = (r.data as T[]).map(withoutRevision);
    const items = rows.slice(0, spec.limit);
    const last = items[items.length - 1];
    const more = rows.length > spec.limit || (ask <= spec.limit && rows.length === ask);
    const next = more ? encodeCursor(keys.map(([p]) => getPath(last, p) ?? null)) : null;
    return { items, next };
  }

  async count(collection: string, where?: Where, opts?: CountOptions): Promise<number> {
    const r = check(await this.db.collection(collection).where(this.where(where)).count(), `count ${collection}`);
    const n = r.total ?? 0;
    return opts?.upTo ? Math.min(n, opts.upTo) : n;
  }

  async close(): Promise<void> {}
}

export function openCloudbaseDocStore(opts: { env: string; secretId?: string; secretKey?: string }): CloudbaseDocStore {
  const app = tcb.init({ env: opts.env, secretId: opts.secretId, secretKey: opts.secretKey });
  return new CloudbaseDocStore(app.database());
}
