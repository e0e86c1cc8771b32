/**
 * Reading the context's documents, for every sub-capability: a signup's id (one per person per
 * activity, derived, so that a retry finds the same one), an activity (within the officer's scope),
 * the officer's org, every signup of an activity, and whether a uid is an active member (cached).
 */
import { notFound } from '../shared/errors';
import type { Caller } from '../shared/caller';
import type { Dependencies } from '../shared/ports';
import { ttlCache } from '../shared/cache';
import { assertScope, getOrg, officerOrgId } from '../org';
import { findMember, type MemberDoc } from '../member';
import { ACTIVITIES, SIGNUPS, type ActivityDoc, type SignupDoc } from './model';

export const signupIdFor = (deps: Pick<Dependencies, 'crypto'>, activityId: string, uid: string) =>
  `su_${activityId}_${deps.crypto.hash(`signup|${uid}`).slice(0, 24)}`;

export const readActivity = (deps: Dependencies, id: string) => deps.store.get<ActivityDoc>(ACTIVITIES, id);
export const readSignup = (deps: Dependencies, id: string) => deps.store.get<SignupDoc>(SIGNUPS, id);

export async function loadActivity(deps: Dependencies, id: string): Promise<ActivityDoc> {
  const a = await readActivity(deps, id);
  if (!a) throw notFound('活动');
  return a;
}

export async function loadScopedActivity(deps: Dependencies, caller: Caller, id: string): Promise<ActivityDoc> {
  const a = await loadActivity(deps, id);
  assertScope(caller, await getOrg(deps, a.orgId));
  return a;
}

/** The org an officer works on (`officerOrgId`), within their scope. */
export async function officerOrg(deps: Dependencies, caller: Caller, requested: string | undefined) {
  const org = await getOrg(deps, officerOrgId(caller, requested));
  assertScope(caller, org);
  return org;
}

export async function forEachSignup(deps: Dependencies, activityId: string, fn: (s: SignupDoc) => Promise<void>) {
  let after: string | null = null;
  do {
    const page: { items: SignupDoc[]; next: string | null } = await deps.store.query<SignupDoc>(SIGNUPS, {
      where: { activityId },
      orderBy: [['createdAt', 'asc']],
      limit: 500,
      after,
    });
    for (const s of page.items) await fn(s);
    after = page.next;
  } while (after);
}

/** Only found members are cached: someone approved a moment ago is never refused as a non-member. */
const memberCache = ttlCache<MemberDoc | null>(60_000);

export function activeMember(deps: Dependencies, uid: string): Promise<MemberDoc | null> {
  return memberCache.get(
    deps,
    uid,
    () => findMember(deps, uid),
    (m) => m !== null,
  );
}
