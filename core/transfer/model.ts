/** Stored documents of the transfer context. */
import type { CollectionSpec } from '../shared/docstore';
import type { ClosingEvent, TransferEvent, TransferStatus } from './machine';

export const TRANSFERS = 'transfers';

export interface TransferDoc {
  _id: string;
  /** voucher code (凭证号), 8 characters, unique */
  code: string;
  memberId: string;
  memberNo: string;
  uid: string;
  name: string;
  joinedAt: number;
  fromOrgId: string;
  fromOrgName: string;
  fromFederationId: string | null;
  toEnterpriseId: string;
  toEnterpriseName: string;
  toOrgId: string;
  toOrgName: string;
  toFederationId: string | null;
  /** no union at the new employer: the covering federation takes the member (源头入会) */
  toViaFederation: boolean;
  cityId: string;
  status: TransferStatus;
  /** set by the one event that closes it, before it touches the member (see usecases) */
  closing: ClosingEvent | null;
  startedBy: 'member' | 'union';
  releaseDueAt: number;
  reason: string | null;
  createdAt: number;
  releasedAt: number | null;
  closedAt: number | null;
  history: Array<{ at: number; event: TransferEvent; byName: string; to: TransferStatus; note: string | null }>;
}

const side = (field: string) => ({
  name: `${field}_status_created`,
  fields: [
    [field, 'asc'],
    ['status', 'asc'],
    ['createdAt', 'asc'],
  ] as Array<[string, 'asc']>,
});

export const TRANSFER_COLLECTIONS: CollectionSpec[] = [
  {
    name: TRANSFERS,
    indexes: [
      side('fromOrgId'),
      side('fromFederationId'),
      side('toOrgId'),
      side('toFederationId'),
      side('cityId'),
      {
        name: 'uid_created',
        fields: [
          ['uid', 'asc'],
          ['createdAt', 'desc'],
        ],
      },
      { name: 'code', fields: [['code', 'asc']] },
      {
        name: 'closing_status',
        fields: [
          ['closing', 'asc'],
          ['status', 'asc'],
        ],
      },
    ],
  },
];
