/** Stored documents of the founding context. */
import type { CollectionSpec } from '../shared/docstore';
import type { FoundingEvent, FoundingStatus } from './machine';

export const FOUNDINGS = 'foundings';
/** one open founding per enterprise: a lock document keyed by the enterprise id (unique insert) */
export const FOUNDING_LOCKS = 'founding_locks';

export interface FoundingHistoryEntry {
  at: number;
  event: FoundingEvent;
  by: string;
  byName: string;
  to: FoundingStatus;
  note: string | null;
}

export interface ElectionResult {
  meetingDate: string;
  attendees: number;
  chairName: string;
  committee: string[];
  fileIds: string[];
}

export interface FoundingDoc {
  _id: string;
  enterpriseId: string;
  enterpriseName: string;
  headcount: number;
  /** workers ready to join at founding */
  intendedMembers: number;
  federationId: string;
  federationName: string;
  /** the federation and its ancestors: who may see and decide it */
  scope: string[];
  organizerUid: string;
  organizerName: string;
  organizerMobileSealed: string;
  organizerJob: string;
  status: FoundingStatus;
  owner: 'federation' | 'organizer' | null;
  stepStartedAt: number;
  dueAt: number | null;
  escalated: boolean;
  election: ElectionResult | null;
  unionId: string | null;
  submittedAt: number;
  closedAt: number | null;
  version: number;
  history: FoundingHistoryEntry[];
}

export const FOUNDING_COLLECTIONS: CollectionSpec[] = [
  {
    name: FOUNDINGS,
    indexes: [
      {
        name: 'federation_status_due',
        fields: [
          ['federationId', 'asc'],
          ['status', 'asc'],
          ['dueAt', 'asc'],
        ],
      },
      {
        name: 'organizer_submitted',
        fields: [
          ['organizerUid', 'asc'],
          ['submittedAt', 'desc'],
        ],
      },
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
  { name: FOUNDING_LOCKS, indexes: [] },
];
