/**
 * The scope rule, once: an org's scope is the org and its subtree (`ancestors` lists every org above
 * it). An officer acts only inside the scope of one of their officer grants; an admin everywhere.
 * Every context checks scope through these functions (via core/org/index.ts), never by reading
 * `ancestors` itself.
 */
import { AppError, forbidden } from '../shared/errors';
import type { Caller, GrantRole } from '../shared/caller';
import type { Org } from './model';

type Scoped = Pick<Org, '_id' | 'ancestors'>;

export const OFFICER_ROLES: readonly GrantRole[] = ['union_officer', 'federation_officer', 'admin'];

/** True when `org` is the org `scopeOrgId` or lies in its subtree. */
export function inScope(scopeOrgId: string, org: Scoped): boolean {
  return org._id === scopeOrgId || org.ancestors.includes(scopeOrgId);
}

export const isAdmin = (caller: Caller) => caller.grants.some((g) => g.role === 'admin');

/** Whether one of the caller's grants of `roles` (officer roles by default) covers `org`. */
export function covers(caller: Caller, org: Scoped, roles: readonly GrantRole[] = OFFICER_ROLES): boolean {
  return caller.grants.some((g) => roles.includes(g.role) && (g.role === 'admin' || inScope(g.orgId, org)));
}

/**
 * Throws FORBIDDEN unless one of the caller's officer grants covers `org`. Only grants of the given
 * roles count: a lawyer placed with a federation, or a social worker, does not thereby hold an
 * officer's scope over its unions (a person with both a lawyer grant and an officer grant elsewhere
 * must not see more than the officer grant allows).
 */
export function assertScope(caller: Caller, org: Scoped, roles: readonly GrantRole[] = OFFICER_ROLES): void {
  if (!covers(caller, org, roles)) throw new AppError('FORBIDDEN', '该事项不在您所在工会的管理范围内');
}

/** Orgs the caller's grants reach (any role). */
export function visibleTo(caller: Caller, org: Scoped): boolean {
  return isAdmin(caller) || caller.grants.some((g) => inScope(g.orgId, org));
}

/** The org an officer works on: the one asked for, else their own (an officer grant before an admin one). */
export function officerOrgId(caller: Caller, requested?: string): string {
  if (requested) return requested;
  const grant = caller.grants.find((g) => g.role !== 'admin') ?? caller.grants[0];
  if (!grant) throw forbidden();
  return grant.orgId;
}
