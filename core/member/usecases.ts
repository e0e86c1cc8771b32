/**
 * Joining the union (个人入会), the officer queue and the member card. Pure use cases over the ports.
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
 *   wrong one, which frees the claim for the right one (approval claims it in one transaction).
 * - One open application per account (any ID number), checked before the claim.
 * - A decision is one conditional update `where {_id, status, version}`: of two officers deciding at
 *   once exactly one matches; the other gets CONFLICT.
 * - Approval then creates the member with an `_id` derived from the person, so completing it twice
 *   (crash and retry, or the lazy repair in `myStatus`) cannot create two members.
 */
import type { z } from 'zod';
import { AppError, conflict, notFound } from '../shared/errors';
import { DuplicateKeyError, KEEP } from '../shared/docstore';
import type { Caller, SignedInCaller } from '../shared/caller';
import type { Dependencies } from '../shared/ports';
import { mask } from '../shared/mask';
import { recordAudit } from '../shared/audit';
import { enqueue } from '../shared/outbox';
import { clientWritten, trusted } from '../shared/trust';
import { calendarFor, shanghaiDate } from '../shared/workdays';
import { OFFICER_ROLES, assertScope, getEnterprise, getOrg, handlingOrgFor, officerOrgId } from '../org';
import { findMember, pointMember } from './membership';
import { OPEN_STATUSES, STATUS_LABEL, nextStatus, type ApplicationEvent } from './application';
import type { ActionOutput } from '../shared/contract';
import type { ApplicationView, CardView, MemberView, memberContract } from './contract';
import {
  APPLICATIONS,
  COUNTERS,
  MEMBERS,
  MEMBER_UIDS,
  PERSONS,
  formatMemberNo,
  memberIdFor,
  personIdFor,
  type ApplicationDoc,
  type MemberDoc,
  type MemberUidDoc,
  type PersonDoc,
} from './model';

type C = typeof memberContract;
type In<K extends keyof C> = z.output<C[K]['input']>;

/** A claim whose application never got written (crash between the two writes) is taken over after this. */
const STALE_CLAIM_MS = 60_000;

const calendarOf = (deps: Dependencies) => calendarFor(deps.config.calendar);

// ---------------------------------------------------------------------------------------------
// Views

export function toApplicationView(deps: Dependencies, doc: ApplicationDoc): ApplicationView {
  const cal = calendarOf(deps);
  const now = deps.clock.now();
  const open = OPEN_STATUSES.includes(doc.status);
  const end = open ? now : (doc.history[doc.history.length - 1]?.at ?? now);
  let sla: ApplicationView['sla'] = 'ok';
  if (doc.status === 'pending') {
    if (now >= doc.dueAt) sla = 'overdue';
    else if (now >= cal.addWorkingDays(doc.queuedAt, Math.max(0, deps.config.joinSlaWorkingDays - 1))) sla = 'due_soon';
  }
  return {
    id: doc._id,
    status: doc.status,
    statusLabel: STATUS_LABEL[doc.status],
    name: doc.name,
    idNumberMasked: mask('idNumber', deps.crypto.open(doc.idSealed)),
    mobileMasked: mask('mobile', deps.crypto.open(doc.mobileSealed)),
    enterpriseId: doc.enterpriseId,
    enterpriseName: doc.enterpriseName,
    job: doc.job,
    migrantWorker: doc.migrantWorker,
    orgId: doc.orgId,
    orgName: doc.orgName,
    viaFederation: doc.viaFederation,
    submittedAt: doc.submittedAt,
    queuedAt: doc.queuedAt,
    dueAt: doc.dueAt,
    ageWorkingDays: cal.workingDaysBetween(doc.queuedAt, end),
    sla,
    escalated: doc.escalated,
    reason: doc.reason,
    memberNo: doc.memberNo,
    version: doc.version,
    history: doc.history,
    contested: doc.contested ?? false,
  };
}

/** The worker's own view: whether someone else used the same ID number is for the officer to know. */
const ownView = (deps: Dependencies, doc: ApplicationDoc): ApplicationView => ({ ...toApplicationView(deps, doc), contested: false });

/** For the officer: the other applications for the same person and whether the person is a member already. */
async function competingFor(deps: Dependencies, doc: ApplicationDoc): Promise<NonNullable<ApplicationView['competing']>> {
  const [others, person] = await Promise.all([
    deps.store.query<ApplicationDoc>(APPLICATIONS, { where: { idHash: doc.idHash }, limit: 20 }),
    deps.store.get<PersonDoc>(PERSONS, personIdFor(doc.idHash)),
  ]);
  return {
    applications: others.items
      .filter((o) => o._id !== doc._id)
      .sort((a, b) => a.submittedAt - b.submittedAt)
      .map((o) => ({ id: o._id, status: o.status, statusLabel: STATUS_LABEL[o.status], orgName: o.orgName, enterpriseName: o.enterpriseName, submittedAt: o.submittedAt })),
    isMember: !!person?.memberId,
  };
}

function toMemberView(deps: Dependencies, m: MemberDoc): MemberView {
  return {
    memberNo: m.memberNo,
    name: m.name,
    idNumberMasked: mask('idNumber', deps.crypto.open(m.idSealed)),
    orgId: m.orgId,
    orgName: m.orgName,
    enterpriseName: m.enterpriseName,
    joinedAt: m.joinedAt,
    status: m.status,
  };
}

// ---------------------------------------------------------------------------------------------
// Worker side

export async function submitApplication(
  deps: Dependencies,
  caller: SignedInCaller,
  input: In<'submitApplication'>,
): Promise<ApplicationView> {
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
async function claimPerson(deps: Dependencies, personId: string, appId: string, uid: string, now: number): Promise<{ contested: boolean; holderId: string | null }> {
  const person = await deps.store.transact<PersonDoc>(PERSONS, personId, (cur) => {
    if (cur?.memberId) return KEEP;
    if (cur?.openApplicationId && cur.openApplicationId !== appId) return KEEP;
    return { _id: personId, openApplicationId: appId, claimedAt: now, memberId: null };
  });
  if (person?.openApplicationId === appId) return { contested: false, holderId: null };
  if (person?.memberId) {
    const m = await deps.store.get<MemberDoc>(MEMBERS, person.memberId);
    if (m && m.uid !== uid) return { contested: true, holderId: null };
    throw new AppError(
      'ALREADY_MEMBER',
      '该身份证号已是工会会员，无需重复入会。如已更换工作单位，请办理会员组织关系接转。',
      undefined,
      { next: 'transfer' },
    );
  }
  const otherId = person!.openApplicationId!;
  const other = await deps.store.get<ApplicationDoc>(APPLICATIONS, otherId);
  if (!other && now - person!.claimedAt > STALE_CLAIM_MS) {
    // The other submission crashed between its two writes and never came back: take its claim over.
    const took = await deps.store.update(
      PERSONS,
      personId,
      { set: { openApplicationId: appId, claimedAt: now } },
      { openApplicationId: otherId },
    );
    if (took) return { contested: false, holderId: null };
  }
  if (other && other.uid === uid) {
    throw conflict('您已有一份入会申请正在办理中，请在“入会进度”中查看。', { applicationId: otherId });
  }
  return { contested: true, holderId: otherId };
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
    const took = await deps.store.update(PERSONS, personId, { set: { openApplicationId: doc._id, claimedAt: now } }, { openApplicationId: holderId, memberId: null });
    if (took) return;
  }
  throw conflict('同一身份证号还有另一份正在办理的入会申请：请先核实申请人身份，对使用他人身份证号的一份不予通过，再审核本申请。', { competingApplicationId: holderId });
}

async function loadOwn(deps: Dependencies, caller: SignedInCaller, id: string): Promise<ApplicationDoc> {
  const uid = caller.uid;
  const doc = await deps.store.get<ApplicationDoc>(APPLICATIONS, id);
  if (!doc || doc.uid !== uid) throw notFound('入会申请');
  return doc;
}

/** Applies `event` with a conditional update on (status, version); CONFLICT when someone else got there first. */
async function transition(
  deps: Dependencies,
  doc: ApplicationDoc,
  event: ApplicationEvent | 'escalate',
  actor: 'worker' | 'officer' | 'system',
  set: Partial<ApplicationDoc>,
  reason: string | null,
): Promise<ApplicationDoc> {
  const to = event === 'escalate' ? doc.status : nextStatus(doc.status, event);
  const entry = { at: deps.clock.now(), actor, event, to, reason };
  const ok = await deps.store.update(
    APPLICATIONS,
    doc._id,
    { set: { ...set, status: to }, inc: { version: 1 }, push: { history: entry } },
    { status: doc.status, version: doc.version },
  );
  if (!ok) throw conflict('该申请刚刚已被他人处理，请刷新后查看最新状态。');
  return { ...doc, ...set, status: to, version: doc.version + 1, history: [...doc.history, entry] };
}

async function releaseClaim(deps: Dependencies, doc: ApplicationDoc) {
  await deps.store.update(PERSONS, personIdFor(doc.idHash), { set: { openApplicationId: null } }, { openApplicationId: doc._id });
}

export async function resubmitApplication(deps: Dependencies, caller: SignedInCaller, input: In<'resubmitApplication'>) {
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

export async function withdrawApplication(deps: Dependencies, caller: SignedInCaller, input: In<'withdrawApplication'>) {
  const doc = await loadOwn(deps, caller, input.applicationId);
  const updated = await transition(deps, doc, 'withdraw', 'worker', {}, null);
  await releaseClaim(deps, updated);
  return ownView(deps, updated);
}

export async function myStatus(deps: Dependencies, caller: SignedInCaller): Promise<ActionOutput<C['myStatus']>> {
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
  return { application: app && ownView(deps, app), member: m && toMemberView(deps, m) };
}

// ---------------------------------------------------------------------------------------------
// Member card

const CARD_PREFIX = 'UC1';

export async function myCard(deps: Dependencies, caller: SignedInCaller): Promise<Omit<CardView, 'qrDataUrl'>> {
  const uid = caller.uid;
  const member = await findMember(deps, uid);
  if (!member) throw new AppError('FORBIDDEN', '您还不是工会会员，入会申请通过后即可使用电子会员卡。', undefined, { next: 'join' });
  const ttl = deps.config.cardQrTtlSeconds;
  const expiresAt = deps.clock.now() + ttl * 1000;
  const payload = `${CARD_PREFIX}.${member._id}.${expiresAt}`;
  return { ...toMemberView(deps, member), code: `${payload}.${deps.crypto.sign(payload)}`, expiresAt, ttlSeconds: ttl };
}

export async function verifyCard(deps: Dependencies, input: In<'verifyCard'>): Promise<ActionOutput<C['verifyCard']>> {
  const invalid = () => new AppError('CARD_INVALID', '会员卡二维码无效：可能是伪造、截图被改动或不是本平台的会员卡。');
  const parts = input.code.split('.');
  if (parts.length !== 4 || parts[0] !== CARD_PREFIX || !/^\d+$/.test(parts[2])) throw invalid();
  const payload = parts.slice(0, 3).join('.');
  if (!deps.crypto.verify(payload, parts[3])) throw invalid();
  if (Number(parts[2]) < deps.clock.now()) {
    throw new AppError('CARD_EXPIRED', '会员卡二维码已过期，请会员在手机上刷新后重新出示。');
  }
  const member = await deps.store.get<MemberDoc>(MEMBERS, parts[1]);
  if (!member || member.status !== 'active') throw new AppError('CARD_INVALID', '该会员卡已失效。');
  return {
    valid: true,
    memberNo: member.memberNo,
    nameMasked: mask('name', member.name),
    orgName: member.orgName,
    joinedAt: member.joinedAt,
    status: member.status,
  };
}

// ---------------------------------------------------------------------------------------------
// Officer side

/** A social union worker's enterprises, when that is all the caller holds (no officer grant). */
function assignedOnly(caller: Caller): { orgId: string; enterpriseIds: string[] } | null {
  if (caller.grants.some((g) => OFFICER_ROLES.includes(g.role))) return null;
  const sw = caller.grants.filter((g) => g.role === 'social_worker');
  if (!sw.length) return null;
  return { orgId: sw[0].orgId, enterpriseIds: sw.flatMap((g) => g.enterpriseIds ?? []) };
}

/** The queue of the enterprises assigned to a social union worker: a few, merged oldest first. */
async function assignedQueue(deps: Dependencies, assigned: { orgId: string; enterpriseIds: string[] }, input: In<'listQueue'>): Promise<ActionOutput<C['listQueue']>> {
  const org = await getOrg(deps, assigned.orgId);
  const docs: ApplicationDoc[] = [];
  for (const enterpriseId of assigned.enterpriseIds) {
    const where: Record<string, unknown> = { enterpriseId, status: input.status };
    if (input.overdueOnly) where.dueAt = { $lt: deps.clock.now() };
    if (input.migrantOnly) where.migrantWorker = true;
    docs.push(...(await deps.store.query<ApplicationDoc>(APPLICATIONS, { where: where as never, orderBy: [['queuedAt', 'asc']], limit: 100 })).items);
  }
  docs.sort((a, b) => a.queuedAt - b.queuedAt);
  return {
    items: docs.slice(0, input.limit).map((d) => {
      const { history: _h, mobileMasked: _m, ...item } = toApplicationView(deps, d);
      return item;
    }),
    next: null,
    orgId: org._id,
    orgName: `${org.name}（分管企业）`,
  };
}

export async function listQueue(deps: Dependencies, caller: Caller, input: In<'listQueue'>): Promise<ActionOutput<C['listQueue']>> {
  const assigned = assignedOnly(caller);
  if (assigned) {
    if (input.orgId && input.orgId !== assigned.orgId) throw new AppError('FORBIDDEN', '社会化工会工作者只能查看所分管企业的申请');
    return assignedQueue(deps, assigned, input);
  }
  const org = await getOrg(deps, officerOrgId(caller, input.orgId));
  assertScope(caller, org);
  const scopeField =
    !input.includeSubtree || org.kind === 'union' ? 'orgId' : org.kind === 'federation' ? 'federationId' : 'cityId';
  const where: Record<string, unknown> = { [scopeField]: org._id, status: input.status };
  if (input.overdueOnly) where.dueAt = { $lt: deps.clock.now() };
  if (input.migrantOnly) where.migrantWorker = true;
  const page = await deps.store.query<ApplicationDoc>(APPLICATIONS, {
    where: where as never,
    orderBy: [['queuedAt', 'asc']],
    limit: input.limit,
    after: input.after,
  });
  return {
    items: page.items.map((d) => {
      const { history: _h, mobileMasked: _m, ...item } = toApplicationView(deps, d);
      return item;
    }),
    next: page.next,
    orgId: org._id,
    orgName: org.name,
  };
}

async function loadScoped(deps: Dependencies, caller: Caller, id: string): Promise<ApplicationDoc> {
  const doc = await deps.store.get<ApplicationDoc>(APPLICATIONS, id);
  if (!doc) throw notFound('入会申请');
  // Scope is checked against the handling org and its ancestors; an out-of-scope officer learns
  // nothing, not even that the application exists.
  const org = await getOrg(deps, doc.orgId);
  const assigned = assignedOnly(caller);
  if (assigned) {
    if (!assigned.enterpriseIds.includes(doc.enterpriseId)) throw notFound('入会申请');
    return doc;
  }
  try {
    assertScope(caller, org);
  } catch {
    throw notFound('入会申请');
  }
  return doc;
}

export async function getApplication(deps: Dependencies, caller: Caller, input: In<'getApplication'>) {
  const doc = await loadScoped(deps, caller, input.applicationId);
  // read every time (one indexed query): the stored flag can miss a race between two first submissions
  const competing = await competingFor(deps, doc);
  const memberOfOther = competing.isMember && doc.status !== 'approved';
  return { ...toApplicationView(deps, doc), contested: !!doc.contested || competing.applications.length > 0 || memberOfOther, competing };
}

export async function decide(deps: Dependencies, caller: SignedInCaller, input: In<'decide'>): Promise<ApplicationView> {
  const doc = await loadScoped(deps, caller, input.applicationId);
  if (input.expectedVersion !== undefined && input.expectedVersion !== doc.version) {
    throw conflict('该申请在您查看后已有变化，请刷新后再处理。');
  }
  const reason = input.decision === 'approve' ? null : input.reason;
  if (input.decision === 'approve') {
    nextStatus(doc.status, 'approve'); // an illegal transition is said before the claim is touched
    await claimForApproval(deps, doc);
  }
  let updated = await transition(deps, doc, input.decision, 'officer', { reason }, reason);
  await recordAudit(deps, {
    actorUid: caller.uid,
    action: `member.decide.${input.decision}`,
    target: { collection: APPLICATIONS, id: doc._id },
    before: { status: doc.status, version: doc.version },
    after: { status: updated.status, version: updated.version },
    reason,
  });
  if (updated.status === 'rejected') await releaseClaim(deps, updated);
  if (updated.status === 'approved') {
    const member = await completeApproval(deps, updated);
    updated = { ...updated, memberNo: member.memberNo };
  }
  const body: Record<string, string> = {
    approved: `恭喜！您的入会申请已通过，会员编号 ${updated.memberNo}，可在小程序中出示电子会员卡。`,
    rejected: `您的入会申请未通过。理由：${reason}`,
    needs_info: `您的入会申请需要补充信息：${reason}`,
  };
  await enqueue(deps, `${doc._id}_v${updated.version}`, {
    to: `uid:${doc.uid}`,
    template: 'join_decision',
    title: `入会申请${STATUS_LABEL[updated.status]}`,
    body: body[updated.status],
    page: updated.status === 'approved' ? '/pages/card/index' : '/pages/me/index',
    fields: { result: STATUS_LABEL[updated.status], note: updated.status === 'approved' ? `会员编号 ${updated.memberNo}` : reason ?? '' },
  });
  return toApplicationView(deps, updated);
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

/** Timer job: pending applications past their due time escalate to the federation above. */
export async function escalateOverdue(deps: Dependencies): Promise<{ escalated: number }> {
  const now = deps.clock.now();
  let escalated = 0;
  const tried = new Set<string>();
  for (;;) {
    const page = await deps.store.query<ApplicationDoc>(APPLICATIONS, {
      where: { status: 'pending', escalated: false, dueAt: { $lt: now } },
      orderBy: [['dueAt', 'asc']],
      limit: 200,
    });
    const fresh = page.items.filter((d) => !tried.has(d._id));
    if (fresh.length === 0) break;
    for (const doc of fresh) {
      tried.add(doc._id);
      const target = doc.federationId && doc.federationId !== doc.orgId ? doc.federationId : doc.cityId;
      try {
        await transition(deps, doc, 'escalate', 'system', { escalated: true }, `超过${deps.config.joinSlaWorkingDays}个工作日未处理，已提醒上级工会`);
      } catch (e) {
        if (e instanceof AppError && e.code === 'CONFLICT') continue; // decided meanwhile
        throw e;
      }
      escalated++;
      await enqueue(deps, `${doc._id}_escalated`, {
        to: `org:${target}`,
        template: 'join_overdue',
        title: '入会申请超时未处理',
        body: `${doc.orgName}的${doc.name}入会申请已超过${deps.config.joinSlaWorkingDays}个工作日未处理，请督办。`,
        page: `/admin/review/index?id=${doc._id}`,
        fields: { applicant: mask('name', doc.name), note: `${doc.orgName}超时未处理，请督办` },
      });
    }
  }
  return { escalated };
}
