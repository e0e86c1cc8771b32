/** Every collection and its indexes (SQLite creates them at start; CloudBase at deploy). */
import type { CollectionSpec } from '../core/shared/docstore';
import { ORG_COLLECTIONS } from '../core/org/model';
import { MEMBER_COLLECTIONS } from '../core/member/model';
import { ACTIVITY_COLLECTIONS } from '../core/activity/model';
import { AUDIT } from '../core/shared/audit';
import { OUTBOX_COLLECTION } from '../core/shared/outbox';
import { FILES_COLLECTION } from '../core/shared/files';
import { SIX_COLLECTIONS } from '../core/org/six';
import { FOUNDING_COLLECTIONS } from '../core/founding/model';
import { TRANSFER_COLLECTIONS } from '../core/transfer/model';

export const ALL_COLLECTIONS: CollectionSpec[] = [
  ...ORG_COLLECTIONS,
  ...MEMBER_COLLECTIONS,
  ...ACTIVITY_COLLECTIONS,
  { name: AUDIT, indexes: [{ name: 'target_at', fields: [['target.id', 'asc'], ['at', 'asc']] }] },
  OUTBOX_COLLECTION,
  FILES_COLLECTION,
  ...SIX_COLLECTIONS,
  ...FOUNDING_COLLECTIONS,
  ...TRANSFER_COLLECTIONS,
];
