/**
 * An in-process stand-in for the CloudBase document database, for tests.
 *
 * What it emulates. `@cloudbase/node-sdk` (3.18) hands every database action to one request class,
 * `Db.reqClass` of `@cloudbase/database`, as `send(action, params)` with the query, the update, the
 * sort order and the documents already serialized to EJSON by the SDK's own code. `index.ts` puts
 * this server behind that class, so the adapter, the SDK's query builders, its serializers, its
 * transaction runner (with its own retry policy: three immediate retries on a conflict, no pause)
 * and its error handling (an answer carrying `code` is thrown as the SDK's `TcbError`, as
 * `throwOnCode` does by default) all run for real; only the network and the server are replaced.
 * The server evaluates the requests with mingo (MongoDB's query and update language in JS) and keeps
 * these rules of the real service:
 * - collections must exist: `addCollection` of an existing one answers
 *   `DATABASE_COLLECTION_ALREADY_EXIST`, any action on a missing one `DATABASE_COLLECTION_NOT_EXIST`;
 * - `_id` is unique: a second insert answers `DATABASE_DUPLICATE_WRITE`;
 * - `updated` counts documents MODIFIED, not matched (MongoDB: an update that changes nothing, or a
 *   replacement by an identical document, reports 0);
 * - a get returns at most 1,000 documents (100 when no limit is given), honouring `order`, `offset`
 *   and `projection`; `count`, `remove`, `updateAndReturn` (answers the document after the update);
 * - transactions (MongoDB's snapshot isolation): reads see the snapshot taken when the transaction
 *   started plus its own writes; a write to a document that another open transaction has written
 *   but not committed, or that was changed by anyone since the snapshot, answers
 *   `DATABASE_TRANSACTION_CONFLICT` and aborts the transaction (as MongoDB does); a write outside
 *   any transaction to a document an open transaction has written waits until that transaction ends
 *   (MongoDB's lock wait); commit applies all writes at once; only document operations by `_id`
 *   are allowed inside a transaction (CloudBase refuses `where` there), anything else answers
 *   `DATABASE_INVALID_OPERRATOR`; a transaction left open longer than `transactionTimeoutMs` is
 *   aborted (`DATABASE_TRANSACTION_FAIL` on its next use).
 * Every request is answered on a later macrotask (`setImmediate`, or `latencyMs`), so concurrent
 * callers interleave the way network round trips do.
 *
 * WHAT IT CANNOT TELL YOU.
 * - Real latency (every round trip here is ~0 ms; on CloudBase it is milliseconds to tens of ms, and
 *   cold connections more), hence nothing about throughput, timeouts or the cost of N+1 reads.
 * - Real conflict timing: which of two racing transactions wins, how long a blocked write waits, and
 *   how often the SDK's three immediate retries are enough depend on the server's scheduling; here
 *   they follow this process's event loop. Tests show the code SURVIVES conflicts, not how often
 *   they happen in production.
 * - Index use and query plans (everything is a scan here), index limits, and the sort order of
 *   strings under CloudBase's collation (JS code-unit order here, MongoDB's binary order there).
 * - Permissions and security rules (every request here is an admin request), quotas and rate
 *   limits (`EXCEED_REQUEST_LIMIT`, concurrent-connection limits), payload and document size limits.
 * - Exact error messages (codes are CloudBase's; messages are close copies seen in public reports),
 *   what the real service answers for edge cases not listed above (mixed batch inserts, type
 *   coercions, `$numberLong` versus double storage), and any difference between MongoDB semantics
 *   and CloudBase's own layer. Settle those with the real-environment suite (`TCB_*` set).
 */
import { createRequire } from 'node:module';
import { Query, update as applyModifier } from 'mingo';
import type * as Bson from 'bson';

/** The EJSON of the very `bson` the SDK serializes with. */
const { EJSON, BSONRegExp } = createRequire(require.resolve('@cloudbase/database'))('bson') as typeof Bson;

type Json = Record<string, unknown>;

export interface Answer {
  requestId: string;
  code?: string;
  message?: string;
  data?: unknown;
  transactionId?: string;
}

/** CloudBase's error codes; messages as the service writes them where known. */
export const ERRORS = {
  collectionExists: { code: 'DATABASE_COLLECTION_ALREADY_EXIST', message: '[ResourceUnavailable.ResourceExist] Table exist.' },
  collectionMissing: {
    code: 'DATABASE_COLLECTION_NOT_EXIST',
    message: '[ResourceNotFound] Db or Table not exist. Please check your request, but if the problem cannot be solved, contact us.',
  },
  duplicate: { code: 'DATABASE_DUPLICATE_WRITE', message: 'E11000 duplicate key error' },
  conflict: { code: 'DATABASE_TRANSACTION_CONFLICT', message: 'database transaction conflict' },
  transactionGone: { code: 'DATABASE_TRANSACTION_FAIL', message: 'transaction not found, committed or aborted' },
  invalidOperator: { code: 'DATABASE_INVALID_OPERRATOR', message: 'only document operations (doc, add) are supported in a transaction' },
  invalidParam: { code: 'INVALID_PARAM', message: 'invalid request param' },
} as const;

type ErrorInfo = { code: string; message: string };

class Refusal extends Error {
  constructor(
    readonly info: ErrorInfo,
    detail?: string,
  ) {
    super(detail ? `${info.message} ${detail}` : info.message);
  }
}

/** One committed version of a document (null: deleted / not yet created), by commit sequence. */
interface Version {
  seq: number;
  doc: Json | null;
}

interface Slot {
  /** ascending by seq; the last one is the current state */
  versions: Version[];
  /** the open transaction that has written this document and not yet ended */
  lockedBy: string | null;
}

interface Tx {
  id: string;
  snapshot: number;
  writes: Map<Slot, { collection: string; id: string; doc: Json | null }>;
  state: 'open' | 'committed' | 'aborted';
  timer: NodeJS.Timeout;
}

export interface EmulatorOptions {
  /** answer each request after this many ms (default: the next macrotask) */
  latencyMs?: number;
  /** abort a transaction left open this long (default 10 s; CloudBase's own limit is not documented) */
  transactionTimeoutMs?: number;
}

/** A hook a test may set to answer (or fail) a request before the server sees it: return undefined to pass. */
export type Interceptor = (action: string, params: Json) => Answer | undefined | Promise<Answer | undefined>;

const clone = <T>(v: T): T => structuredClone(v);
const canonical = (doc: unknown) => EJSON.stringify(doc as Json, { relaxed: false });

/** EJSON text from the SDK → plain JS values mingo understands (regular expressions become RegExp). */
function decode(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  return toPlain(EJSON.parse(text, { relaxed: true }));
}
function toPlain(v: unknown): unknown {
  if (v instanceof BSONRegExp) return new RegExp(v.pattern, v.options.replace(/[^gimsuy]/g, ''));
  if (Array.isArray(v)) return v.map(toPlain);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Json = {};
    for (const [k, x] of Object.entries(v)) out[k] = toPlain(x);
    return out;
  }
  return v;
}

const isOperatorDoc = (data: Json) => Object.keys(data).length > 0 && Object.keys(data).every((k) => k.startsWith('$'));

export class CloudbaseEmulatorServer {
  private readonly collections = new Map<string, Map<string, Slot>>();
  private readonly txs = new Map<string, Tx>();
  private readonly open = new Set<Tx>();
  private readonly waiters = new Map<Slot, Array<() => void>>();
  private seq = 0;
  private requests = 0;
  /** every request the server received, by action (tests may assert on the traffic) */
  readonly received = new Map<string, number>();
  /** how often the rules above bit: conflicts answered, writes that waited for a transaction, transactions timed out */
  readonly stats = { conflicts: 0, lockWaits: 0, timeouts: 0 };
  interceptor: Interceptor | null = null;

  constructor(private readonly opts: EmulatorOptions = {}) {}

  /** Entry point for the transport: one SDK request in, one answer out (an answer with `code` is an error). */
  async handle(action: string, params: Json = {}): Promise<Answer> {
    await new Promise<void>((r) => (this.opts.latencyMs ? setTimeout(r, this.opts.latencyMs) : setImmediate(r)));
    this.received.set(action, (this.received.get(action) ?? 0) + 1);
    const requestId = `emu-${++this.requests}`;
    try {
      const injected = this.interceptor ? await this.interceptor(action, params) : undefined;
      if (injected) return injected;
      return { requestId, ...(await this.dispatch(action, params)) };
    } catch (e) {
      if (e instanceof Refusal) return { requestId, code: e.info.code, message: e.message };
      throw e;
    }
  }

  /** The stored documents of a collection as the server holds them (EJSON text), for at-rest checks. */
  storedDocuments(collection: string): string[] {
    const slots = this.collections.get(collection);
    if (!slots) return [];
    return [...slots.values()]
      .map((s) => s.versions[s.versions.length - 1].doc)
      .filter((d): d is Json => d !== null)
      .map(canonical);
  }

  /** Open transactions right now (a leak shows here). */
  openTransactions(): number {
    return this.open.size;
  }

  private async dispatch(action: string, p: Json): Promise<Omit<Answer, 'requestId'>> {
    switch (action) {
      case 'database.addCollection':
        return this.addCollection(String(p.collectionName));
      case 'database.startTransaction':
        return { transactionId: this.startTransaction() };
      case 'database.commitTransaction':
        this.commit(this.openTx(p.transactionId));
        return {};
      case 'database.abortTransaction': {
        const tx = this.txs.get(String(p.transactionId));
        if (tx?.state === 'committed') throw new Refusal(ERRORS.transactionGone);
        if (tx) this.abort(tx);
        return {};
      }
      case 'database.insertDocument':
        return { data: { insertedIds: await this.insert(p) } };
      case 'database.getDocument':
        return { data: { list: this.find(p).map(canonical) } };
      case 'database.calculateDocument':
        return { data: { total: this.matching(p).length } };
      case 'database.modifyDocument':
        return { data: await this.modify(p) };
      case 'database.modifyAndReturnDoc': {
        const r = await this.modify({ ...p, multi: false, merge: true, upsert: false }, true);
        return { data: { updated: r.updated, doc: r.doc ? canonical(r.doc) : null } };
      }
      case 'database.removeDocument':
        return { data: { deleted: await this.remove(p) } };
      default:
        throw new Error(`CloudBase emulator: action ${action} is not emulated`);
    }
  }

  // -- collections and documents ------------------------------------------------------------

  private addCollection(name: string) {
    if (!name) throw new Refusal(ERRORS.invalidParam, 'collectionName');
    if (this.collections.has(name)) throw new Refusal(ERRORS.collectionExists);
    this.collections.set(name, new Map());
    return {};
  }

  private slots(name: unknown): Map<string, Slot> {
    const slots = this.collections.get(String(name));
    if (!slots) throw new Refusal(ERRORS.collectionMissing);
    return slots;
  }

  private slot(collection: unknown, id: string, create: boolean): Slot | undefined {
    const slots = this.slots(collection);
    let s = slots.get(id);
    if (!s && create) {
      s = { versions: [{ seq: 0, doc: null }], lockedBy: null };
      slots.set(id, s);
    }
    return s;
  }

  private current(s: Slot): Json | null {
    return s.versions[s.versions.length - 1].doc;
  }

  /** What a transaction sees: its own write, else the newest version at or before its snapshot. */
  private visible(s: Slot, tx: Tx | null): Json | null {
    if (!tx) return this.current(s);
    const own = tx.writes.get(s);
    if (own) return own.doc;
    for (let i = s.versions.length - 1; i >= 0; i--) if (s.versions[i].seq <= tx.snapshot) return s.versions[i].doc;
    return null;
  }

  private commitVersion(s: Slot, doc: Json | null) {
    s.versions.push({ seq: ++this.seq, doc });
    // keep what an open transaction's snapshot may still need, and the current version
    let oldest = this.seq;
    for (const t of this.open) oldest = Math.min(oldest, t.snapshot);
    let keepFrom = s.versions.length - 1;
    while (keepFrom > 0 && s.versions[keepFrom].seq > oldest) keepFrom--;
    if (keepFrom > 0) s.versions.splice(0, keepFrom);
  }

  /** A write outside transactions waits while an open transaction holds the document. */
  private async unlocked(s: Slot): Promise<void> {
    while (s.lockedBy) {
      this.stats.lockWaits++;
      await new Promise<void>((r) => {
        const list = this.waiters.get(s) ?? [];
        list.push(r);
        this.waiters.set(s, list);
      });
    }
  }

  private release(s: Slot) {
    s.lockedBy = null;
    const list = this.waiters.get(s);
    this.waiters.delete(s);
    for (const wake of list ?? []) wake();
  }

  // -- transactions -------------------------------------------------------------------------

  private startTransaction(): string {
    const id = `tx-${this.requests}-${Math.random().toString(36).slice(2, 8)}`;
    const tx: Tx = {
      id,
      snapshot: this.seq,
      writes: new Map(),
      state: 'open',
      timer: setTimeout(() => {
        this.stats.timeouts++;
        this.abort(tx);
      }, this.opts.transactionTimeoutMs ?? 10_000),
    };
    tx.timer.unref();
    this.txs.set(id, tx);
    this.open.add(tx);
    return id;
  }

  private openTx(id: unknown): Tx {
    const tx = this.txs.get(String(id));
    if (!tx || tx.state !== 'open') throw new Refusal(ERRORS.transactionGone);
    return tx;
  }

  private txOf(p: Json): Tx | null {
    return p.transactionId ? this.openTx(p.transactionId) : null;
  }

  /** Buffers a transaction's write, or refuses it as MongoDB does (and aborts the transaction). */
  private txWrite(tx: Tx, collection: string, id: string, doc: Json | null) {
    const s = this.slot(collection, id, true)!;
    const changedSince = s.versions[s.versions.length - 1].seq > tx.snapshot;
    if ((s.lockedBy && s.lockedBy !== tx.id) || changedSince) {
      this.abort(tx);
      this.stats.conflicts++;
      throw new Refusal(ERRORS.conflict);
    }
    s.lockedBy = tx.id;
    tx.writes.set(s, { collection, id, doc });
  }

  private commit(tx: Tx) {
    for (const [s, w] of tx.writes) this.commitVersion(s, w.doc === null ? null : { ...w.doc, _id: w.id });
    this.end(tx, 'committed');
  }

  private abort(tx: Tx) {
    if (tx.state === 'open') this.end(tx, 'aborted');
  }

  private end(tx: Tx, state: 'committed' | 'aborted') {
    tx.state = state;
    this.open.delete(tx);
    clearTimeout(tx.timer);
    for (const s of tx.writes.keys()) if (s.lockedBy === tx.id) this.release(s);
    tx.writes.clear();
    // forget it after a while (a late commit or abort still gets a proper answer until then)
    setTimeout(() => this.txs.delete(tx.id), 60_000).unref();
  }

  // -- queries ------------------------------------------------------------------------------

  private filterOf(p: Json): Json {
    const q = decode(p.query);
    return (q && typeof q === 'object' ? q : {}) as Json;
  }

  /** In a transaction only `doc(id)` operations are allowed: the query must be `{_id}`. */
  private txDocId(tx: Tx, p: Json): string {
    const filter = this.filterOf(p);
    if (p.queryType !== 'DOC' || typeof filter._id !== 'string' || Object.keys(filter).length !== 1) {
      this.abort(tx);
      throw new Refusal(ERRORS.invalidOperator);
    }
    return filter._id;
  }

  /** The slots whose current document matches the request's query, in storage order (by `_id` directly when it names one). */
  /**
   * The documents a write outside a transaction applies to (one when `multi` is false), once no open
   * transaction holds any of them: each wait is followed by a fresh evaluation, as the document may
   * have changed meanwhile.
   */
  private async unlockedTargets(p: Json): Promise<Slot[]> {
    for (;;) {
      const hits = this.hits(p);
      const targets = p.multi === false ? hits.slice(0, 1) : hits;
      const locked = targets.find((s) => s.lockedBy);
      if (!locked) return targets;
      await this.unlocked(locked);
    }
  }

  private hits(p: Json): Slot[] {
    const slots = this.slots(p.collectionName);
    const filter = this.filterOf(p);
    const query = new Query(filter);
    const candidates = typeof filter._id === 'string' ? [slots.get(filter._id)].filter((s): s is Slot => !!s) : slots.values();
    const out: Slot[] = [];
    for (const s of candidates) {
      const doc = this.current(s);
      if (doc && query.test(doc)) out.push(s);
    }
    return out;
  }

  private matching(p: Json): Json[] {
    return this.hits(p).map((s) => this.current(s)!);
  }

  private find(p: Json): Json[] {
    const tx = this.txOf(p);
    if (tx) {
      const id = this.txDocId(tx, p);
      const s = this.slot(p.collectionName, id, false);
      const doc = s ? this.visible(s, tx) : null;
      return doc ? [clone(doc)] : [];
    }
    const order = (decode(p.order) ?? {}) as Record<string, number>;
    const limit = Math.min(typeof p.limit === 'number' && p.limit > 0 ? p.limit : 100, 1000);
    const offset = typeof p.offset === 'number' ? p.offset : 0;
    const projection = decode(p.projection) as Json | undefined;
    let cursor = new Query({}).find(this.matching(p), projection && Object.keys(projection).length ? projection : undefined);
    if (Object.keys(order).length) cursor = cursor.sort(order);
    return cursor
      .skip(offset)
      .limit(limit)
      .all()
      .map((d) => clone(d as Json));
  }

  // -- writes -------------------------------------------------------------------------------

  private async insert(p: Json): Promise<string[]> {
    const tx = this.txOf(p);
    const docs = (p.data as string[]).map((d) => decode(d) as Json);
    const ids: string[] = [];
    // ordered, like MongoDB's insertMany: documents before a duplicate stay inserted
    for (const raw of docs) {
      const id = typeof raw._id === 'string' || typeof raw._id === 'number' ? String(raw._id) : randomId();
      const doc = { ...raw, _id: id };
      if (tx) {
        const s = this.slot(p.collectionName, id, true)!;
        if (this.visible(s, tx)) {
          this.abort(tx);
          throw new Refusal(ERRORS.duplicate, `dup key: { _id: "${id}" }`);
        }
        this.txWrite(tx, String(p.collectionName), id, doc);
      } else {
        const s = this.slot(p.collectionName, id, true)!;
        await this.unlocked(s);
        if (this.current(s)) throw new Refusal(ERRORS.duplicate, `collection: ${p.collectionName} index: _id_ dup key: { _id: "${id}" }`);
        this.commitVersion(s, doc);
      }
      ids.push(id);
    }
    return ids;
  }

  /** Applies an update (operators, merge) or a replacement (merge false) to a copy; says whether it changed. */
  private applied(before: Json, data: Json, merge: boolean): { after: Json; modified: boolean } {
    const operators = Object.keys(data).filter((k) => k.startsWith('$')).length;
    if (operators && operators !== Object.keys(data).length) throw new Refusal(ERRORS.invalidParam, 'update operators mixed with fields');
    if (!merge) {
      if (operators) throw new Refusal(ERRORS.invalidParam, 'update operators in a replacement');
      const after = { ...clone(data), _id: before._id };
      return { after, modified: canonical(after) !== canonical(before) };
    }
    // merge: operators as given; plain fields are set (the SDK itself always sends operators)
    const after = clone(before);
    const changed = applyModifier(after, (isOperatorDoc(data) ? data : { $set: data }) as never, undefined, undefined, { cloneMode: 'deep' });
    return { after, modified: changed.length > 0 };
  }

  private async modify(p: Json, returnDoc = false): Promise<{ updated: number; upsert_id?: string; doc?: Json | null }> {
    const data = decode(p.data) as Json;
    if (!data || typeof data !== 'object') throw new Refusal(ERRORS.invalidParam, 'data');
    const merge = p.merge !== false;
    const tx = this.txOf(p);
    if (tx) {
      const id = this.txDocId(tx, p);
      const s = this.slot(p.collectionName, id, true)!;
      const before = this.visible(s, tx);
      if (!before) {
        if (!p.upsert) return { updated: 0, doc: null };
        this.txWrite(tx, String(p.collectionName), id, this.applied({ _id: id }, data, merge).after);
        return { updated: 0, upsert_id: id };
      }
      const { after, modified } = this.applied(before, data, merge);
      this.txWrite(tx, String(p.collectionName), id, after);
      return { updated: modified ? 1 : 0, doc: after };
    }
    // outside transactions: each matching document is one atomic step; wait for transactions holding it
    for (;;) {
      const targets = await this.unlockedTargets(p);
      if (!targets.length && p.upsert) {
        const filter = this.filterOf(p);
        const id = typeof filter._id === 'string' ? filter._id : randomId();
        const s = this.slot(p.collectionName, id, true)!;
        if (s.lockedBy) {
          await this.unlocked(s);
          continue;
        }
        const { after } = this.applied({ _id: id }, data, merge);
        this.commitVersion(s, after);
        return { updated: 0, upsert_id: id, doc: after };
      }
      let updated = 0;
      let last: Json | null = null;
      for (const s of targets) {
        const { after, modified } = this.applied(this.current(s)!, data, merge);
        if (modified) {
          this.commitVersion(s, after);
          updated++;
        }
        last = after;
      }
      return returnDoc ? { updated, doc: last } : { updated };
    }
  }

  private async remove(p: Json): Promise<number> {
    const tx = this.txOf(p);
    if (tx) {
      const id = this.txDocId(tx, p);
      const s = this.slot(p.collectionName, id, false);
      if (!s || !this.visible(s, tx)) return 0;
      this.txWrite(tx, String(p.collectionName), id, null);
      return 1;
    }
    const targets = await this.unlockedTargets(p);
    for (const s of targets) this.commitVersion(s, null);
    return targets.length;
  }
}

function randomId(): string {
  return Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
}
