/** Dotted-path helpers shared by the DocStore adapters (apply an UpdateSpec to a plain document). */
import type { SortDir, UpdateSpec } from '../core/shared/docstore';
import { isWellFormedText } from '../core/shared/schemas';

export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function parentOf(doc: Record<string, unknown>, path: string, create: boolean): [Record<string, unknown> | null, string] {
  const keys = path.split('.');
  let cur = doc;
  for (const key of keys.slice(0, -1)) {
    const next = cur[key];
    if (next === null || typeof next !== 'object') {
      if (!create) return [null, ''];
      cur[key] = {};
    }
    cur = cur[key] as Record<string, unknown>;
  }
  return [cur, keys[keys.length - 1]];
}

/** Returns a new document with the update applied (the input is not modified). */
export function applyUpdate<T extends object>(doc: T, spec: UpdateSpec): T {
  const out = structuredClone(doc) as Record<string, unknown>;
  for (const [path, value] of Object.entries(spec.set ?? {})) {
    const [parent, key] = parentOf(out, path, true);
    parent![key] = structuredClone(value);
  }
  for (const [path, by] of Object.entries(spec.inc ?? {})) {
    const [parent, key] = parentOf(out, path, true);
    const cur = parent![key];
    parent![key] = (typeof cur === 'number' ? cur : 0) + by;
  }
  for (const path of spec.unset ?? []) {
    const [parent, key] = parentOf(out, path, false);
    if (parent) delete parent[key];
  }
  for (const [path, value] of Object.entries(spec.push ?? {})) {
    const [parent, key] = parentOf(out, path, true);
    const cur = parent![key];
    parent![key] = [...(Array.isArray(cur) ? cur : []), structuredClone(value)];
  }
  return out as T;
}

export const encodeCursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');

/** A value a cursor may carry: what `encodeCursor` writes for a sort key (never an object or array: those would reach the store as parameter bags or operators). */
const isCursorScalar = (v: unknown) =>
  v === null || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && isWellFormedText(v));

/** The sort-key values of a page cursor, or null when it is not one this store wrote (forged or damaged: the caller answers VALIDATION). */
export function decodeCursor(cursor: string, length: number): unknown[] | null {
  if (typeof cursor !== 'string' || !/^[A-Za-z0-9_-]*$/.test(cursor)) return null;
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(values) && values.length === length && values.every(isCursorScalar) ? values : null;
  } catch {
    return null;
  }
}

/** The sort keys with `_id` appended as the tie-breaker, in the direction of the last key. */
export function sortKeys(orderBy: Array<[string, SortDir]> | undefined): Array<[string, SortDir]> {
  const keys = [...(orderBy ?? [])];
  if (!keys.some(([p]) => p === '_id')) keys.push(['_id', keys.length ? keys[keys.length - 1][1] : 'asc']);
  return keys;
}
