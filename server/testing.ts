/**
 * Test harness: a store, a clock tests can move, the demo seed at small scale. The store is SQLite in
 * a temp folder, or with `UNION_TEST_STORE=cloudbase-emulation` the CloudBase adapter over the
 * emulated CloudBase database (adapters/cloudbase/emulator): jest runs every function test on both
 * (projects in jest.config.js).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Dependencies } from '../core/shared/ports';
import { openSqliteDocStore } from '../adapters/sqlite/docstore';
import { openEmulatedCloudbaseDocStore } from '../adapters/cloudbase/emulator';
import { createCrypto } from '../adapters/crypto';
import { loadAppConfig } from '../config/app';
import { localFiles } from '../adapters/files/local';
import { ALL_COLLECTIONS } from '../cloudfunctions/registry-collections';
import { seedDemo } from './seed';
import { functions } from '../cloudfunctions/registry';
import type { Envelope } from '../cloudfunctions/_runtime/define';
import type { z } from 'zod';
import type { Contracts, FunctionName } from '../core/contracts';
import { PERSONAS } from './personas';
import { MEMBERS } from '../core/member/model';
import { aMember, TEST_NOW } from './builders.testkit';

/** The DocStore the test worlds of this run use. */
export const TEST_STORE: 'sqlite' | 'cloudbase-emulation' = process.env.UNION_TEST_STORE === 'cloudbase-emulation' ? 'cloudbase-emulation' : 'sqlite';

/**
 * For the few tests that are about SQLite itself and mean nothing on another store; skipped on the
 * emulation. The explicit list (keep it short, and say why):
 * - cloudfunctions/transfer/transfer.test.ts "the process killed with SIGKILL in the middle of
 *   moves": a child process writes the SQLite file and is killed; its durability is SQLite's.
 * - cloudfunctions/activity/seats.test.ts "SIGKILL between each pair of writes": the same, for the
 *   seat engine (the emulation runs the in-process version of each crash, seats.test.ts "a crash
 *   between each pair of writes").
 */
export function itOnSqlite(name: string, fn: jest.ProvidesCallback, timeout?: number): void {
  (TEST_STORE === 'sqlite' ? it : it.skip)(name, fn, timeout);
}

export type ActionName<F extends FunctionName> = keyof Contracts[F] & string;
type ActionOf<F extends FunctionName, A extends keyof Contracts[F]> = Contracts[F][A] extends { input: z.ZodType; output: z.ZodType } ? Contracts[F][A] : never;
/** what a test sends to an action (the zod input type: defaults may be left out) */
export type CallInput<F extends FunctionName, A extends keyof Contracts[F]> = z.input<ActionOf<F, A>['input']>;
/** what an action answers (the zod output type) */
export type CallOutput<F extends FunctionName, A extends keyof Contracts[F]> = z.output<ActionOf<F, A>['output']>;

export interface TestWorld {
  deps: Dependencies;
  dir: string;
  /** the key behind deps.crypto (a child process working on the same SQLite file needs the same signup ids) */
  masterKey: Buffer;
  /** every stored document of a collection as the store holds it (SQLite's JSON text, the emulator's EJSON): for at-rest checks */
  storedDocuments(collection: string): Promise<string[]>;
  clock: { t: number; now(): number; advanceDays(d: number): void };
  /**
   * calls a function in-process as a persona id, a raw uid (`uid:xyz`), or anonymously (null), typed
   * by the contracts: a misspelt function, action or field does not compile
   */
  call<F extends FunctionName, A extends ActionName<F>>(fn: F, action: A, data: CallInput<F, A>, as: string | null): Promise<Envelope<CallOutput<F, A>>>;
  /** calls a system-only action (timer jobs, repairs) as the platform's scheduler does: no uid, `system: true` */
  asSystem<F extends FunctionName, A extends ActionName<F>>(
    fn: F,
    action: A,
    ...data: Record<never, never> extends CallInput<F, A> ? [data?: CallInput<F, A>] : [data: CallInput<F, A>]
  ): Promise<Envelope<CallOutput<F, A>>>;
  /**
   * the untyped escape hatch, for tests whose point is bad input (malformed fields, unknown
   * functions or actions, fuzzing); everything else goes through `call`
   */
  callUntyped(fn: string, action: string, data: unknown, as: string | null): Promise<Envelope<any>>;
  close(): Promise<void>;
}

/** Tuesday 2026-11-24 10:00 Asia/Shanghai (defined beside the document builders, which use it too) */
export { TEST_NOW };

export async function makeWorld(opts: { seed?: boolean; members?: number } = {}): Promise<TestWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'union-test-'));
  const sqlite = TEST_STORE === 'sqlite' ? openSqliteDocStore({ file: join(dir, 'test.db') }) : null;
  const emulated = sqlite ? null : openEmulatedCloudbaseDocStore();
  const store = (sqlite ?? emulated)!;
  await store.ensureCollections(ALL_COLLECTIONS);
  const clock = {
    t: TEST_NOW,
    now() {
      return this.t;
    },
    advanceDays(d: number) {
      this.t += d * 86400_000;
    },
  };
  const masterKey = randomBytes(32);
  const deps: Dependencies = { store, clock, crypto: createCrypto(masterKey), config: loadAppConfig({}), files: localFiles(join(dir, 'files')) };
  if (opts.seed !== false) await seedDemo(deps, { members: opts.members ?? 40 });
  const callUntyped = (fn: string, action: string, data: unknown, as: string | null): Promise<Envelope<any>> => {
    const uid = as === null ? null : as.startsWith('uid:') ? as.slice(4) : PERSONAS.find((p) => p.id === as)?.uid;
    if (uid === undefined) throw new Error(`unknown persona ${as}`);
    return functions[fn].invoke({ action, data }, { uid }, deps);
  };
  return {
    deps,
    dir,
    masterKey,
    clock,
    async storedDocuments(collection) {
      if (emulated) return emulated.emulator.storedDocuments(collection);
      const Database = (await import('better-sqlite3')).default;
      const raw = new Database(join(dir, 'test.db'), { readonly: true });
      try {
        return (raw.prepare(`SELECT doc FROM "${collection}"`).all() as Array<{ doc: string }>).map((r) => r.doc);
      } finally {
        raw.close();
      }
    },
    call: (fn, action, data, as) => callUntyped(fn, action, data, as) as Promise<Envelope<never>>,
    asSystem: (fn, action, ...[data]) => functions[fn].invoke({ action, data: data ?? {} }, { uid: null, system: true }, deps) as Promise<Envelope<never>>,
    callUntyped,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A valid join form for the seeded park (enterprise ent_001 has its own union). */
export function joinForm(overrides: Partial<CallInput<'member', 'submitApplication'>> = {}): CallInput<'member', 'submitApplication'> {
  return {
    idempotencyKey: `key_${randomBytes(6).toString('hex')}`,
    name: '王小明',
    idNumber: '11010519491231002X',
    mobile: '13812345678',
    enterpriseId: 'ent_001',
    job: '操作工',
    migrantWorker: true,
    consent: true,
    ...overrides,
  };
}

/**
 * The data of an ok envelope, typed as the envelope's (`ok(await w.call(...))` is the action's
 * output); throws with the whole envelope otherwise (so a failing test shows why).
 */
export const ok = <T>(env: Envelope<T>): T => {
  if (!env.ok) throw new Error(`expected ok, got ${JSON.stringify(env)}`);
  return env.data;
};

/**
 * n active members of union 001 with uids m0..m(n-1), written straight to the store (activity and
 * seat tests need many members without going through joining). `tag` keeps their document ids and
 * member numbers apart from other tests' members.
 */
export async function insertTestMembers(w: Pick<TestWorld, 'deps'>, n: number, tag: { id: string; memberNo: string; hash: string }): Promise<void> {
  const docs = Array.from({ length: n }, (_, i) =>
    aMember({
      _id: `m_${tag.id}_${i}`,
      memberNo: `GH${tag.memberNo}${String(90000000 + i)}`,
      uid: `m${i}`,
      name: `会员${i}`,
      idHash: `${tag.hash}${i}`,
      joinedAt: TEST_NOW - 86400_000,
    }),
  );
  await w.deps.store.insertMany(MEMBERS, docs);
}
