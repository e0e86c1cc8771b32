/**
 * What founding (core/founding) asks of the org tree, written here because the org context alone
 * writes orgs, enterprises and staff: the federations a founding may go to, and setting up the union
 * once a founding is established. Each write is idempotent (the union's id comes from the caller, an
 * enterprise is linked only while it has no union, a grant is added once), so a job can finish a run
 * that was cut off.
 */
import type { Dependencies } from '../shared/ports';
import { DuplicateKeyError, queryAll } from '../shared/docstore';
import { ENTERPRISES, ORGS, STAFF, type Enterprise, type Org, type Staff } from './model';
import { getOrg } from './usecases';
import { forgetGrants } from './staff';

/** Every federation (工会联合会), by name. */
export function listFederations(deps: Pick<Dependencies, 'store'>): Promise<Org[]> {
  return queryAll<Org>(deps.store, ORGS, { where: { kind: 'federation' }, orderBy: [['name', 'asc']] });
}

/** The enterprise, or null (a caller that validates input turns null into its own field error). */
export function findEnterprise(deps: Pick<Dependencies, 'store'>, id: string): Promise<Enterprise | null> {
  return deps.store.get<Enterprise>(ENTERPRISES, id);
}

/** The union's name from its enterprise's: 星海精密制造有限公司 → 星海精密制造工会. */
export const unionNameFor = (enterpriseName: string) => `${enterpriseName.replace(/(股份)?有限(责任)?公司$/, '')}工会`;

export interface NewUnion {
  /** derived by the caller from what it founds, so a repeat finds the same union */
  unionId: string;
  federationId: string;
  enterpriseId: string;
  enterpriseName: string;
  /** the person who founded it: they get the union officer grant */
  officerUid: string;
  officerName: string;
}

/** Creates the union under its federation, links the enterprise, grants the organizer. Idempotent. */
export async function establishUnion(deps: Pick<Dependencies, 'store' | 'clock'>, u: NewUnion): Promise<Org> {
  const federation = await getOrg(deps, u.federationId);
  const union: Org = {
    _id: u.unionId,
    kind: 'union',
    name: unionNameFor(u.enterpriseName),
    parentId: federation._id,
    ancestors: [...federation.ancestors, federation._id],
    cityId: federation.cityId,
    federationId: federation._id,
  };
  try {
    await deps.store.insert(ORGS, union);
  } catch (e) {
    if (!(e instanceof DuplicateKeyError)) throw e;
  }
  const ent = await deps.store.get<Enterprise>(ENTERPRISES, u.enterpriseId);
  if (ent && ent.unionId === null) await deps.store.update(ENTERPRISES, ent._id, { set: { unionId: u.unionId } }, { unionId: null });
  await deps.store.transact<Staff>(STAFF, u.officerUid, (cur) => {
    const grants = cur?.grants ?? [];
    if (grants.some((g) => g.role === 'union_officer' && g.orgId === u.unionId)) return cur;
    return { _id: u.officerUid, name: cur?.name ?? u.officerName, grants: [...grants, { role: 'union_officer', orgId: u.unionId }] };
  });
  forgetGrants(deps, u.officerUid);
  return union;
}
