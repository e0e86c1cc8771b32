/**
 * DocStore: the storage port, shaped after the CloudBase document database so that the same use
 * cases run on the embedded SQLite adapter (local, tests, self-hosting) and on CloudBase.
 *
 * Rules every adapter keeps (the contract suite in `adapters/docstore-contract.testkit.ts` proves them):
 * - Documents are JSON objects with a string `_id`; `_id` is the only unique key. Natural unique
 *   keys (one person, one active membership; one application per idempotency key) are therefore
 *   modelled as deterministic `_id`s, which is also the only uniqueness CloudBase guarantees.
 * - `insert` fails with `DuplicateKeyError` when `_id` exists (CloudBase: `add` with `_id`).
 * - `update` is one atomic conditional write of a single document: it applies only when the
 *   document with that `_id` also matches `where` (CloudBase: `where({_id, ...}).update()`), and
 *   says whether it MATCHED, also when the update changes nothing (MongoDB, and so CloudBase,
 *   count modified documents; the CloudBase adapter makes every update modify by incrementing its
 *   reserved `_rev` field, which it never returns). Increments are atomic (`_.inc`).
 * - `increment` is an atomic counter: one single-document write that creates the counter when
 *   missing and answers the new value, so concurrent callers each get a different one. Shared
 *   counters (member numbers) use it, not `transact`: on CloudBase a transaction under contention
 *   conflicts and is retried, an increment never is.
 * - `transact` is a read-modify-write of one document in a transaction (CloudBase:
 *   `runTransaction` with `transaction.collection().doc().get()/set()`).
 * - `query` filters, sorts (always tie-broken by `_id`, in the last key's direction) and pages by an opaque cursor (keyset, so
 *   a deep page costs what the first page costs when an index covers the filter and sort).
 * - Timestamps are stored as epoch milliseconds (numbers sort the same everywhere).
 */

export type Scalar = string | number | boolean | null;

/** A condition on one field: a value means equality; an object holds operators (ANDed). */
export type Cond =
  | Scalar
  | {
      $eq?: Scalar;
      $ne?: Scalar;
      $gt?: Scalar;
      $gte?: Scalar;
      $lt?: Scalar;
      $lte?: Scalar;
      $in?: Scalar[];
      /** substring match on a string field (case-sensitive; CloudBase: db.RegExp on the escaped text) */
      $contains?: string;
      /** field present (true) or absent / null (false) */
      $exists?: boolean;
    };

/** Field path (dots for nested fields) → condition. All entries must hold. */
export type Where = Record<string, Cond>;

/** Any stored document: a JSON object with a string `_id` (domain interfaces need no index signature). */
export interface Doc {
  _id: string;
}

export type SortDir = 'asc' | 'desc';

export interface UpdateSpec {
  /** set fields (dotted paths allowed) */
  set?: Record<string, unknown>;
  /** atomically add to numeric fields (missing counts as 0) */
  inc?: Record<string, number>;
  /** remove fields */
  unset?: string[];
  /** append to an array field (created when missing) */
  push?: Record<string, unknown>;
}

export interface QuerySpec {
  where?: Where;
  /** sort keys; `_id` is appended as the final tie-breaker (in the last key's direction) when not given */
  orderBy?: Array<[string, SortDir]>;
  /** 1..1000 */
  limit: number;
  /** cursor returned as `next` by the previous page of the same query */
  after?: string | null;
}

export interface Page<T> {
  items: T[];
  /** cursor for the next page, or null when this was the last page */
  next: string | null;
}

export interface IndexSpec {
  name: string;
  fields: Array<[string, SortDir]>;
}

export interface CollectionSpec {
  name: string;
  indexes: IndexSpec[];
}

export class DuplicateKeyError extends Error {
  readonly collection: string;
  readonly id: string;
  constructor(collection: string, id: string) {
    // An expected answer (a retry, a double tap) that callers catch, thousands a second in a surge:
    // no stack trace to capture; the message names what collided.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(`duplicate _id ${id} in ${collection}`);
    Error.stackTraceLimit = limit;
    this.name = 'DuplicateKeyError';
    this.collection = collection;
    this.id = id;
  }
}

export interface CountOptions {
  /** stop counting at this many (1..10000) */
  upTo?: number;
}

/** Returned by a `transact` callback to leave the document unchanged. */
export const KEEP = Symbol('keep');

export interface DocStore {
  /** Create collections and their indexes when missing (idempotent). */
  ensureCollections(specs: CollectionSpec[]): Promise<void>;
  get<T extends Doc>(collection: string, id: string): Promise<T | null>;
  insert<T extends Doc>(collection: string, doc: T): Promise<void>;
  /** Bulk insert (seed, benchmarks): all or nothing. */
  insertMany<T extends Doc>(collection: string, docs: T[]): Promise<void>;
  /** Atomic conditional update of one document; true when it matched and was updated. */
  update(collection: string, id: string, update: UpdateSpec, where?: Where): Promise<boolean>;
  /**
   * Atomic read-modify-write of one document. `fn` gets the current document (or null) and returns
   * the new full document (its `_id` must equal `id`), `null` to delete it, or `KEEP`.
   * Returns what is stored afterwards. `fn` may run more than once (retry on contention): keep it pure.
   * When contention outlasts the retries: AppError CONFLICT with `details.retryable` (CloudBase).
   */
  transact<T extends Doc>(collection: string, id: string, fn: (current: T | null) => T | null | typeof KEEP): Promise<T | null>;
  /**
   * Atomically add `by` to the numeric `field` of one document, creating the document
   * (`{_id, [field]: by}`) when missing; answers the field's new value.
   */
  increment(collection: string, id: string, field: string, by?: number): Promise<number>;
  /** Delete one document if it matches `where`; true when deleted. */
  remove(collection: string, id: string, where?: Where): Promise<boolean>;
  query<T extends Doc>(collection: string, spec: QuerySpec): Promise<Page<T>>;
  /**
   * How many documents match. With `upTo`, counting stops there (the answer is at most `upTo`): a
   * badge that reads 99+ costs the same at any size of the collection (SQLite counts a LIMITed
   * subquery; CloudBase counts on its server and the answer is capped).
   */
  count(collection: string, where?: Where, opts?: CountOptions): Promise<number>;
  close(): Promise<void>;
}

/** Pages of this size are exact on every adapter (CloudBase: 999 plus the one that tells whether more follow). */
export const ALL_PAGE = 999;

/** Every document a query matches, read page by page (for collections that stay small: orgs, staff). */
export async function queryAll<T extends Doc>(store: DocStore, collection: string, spec: Omit<QuerySpec, 'limit' | 'after'> = {}): Promise<T[]> {
  const out: T[] = [];
  let after: string | null = null;
  do {
    const page: Page<T> = await store.query<T>(collection, { ...spec, limit: ALL_PAGE, after });
    out.push(...page.items);
    after = page.next;
  } while (after);
  return out;
}
