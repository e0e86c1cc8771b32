/**
 * The officer's side of reading applications: the review queue (oldest first, by org scope; a social
 * union worker sees the enterprises assigned to them) and one application with its competitors.
 * `loadScoped` is the one scope check every officer action on an application goes through.
 */
import { AppError, notFound } from '../shared/errors';
import type { Caller } from '../shared/caller';
import type { ActionOutput } from '../shared/contract';
import type { Dependencies } from '../shared/ports';
import { OFFICER_ROLES, assertScope, covers, getOrg, officerOrgId } from '../org';
import type { ApplicationView, MemberInput, memberContract } from './contract';
import { APPLICATIONS, type ApplicationDoc } from './model';
import { competingFor, officerActions, toApplicationView } from './views';

type Queue = ActionOutput<(typeof memberContract)['listQueue']>;

/** A social union worker's enterprises, when that is all the caller holds (no officer grant). */
function assignedOnly(caller: Caller): { orgId: string; enterpriseIds: string[] } | null {
  if (caller.grants.some((g) => OFFICER_ROLES.includes(g.role))) return null;
  const sw = caller.grants.filter((g) => g.role === 'social_worker');
  if (!sw.length) return null;
  return { orgId: sw[0].orgId, enterpriseIds: sw.flatMap((g) => g.enterpriseIds ?? []) };
}

/** A queue line: the view without the history, the mobile number and the actions (opening it shows them). */
function queueItem(deps: Dependencies, doc: ApplicationDoc): Queue['items'][number] {
  const { history: _h, mobileMasked: _m, actions: _a, ...item } = toApplicationView(deps, doc);
  return item;
}

/** The queue of the enterprises assigned to a social union worker: a few, merged oldest first. */
async function assignedQueue(deps: Dependencies, assigned: { orgId: string; enterpriseIds: string[] }, input: MemberInput<'listQueue'>): Promise<Queue> {
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
    items: docs.slice(0, input.limit).map((d) => queueItem(deps, d)),
    next: null,
    orgId: org._id,
    orgName: `${org.name}（分管企业）`,
  };
}

export async function listQueue(deps: Dependencies, caller: Caller, input: MemberInput<'listQueue'>): Promise<Queue> {
  const assigned = assignedOnly(caller);
  if (assigned) {
    if (input.orgId && input.orgId !== assigned.orgId) throw new AppError('FORBIDDEN', '社会化工会工作者只能查看所分管企业的申请');
    return assignedQueue(deps, assigned, input);
  }
  const org = await getOrg(deps, officerOrgId(caller, input.orgId));
  assertScope(caller, org);
  const scopeField = !input.includeSubtree || org.kind === 'union' ? 'orgId' : org.kind === 'federation' ? 'federationId' : 'cityId';
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
    items: page.items.map((d) => queueItem(deps, d)),
    next: page.next,
    orgId: org._id,
    orgName: org.name,
  };
}

/**
 * The application, if the caller may see it; and whether they may decide it: an officer whose scope
 * covers its handling org may, a social union worker (who sees the assigned enterprises) may not.
 */
export async function loadScoped(deps: Dependencies, caller: Caller, id: string): Promise<{ doc: ApplicationDoc; mayDecide: boolean }> {
  const doc = await deps.store.get<ApplicationDoc>(APPLICATIONS, id);
  if (!doc) throw notFound('入会申请');
  // Scope is checked against the handling org and its ancestors; an out-of-scope officer learns
  // nothing, not even that the application exists.
  const org = await getOrg(deps, doc.orgId);
  const assigned = assignedOnly(caller);
  if (assigned) {
    if (!assigned.enterpriseIds.includes(doc.enterpriseId)) throw notFound('入会申请');
    return { doc, mayDecide: false };
  }
  if (!covers(caller, org)) throw notFound('入会申请');
  return { doc, mayDecide: true };
}

export async function getApplication(deps: Dependencies, caller: Caller, input: MemberInput<'getApplication'>): Promise<ApplicationView> {
  const { doc, mayDecide } = await loadScoped(deps, caller, input.applicationId);
  // read every time (one indexed query): the stored flag can miss a race between two first submissions
  const competing = await competingFor(deps, doc);
  const memberOfOther = competing.isMember && doc.status !== 'approved';
  return {
    ...toApplicationView(deps, doc, mayDecide ? officerActions(doc) : []),
    contested: !!doc.contested || competing.applications.length > 0 || memberOfOther,
    competing,
  };
}
