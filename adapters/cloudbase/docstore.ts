/**
 * DocStore on the CloudBase document database (@cloudbase/node-sdk), for the cloud functions.
 *
 * How the port's guarantees map to CloudBase:
 * - uniqueness: `add` with an explicit `_id` fails on a duplicate (the only unique key CloudBase
 *   offers; the domain models natural keys as `_id`s for this reason).
 * - conditional atomic update: `collection.where({ _id, ...conditions }).update(...)` is one
 *   single-document write on the server; `updated` says whether the document matched. Increments
 *   use `_.inc`, so two writers never lose an update.
 * - `transact`: `db.runTransaction` with the document read and written through the transaction
 *   (CloudBase retries the callback on write conflicts, which is why the callback must be pure).
 * - paging: the same keyset cursor as on SQLite, expressed with `_.or` / `_.and`.
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

const isDuplicate = (e: unknown) => /duplicate|E11000/i.test(`${(e as Result)?.code ?? ''} ${(e as Error)?.message ?? ''}`);

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class CloudbaseDocStore implements DocStore {
  private readonly _: Command;

  constructor(private readonly db: Db) {
    this._ = db.command;
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
        if (r?.code && !/exist/i.test(`${r.code} ${r.message}`)) check(r, `createCollection ${spec.name}`);
      } catch (e) {
        if (!/exist/i.test(String((e as Error).message ?? e))) throw e;
      }
    }
  }

  async get<T extends Doc>(collection: string, id: string): Promise<T | null> {
    const r = check(await this.db.collection(collection).where({ _id: id }).limit(1).get(), `get ${collection}`);
    return (r.data[0] as T) ?? null;
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
      await this.db.runTransaction(async (t: Tx) => {
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
    const r = check(await this.db.collection(collection).where(this.where(where, { _id: id })).update(this.updateData(update)), `update ${collection}`);
    return (r.updated ?? 0) > 0;
  }

  async transact<T extends Doc>(collection: string, id: string, fn: (current: T | null) => T | null | typeof KEEP): Promise<T | null> {
    return this.db.runTransaction(async (t: Tx) => {
      const ref = t.collection(collection).doc(id);
      const got = await ref.get();
      const raw = (Array.isArray(got.data) ? got.data[0] : got.data) as object | undefined;
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
    }) as Promise<T | null>;
  }

  async remove(collection: string, id: string, where?: Where): Promise<boolean> {
    const r = check(await this.db.collection(collection).where(this.where(where, { _id: id })).remove(), `remove ${collection}`);
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
    const r = check(await q.limit(spec.limit + 1).get(), `query ${collection}`);
    const rows = r.data as T[];
    const items = rows.slice(0, spec.limit);
    const last = items[items.length - 1];
    const next = rows.length > spec.limit ? encodeCursor(keys.map(([p]) => getPath(last, p) ?? null)) : null;
    return { items, next };
  }

  async count(collection: string, where?: Where): Promise<number> {
    const r = check(await this.db.collection(collection).where(this.where(where)).count(), `count ${collection}`);
    return r.total ?? 0;
  }

  async close(): Promise<void> {}
}

export function openCloudbaseDocStore(opts: { env: string; secretId?: string; secretKey?: string }): CloudbaseDocStore {
  const app = tcb.init({ env: opts.env, secretId: opts.secretId, secretKey: opts.secretKey });
  return new CloudbaseDocStore(app.database());
}
