import { AppError } from './errors';

/** Who is calling: resolved by the runtime from the platform identity, never from input. */
export const GRANT_ROLES = ['union_officer', 'federation_officer', 'lawyer', 'social_worker', 'admin'] as const;
export type GrantRole = (typeof GRANT_ROLES)[number];

/**
 * A role held in an org's scope (the org and, for a federation, its subtree). Social union workers
 * (社会化工会工作者) also carry the agency that employs them and the enterprises assigned to them:
 * the three-party record of union (orgId), agency and employers.
 */
export interface Grant {
  role: GrantRole;
  orgId: string;
  agency?: string;
  enterpriseIds?: string[];
}

export interface Caller {
  /** WeChat openid on CloudBase, the signed token's subject on the gateway; null when anonymous */
  uid: string | null;
  grants: Grant[];
  /** timer triggers and internal jobs */
  system: boolean;
}

/** The signed-in user's id, or UNAUTHENTICATED. */
export function requireUid(caller: Caller): string {
  if (!caller.uid) throw new AppError('UNAUTHENTICATED', '请先登录');
  return caller.uid;
}
