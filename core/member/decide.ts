/**
 * An officer decides a join application: the I/O shell around the pure `decideApplication`
 * (decision.ts), and the member an approval creates.
 *
 * Concurrency design (see joining.ts for the claim):
 * - A decision is one conditional update `where {_id, status, version}` (transition.ts): of two
 *   officers deciding at once exactly one matches; the other gets CONFLICT.
 * - Only the holder of the person's claim can be approved: the claim is taken (or confirmed) in one
 *   transaction before the write.
 * - Approval then creates the member with an `_id` derived from the person, so completing it twice
 *   (crash and retry, or the lazy repair in `myStatus`) cannot create two members. Member numbers
 *   come from one atomic per-year counter.
 */
import { conflict } from '../shared/errors';
import { DuplicateKeyError, KEEP } from '../shared/docstore';
import type { SignedInCaller } from '../shared/caller';
import type { Dependencies } from '../shared/ports';
import { recordAudit } from '../shared/audit';
import { enqueue } from '../shared/outbox';
import { shanghaiDate } from '../shared/time';
import { pointMember } from './membership';
import { OPEN_STATUSES } from './machine';
import type { ApplicationView, MemberInput } from './contract';
import {
  APPLICATIONS,
  COUNTERS,
  MEMBERS,
  PERSONS,
  formatMemberNo,
  memberIdFor,
  personIdFor,
  type ApplicationDoc,
  type MemberDoc,
  type PersonDoc,
} from './model';
import { decideApplication } from './decision';
import { commit, releaseClaim } from './transition';
import { loadScoped } from './queue';
import { officerActions, toApplicationView } from './views';

export async function decide(deps: Dependencies, caller: SignedInCaller, input: MemberInput<'decide'>): Promise<ApplicationView> {
  const { doc } = await loadScoped(deps, caller, input.applicationId);
  // the rules, before anything is touched (an illegal transition is said before the claim is)
  const d = decideApplication(doc, input, deps.clock.now(), caller.uid);
  if (d.claim === 'take') await claimForApproval(deps, doc);
  let updated = await commit(deps, doc, d);
  await recordAudit(deps, d.audit);
  if (d.claim === 'release') await releaseClaim(deps, updated);
  if (d.createMember) {
    const member = await completeApproval(deps, updated);
    updated = { ...updated, memberNo: member.memberNo };
  }
  const notice = d.notice(updated.memberNo);
  await enqueue(deps, notice.key, notice.message);
  return toApplicationView(deps, updated, officerActions(updated));
}

/**
 * Before approving: the person must be this application's (it holds the claim, or takes a free one
 * in one transaction). A membership, or another open application holding the claim, is said to the
 * officer, who resolves it (rejects the application that used someone else's ID number).
 */
async function claimForApproval(deps: Dependencies, doc: ApplicationDoc): Promise<void> {
  const personId = personIdFor(doc.idHash);
  const now = deps.clock.now();
  const person = await deps.store.transact<PersonDoc>(PERSONS, personId, (cur) => {
    if (cur?.memberId || (cur?.openApplicationId && cur.openApplicationId !== doc._id) || cur?.openApplicationId === doc._id) return KEEP;
    return { _id: personId, openApplicationId: doc._id, claimedAt: now, memberId: null };
  });
  if (person?.memberId) {
    const m = await deps.store.get<MemberDoc>(MEMBERS, person.memberId);
    if (m?.applicationId === doc._id) return; // this approval's own completion (a retry)
    throw conflict('该身份证号已是工会会员，本申请不能通过：请核实申请人身份（可能有人使用了他人的身份证号），核实后不予通过。', { isMember: true });
  }
  if (person?.openApplicationId === doc._id) return;
  const holderId = person!.openApplicationId!;
  const holder = await deps.store.get<ApplicationDoc>(APPLICATIONS, holderId);
  if (holder?.status === 'approved') {
    // approved a moment ago, its membership not yet recorded: the person is that application's
    throw conflict('该身份证号已是工会会员，本申请不能通过：请核实申请人身份（可能有人使用了他人的身份证号），核实后不予通过。', { isMember: true });
  }
  if (!holder || !OPEN_STATUSES.includes(holder.status)) {
    // the claim is left by a crashed submission or a refused / withdrawn application: take it over
    const took = await deps.store.update(
      PERSONS,
      personId,
      { set: { openApplicationId: doc._id, claimedAt: now } },
      { openApplicationId: holderId, memberId: null },
    );
    if (took) return;
  }
  throw conflict('同一身份证号还有另一份正在办理的入会申请：请先核实申请人身份，对使用他人身份证号的一份不予通过，再审核本申请。', {
    competingApplicationId: holderId,
  });
}

/** Creates the member for an approved application; safe to run more than once. */
export async function completeApproval(deps: Dependencies, app: ApplicationDoc): Promise<MemberDoc> {
  const memberId = memberIdFor(app.idHash);
  let member = await deps.store.get<MemberDoc>(MEMBERS, memberId);
  if (!member) {
    const now = deps.clock.now();
    const memberNo = await allocateMemberNo(deps, now);
    const doc: MemberDoc = {
      _id: memberId,
      memberNo,
      uid: app.uid,
      name: app.name,
      idSealed: app.idSealed,
      idHash: app.idHash,
      mobileSealed: app.mobileSealed,
      orgId: app.orgId,
      orgName: app.orgName,
      federationId: app.federationId,
      cityId: app.cityId,
      enterpriseId: app.enterpriseId,
      enterpriseName: app.enterpriseName,
      job: app.job,
      migrantWorker: app.migrantWorker,
      joinedAt: now,
      status: 'active',
      applicationId: app._id,
    };
    try {
      await deps.store.insert(MEMBERS, doc);
      member = doc;
    } catch (e) {
      if (!(e instanceof DuplicateKeyError)) throw e;
      member = (await deps.store.get<MemberDoc>(MEMBERS, memberId))!;
    }
  }
  await pointMember(deps, member);
  await deps.store.update(PERSONS, personIdFor(app.idHash), { set: { memberId, openApplicationId: null } });
  await deps.store.update(APPLICATIONS, app._id, { set: { memberNo: member.memberNo } });
  return member;
}

/**
 * The next member number of the current year (Asia/Shanghai), from a per-year counter: one atomic
 * increment (every approval shares this document; a transaction here would conflict under load).
 */
export async function allocateMemberNo(deps: Pick<Dependencies, 'store'>, now: number): Promise<string> {
  const year = shanghaiDate(now).slice(0, 4);
  return formatMemberNo(year, await deps.store.increment(COUNTERS, `memberNo_${year}`, 'value', 1));
}
