/** Stored documents of the member context and their collections with indexes. */
import type { CollectionSpec } from '../shared/docstore';
import type { ApplicationStatus } from './machine';
import type { z } from 'zod';
import type { HistoryEntry } from './contract';

export const APPLICATIONS = 'join_applications';
export const PERSONS = 'persons';
export const MEMBERS = 'members';
export const COUNTERS = 'counters';
/** uid → member: the hot paths (signup, my membership) find a worker's membership by key, not by a query */
export const MEMBER_UIDS = 'member_uids';

/** A join application (入会申请). ID number and mobile are sealed; `idHash` is the keyed hash. */
export interface ApplicationDoc {
  _id: string;
  uid: string;
  status: ApplicationStatus;
  version: number;
  name: string;
  idSealed: string;
  idHash: string;
  mobileSealed: string;
  enterpriseId: string;
  enterpriseName: string;
  job: string;
  migrantWorker: boolean;
  consentAt: number;
  /** handling org (the enterprise union, or the federation for 源头入会) and the orgs above it */
  orgId: string;
  orgName: string;
  federationId: string | null;
  cityId: string;
  viaFederation: boolean;
  submittedAt: number;
  queuedAt: number;
  dueAt: number;
  escalated: boolean;
  reason: string | null;
  memberNo: string | null;
  history: Array<z.infer<typeof HistoryEntry>>;
  /** another account applied with the same ID number, or it is another account's membership (absent on older documents: false) */
  contested?: boolean;
}

/**
 * One document per natural person, keyed by the ID number's keyed hash: the single-document lock
 * that makes "one person, one open application, one active membership" hold under any concurrency
 * (the only uniqueness CloudBase offers is `_id`).
 */
export interface PersonDoc {
  _id: string;
  openApplicationId: string | null;
  claimedAt: number;
  memberId: string | null;
}

export interface MemberDoc {
  _id: string;
  memberNo: string;
  uid: string;
  name: string;
  idSealed: string;
  idHash: string;
  mobileSealed: string;
  orgId: string;
  orgName: string;
  federationId: string | null;
  cityId: string;
  enterpriseId: string;
  enterpriseName: string;
  job: string;
  migrantWorker: boolean;
  joinedAt: number;
  status: 'active';
  applicationId: string | null;
  /** the open transfer holding this membership (one at a time); absent or null when none */
  pendingTransferId?: string | null;
  /** the last transfer that moved this membership in */
  lastTransferId?: string | null;
}

/**
 * A pointer from a WeChat identity to its membership, written when a membership is created. Only a
 * hint: the member document decides (it must name the same uid and be active), and a missing or
 * stale pointer falls back to the indexed query and is rewritten. So it needs no transaction with
 * the member document, on SQLite or on CloudBase.
 */
export interface MemberUidDoc {
  _id: string;
  memberId: string;
}

const queueIndex = (scope: string) => ({
  name: `${scope}_status_queued`,
  fields: [
    [scope, 'asc'],
    ['status', 'asc'],
    ['queuedAt', 'asc'],
  ] as Array<[string, 'asc']>,
});

export const MEMBER_COLLECTIONS: CollectionSpec[] = [
  {
    name: APPLICATIONS,
    indexes: [
      queueIndex('orgId'),
      queueIndex('federationId'),
      queueIndex('cityId'),
      queueIndex('enterpriseId'),
      {
        name: 'uid_submitted',
        fields: [
          ['uid', 'asc'],
          ['submittedAt', 'desc'],
        ],
      },
      /** the applications for one person (competing ones, shown to the officer) */
      { name: 'idHash', fields: [['idHash', 'asc']] },
      {
        name: 'status_escalated_due',
        fields: [
          ['status', 'asc'],
          ['escalated', 'asc'],
          ['dueAt', 'asc'],
        ],
      },
    ],
  },
  { name: PERSONS, indexes: [] },
  { name: MEMBER_UIDS, indexes: [] },
  {
    name: MEMBERS,
    indexes: [
      { name: 'uid', fields: [['uid', 'asc']] },
      { name: 'member_no', fields: [['memberNo', 'asc']] },
      {
        name: 'org_joined',
        fields: [
          ['orgId', 'asc'],
          ['joinedAt', 'asc'],
        ],
      },
      {
        name: 'federation_joined',
        fields: [
          ['federationId', 'asc'],
          ['joinedAt', 'asc'],
        ],
      },
    ],
  },
  { name: COUNTERS, indexes: [] },
];

export const personIdFor = (idHash: string) => `p_${idHash.slice(0, 40)}`;
export const memberIdFor = (idHash: string) => `m_${idHash.slice(0, 40)}`;

/** Member numbers: GH + 2-digit year + 8-digit sequence within the year (e.g. GH2600028501). */
export const formatMemberNo = (year: string | number, seq: number) => `GH${String(year).slice(2)}${String(seq).padStart(8, '0')}`;
