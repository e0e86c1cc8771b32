/**
 * The shape rules of DESIGN.md, checked on the source text (issue 11):
 * - each context has one front door, `core/<ctx>/index.ts`: another context, another context's
 *   function entry and the shared runtime import a context only through it; `core/shared/` is open to
 *   all and imports no context;
 * - contexts depend on each other without cycles (org is upstream of everything);
 * - nobody names another context's collection: only its owner reads or writes it;
 * - no file in `core/` is over 400 lines;
 * - the mini-program imports core only as types, or as values from zod-free files (option lists and
 *   labels), so no zod reaches the client bundle;
 * - platform differences live in src/platform/ (Taro platform files x.ts / x.weapp.ts): no
 *   `process.env.TARO_ENV` check anywhere else in the client;
 * - Shanghai time has one module per side (core/shared/time.ts, src/components/format.ts): nobody else
 *   adds the UTC+8 offset by hand;
 * - test-only modules are named as such (`*.testkit.ts`, `server/testing.ts`) and only tests,
 *   other testkits and benches import them.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { COLLECTION_OWNER } from '../cloudfunctions/registry-collections';

const ROOT = resolve(__dirname, '..');
const CORE = join(ROOT, 'core');
const CONTEXTS = readdirSync(CORE).filter((d) => d !== 'shared' && statSync(join(CORE, d)).isDirectory());

function files(dir: string, test = false): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p, test));
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') && (test || !/\.(test|spec)\.tsx?$/.test(name))) out.push(p);
  }
  return out;
}

interface Import {
  spec: string;
  typeOnly: boolean;
  /** the resolved file, for relative imports */
  target: string | null;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const out: Import[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s+'([^']+)'/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[4];
    const clause = m[3];
    // `import { type A, type B }`: every name a type
    const allTypes =
      !!m[2] ||
      (/^\{[^}]*\}$/.test(clause.trim()) &&
        clause
          .replace(/[{}\s]/g, '')
          .split(',')
          .filter(Boolean)
          .every((n) => n.startsWith('type')));
    out.push({ spec, typeOnly: allTypes, target: spec.startsWith('.') ? resolveFile(resolve(dirname(file), spec)) : null });
  }
  return out;
}

function resolveFile(base: string): string | null {
  for (const cand of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) if (existsSync(cand) && statSync(cand).isFile()) return cand;
  return null;
}

/** `core/<ctx>/...` → ctx; `core/shared/...` → 'shared'; anything else → null. */
function contextOf(file: string): string | null {
  const rel = relative(CORE, file);
  if (rel.startsWith('..')) return null;
  const first = rel.split(sep)[0];
  return first.endsWith('.ts') ? null : first;
}

const isFrontDoor = (file: string) => relative(CORE, file).split(sep).length === 2 && file.endsWith(`${sep}index.ts`);
const rel = (f: string) => relative(ROOT, f);

/** Source files and the context they belong to: core/<ctx>, cloudfunctions/<ctx> (a function is its context's edge). */
function owned(): Array<{ file: string; owner: string | null }> {
  const out: Array<{ file: string; owner: string | null }> = files(CORE).map((file) => ({ file, owner: contextOf(file) }));
  for (const file of files(join(ROOT, 'cloudfunctions'))) {
    const first = relative(join(ROOT, 'cloudfunctions'), file).split(sep)[0];
    out.push({ file, owner: CONTEXTS.includes(first) ? first : null });
  }
  return out;
}

describe('the shape of the code', () => {
  it('every context has a front door', () => {
    expect(CONTEXTS.length).toBeGreaterThanOrEqual(6);
    for (const ctx of CONTEXTS) expect(existsSync(join(CORE, ctx, 'index.ts'))).toBe(true);
  });

  it('contexts, their functions and the runtime reach another context only through its index.ts; shared imports no context', () => {
    const breaches: string[] = [];
    for (const { file, owner } of owned()) {
      for (const imp of importsOf(file)) {
        if (!imp.target) continue;
        const ctx = contextOf(imp.target);
        if (!ctx || ctx === 'shared' || ctx === owner) continue;
        if (contextOf(file) === 'shared') breaches.push(`${rel(file)} (shared) imports the ${ctx} context`);
        // core/contracts.ts is the platform's list of every context's contract (types for the client, schemas for the runtime)
        else if (rel(file) === join('core', 'contracts.ts') && imp.target.endsWith(`${sep}contract.ts`)) continue;
        else if (!isFrontDoor(imp.target)) breaches.push(`${rel(file)} imports ${rel(imp.target)}: use core/${ctx}/index.ts`);
      }
    }
    expect(breaches).toEqual([]);
  });

  it('the contexts depend on each other without cycles, org upstream of all', () => {
    const deps = new Map<string, Set<string>>(CONTEXTS.map((c) => [c, new Set<string>()]));
    for (const file of files(CORE)) {
      const from = contextOf(file);
      if (!from || from === 'shared') continue;
      for (const imp of importsOf(file)) {
        const to = imp.target && contextOf(imp.target);
        if (to && to !== 'shared' && to !== from) deps.get(from)!.add(to);
      }
    }
    const cycle: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (c: string, path: string[]): boolean => {
      if (state.get(c) === 'done') return false;
      if (state.get(c) === 'open') return (cycle.push(...path, c), true);
      state.set(c, 'open');
      for (const d of deps.get(c) ?? []) if (visit(d, [...path, c])) return true;
      state.set(c, 'done');
      return false;
    };
    for (const c of CONTEXTS) if (visit(c, [])) break;
    expect(cycle).toEqual([]);
    expect([...deps.get('org')!]).toEqual([]);
    // the autumn scholarship sits downstream: it uses org, member and aid, and nothing uses it
    expect([...deps.get('scholarship')!].filter((d) => !['org', 'member', 'aid'].includes(d))).toEqual([]);
    expect(CONTEXTS.filter((c) => deps.get(c)!.has('scholarship'))).toEqual([]);
  });

  it("nobody names another context's collection", () => {
    const breaches: string[] = [];
    for (const { file, owner } of owned()) {
      if (!owner) continue;
      const text = readFileSync(file, 'utf8');
      for (const [collection, holder] of COLLECTION_OWNER) {
        if (holder === 'shared' || holder === owner) continue;
        if (text.includes(`'${collection}'`)) breaches.push(`${rel(file)} names ${holder}'s collection '${collection}'`);
      }
    }
    expect(breaches).toEqual([]);
  });

  it('no file in core/ is over 400 lines', () => {
    const long = files(CORE)
      .map((f) => ({ file: rel(f), lines: readFileSync(f, 'utf8').split('\n').length }))
      .filter((f) => f.lines > 400);
    expect(long).toEqual([]);
  });

  it('the mini-program imports core as types, or as values only from zod-free files', () => {
    const usesZod = new Map<string, boolean>();
    const zodFree = (file: string, seen = new Set<string>()): boolean => {
      if (usesZod.has(file)) return !usesZod.get(file);
      if (seen.has(file)) return true;
      seen.add(file);
      const bad = importsOf(file).some((i) => !i.typeOnly && (i.spec === 'zod' || (i.target !== null && !zodFree(i.target, seen))));
      usesZod.set(file, bad);
      return !bad;
    };
    const breaches: string[] = [];
    for (const file of files(join(ROOT, 'src'))) {
      for (const imp of importsOf(file)) {
        if (imp.typeOnly || !imp.target || !imp.target.startsWith(CORE)) continue;
        if (!zodFree(imp.target)) breaches.push(`${rel(file)} imports ${rel(imp.target)} as a value, and it pulls in zod`);
      }
    }
    expect(breaches).toEqual([]);
  });

  it('test helpers are named as such, and only tests, testkits and benches import them', () => {
    const isTestHelper = (f: string) => f.endsWith('.testkit.ts') || rel(f) === join('server', 'testing.ts');
    const mayUse = (f: string) => isTestHelper(f) || /\.(test|spec)\.tsx?$/.test(f) || /scripts[\\/]bench-[^\\/]+\.ts$/.test(f);
    const everything = ['core', 'adapters', 'cloudfunctions', 'server', 'scripts', 'src', 'config'].flatMap((d) => files(join(ROOT, d), true));
    const breaches: string[] = [];
    for (const file of everything) {
      if (mayUse(file)) continue;
      for (const imp of importsOf(file)) if (imp.target && isTestHelper(imp.target)) breaches.push(`${rel(file)} imports the test helper ${rel(imp.target)}`);
    }
    expect(breaches).toEqual([]);
    expect(everything.filter(isTestHelper).length).toBeGreaterThanOrEqual(6);
  });

  it('Shanghai time is computed in one module per side', () => {
    const own = [join(CORE, 'shared', 'time.ts'), join(ROOT, 'src', 'components', 'format.ts')];
    const offset = /\b8 \* (3600_?000|3600 \* 1000|HOUR)\b|utcOffset\(|\b28_?800_?000\b/;
    const breaches = ['core', 'adapters', 'cloudfunctions', 'server', 'scripts', 'src']
      .flatMap((d) => files(join(ROOT, d)))
      .filter((f) => !own.includes(f) && offset.test(readFileSync(f, 'utf8')))
      .map(rel);
    expect(breaches).toEqual([]);
  });

  it('the client branches on the platform only in src/platform/', () => {
    const platform = join(ROOT, 'src', 'platform');
    const breaches = files(join(ROOT, 'src'))
      .filter((f) => !f.startsWith(platform + sep) && readFileSync(f, 'utf8').includes('TARO_ENV'))
      .map(rel);
    expect(breaches).toEqual([]);
  });
});
