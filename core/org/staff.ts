/**
 * Grants by user, read on every call to resolve the caller. A two-second cache per instance spares
 * a read per request under load; grant, revoke and a union's establishment forget the entry here at
 * once, and other instances (other cloud-function containers) see a change within the two seconds.
 */
import type { Dependencies } from '../shared/ports';
import type { Grant } from '../shared/caller';
import { ttlCache } from '../shared/cache';
import { queryAll } from '../shared/docstore';
import { trusted } from '../shared/trust';
import { STAFF, type Staff } from './model';

export const GRANTS_TTL_MS = 2_000;
const grantsCache = ttlCache<Grant[]>(GRANTS_TTL_MS);

export function grantsOf(deps: Pick<Dependencies, 'store' | 'clock'>, uid: string): Promise<Grant[]> {
  return grantsCache.get(deps, uid, async () => trusted(await deps.store.get<Staff>(STAFF, uid))?.grants ?? []);
}

/** The name of the staff member acting, for histories; `fallback` when they have no staff record. */
export async function staffName(deps: Pick<Dependencies, 'store'>, uid: string | null, fallback: string): Promise<string> {
  if (!uid) return '系统';
  return trusted(await deps.store.get<Staff>(STAFF, uid))?.name ?? fallback;
}

/**
 * Who holds an officer grant (union or federation officer, admin) on exactly this org: the people its
 * `org:<orgId>` notifications reach. Grants are read through `grantsOf`, like every other check.
 */
export async function officersOf(deps: Pick<Dependencies, 'store' | 'clock'>, orgId: string): Promise<string[]> {
  const out: string[] = [];
  for (const s of await queryAll<Staff>(deps.store, STAFF, { orderBy: [['_id', 'asc']] })) {
    const grants = await grantsOf(deps, s._id);
    if (grants.some((g) => g.orgId === orgId && (g.role === 'union_officer' || g.role === 'federation_officer' || g.role === 'admin'))) out.push(s._id);
  }
  return out;
}

export function forgetGrants(deps: Pick<Dependencies, 'store'>, uid: string): void {
  grantsCache.forget(deps, uid);
}

/**
 * Who holds one of `roles` on one of `orgIds` (exactly those orgs), with their name: the people a
 * case can be assigned to, the lawyers a duty rota names. Read through `grantsOf`, like every check.
 */
export async function staffOn(
  deps: Pick<Dependencies, 'store' | 'clock'>,
  orgIds: readonly string[],
  roles: readonly Grant['role'][],
): Promise<Array<{ uid: string; name: string; role: Grant['role']; orgId: string; enterpriseIds: string[] }>> {
  const out: Array<{ uid: string; name: string; role: Grant['role']; orgId: string; enterpriseIds: string[] }> = [];
  for (const s of await queryAll<Staff>(deps.store, STAFF, { orderBy: [['_id', 'asc']] })) {
    for (const g of await grantsOf(deps, s._id)) {
      if (orgIds.includes(g.orgId) && roles.includes(g.role))
        out.push({ uid: s._id, name: s.name, role: g.role, orgId: g.orgId, enterpriseIds: g.enterpriseIds ?? [] });
    }
  }
  return out;
}
