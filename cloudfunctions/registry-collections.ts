/**
 * Every collection and its indexes (SQLite creates them at start; CloudBase at deploy, admin-only):
 * the shared kernel's (audit log, outbox, files) and each context's, from its manifest. A collection
 * has one owner; two manifests naming the same collection is an error.
 */
import type { CollectionSpec } from '../core/shared/docstore';
import { AUDIT } from '../core/shared/audit';
import { OUTBOX_COLLECTION } from '../core/shared/outbox';
import { FILES_COLLECTION } from '../core/shared/files';
import { RATE_LIMITS_COLLECTION } from '../core/shared/ratelimit';
import { MANIFESTS } from './registry';

/** Written by every context through core/shared (audit trail, outbox, file records, rate-limit windows). */
export const SHARED_COLLECTIONS: CollectionSpec[] = [
  {
    name: AUDIT,
    indexes: [
      {
        name: 'target_at',
        fields: [
          ['target.id', 'asc'],
          ['at', 'asc'],
        ],
      },
    ],
  },
  OUTBOX_COLLECTION,
  FILES_COLLECTION,
  RATE_LIMITS_COLLECTION,
];

/** Collection name → its owner: a function's name, or `shared`. */
export const COLLECTION_OWNER = new Map<string, string>();

function collect(): CollectionSpec[] {
  const owner = COLLECTION_OWNER;
  for (const c of SHARED_COLLECTIONS) owner.set(c.name, 'shared');
  const out = [...SHARED_COLLECTIONS];
  for (const m of MANIFESTS) {
    for (const c of m.collections) {
      const had = owner.get(c.name);
      if (had) throw new Error(`collection ${c.name} is claimed by both ${had} and ${m.name}`);
      owner.set(c.name, m.name);
      out.push(c);
    }
  }
  return out;
}

export const ALL_COLLECTIONS: CollectionSpec[] = collect();
