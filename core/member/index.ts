/**
 * The member context's front door: what other contexts may use of memberships. Nobody else reads or
 * writes `members`, `member_uids`, `persons` or `join_applications`.
 */
export type { MemberDoc } from './model';
export {
  findMember,
  memberByNo,
  memberById,
  anyMemberName,
  lockForTransfer,
  moveForTransfer,
  unlockFromTransfer,
  isLockedTo,
  countMembers,
  applicationCounts,
  type TransferDestination,
} from './membership';
export { verifyCard } from './card';
export { membersNamed, type MemberScope, type NamedMember } from './directory';
/** 会龄, the way the member context counts it (whole years, Shanghai calendar dates) */
export { seniorityYears } from './views';
