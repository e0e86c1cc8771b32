import type { Dependencies } from '../shared/ports';
import { notFound } from '../shared/errors';
import { ttlCache } from '../shared/cache';
import type { Caller } from '../shared/caller';
import { ENTERPRISES, ORGS, type Enterprise, type Org } from './model';
import { OFFICER_ROLES, inScope } from './scope';
import type { EnterpriseOption, OrgOption } from './contract';

/** Org documents change rarely (founding, renaming): read through a one-minute cache on hot paths. */
const orgCache = ttlCache<Org | null>(60_000);

export async function getOrg(deps: Pick<Dependencies, 'store' | 'clock'>, id: string): Promise<Org> {
  const org = await orgCache.get(
    deps,
    id,
    () => deps.store.get<Org>(ORGS, id),
    (o) => o !== null,
  );
  if (!org) throw notFound('组织');
  return org;
}

export async function getEnterprise(deps: Pick<Dependencies, 'store'>, id: string): Promise<Enterprise> {
  const ent = await deps.store.get<Enterprise>(ENTERPRISES, id);
  if (!ent) throw notFound('工作单位');
  return ent;
}

/** "源头入会": an employer without its own union routes joining to the federation covering it. */
export async function handlingOrgFor(deps: Pick<Dependencies, 'store' | 'clock'>, ent: Enterprise): Promise<Org> {
  return getOrg(deps, ent.unionId ?? ent.federationId);
}

export async function searchEnterprises(deps: Pick<Dependencies, 'store' | 'clock'>, q: string, limit: number): Promise<EnterpriseOption[]> {
  const page = await deps.store.query<Enterprise>(ENTERPRISES, {
    where: q ? { name: { $contains: q } } : {},
    orderBy: [['name', 'asc']],
    limit,
  });
  return Promise.all(page.items.map((e) => enterpriseOption(deps, e)));
}

export async function enterpriseOption(deps: Pick<Dependencies, 'store' | 'clock'>, e: Enterprise): Promise<EnterpriseOption> {
  const handling = await handlingOrgFor(deps, e);
  return {
    id: e._id,
    name: e.name,
    industry: e.industry,
    hasUnion: e.unionId !== null,
    handlingOrgId: handling._id,
    handlingOrgName: handling.name,
  };
}

/**
 * Orgs an officer may work on: their granted orgs and everything below them. A social union worker
 * without an officer grant works on the orgs they are placed with, and only on their assigned
 * enterprises there (the member context's queue narrows to those): those orgs alone, nothing below.
 */
export async function scopeOrgs(deps: Pick<Dependencies, 'store' | 'clock'>, caller: Caller): Promise<OrgOption[]> {
  const out = new Map<string, Org>();
  const isAdmin = caller.grants.some((g) => g.role === 'admin');
  const officerGrants = caller.grants.filter((g) => OFFICER_ROLES.includes(g.role));
  if (!officerGrants.length) {
    const placed = [...new Set(caller.grants.filter((g) => g.role === 'social_worker').map((g) => g.orgId))];
    const orgs = await Promise.all(placed.map((id) => getOrg(deps, id).catch(() => null)));
    return orgs.filter((o): o is Org => o !== null).map((o) => ({ id: o._id, name: o.name, kind: o.kind, parentId: o.parentId }));
  }
  let after: string | null = null;
  do {
    const page: { items: Org[]; next: string | null } = await deps.store.query<Org>(ORGS, {
      orderBy: [['name', 'asc']],
      limit: 1000,
      after,
    });
    for (const org of page.items) {
      if (isAdmin || officerGrants.some((g) => inScope(g.orgId, org))) out.set(org._id, org);
    }
    after = page.next;
  } while (after);
  const kindOrder = { city_federation: 0, federation: 1, union: 2 } as const;
  return [...out.values()]
    .sort((a, b) => kindOrder[a.kind] - kindOrder[b.kind] || a.name.localeCompare(b.name, 'zh'))
    .map((o) => ({ id: o._id, name: o.name, kind: o.kind, parentId: o.parentId }));
}
