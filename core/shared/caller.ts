import { AppError } from './errors';

/** Who is calling: resolved by the runtime from the platform identity, never from input. */
export const GRANT_ROLES = ['union_officer', 'federation_officer', 'lawyer', 'social_worker', 'finance_officer', 'admin'] as const;
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

/**
 * The caller of an action only signed-in users may call (every role but `anonymous` and `system`):
 * the runtime has refused the call before the handler runs unless `uid` is set, and hands the handler
 * this narrower type (cloudfunctions/_runtime/define.ts `CallerOf`), so use cases never check it.
 */
export interface SignedInCaller extends Caller {
  uid: string;
}

/** Who an audit entry or a history records as acting: the user, or `system` for a timer job. */
export const actorUid = (caller: Caller): string => caller.uid ?? 'system';

/** Narrows a caller the runtime has authenticated; UNAUTHENTICATED otherwise (never reached through the runtime). */
export function signedIn(caller: Caller): SignedInCaller {
  if (!caller.uid) throw new AppError('UNAUTHENTICATED', '请先登录');
  return caller as SignedInCaller;
}
