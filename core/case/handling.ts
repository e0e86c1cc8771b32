/**
 * Dispatch and handling (分派 → 签收 → 办理 → 办结): the desk of the org holding a case picks an
 * assignee from the people who may take it (the owner org's and its federation's lawyers, social
 * workers and officers, the employer union's officers), assigns, reassigns, transfers (转办) to
 * another org, declines, sets the complexity; the assignee signs within the sign deadline, returns
 * it with a reason, records the work (notes, visits, mediation sessions, calls — each may be
 * internal), asks the worker for more, and resolves it. Every status change is one compare-and-set
 * (step.ts `transition`), so of two people acting at once exactly one wins.
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { Caller, GrantRole, SignedInCaller } from '../shared/caller';
import { AppError, conflict } from '../shared/errors';
import { calendarFor } from '../shared/workdays';
import { attachFiles, getOrg, staffOn, type Org } from '../org';
import type { AssigneeOption, CaseView } from './schemas';
import { CASES, type Assignee, type CaseDoc, type CaseEntry } from './model';
import {
  ASSIGNEE_ROLE_LABEL,
  CASE_EVENT_LABEL,
  CASE_STATUS_LABEL,
  COMPLEXITY_LABEL,
  OPEN_CASE_STATUSES,
  RESOLUTION_LABEL,
  nextCaseStatus,
  type AssigneeRole,
  type CaseStatus,
} from './machine';
import { resolveWorkingDays } from './rules';
import { dutyLawyer } from './rota';
import { appendEntry, assertActs, assertVersion, heldBy, isAssignee, isDeskFor, personOf, personRef, transition } from './step';
import { caseFor, dayOf, placeOf, rulesOf, staffActor, tellStaff, tellCoClaimants, tellWorker, view, type In } from './handling-support';

/** Grant roles a case may be assigned to, in the order the list shows them after the one on duty. */
const ROLE_OF: Array<[GrantRole, AssigneeRole]> = [
  ['lawyer', 'lawyer'],
  ['social_worker', 'social_worker'],
  ['union_officer', 'union_officer'],
  ['federation_officer', 'federation_officer'],
];
/** The load badge stops counting here, like the queue's tabs. */
const LOAD_CAP = 100;
/** Statuses the desk and the assignee still work in (notes, asks, the complexity). */
const WORKING: readonly CaseStatus[] = ['received', 'assigned', 'handling'];

interface Candidate extends Assignee {
  onDuty: boolean;
  forEnterprise: boolean;
  load: number;
}

/**
 * Who may take the case: one option per person (their first role in ROLE_OF order), the lawyer on
 * duty today first, then social workers placed with the case's employer, then by role and load.
 */
async function candidatesFor(deps: Dependencies, d: CaseDoc): Promise<Candidate[]> {
  const orgIds = [...new Set([d.ownerOrgId, d.federationId, d.unionOrgId].filter((x): x is string => !!x))];
  const grants = await staffOn(
    deps,
    orgIds,
    ROLE_OF.map(([g]) => g),
  );
  const duty = d.federationId ? await dutyLawyer(deps, d.federationId, deps.clock.now()) : null;
  const rank = (role: GrantRole) => ROLE_OF.findIndex(([g]) => g === role);
  const byUid = new Map<string, (typeof grants)[number]>();
  for (const g of grants) {
    const seen = byUid.get(g.uid);
    const forEnterprise = (x: typeof g) => x.role === 'social_worker' && !!d.enterpriseId && x.enterpriseIds.includes(d.enterpriseId);
    if (!seen || rank(g.role) < rank(seen.role) || (g.role === seen.role && forEnterprise(g) && !forEnterprise(seen))) byUid.set(g.uid, g);
  }
  const out: Candidate[] = [];
  for (const g of byUid.values()) {
    const load = await deps.store.count(CASES, { assigneeUid: g.uid, status: { $in: [...OPEN_CASE_STATUSES] } }, { upTo: LOAD_CAP });
    out.push({
      uid: g.uid,
      name: g.name,
      role: ROLE_OF[rank(g.role)][1],
      onDuty: g.role === 'lawyer' && duty?.uid === g.uid,
      forEnterprise: g.role === 'social_worker' && !!d.enterpriseId && g.enterpriseIds.includes(d.enterpriseId),
      load,
    });
  }
  const key = (c: Candidate) => [c.onDuty ? 0 : 1, c.forEnterprise ? 0 : 1, rank(c.role as GrantRole), c.load] as const;
  return out.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
    return a.name.localeCompare(b.name, 'zh');
  });
}

const deskOnly = (caller: Caller, d: CaseDoc, what: string) => assertActs(isDeskFor(caller, d), `该诉求由${d.ownerOrgName}受理，您不能${what}`);
const assigneeOnly = (caller: Caller, d: CaseDoc, what: string) =>
  assertActs(isAssignee(caller, d), d.assignee ? `该案件由${d.assignee.name}承办，只有承办人本人可以${what}` : `该案件尚未分派承办人，不能${what}`);
const handlerOnly = (caller: Caller, d: CaseDoc, what: string) =>
  assertActs(isAssignee(caller, d) || isDeskFor(caller, d), `只有承办人或${d.ownerOrgName}的工作人员可以${what}`);
/** Not a table event: refused in the table's words when the case is past the working statuses. */
function assertWorking(d: CaseDoc, what: string): void {
  if (!WORKING.includes(d.status))
    throw new AppError('ILLEGAL_TRANSITION', `案件当前“${CASE_STATUS_LABEL[d.status]}”，不能${what}`, undefined, { from: d.status });
}
const roleName = (a: Assignee) => `${ASSIGNEE_ROLE_LABEL[a.role]}${a.name}`;
const clip = (s: string, n = 60) => (Array.from(s).length > n ? `${Array.from(s).slice(0, n).join('')}…` : s);

export async function assignees(deps: Dependencies, caller: SignedInCaller, input: In<'assignees'>): Promise<{ items: Array<z.infer<typeof AssigneeOption>> }> {
  const { d } = await caseFor(deps, caller, input.caseId);
  deskOnly(caller, d, '派单');
  const items = (await candidatesFor(deps, d)).map((c) => ({
    personId: personRef(deps, caller.uid, c.uid),
    name: c.name,
    role: c.role,
    roleLabel: ASSIGNEE_ROLE_LABEL[c.role],
    onDuty: c.onDuty,
    load: c.load,
  }));
  return { items };
}

export async function assign(deps: Dependencies, caller: SignedInCaller, input: In<'assign'>): Promise<CaseView> {
  const { d } = await caseFor(deps, caller, input.caseId);
  assertVersion(d, input.version);
  deskOnly(caller, d, '派单');
  const event = d.status === 'received' ? 'assign' : 'reassign';
  nextCaseStatus(d.status, event);
  const uid = personOf(deps, caller.uid, input.personId);
  const pick = (await candidatesFor(deps, d)).find((c) => c.uid === uid);
  if (!pick) throw new AppError('VALIDATION', '所选人员不能承办该诉求，请重新选择', [{ path: ['personId'], message: '请重新选择承办人' }]);
  if (uid === d.assigneeUid)
    throw new AppError('VALIDATION', `该案件已由${pick.name}承办，请选择其他人员`, [{ path: ['personId'], message: '请选择其他人员' }]);
  const rules = await rulesOf(deps, d.ownerOrgId);
  const by = await staffActor(deps, caller);
  const assignee: Assignee = { uid: pick.uid, name: pick.name, role: pick.role };
  const metrics = { ...d.metrics, assignedAt: d.metrics.assignedAt ?? deps.clock.now() };
  let after = await transition(deps, d, event, by, `派给${roleName(assignee)}`, { rules, extra: { assignee, assigneeUid: uid, metrics } });
  // the desk's instructions are for the assignee: an internal entry beside the public assignment
  if (input.note)
    after = await appendEntry(deps, after, { event: 'note', by: by.uid, byName: by.name, note: `派单说明：${input.note}`, internal: true, fileIds: [] });
  const key = `${d._id}_${event}_v${after.version}`;
  const urgent = d.urgent ? '【紧急】' : '';
  await tellStaff(deps, after, key, `uid:${uid}`, {
    title: `${urgent}新案件待签收`,
    body: `${by.name}派给您办理，请于${dayOf(after.dueAt!)}前签收${input.note ? `。派单说明：${input.note}` : ''}。`,
    note: `请于${dayOf(after.dueAt!)}前签收`,
  });
  if (d.assigneeUid) {
    await tellStaff(deps, after, `${key}_former`, `uid:${d.assigneeUid}`, {
      title: '案件已改派',
      body: `已改派${pick.name}办理，您无需再办理。`,
      note: '已改派他人',
    });
  }
  await tellWorker(deps, after, `${key}_worker`, `已派给${roleName(assignee)}办理。`, `已派给${roleName(assignee)}`);
  return view(deps, caller, after);
}

export async function sign(deps: Dependencies, caller: SignedInCaller, input: In<'sign'>): Promise<CaseView> {
  const { d } = await caseFor(deps, caller, input.caseId);
  assertVersion(d, input.version);
  assigneeOnly(caller, d, '签收');
  nextCaseStatus(d.status, 'sign');
  const now = deps.clock.now();
  const rules = await rulesOf(deps, d.ownerOrgId);
  // the first signature is the one the figures count (a reassigned case is not signed on time twice)
  const metrics = d.metrics.signedAt === null ? { ...d.metrics, signedAt: now, signedOnTime: d.dueAt === null || now <= d.dueAt } : d.metrics;
  const after = await transition(deps, d, 'sign', await staffActor(deps, caller), null, { rules, extra: { metrics } });
  await tellWorker(
    deps,
    after,
    `${d._id}_sign_v${after.version}`,
    `${roleName(d.assignee!)}已签收，正在办理，预计${dayOf(after.resolveDueAt)}前办结。`,
    '承办人已签收',
  );
  return view(deps, caller, after);
}

export async function returnAssignment(deps: Dependencies, caller: SignedInCaller, input: In<'returnAssignment'>): Promise<CaseView> {
  const { d } = await caseFor(deps, caller, input.caseId);
  assertVersion(d, input.version);
  assigneeOnly(caller, d, '退回派单');
  nextCaseStatus(d.status, 'return_assignment');
  const by = await staffActor(deps, caller);
  // why an assignee cannot take a case is the desk's business: internal, and the worker is not told
  const after = await transition(deps, d, 'return_assignment', by, input.reason, {
    rules: await rulesOf(deps, d.ownerOrgId),
    internal: true,
    extra: { assignee: null, assigneeUid: null },
  });
  await tellStaff(deps, after, `${d._id}_return_v${after.version}`, `org:${d.ownerOrgId}`, {
    title: '派单被退回',
    body: `${by.name}退回了派单（${input.reason}），请于${dayOf(after.dueAt!)}前改派。`,
    note: '派单被退回，请改派',
  });
  return viewAfterHandover(deps, caller, d, after);
}

export async function transfer(deps: Dependencies, caller: SignedInCaller, input: In<'transfer'>): Promise<CaseView> {
  const { d } = await caseFor(deps, caller, input.caseId);
  assertVersion(d, input.version);
  deskOnly(caller, d, '转办');
  nextCaseStatus(d.status, 'transfer');
  const bad = (message: string) => new AppError('VALIDATION', message, [{ path: ['toOrgId'], message }]);
  const to: Org = await getOrg(deps, input.toOrgId).catch(() => {
    throw bad('请选择要转办的工会组织');
  });
  if (to._id === d.ownerOrgId) throw bad(`该诉求已由${to.name}办理，请选择其他组织`);
  if (to.cityId !== d.cityId) throw bad('只能转办到本市的工会组织');
  const by = await staffActor(deps, caller);
  const after = await transition(deps, d, 'transfer', by, `转至${to.name}：${input.reason}`, {
    // the new desk dispatches it, on its own deadline; the 办结 deadline stays the worker's
    rules: await rulesOf(deps, to._id),
    extra: {
      ...heldBy(to),
      assignee: null,
      assigneeUid: null,
    },
  });
  const key = `${d._id}_transfer_v${after.version}`;
  await tellStaff(deps, after, key, `org:${to._id}`, {
    title: '转办案件待分派',
    body: `${d.ownerOrgName}转来（${input.reason}），请于${dayOf(after.dueAt!)}前分派。`,
    note: `${d.ownerOrgName}转办，请分派`,
  });
  if (d.assigneeUid) {
    await tellStaff(deps, after, `${key}_former`, `uid:${d.assigneeUid}`, {
      title: '案件已转办',
      body: `已转至${to.name}办理，您无需再办理。`,
      note: '已转办',
    });
  }
  await tellWorker(deps, after, `${key}_worker`, `已由${d.ownerOrgName}转至${to.name}办理（${input.reason}）。`, `转至${to.name}`);
  return viewAfterHandover(deps, caller, d, after);
}

/**
 * The view of a case the caller has just handed over (returned, transferred): when it has left their
 * hands they can no longer open it, yet their action is done and must not answer as an error. They
 * see what they handed over (their own view of a moment ago, plus the step) with nothing left to do.
 */
async function viewAfterHandover(deps: Dependencies, caller: Caller, before: CaseDoc, after: CaseDoc): Promise<CaseView> {
  try {
    return await view(deps, caller, after);
  } catch (e) {
    if (!(e instanceof AppError && e.code === 'NOT_FOUND')) throw e;
  }
  const v = await view(deps, caller, { ...after, scope: before.scope, assigneeUid: before.assigneeUid });
  return { ...v, actions: [] };
}

export async function decline(deps: Dependencies, caller: SignedInCaller, input: In<'decline'>): Promise<CaseView> {
  const { d } = await caseFor(deps, caller, input.caseId);
  assertVersion(d, input.version);
  deskOnly(caller, d, '不予受理');
  nextCaseStatus(d.status, 'decline');
  const after = await transition(deps, d, 'decline', await staffActor(deps, caller), input.reason, { rules: await rulesOf(deps, d.ownerOrgId) });
  await tellWorker(deps, after, `${d._id}_decline_v${after.version}`, `不予受理（${input.reason}）。`, '不予受理');
  return view(deps, caller, after);
}

export async function classify(deps: Dependencies, caller: SignedInCaller, input: In<'classify'>): Promise<CaseView> {
  const { d } = await caseFor(deps, caller, input.caseId);
  assertVersion(d, input.version);
  deskOnly(caller, d, '确定复杂程度');
  assertWorking(d, '调整复杂程度');
  const rules = await rulesOf(deps, d.ownerOrgId);
  const now = deps.clock.now();
  const resolveDueAt = calendarFor(deps.config.calendar).addWorkingDays(d.metrics.receivedAt, resolveWorkingDays(rules, d.category, input.complexity));
  if (input.complexity === d.complexity && resolveDueAt === d.resolveDueAt) return view(deps, caller, d);
  const by = await staffActor(deps, caller);
  const entry: CaseEntry = {
    at: now,
    event: 'note',
    by: by.uid,
    byName: by.name,
    to: null,
    note: `确定为${COMPLEXITY_LABEL[input.complexity]}，办结时限为${dayOf(resolveDueAt)}`,
    internal: true,
    fileIds: [],
  };
  // 办理 runs on the 办结 deadline: its clock moves with it (and may escalate again if it moved later)
  const step: Partial<CaseDoc> = d.status === 'handling' ? { dueAt: resolveDueAt, escalated: d.escalated && resolveDueAt <= now } : {};
  const set: Partial<CaseDoc> = { complexity: input.complexity, resolveDueAt, ...step, updatedAt: now, version: d.version + 1 };
  const ok = await deps.store.update(CASES, d._id, { set: set as Record<string, unknown>, push: { timeline: entry } }, { version: d.version });
  if (!ok) throw conflict('该案件刚刚已被他人处理，请刷新后查看', { caseId: d._id });
  const after: CaseDoc = { ...d, ...set, timeline: [...d.timeline, entry] };
  if (d.assigneeUid) {
    await tellStaff(deps, after, `${d._id}_classify_v${after.version}`, `uid:${d.assigneeUid}`, {
      title: '办结时限调整',
      body: `确定为${COMPLEXITY_LABEL[input.complexity]}，请于${dayOf(resolveDueAt)}前办结。`,
      note: `请于${dayOf(resolveDueAt)}前办结`,
    });
  }
  return view(deps, caller, after);
}

export async function addEntry(deps: Dependencies, caller: SignedInCaller, input: In<'addEntry'>): Promise<CaseView> {
  const { d } = await caseFor(deps, caller, input.caseId);
  handlerOnly(caller, d, '记录办理过程');
  if (!OPEN_CASE_STATUSES.includes(d.status as (typeof OPEN_CASE_STATUSES)[number]))
    throw new AppError('ILLEGAL_TRANSITION', `案件当前“${CASE_STATUS_LABEL[d.status]}”，不能再添加办理记录`, undefined, { from: d.status });
  const now = deps.clock.now();
  if (input.happenedAt !== null && input.happenedAt > now)
    throw new AppError('VALIDATION', '发生时间不能晚于现在', [{ path: ['happenedAt'], message: '发生时间不能晚于现在' }]);
  const files = await attachFiles(deps, caller, input.fileIds, { ownerId: d._id, orgId: d.ownerOrgId });
  const by = await staffActor(deps, caller);
  const after = await appendEntry(deps, d, {
    event: input.kind,
    by: by.uid,
    byName: by.name,
    note: input.text,
    internal: input.internal,
    fileIds: files.map((f) => f.id),
    happenedAt: input.happenedAt,
  });
  // an internal entry has no path to the worker: no message, and the view leaves it out
  if (!input.internal) {
    const label = CASE_EVENT_LABEL[input.kind];
    await tellWorker(deps, after, `${d._id}_${input.kind}_e${placeOf(after, now, by.uid)}`, `${label}：${clip(input.text)}`, label);
  }
  return view(deps, caller, after);
}

export async function ask(deps: Dependencies, caller: SignedInCaller, input: In<'ask'>): Promise<CaseView> {
  const { d } = await caseFor(deps, caller, input.caseId);
  handlerOnly(caller, d, '请诉求人补充');
  assertWorking(d, '请诉求人补充');
  const now = deps.clock.now();
  const by = await staffActor(deps, caller);
  const after = await appendEntry(
    deps,
    d,
    { event: 'ask', by: by.uid, byName: by.name, note: input.text, internal: false, fileIds: [] },
    { ask: { text: input.text, at: now, by: by.uid } },
  );
  await tellWorker(deps, after, `${d._id}_ask_e${placeOf(after, now, by.uid)}`, `请您补充：${clip(input.text)}`, '请补充说明或材料');
  return view(deps, caller, after);
}

export async function resolve(deps: Dependencies, caller: SignedInCaller, input: In<'resolve'>): Promise<CaseView> {
  const { d } = await caseFor(deps, caller, input.caseId);
  assertVersion(d, input.version);
  assigneeOnly(caller, d, '办结');
  nextCaseStatus(d.status, 'resolve');
  const la = d.legalAid;
  if (d.category === 'legal_aid' && la && (la.status === 'approved' || la.status === 'appointed') && !la.report) {
    throw new AppError('VALIDATION', '法律援助案件请先提交结案报告，再办结', [{ path: ['kind'], message: '请先提交结案报告' }]);
  }
  const files = await attachFiles(deps, caller, input.fileIds, { ownerId: d._id, orgId: d.ownerOrgId });
  const now = deps.clock.now();
  const by = await staffActor(deps, caller);
  const fileIds = files.map((f) => f.id);
  const resolution = { kind: input.kind, summary: input.summary, recovered: input.recovered, fileIds, at: now, by: by.uid, byName: by.name };
  // the first 办结 is the one the figures count; the money is the latest resolution's
  const metrics = {
    ...d.metrics,
    resolvedAt: d.metrics.resolvedAt ?? now,
    resolvedOnTime: d.metrics.resolvedOnTime ?? now <= d.resolveDueAt,
    recovered: input.recovered,
  };
  const after = await transition(deps, d, 'resolve', by, input.summary, {
    rules: await rulesOf(deps, d.ownerOrgId),
    fileIds,
    extra: { resolution, metrics, ask: null },
  });
  await tellWorker(
    deps,
    after,
    `${d._id}_resolve_v${after.version}`,
    `已办结（${RESOLUTION_LABEL[input.kind]}）：${clip(input.summary)}。请在${dayOf(after.dueAt!)}前对办理结果进行评价。`,
    '已办结，请评价',
  );
  await tellCoClaimants(deps, after, `${d._id}_resolve_v${after.version}`, `已办结（${RESOLUTION_LABEL[input.kind]}）：${clip(input.summary)}`, '已办结');
  return view(deps, caller, after);
}
