/**
 * Founding a union online (申请建会): application → the federation approves preparation → the
 * members' meeting elects chair and committee (results uploaded) → the federation approves → the
 * union is established, appears in the tree, and its organizer becomes its first officer.
 * Every step has an owner and a due date in working days; overdue steps are flagged and escalate.
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { Caller, SignedInCaller } from '../shared/caller';
import { AppError, conflict, notFound } from '../shared/errors';
import { DuplicateKeyError } from '../shared/docstore';
import { recordAudit } from '../shared/audit';
import { enqueue } from '../shared/outbox';
import { mask } from '../shared/mask';
import { calendarFor } from '../shared/workdays';
import { FILES, type FileDoc } from '../shared/files';
import { attachFiles, covers, establishUnion, findEnterprise, getOrg, listFederations, staffName } from '../org';
import { foundingContract, type FoundingView } from './contract';
import { FOUNDINGS, FOUNDING_LOCKS, type FoundingDoc } from './model';
import {
  DECISION_TITLE,
  FOUNDING_ACTOR,
  FOUNDING_EVENT_LABEL,
  FOUNDING_STATUS_LABEL,
  OPEN_FOUNDING,
  STEP_OWNER,
  foundingActionsFor,
  nextFoundingStatus,
  type FoundingEvent,
  type FoundingStatus,
  type FoundingViewer,
} from './machine';

type C = typeof foundingContract;
type In<K extends keyof C> = z.output<C[K]['input']>;

/** Working days each step may take: review, members' meeting, final approval. */
function stepDays(deps: Dependencies, status: FoundingStatus): number | null {
  const d = deps.config.foundingStepWorkingDays;
  return status === 'submitted' ? d.review : status === 'preparing' ? d.election : status === 'elected' ? d.approval : null;
}

function dueFor(deps: Dependencies, status: FoundingStatus, from: number): number | null {
  const days = stepDays(deps, status);
  return days === null ? null : calendarFor(deps.config.calendar).addWorkingDays(from, days);
}

/** What the caller is to the founding: an officer of the federation handling it, its organizer. */
function foundingViewer(caller: Caller, d: FoundingDoc): FoundingViewer {
  return { federation: isOfficerFor(caller, d), organizer: caller.uid !== null && caller.uid === d.organizerUid };
}

/** The line a viewer sees about where the founding stands. */
function statusNoteFor(d: FoundingDoc, viewer: FoundingViewer): FoundingView['statusNote'] {
  if (d.status === 'established' && viewer.organizer) return { kind: 'ok', text: '工会已批复成立。您已获得工会工作人员权限，可在首页进入工作台办理会员入会。' };
  if (d.status === 'preparing' && viewer.federation) return { kind: 'info', text: '等待组织者召开会员大会并上传选举结果。' };
  return null;
}

/** The founding as the caller sees it, with the actions open to them. */
async function toView(deps: Dependencies, d: FoundingDoc, caller: Caller): Promise<FoundingView> {
  const viewer = foundingViewer(caller, d);
  const actions = foundingActionsFor(d.status, viewer);
  const decides = actions.filter((a) => FOUNDING_ACTOR[a.key] === 'federation');
  const title = DECISION_TITLE[d.status];
  const noted = decides.filter((a) => a.needsNote).map((a) => a.label);
  const decision = title && decides.length ? { title, notePlaceholder: `意见（${noted.join('或')}时必填，组织者可以看到）` } : null;
  const now = deps.clock.now();
  const cal = calendarFor(deps.config.calendar);
  const open = OPEN_FOUNDING.includes(d.status);
  let sla: FoundingView['sla'] = 'done';
  if (open && d.dueAt !== null) sla = now >= d.dueAt ? 'overdue' : now >= d.dueAt - 86400_000 / 2 ? 'due_soon' : 'ok';
  let election: FoundingView['election'] = null;
  if (d.election) {
    const files = [];
    for (const id of d.election.fileIds) {
      const f = await deps.store.get<FileDoc>(FILES, id);
      if (f) files.push({ id: f._id, name: f.name, contentType: f.contentType, size: f.size });
    }
    election = {
      meetingDate: d.election.meetingDate,
      attendees: d.election.attendees,
      chairName: d.election.chairName,
      committee: d.election.committee,
      files,
    };
  }
  return {
    id: d._id,
    enterpriseId: d.enterpriseId,
    enterpriseName: d.enterpriseName,
    headcount: d.headcount,
    intendedMembers: d.intendedMembers,
    federationId: d.federationId,
    federationName: d.federationName,
    organizerName: d.organizerName,
    organizerMobileMasked: mask('mobile', deps.crypto.open(d.organizerMobileSealed)),
    organizerJob: d.organizerJob,
    status: d.status,
    statusLabel: FOUNDING_STATUS_LABEL[d.status],
    owner: d.owner,
    ownerLabel: d.owner === 'federation' ? d.federationName : d.owner === 'organizer' ? `组织者 ${d.organizerName}` : '—',
    dueAt: d.dueAt,
    sla,
    escalated: d.escalated,
    elapsedWorkingDays: cal.workingDaysBetween(d.submittedAt, open ? now : (d.closedAt ?? now)),
    election,
    unionId: d.unionId,
    submittedAt: d.submittedAt,
    closedAt: d.closedAt,
    version: d.version,
    history: d.history.map((h) => ({ at: h.at, event: h.event, eventLabel: FOUNDING_EVENT_LABEL[h.event], byName: h.byName, to: h.to, note: h.note })),
    actions,
    decision,
    statusNote: statusNoteFor(d, viewer),
  };
}

async function load(deps: Dependencies, id: string): Promise<FoundingDoc> {
  const d = await deps.store.get<FoundingDoc>(FOUNDINGS, id);
  if (!d) throw notFound('建会申请');
  return d;
}

/** The organizer, or an officer whose scope covers the federation handling it. */
function canSee(caller: Caller, d: FoundingDoc): boolean {
  if (caller.uid && caller.uid === d.organizerUid) return true;
  return isOfficerFor(caller, d);
}

/** An admin, or an officer of the federation handling it or one above. */
function isOfficerFor(caller: Caller, d: FoundingDoc): boolean {
  return caller.grants.some((g) => g.role === 'admin' || (g.role === 'federation_officer' && d.scope.includes(g.orgId)));
}

function assertOfficer(caller: Caller, d: FoundingDoc) {
  if (!isOfficerFor(caller, d)) {
    throw new AppError('FORBIDDEN', '该建会申请不在您所在联合会的管理范围内');
  }
}

/**
 * One step: a compare-and-set on `version`, so two officers deciding at once cannot both win.
 * Notifies the next owner.
 */
async function step(
  deps: Dependencies,
  d: FoundingDoc,
  event: FoundingEvent,
  by: { uid: string; name: string },
  note: string | null,
  extra: Partial<FoundingDoc> = {},
): Promise<FoundingDoc> {
  const to = event === 'escalate' ? d.status : nextFoundingStatus(d.status, event);
  const now = deps.clock.now();
  const moving = to !== d.status;
  const next: Partial<FoundingDoc> = {
    status: to,
    owner: STEP_OWNER[to] ?? null,
    ...(moving ? { stepStartedAt: now, dueAt: dueFor(deps, to, now), escalated: false } : {}),
    ...(OPEN_FOUNDING.includes(to) ? {} : { closedAt: now }),
    version: d.version + 1,
    ...extra,
  };
  const entry = { at: now, event, by: by.uid, byName: by.name, to, note };
  if (!(await deps.store.update(FOUNDINGS, d._id, { set: next as Record<string, unknown>, push: { history: entry } }, { version: d.version }))) {
    throw conflict('该申请刚刚已被他人处理，请刷新后查看', { foundingId: d._id });
  }
  const after = { ...d, ...next, history: [...d.history, entry] } as FoundingDoc;
  if (!OPEN_FOUNDING.includes(to)) await deps.store.remove(FOUNDING_LOCKS, d.enterpriseId, { foundingId: d._id });
  await notifyNextOwner(deps, after, event);
  return after;
}

async function notifyNextOwner(deps: Dependencies, d: FoundingDoc, event: FoundingEvent) {
  const page = `/pages/founding/index?id=${d._id}`;
  const key = `${d._id}_v${d.version}`;
  if (d.owner === 'federation') {
    await enqueue(deps, key, {
      to: `org:${d.federationId}`,
      template: 'founding_todo',
      title: '建会申请待处理',
      body: `${d.enterpriseName}的建会申请“${FOUNDING_STATUS_LABEL[d.status]}”，请在期限内处理。`,
      page: `/admin/founding/detail?id=${d._id}`,
      fields: { applicant: d.enterpriseName, note: FOUNDING_STATUS_LABEL[d.status] },
    });
  }
  if (d.owner === 'organizer' || !OPEN_FOUNDING.includes(d.status) || event === 'return') {
    await enqueue(deps, `${key}_organizer`, {
      to: `uid:${d.organizerUid}`,
      template: 'founding_progress',
      title: '建会进度更新',
      body: `${d.enterpriseName}建会申请：${FOUNDING_EVENT_LABEL[event]}，当前“${FOUNDING_STATUS_LABEL[d.status]}”。`,
      page,
      fields: { item: `${d.enterpriseName}建会`, status: FOUNDING_STATUS_LABEL[d.status], note: FOUNDING_EVENT_LABEL[event] },
    });
  }
}

/** Open foundings one account may hold at once (an organizer founds one union, a social worker helps a few): squatting every union-less enterprise is not possible. */
export const MAX_OPEN_FOUNDINGS_PER_ACCOUNT = 3;

export async function apply(deps: Dependencies, caller: SignedInCaller, input: In<'apply'>): Promise<FoundingView> {
  const uid = caller.uid;
  const id = `fd_${deps.crypto.hash(`founding|${uid}|${input.idempotencyKey}`).slice(0, 20)}`;
  const again = await deps.store.get<FoundingDoc>(FOUNDINGS, id);
  if (again) return toView(deps, again, caller); // a retry of the same submission
  const ent = await findEnterprise(deps, input.enterpriseId);
  if (!ent) throw new AppError('VALIDATION', '请选择企业', [{ path: ['enterpriseId'], message: '请选择企业' }]);
  const mineOpen = await deps.store.query<FoundingDoc>(FOUNDINGS, { where: { organizerUid: uid }, orderBy: [['submittedAt', 'desc']], limit: 50 });
  if (mineOpen.items.filter((d) => OPEN_FOUNDING.includes(d.status)).length >= MAX_OPEN_FOUNDINGS_PER_ACCOUNT) {
    throw new AppError('QUOTA_FULL', `您已有${MAX_OPEN_FOUNDINGS_PER_ACCOUNT}份正在办理的建会申请，请办结或撤回后再申请`, undefined, {
      limit: MAX_OPEN_FOUNDINGS_PER_ACCOUNT,
    });
  }
  if (ent.unionId) throw new AppError('CONFLICT', `${ent.name}已建立工会，无需再申请`, undefined, { unionId: ent.unionId });
  const federation = await getOrg(deps, ent.federationId);
  // one open founding per enterprise: whoever inserts the lock first
  try {
    await deps.store.insert(FOUNDING_LOCKS, { _id: ent._id, foundingId: id, at: deps.clock.now() });
  } catch (e) {
    if (!(e instanceof DuplicateKeyError)) throw e;
    const lock = await deps.store.get<{ _id: string; foundingId: string }>(FOUNDING_LOCKS, ent._id);
    if (lock?.foundingId === id) {
      const d = await deps.store.get<FoundingDoc>(FOUNDINGS, id);
      if (d) return toView(deps, d, caller);
    } else throw new AppError('CONFLICT', `${ent.name}已有一份正在办理的建会申请，如有疑问请联系${federation.name}`); // never the other applicant's founding id
  }
  const now = deps.clock.now();
  const doc: FoundingDoc = {
    _id: id,
    enterpriseId: ent._id,
    enterpriseName: ent.name,
    headcount: input.headcount,
    intendedMembers: input.intendedMembers,
    federationId: federation._id,
    federationName: federation.name,
    scope: [...federation.ancestors, federation._id],
    organizerUid: uid,
    organizerName: input.organizerName,
    organizerMobileSealed: deps.crypto.seal(input.organizerMobile),
    organizerJob: input.organizerJob,
    status: 'submitted',
    owner: 'federation',
    stepStartedAt: now,
    dueAt: dueFor(deps, 'submitted', now),
    escalated: false,
    election: null,
    unionId: null,
    submittedAt: now,
    closedAt: null,
    version: 1,
    history: [{ at: now, event: 'apply', by: uid, byName: input.organizerName, to: 'submitted', note: null }],
  };
  try {
    await deps.store.insert(FOUNDINGS, doc);
  } catch (e) {
    if (!(e instanceof DuplicateKeyError)) throw e;
    return toView(deps, await load(deps, id), caller);
  }
  await notifyNextOwner(deps, doc, 'apply');
  return toView(deps, doc, caller);
}

export async function mine(deps: Dependencies, caller: SignedInCaller) {
  const uid = caller.uid;
  const page = await deps.store.query<FoundingDoc>(FOUNDINGS, { where: { organizerUid: uid }, orderBy: [['submittedAt', 'desc']], limit: 20 });
  return { items: await Promise.all(page.items.map((d) => toView(deps, d, caller))) };
}

export async function get(deps: Dependencies, caller: Caller, id: string) {
  const d = await load(deps, id);
  if (!canSee(caller, d)) throw new AppError('FORBIDDEN', '您无权查看该建会申请');
  return toView(deps, d, caller);
}

export async function queue(deps: Dependencies, caller: Caller, input: In<'queue'>) {
  // the federations the caller works for and those below them (admins: every federation)
  const federations = await listFederations(deps);
  const fedIds = federations.filter((f) => covers(caller, f, ['federation_officer', 'admin'])).map((f) => f._id);
  const now = deps.clock.now();
  const statuses: FoundingStatus[] = input.status ? [input.status] : ['submitted', 'preparing', 'elected'];
  const items: FoundingDoc[] = [];
  const counts = { submitted: 0, preparing: 0, elected: 0, overdue: 0 };
  for (const fedId of fedIds) {
    for (const st of ['submitted', 'preparing', 'elected'] as const) {
      counts[st] += await deps.store.count(FOUNDINGS, { federationId: fedId, status: st });
      counts.overdue += await deps.store.count(FOUNDINGS, { federationId: fedId, status: st, dueAt: { $lt: now } });
    }
    for (const st of statuses) {
      const where = { federationId: fedId, status: st, ...(input.overdueOnly ? { dueAt: { $lt: now } } : {}) };
      const page = await deps.store.query<FoundingDoc>(FOUNDINGS, { where, orderBy: [['dueAt', 'asc']], limit: input.limit });
      items.push(...page.items);
    }
  }
  items.sort((a, b) => (a.dueAt ?? a.closedAt ?? 0) - (b.dueAt ?? b.closedAt ?? 0));
  return { items: await Promise.all(items.slice(0, input.limit).map((d) => toView(deps, d, caller))), counts };
}

export async function decide(deps: Dependencies, caller: SignedInCaller, input: In<'decide'>) {
  const d = await load(deps, input.foundingId);
  assertOfficer(caller, d);
  if (d.version !== input.version) throw conflict('该申请刚刚已被他人处理，请刷新后查看', { foundingId: d._id });
  const by = { uid: caller.uid, name: await staffName(deps, caller.uid, '联合会') };
  let after = await step(deps, d, input.event, by, input.note || null);
  await recordAudit(deps, {
    actorUid: by.uid,
    action: `founding.${input.event}`,
    target: { collection: FOUNDINGS, id: d._id },
    before: { status: d.status },
    after: { status: after.status },
    reason: input.note || null,
  });
  if (after.status === 'established') after = await establish(deps, after);
  return toView(deps, after, caller);
}

/**
 * Sets the union up once the founding is established: the union org (id derived from the founding,
 * so a repeat finds it), the enterprise's unionId (conditional on having none), the organizer's
 * officer grant. Each write is idempotent, so the timer job can finish a run that was cut off.
 */
export async function establish(deps: Dependencies, d: FoundingDoc): Promise<FoundingDoc> {
  const unionId = `org_u_${d._id.slice(3)}`;
  const union = await establishUnion(deps, {
    unionId,
    federationId: d.federationId,
    enterpriseId: d.enterpriseId,
    enterpriseName: d.enterpriseName,
    officerUid: d.organizerUid,
    officerName: d.organizerName,
  });
  await deps.store.update(FOUNDINGS, d._id, { set: { unionId } }, { unionId: null });
  await enqueue(deps, `${d._id}_established`, {
    to: `uid:${d.organizerUid}`,
    template: 'founding_established',
    title: '工会已成立',
    body: `${union.name}已批复成立，您已获得工会工作人员权限，可在“工会工作台”办理会员入会。`,
    page: '/admin/queue/index',
    fields: { note: `${union.name}已批复成立` },
  });
  return { ...d, unionId };
}

export async function submitElection(deps: Dependencies, caller: SignedInCaller, input: In<'submitElection'>) {
  const uid = caller.uid;
  const d = await load(deps, input.foundingId);
  if (d.organizerUid !== uid) throw new AppError('FORBIDDEN', '只有建会组织者可以上传选举结果');
  nextFoundingStatus(d.status, 'submit_election'); // refuses early, before files are attached
  await attachFiles(deps, caller, input.fileIds, { ownerId: d._id, orgId: d.federationId });
  const election = {
    meetingDate: input.meetingDate,
    attendees: input.attendees,
    chairName: input.chairName,
    committee: input.committee,
    fileIds: input.fileIds,
  };
  const after = await step(deps, d, 'submit_election', { uid, name: d.organizerName }, `主席：${input.chairName}；委员：${input.committee.join('、')}`, {
    election,
  });
  return toView(deps, after, caller);
}

export async function withdraw(deps: Dependencies, caller: SignedInCaller, id: string) {
  const uid = caller.uid;
  const d = await load(deps, id);
  if (d.organizerUid !== uid) throw new AppError('FORBIDDEN', '只有建会组织者可以撤回');
  return toView(deps, await step(deps, d, 'withdraw', { uid, name: d.organizerName }, null), caller);
}

export async function escalateOverdue(deps: Dependencies) {
  const now = deps.clock.now();
  let escalated = 0;
  for (const st of ['submitted', 'preparing', 'elected'] as const) {
    const page = await deps.store.query<FoundingDoc>(FOUNDINGS, {
      where: { status: st, escalated: false, dueAt: { $lt: now } },
      orderBy: [['dueAt', 'asc']],
      limit: 500,
    });
    for (const d of page.items) {
      try {
        await step(deps, d, 'escalate', { uid: 'system', name: '系统' }, `“${FOUNDING_STATUS_LABEL[d.status]}”已超过期限`, { escalated: true });
      } catch (e) {
        if (e instanceof AppError && e.code === 'CONFLICT') continue;
        throw e;
      }
      escalated++;
      const federation = await getOrg(deps, d.federationId);
      await enqueue(deps, `${d._id}_escalated_v${d.version}`, {
        to: `org:${federation.parentId ?? federation._id}`,
        template: 'founding_overdue',
        title: '建会申请超时',
        body: `${d.enterpriseName}的建会申请“${FOUNDING_STATUS_LABEL[d.status]}”已超期，请督办${d.owner === 'organizer' ? '（待组织者召开会员大会）' : `（待${d.federationName}处理）`}。`,
        page: `/admin/founding/detail?id=${d._id}`,
        fields: { applicant: d.enterpriseName, note: `“${FOUNDING_STATUS_LABEL[d.status]}”已超期，请督办` },
      });
    }
  }
  // finish establishments that were cut off between their writes
  let completed = 0;
  const done = await deps.store.query<FoundingDoc>(FOUNDINGS, { where: { status: 'established', unionId: null }, orderBy: [['dueAt', 'asc']], limit: 100 });
  for (const d of done.items) {
    await establish(deps, d);
    completed++;
  }
  return { escalated, completed };
}
