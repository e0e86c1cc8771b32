/**
 * The org tree (DESIGN.md §4): city federation (市总工会) → park / regional / industry federations
 * (区域/行业基层工会联合会) → enterprise unions (企业工会) and joint unions (联合工会). Enterprises
 * (企业) are covered by a federation whether or not they have a union of their own.
 */
import type { CollectionSpec } from '../shared/docstore';
import type { Grant } from '../shared/caller';

export const ORGS = 'orgs';
export const ENTERPRISES = 'enterprises';
export const STAFF = 'staff';

export type OrgKind = 'city_federation' | 'federation' | 'union';

export interface Org {
  _id: string;
  kind: OrgKind;
  name: string;
  parentId: string | null;
  /** ids from the root down to the parent */
  ancestors: string[];
  /** the city federation this org belongs to (itself for the city) */
  cityId: string;
  /** the nearest federation at or above (itself for a federation; null for the city) */
  federationId: string | null;
}

export interface Enterprise {
  _id: string;
  name: string;
  /** 统一社会信用代码 */
  creditCode: string;
  industry: string;
  headcount: number;
  /** its own union, or null: then joining goes through the covering federation (源头入会) */
  unionId: string | null;
  federationId: string;
  cityId: string;
}

/** Officer grants, one staff document per user (`_id` = the user's openid / gateway uid). */
export interface Staff {
  _id: string;
  name: string;
  grants: Grant[];
}

export const ORG_COLLECTIONS: CollectionSpec[] = [
  {
    name: ORGS,
    indexes: [
      {
        name: 'parent',
        fields: [
          ['parentId', 'asc'],
          ['name', 'asc'],
        ],
      },
    ],
  },
  {
    name: ENTERPRISES,
    indexes: [
      {
        name: 'federation_name',
        fields: [
          ['federationId', 'asc'],
          ['name', 'asc'],
        ],
      },
      { name: 'name', fields: [['name', 'asc']] },
      { name: 'union', fields: [['unionId', 'asc']] },
    ],
  },
  { name: STAFF, indexes: [] },
];
