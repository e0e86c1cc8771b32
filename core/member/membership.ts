/**
 * What other contexts may read and do with a membership, written here because only the member
 * context reads or writes `members`, `member_uids` and `join_applications`:
 * - lookups (by uid through the pointer, by member number, by id) for activities, transfers, cards;
 * - the transfer lock: a membership is locked to one open transfer (`pendingTransferId`), moved to
 *   the new org only by the transfer it is locked to, and unlocked when that transfer ends otherwise.
 *   Each is one conditional single-document write, so a transfer's repair job can repeat any of them;
 * - counts for the org tree and the social workers' workload.
 */
import type { Dependencies } from '../shared/ports';
import { KEEP } from '../shared/docstore';
import { clientWritten, trusted } from '../shared/trust';
import { APPLICATIONS, MEMBERS, MEMBER_UIDS, type MemberDoc, type MemberUidDoc } from './model';
import { OPEN_STATUSES } from './machine';

/**
 * A worker's active membership, or null. Two reads by key through the `member_uids` pointer (the
 * signup surge does this once per worker); a missing or stale pointer falls back to the indexed
 * query and is rewritten, so the member document alone decides.
 */
export async function findMember(deps: Pick<Dependencies, 'store'>, uid: string): Promise<MemberDoc | null> {
  // a document a client could have written (carrying `_openid`) is never a membership (core/shared/trust.ts)
  const pointer = trusted(await deps.store.get<MemberUidDoc>(MEMBER_UIDS, uid));
  if (pointer) {
    const m = trusted(await deps.store.get<MemberDoc>(MEMBERS, pointer.memberId));
    if (m && m.uid === uid && m.status === 'active') return m;
  }
  const m = (await deps.store.query<MemberDoc>(MEMBERS, { where: { uid, status: 'active' }, limit: 5 })).items.find((d) => !clientWritten(d)) ?? null;
  if (m) await pointMember(deps, m);
  return m;
}

/** Writes (or rewrites) the uid → member pointer. */
export async function pointMember(deps: Pick<Dependencies, 'store'>, m: Pick<MemberDoc, '_id' | 'uid'>): Promise<void> {
  await deps.store.transact<MemberUidDoc>(MEMBER_UIDS, m.uid, (cur) => (cur?.memberId === m._id ? KEEP : { _id: m.uid, memberId: m._id }));
}

/** The member with this member number (any status), or null. */
export async function memberByNo(deps: Pick<Dependencies, 'store'>, memberNo: string): Promise<MemberDoc | null> {
  return (await deps.store.query<MemberDoc>(MEMBERS, { where: { memberNo }, limit: 5 })).items.find((d) => !clientWritten(d)) ?? null;
}

/** The member with this document id, or null. */
export async function memberById(deps: Pick<Dependencies, 'store'>, id: string): Promise<MemberDoc | null> {
  return trusted(await deps.store.get<MemberDoc>(MEMBERS, id));
}

/** The name of a worker as others may see it: the member's name (the caller masks it), or null for a non-member. */
export async function anyMemberName(deps: Pick<Dependencies, 'store'>, uid: string): Promise<string | null> {
  const m = (await deps.store.query<MemberDoc>(MEMBERS, { where: { uid }, limit: 5 })).items.find((d) => !clientWritten(d));
  return m?.name ?? null;
}

/** Locks the membership to `transferId` unless it is locked already. True when this call locked it. */
export async function lockForTransfer(deps: Pick<Dependencies, 'store'>, memberId: string, transferId: string): Promise<boolean> {
  let locked = false;
  await deps.store.transact<MemberDoc>(MEMBERS, memberId, (cur) => {
    locked = false;
    if (!cur || cur.pendingTransferId) return KEEP;
    locked = true;
    return { ...cur, pendingTransferId: transferId };
  });
  return locked;
}

/** Where an accepted transfer moves the membership to. */
export interface TransferDestination {
  orgId: string;
  orgName: string;
  federationId: string | null;
  cityId: string;
  enterpriseId: string;
  enterpriseName: string;
}

/**
 * Moves the membership locked to `transferId` and unlocks it. `moved` also when this transfer moved
 * it before (a repeat); `not_locked` when the membership was never locked to it (its start was cut off).
 */
export async function moveForTransfer(
  deps: Pick<Dependencies, 'store'>,
  memberId: string,
  transferId: string,
  to: TransferDestination,
): Promise<'moved' | 'not_locked'> {
  const moved = await deps.store.update(
    MEMBERS,
    memberId,
    { set: { ...to, pendingTransferId: null, lastTransferId: transferId } },
    { pendingTransferId: transferId },
  );
  if (moved) return 'moved';
  return (await memberById(deps, memberId))?.lastTransferId === transferId ? 'moved' : 'not_locked';
}

/** Unlocks the membership if it is locked to `transferId` (refused or cancelled transfers). */
export async function unlockFromTransfer(deps: Pick<Dependencies, 'store'>, memberId: string, transferId: string): Promise<void> {
  await deps.store.update(MEMBERS, memberId, { set: { pendingTransferId: null } }, { pendingTransferId: transferId });
}

/** Whether the membership is locked to `transferId`. */
export async function isLockedTo(deps: Pick<Dependencies, 'store'>, memberId: string, transferId: string): Promise<boolean> {
  return (await memberById(deps, memberId))?.pendingTransferId === transferId;
}

/** Members of a union, a federation's subtree or a city: the org tree's figures. */
export function countMembers(deps: Pick<Dependencies, 'store'>, scope: { orgId: string } | { federationId: string } | { cityId: string }): Promise<number> {
  return deps.store.count(MEMBERS, scope);
}

/** Open and overdue applications of one employer: a social worker's workload. */
export async function applicationCounts(deps: Pick<Dependencies, 'store'>, enterpriseId: string, now: number): Promise<{ pending: number; overdue: number }> {
  const pending = await deps.store.count(APPLICATIONS, { enterpriseId, status: { $in: [...OPEN_STATUSES] } });
  const overdue = await deps.store.count(APPLICATIONS, { enterpriseId, status: 'pending', dueAt: { $lt: now } });
  return { pending, overdue };
}
