/**
 * Finding the person to grant a role to, by name, inside the officer's scope (org.findPeople): staff
 * whose grants the officer covers, and members of the unions the officer covers. A result is shown by
 * masked name, where the person works and their roles; it is picked by an opaque reference (a sealed
 * token naming the person and the officer who searched), which grantRole accepts instead of a user id.
 * Nobody types or reads a raw user id.
 */
import type { Dependencies } from '../shared/ports';
import type { SignedInCaller } from '../shared/caller';
import { AppError } from '../shared/errors';
import { queryAll } from '../shared/docstore';
import { mask } from '../shared/mask';
import { trusted } from '../shared/trust';
import { STAFF, type Org, type Staff } from './model';
import { getOrg } from './usecases';
import { covers, isAdmin } from './scope';
import { ROLE_LABEL } from './labels';
import type { PersonOption } from './contract';

type MemberScope = { orgId: string } | { federationId: string } | { cityId: string };

/** What the org context needs of the member context to find people; the function entry passes it in. */
export interface MemberDirectory {
  membersNamed(
    deps: Pick<Dependencies, 'store' | 'crypto'>,
    q: string,
    scopes: MemberScope[] | 'all',
    limit: number,
  ): Promise<Array<{ uid: string; nameMasked: string; orgName: string; enterpriseName: string; mobileMasked: string }>>;
  anyMemberName(deps: Pick<Dependencies, 'store'>, uid: string): Promise<string | null>;
}

const PREFIX = 'person';

/** The opaque reference to `uid`, good only for the officer `by` who found them. */
export function personRef(deps: Pick<Dependencies, 'crypto'>, by: string, uid: string): string {
  return deps.crypto.seal(`${PREFIX}\n${by}\n${uid}`);
}

/** The user a reference from findPeople names; VALIDATION for anything else (forged, another officer's, damaged). */
export function personOf(deps: Pick<Dependencies, 'crypto'>, by: string, personId: string): string {
  let plain = '';
  try {
    plain = deps.crypto.open(personId);
  } catch {
    plain = '';
  }
  const [prefix, officer, uid] = plain.split('\n');
  if (prefix !== PREFIX || officer !== by || !uid)
    throw new AppError('VALIDATION', '请按姓名查找并选择被授权人', [{ path: ['personId'], message: '请重新查找并选择被授权人' }]);
  return uid;
}

const scopeOf = (o: Org): MemberScope => (o.kind === 'union' ? { orgId: o._id } : o.kind === 'federation' ? { federationId: o._id } : { cityId: o._id });

export async function findPeople(
  deps: Dependencies,
  caller: SignedInCaller,
  input: { q: string; limit: number },
  members: MemberDirectory,
): Promise<PersonOption[]> {
  const q = input.q.trim();
  if (!q) return [];
  const found = new Map<string, { name: string; details: string[] }>();
  // staff whose grants lie in the officer's scope
  for (const s of await queryAll<Staff>(deps.store, STAFF, { orderBy: [['_id', 'asc']] })) {
    if (!trusted(s) || s._id === caller.uid || !s.name.includes(q)) continue;
    const roles: string[] = [];
    for (const g of s.grants) {
      const org = await getOrg(deps, g.orgId).catch(() => null);
      if (org && covers(caller, org)) roles.push(`${org.name} · ${ROLE_LABEL[g.role]}`);
    }
    if (roles.length) found.set(s._id, { name: mask('name', s.name), details: roles });
    if (found.size >= input.limit) break;
  }
  // members of the unions in the officer's scope
  const scopes: MemberScope[] | 'all' = isAdmin(caller) ? 'all' : [];
  if (scopes !== 'all') {
    for (const g of caller.grants) {
      if (g.role !== 'union_officer' && g.role !== 'federation_officer') continue;
      const org = await getOrg(deps, g.orgId).catch(() => null);
      if (org) scopes.push(scopeOf(org));
    }
  }
  for (const m of await members.membersNamed(deps, q, scopes, input.limit)) {
    if (m.uid === caller.uid) continue;
    const line = `会员 · ${m.enterpriseName}${m.mobileMasked ? ` · 手机 ${m.mobileMasked}` : ''}`;
    const had = found.get(m.uid);
    if (had) had.details.push(line);
    else found.set(m.uid, { name: m.nameMasked, details: [line] });
  }
  return [...found].slice(0, input.limit).map(([uid, p]) => ({ personId: personRef(deps, caller.uid, uid), name: p.name, detail: p.details.join('；') }));
}

/** The name a grant stores for the person: their staff record's, else their membership's. */
export async function personName(deps: Pick<Dependencies, 'store'>, uid: string, members: Pick<MemberDirectory, 'anyMemberName'>): Promise<string> {
  const staff = trusted(await deps.store.get<Staff>(STAFF, uid));
  const name = staff?.name || (await members.anyMemberName(deps, uid));
  if (!name) throw new AppError('NOT_FOUND', '未找到该人员，请重新查找');
  return name;
}
