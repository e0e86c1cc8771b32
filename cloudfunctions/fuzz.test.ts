/**
 * Schema-driven fuzz over every action of every function (issue 10): the cases are generated from the
 * zod contracts in core/contracts.ts, so a new action is covered the day it is declared. For each
 * action, a sample input from its schema is mutated field by field (wrong types, null, huge and
 * malformed strings, operator objects and arrays where scalars belong, forged page cursors,
 * prototype keys) and as a whole (not an object, prototype keys, no action, prototype action names),
 * sent through the wire's JSON and called as the persona its roles admit; the whole-event mutations go
 * out as every persona. Every answer must be a well-formed envelope, never INTERNAL or a 5xx, and a
 * refused call must leave every collection's document count as it was.
 */
import { z } from 'zod';
import { makeWorld, type TestWorld } from '../server/testing';
import { contracts } from '../core/contracts';
import { ERROR_STATUS } from '../core/shared/errors';
import { httpStatusOf } from './_runtime/define';
import { functions } from './registry';
import { ALL_COLLECTIONS } from './registry-collections';
import { PERSONAS } from '../server/personas';
import type { Role } from '../core/shared/contract';

const Envelope = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }).strict(),
  z
    .object({
      ok: z.literal(false),
      error: z
        .object({
          code: z.enum(Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS]),
          message: z.string().min(1),
          issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })).optional(),
          details: z.record(z.string(), z.unknown()).optional(),
        })
        .strict(),
    })
    .strict(),
]);

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
/** Cursors a client could forge: values that are not scalars, wrong lengths, operators, not base64url at all. */
const FORGED_CURSORS = [
  b64([{}, 'x']),
  b64([[1], 'x']),
  b64([{ $gt: 0 }, { $ne: null }]),
  b64(['x']),
  b64({ a: 1 }),
  '!!not-base64!!',
  b64([1, 2, 3, 4, 5, 6]),
];
const HUGE = 'x'.repeat(100_000);
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString'];

type Schema = z.ZodType & { def: any };
const defOf = (s: Schema) => (s as any).def ?? (s as any)._zod?.def;

/** Unwraps optional / nullable / default / pipe / readonly to the schema that shapes the value. */
function core(s: Schema): Schema {
  for (let i = 0; i < 20; i++) {
    const d = defOf(s);
    if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(d.type)) s = d.innerType;
    else if (d.type === 'pipe') s = d.in;
    else return s;
  }
  return s;
}

const isOptional = (s: Schema): boolean =>
  ['optional', 'default', 'prefault'].includes(defOf(s).type) || (defOf(s).type === 'nullable' && isOptional(defOf(s).innerType));

/** Real ids of the seeded world by field name, so mutations of the other fields reach the use cases. */
const REAL_IDS: Record<string, string> = { orgId: 'org_union_001', enterpriseId: 'ent_001', uid: 'dev_worker' };
const ID_SOURCES: Record<string, [string, Record<string, unknown>]> = {
  activityId: ['activities', { status: 'open', membersOnly: false }],
  applicationId: ['join_applications', { status: 'pending' }],
  foundingId: ['foundings', {}],
  transferId: ['transfers', {}],
  fileId: ['files', {}],
  messageId: ['outbox', {}],
};

/** A plausible value for a schema (not always valid: regexes and refinements are not solved). */
function sample(s: Schema, depth = 0, key = ''): unknown {
  if (REAL_IDS[key]) return REAL_IDS[key];
  const c = core(s);
  const d = defOf(c);
  switch (d.type) {
    case 'object':
      return depth > 4
        ? {}
        : Object.fromEntries(
            Object.entries((c as any).shape as Record<string, Schema>)
              .filter(([k, v]) => !isOptional(v) || REAL_IDS[k])
              .map(([k, v]) => [k, sample(v, depth + 1, k)]),
          );
    case 'string':
      return 'fuzz_sample_01';
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'enum':
      return Object.values(d.entries)[0];
    case 'literal':
      return d.values[0];
    case 'array':
      return [];
    case 'union':
      return sample(d.options[0], depth + 1);
    case 'record':
      return {};
    default:
      return undefined;
  }
}

/** The keys of an action's input object (optional ones too), with their schemas. */
function fieldsOf(input: Schema): Array<[string, Schema]> {
  const c = core(input);
  return defOf(c).type === 'object' ? Object.entries((c as any).shape as Record<string, Schema>) : [];
}

/** Mutated values for one field: each is sent as that field over the sample input. */
function fieldMutations(schema: Schema): unknown[] {
  const kind = defOf(core(schema)).type;
  const out: unknown[] = [kind === 'string' ? 12345 : 'x', null, { $gt: '' }, ['a', { $ne: null }], 'a\ud800b', HUGE, -0, 1e308, true];
  if (kind === 'string') out.push(...FORGED_CURSORS.slice(0, 3), 'https://example.org\ud800', '\udc00http://x.cn');
  if (kind === 'number') out.push(Number.MAX_SAFE_INTEGER + 2, 0.5, -1);
  if (kind === 'array')
    out.push(
      Array.from({ length: 2000 }, () => 'x'),
      [{ __proto__: { system: true } }],
    );
  return out;
}

/** JSON text of an event, so `__proto__` arrives as an own key as it does over the wire. */
function wire(event: unknown, extra?: string): unknown {
  const text = JSON.stringify(event);
  return JSON.parse(extra ? text.replace(/^\{"action"/, `{${extra},"action"`) : text);
}

/** Whole-event mutations for an action (sent as every persona). */
function eventMutations(action: string, base: Record<string, unknown>): unknown[] {
  const dataWith = (raw: string) => JSON.parse(`{"action":${JSON.stringify(action)},"data":${raw}}`);
  const baseText = JSON.stringify(base).slice(1, -1);
  const join = (s: string) => (baseText ? `{${baseText},${s}}` : `{${s}}`);
  return [
    { action, data: base },
    { action, data: [] },
    { action, data: 'x' },
    { action, data: null },
    dataWith(join('"__proto__":{"system":true,"uid":"dev_admin"}')),
    dataWith(join('"constructor":{"prototype":{"polluted":true}}')),
    wire({ action, data: base }, '"system":true,"uid":"dev_admin"'),
    { data: base },
    ...PROTO_KEYS.map((a) => ({ action: a, data: base })),
  ];
}

/** The dev persona (or null: anonymous) the action's roles admit, for the field mutations. */
function personaFor(roles: readonly Role[]): string | null {
  if (roles.includes('anonymous')) return null;
  if (roles.includes('worker')) return 'worker';
  if (roles.includes('member')) return 'member';
  if (roles.includes('system')) return 'admin'; // refused: system is never a person
  const p = PERSONAS.find((x) => x.grants.some((g) => roles.includes(g.role)));
  return p?.id ?? 'admin';
}

const AS_EVERYONE: Array<string | null> = [null, 'worker', 'member', 'union-officer', 'federation-officer', 'admin'];
/** field mutations per action at most (the call count stays bounded as contracts grow) */
const MAX_FIELD_CALLS = 90;

let w: TestWorld;
beforeAll(async () => {
  w = await makeWorld({ members: 20 });
  // one open activity anyone may see, so the activity actions' other fields reach the use cases
  const hour = 3600_000;
  const now = w.clock.now();
  await w.call(
    'activity',
    'publish',
    {
      kind: 'activity',
      title: '模糊测试活动',
      place: '职工之家',
      startAt: now + 72 * hour,
      endAt: now + 75 * hour,
      signupOpensAt: now - hour,
      signupClosesAt: now + 48 * hour,
      seats: 5,
      waitlist: true,
      membersOnly: false,
      orgId: 'org_union_001',
    },
    'union-officer',
  );
  for (const [field, [collection, where]] of Object.entries(ID_SOURCES)) {
    const first = (await w.deps.store.query<{ _id: string }>(collection, { where: where as never, limit: 1 })).items[0];
    if (first) REAL_IDS[field] = first._id;
  }
});
afterAll(() => w.close());

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const c of ALL_COLLECTIONS) out[c.name] = await w.deps.store.count(c.name);
  return out;
}

it('answers every mutated call of every action with a well-formed envelope, never INTERNAL, and refused calls write nothing', async () => {
  const uidOf = (as: string | null) => (as === null ? null : PERSONAS.find((p) => p.id === as)!.uid);
  const failures: string[] = [];
  const figures = { functions: 0, actions: 0, calls: 0, refused: 0, internal: 0 };
  let before = await counts();
  const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    for (const [fnName, contract] of Object.entries(contracts)) {
      figures.functions++;
      const fn = functions[fnName];
      for (const [action, spec] of Object.entries(contract as Record<string, { roles: readonly Role[]; input: Schema }>)) {
        figures.actions++;
        const base = (sample(spec.input) ?? {}) as Record<string, unknown>;
        const cases: Array<[unknown, string | null, string]> = [];
        for (const [field, schema] of fieldsOf(spec.input)) {
          for (const value of fieldMutations(schema))
            cases.push([{ action, data: { ...base, [field]: value } }, personaFor(spec.roles), `${field}=${JSON.stringify(value)?.slice(0, 40)}`]);
        }
        cases.splice(MAX_FIELD_CALLS);
        for (const event of eventMutations(action, base)) for (const as of AS_EVERYONE) cases.push([event, as, `event ${JSON.stringify(event).slice(0, 60)}`]);
        for (const [event, as, what] of cases) {
          figures.calls++;
          const env = await fn.invoke(wire(event), { uid: uidOf(as) }, w.deps);
          const where = `${fnName}.${action} as ${as ?? 'anonymous'} with ${what}`;
          if (!Envelope.safeParse(env).success) failures.push(`${where}: not an envelope ${JSON.stringify(env).slice(0, 200)}`);
          if (httpStatusOf(env) >= 500) {
            figures.internal++;
            failures.push(`${where}: ${JSON.stringify(env).slice(0, 200)}`);
          }
          if (env.ok) {
            before = await counts();
            continue;
          }
          figures.refused++;
          const after = await counts();
          const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
          if (changed.length)
            failures.push(`${where}: refused (${env.error.code}) but wrote ${changed.map((k) => `${k} ${before[k]}→${after[k]}`).join(', ')}`);
          before = after;
        }
      }
    }
  } finally {
    spy.mockRestore();
  }
  console.log(
    `fuzz: ${figures.functions} functions, ${figures.actions} actions, ${figures.calls} calls, ${figures.refused} refused, ${figures.internal} INTERNAL`,
  );
  expect(failures.slice(0, 30)).toEqual([]);
  expect(figures.actions).toBeGreaterThan(60);
  // Object.prototype untouched by any of it
  expect(({} as any).polluted).toBeUndefined();
  expect(({} as any).system).toBeUndefined();
}, 120_000);
