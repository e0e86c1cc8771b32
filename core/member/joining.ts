/**
 * Joining the union (个人入会), the worker's side: submit, resubmit after a request for information,
 * withdraw, and my status. The person claim lives here.
 *
 * Concurrency design (holds on SQLite and on CloudBase, whose only atomic primitives are single-
 * document conditional updates and single-document transactions):
 * - Idempotency: an application's `_id` is derived from (uid, client idempotency key); a retry or a
 *   double tap finds or collides with the same document and returns it.
 * - One person, one open application, one membership: the `persons` document keyed by the ID
 *   number's keyed hash is claimed in a single-document transaction before the application exists.
 * - No ID-number oracle, no squatting: when the person is claimed by another account (an open
 *   application or a membership), the submission is still filed, marked `contested` (and so is the
 *   claimant's application), and answered exactly like any new application: another account learns
 *   nothing about the number, and the real person can still apply. Only the holder of the claim can
 *   be approved; the officer sees the competing applications (`getApplication`) and rejects the
 *   wrong one, which frees the claim for the right one (approval claims it in one transaction,
 *   decide.ts).
 * - One open application per account (any ID number), checked before the claim.
 * - Every change is one conditional update on (status, version) (transition.ts); the decision and
 *   the idempotent creation of the member are decide.ts's.
 */
import { AppError, conflict, notFound } from '../shared/errors';
import { DuplicateKeyError, KEEP } from '../shared/docstore';
import type { SignedInCaller } from '../shared/caller';
import type { ActionOutput } from '../shared/contract';
import type { Dependencies } from '../shared/ports';
import { mask } from '../shared/mask';
import { enqueue } from '../shared/outbox';
import { getEnterprise, handlingOrgFor } from '../org';
import { findMember } from './membership';
import { OPEN_STATUSES } from './machine';
import type { ApplicationView, MemberInput, memberContract } from './contract';
import { APPLICATIONS, MEMBERS, PERSONS, personIdFor, type ApplicationDoc, type MemberDoc, type PersonDoc } from './model';
import { calendarOf, ownView, toMemberView } from './views';
import { releaseClaim, transition } from './transition';
import { completeApproval } from './decide';

/** A claim whose application never got written (crash between the two writes) is taken over after this. */
const STALE_CLAIM_MS = 60_000;

export async function submitApplication(deps: Dependencies, caller: SignedInCaller, input: MemberInput<'submitApplication'>): Promise<ApplicationView> {
  const uid = caller.uid;
  const appId = `ja_${deps.crypto.hash(`${uid}|${input.idempotencyKey}`).slice(0, 32)}`;
  const existing = await deps.store.get<ApplicationDoc>(APPLICATIONS, appId);
  if (existing) return ownView(deps, existing);
  // one open application per account, whatever the ID number (an account cannot file for many people)
  const mine = await deps.store.query<ApplicationDoc>(APPLICATIONS, { where: { uid }, orderBy: [['submittedAt', 'desc']], limit: 10 });
  const open = mine.items.find((d) => OPEN_STATUSES.includes(d.status));
  if (open) throw conflict('您已有一份入会申请正在办理中，请在“入会进度”中查看。', { applicationId: open._id });

  const enterprise = await getEnterprise(deps, input.enterpriseId);
  const org = await handlingOrgFor(deps, enterprise);
  const idHash = deps.crypto.hash(`id|${input.idNumber}`);
  const personId = personIdFor(idHash);
  const now = deps.clock.now();

  const claim = await claimPerson(deps, personId, appId, uid, now);

  const doc: ApplicationDoc = {
    _id: appId,
    uid,
    status: 'pending',
    version: 1,
    name: input.name,
    idSealed: deps.crypto.seal(input.idNumber),
    idHash,
    mobileSealed: deps.crypto.seal(input.mobile),
    enterpriseId: enterprise._id,
    enterpriseName: enterprise.name,
    job: input.job,
    migrantWorker: input.migrantWorker,
    consentAt: now,
    orgId: org._id,
    orgName: org.name,
    federationId: org.federationId,
    cityId: org.cityId,
    viaFederation: enterprise.unionId === null,
    submittedAt: now,
    queuedAt: now,
    dueAt: calendarOf(deps).addWorkingDays(now, deps.config.joinSlaWorkingDays),
    escalated: false,
    reason: null,
    memberNo: null,
    history: [{ at: now, actor: 'worker', event: 'submit', to: 'pending', reason: null }],
    contested: claim.contested,
  };
  try {
    await deps.store.insert(APPLICATIONS, doc);
  } catch (e) {
    if (!(e instanceof DuplicateKeyError)) throw e;
    const first = await deps.store.get<ApplicationDoc>(APPLICATIONS, appId);
    if (first) return ownView(deps, first);
    throw e;
  }
  // the claimant's application is contested too, so its officer sees it before approving
  if (claim.holderId) await deps.store.update(APPLICATIONS, claim.holderId, { set: { contested: true } });
  await enqueue(deps, `${appId}_new`, {
    to: `org:${org._id}`,
    template: 'join_submitted',
    title: '新的入会申请',
    body: `${doc.name}（${doc.enterpriseName}）提交了入会申请，请在${deps.config.joinSlaWorkingDays}个工作日内处理。`,
    page: `/admin/review/index?id=${appId}`,
    fields: { applicant: mask('name', doc.name), note: `${doc.enterpriseName}，${deps.config.joinSlaWorkingDays}个工作日内处理` },
  });
  return ownView(deps, doc);
}

/**
 * Claims the person for this application. The caller's own membership or open application is said
 * as it is; someone else's is never said: the application is filed as contested instead (with the id
 * of the claimant's application when there is one, to mark it too).
 */
async function claimPerson(
  deps: Dependencies,
  personId: string,
  appId: string,
  uid: string,
  now: number,
): Promise<{ contested: boolean; holderId: string | null }> {
  const person = await deps.store.transact<PersonDoc>(PERSONS, personId, (cur) => {
    if (cur?.memberId) return KEEP;
    if (cur?.openApplicationId && cur.openApplicationId !== appId) return KEEP;
    return { _id: personId, openApplicationId: appId, claimedAt: now, memberId: null };
  });
  if (person?.openApplicationId === appId) return { contested: false, holderId: null };
  if (person?.memberId) {
    const m = await deps.store.get<MemberDoc>(MEMBERS, person.memberId);
    if (m && m.uid !== uid) return { contested: true, holderId: null };
    throw new AppError('ALREADY_MEMBER', '该身份证号已是工会会员，无需重复入会。如已更换工作单位，请办理会员组织关系接转。', undefined, { next: 'transfer' });
  }
  const otherId = person!.openApplicationId!;
  const other = await deps.store.get<ApplicationDoc>(APPLICATIONS, otherId);
  if (!other && now - person!.claimedAt > STALE_CLAIM_MS) {
    // The other submission crashed between its two writes and never came back: take its claim over.
    const took = await deps.store.update(PERSONS, personId, { set: { openApplicationId: appId, claimedAt: now } }, { openApplicationId: otherId });
    if (took) return { contested: false, holderId: null };
  }
  if (other && other.uid === uid) {
    throw conflict('您已有一份入会申请正在办理中，请在“入会进度”中查看。', { applicationId: otherId });
  }
  return { contested: true, holderId: otherId };
}

async function loadOwn(deps: Dependencies, caller: SignedInCaller, id: string): Promise<ApplicationDoc> {
  const uid = caller.uid;
  const doc = await deps.store.get<ApplicationDoc>(APPLICATIONS, id);
  if (!doc || doc.uid !== uid) throw notFound('入会申请');
  return doc;
}

export async function resubmitApplication(deps: Dependencies, caller: SignedInCaller, input: MemberInput<'resubmitApplication'>) {
  const doc = await loadOwn(deps, caller, input.applicationId);
  const now = deps.clock.now();
  const updated = await transition(
    deps,
    doc,
    'resubmit',
    'worker',
    {
      mobileSealed: deps.crypto.seal(input.mobile),
      job: input.job,
      queuedAt: now,
      dueAt: calendarOf(deps).addWorkingDays(now, deps.config.joinSlaWorkingDays),
      escalated: false,
    },
    input.note || null,
  );
  await enqueue(deps, `${doc._id}_v${updated.version}`, {
    to: `org:${doc.orgId}`,
    template: 'join_resubmitted',
    title: '入会申请已补充材料',
    body: `${doc.name}已按要求补充信息，请继续审核。`,
    page: `/admin/review/index?id=${doc._id}`,
    fields: { applicant: mask('name', doc.name) },
  });
  return ownView(deps, updated);
}

export async function withdrawApplication(deps: Dependencies, caller: SignedInCaller, input: MemberInput<'withdrawApplication'>) {
  const doc = await loadOwn(deps, caller, input.applicationId);
  const updated = await transition(deps, doc, 'withdraw', 'worker', {}, null);
  await releaseClaim(deps, updated);
  return ownView(deps, updated);
}

export async function myStatus(deps: Dependencies, caller: SignedInCaller): Promise<ActionOutput<(typeof memberContract)['myStatus']>> {
  const uid = caller.uid;
  const [apps, member] = await Promise.all([
    deps.store.query<ApplicationDoc>(APPLICATIONS, { where: { uid }, orderBy: [['submittedAt', 'desc']], limit: 1 }),
    findMember(deps, uid),
  ]);
  let app = apps.items[0] ?? null;
  let m = member;
  if (app?.status === 'approved' && !app.memberNo) {
    // Approval was decided but its completion did not finish (crash): finish it now, idempotently.
    m = await completeApproval(deps, app);
    app = { ...app, memberNo: m.memberNo };
  }
  return { application: app && ownView(deps, app, !!m), member: m && toMemberView(deps, m) };
}
