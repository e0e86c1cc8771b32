/**
 * What the handling and callback use cases share: the acting staff member's name, the deadlines of
 * the org holding a case, loading a case the caller may see, and the messages each step sends. A
 * message to the worker is written here from public facts only (the step, the assignee's role, a
 * reason the worker reads in the timeline): an internal note has no path into it.
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { Caller, SignedInCaller } from '../shared/caller';
import { enqueue } from '../shared/outbox';
import { mask } from '../shared/mask';
import { formatShanghai } from '../shared/time';
import { staffName } from '../org';
import type { caseContract } from './contract';
import type { CaseRules } from './rules';
import type { CaseDoc } from './model';
import { caseRulesFor } from './rules-store';
import { toCaseView } from './views';
import { claimantsOf } from './collective';
import type { CaseView } from './schemas';
import { CASE_STATUS_LABEL, CATEGORY_LABEL } from './machine';
import { loadCase, viewerOf, type Actor, type Viewer } from './step';

export type In<K extends keyof typeof caseContract> = z.output<(typeof caseContract)[K]['input']>;

export const staffPage = (id: string) => `/admin/case/detail?id=${id}`;
export const workerPage = (id: string) => `/pages/case/detail?id=${id}`;

/** The case and how the caller sees it; NOT_FOUND for a stranger, before anything else is said. */
export async function caseFor(deps: Dependencies, caller: Caller, caseId: string): Promise<{ d: CaseDoc; viewer: Viewer }> {
  const d = await loadCase(deps, caseId);
  return { d, viewer: await viewerOf(deps, caller, d) };
}

export async function staffActor(deps: Dependencies, caller: SignedInCaller): Promise<Actor> {
  return { uid: caller.uid, name: await staffName(deps, caller.uid, '工作人员') };
}

/** The deadlines of the org holding the case (nearest rules up the tree, else the defaults). */
export async function rulesOf(deps: Dependencies, orgId: string): Promise<CaseRules> {
  return (await caseRulesFor(deps, orgId)).rules;
}

export const view = (deps: Dependencies, caller: Caller, d: CaseDoc): Promise<CaseView> => toCaseView(deps, caller, d);

/** The claimant as a staff message names them: masked, or 匿名 for an anonymous suggestion. */
export const applicantOf = (d: Pick<CaseDoc, 'anonymous' | 'name'>) => (d.anonymous ? '匿名' : mask('name', d.name));
const itemOf = (d: Pick<CaseDoc, 'category' | 'itemLabel'>) => `${CATEGORY_LABEL[d.category]}·${d.itemLabel}`;
export const dayOf = (ms: number) => formatShanghai(ms, 'M月D日');

/**
 * Tells the claimant (the lead) how their case moved. `body` is written by the caller from public
 * facts; the key carries the case's version (or the entry's place), so a retry never tells twice.
 */
export async function tellWorker(deps: Dependencies, d: CaseDoc, key: string, body: string, note: string): Promise<void> {
  await enqueue(deps, key, {
    to: `uid:${d.uid}`,
    template: 'case_progress',
    title: '诉求办理进度',
    body: `您的诉求“${d.title}”：${body}`,
    page: workerPage(d._id),
    fields: { item: itemOf(d), status: CASE_STATUS_LABEL[d.status], note },
  });
}

/**
 * Tells the co-claimants of a collective case (not the lead: tellWorker does) what the lead hears of
 * its outcome — 办结 and 结案 — each keyed by their own claimant id. Public facts only, like tellWorker.
 */
export async function tellCoClaimants(deps: Dependencies, d: CaseDoc, key: string, body: string, note: string): Promise<void> {
  if (!d.collective) return;
  for (const c of await claimantsOf(deps, d._id)) {
    if (c.lead || c.uid === d.uid) continue;
    await enqueue(deps, `${key}_${c._id}`, {
      to: `uid:${c.uid}`,
      template: 'case_progress',
      title: '集体诉求办理进度',
      body: `您加入的集体诉求“${d.title}”：${body}`,
      page: workerPage(d._id),
      fields: { item: itemOf(d), status: CASE_STATUS_LABEL[d.status], note },
    });
  }
}

/** Tells a staff member or an org's officers what waits for them. */
export async function tellStaff(
  deps: Dependencies,
  d: CaseDoc,
  key: string,
  to: `uid:${string}` | `org:${string}`,
  msg: { title: string; body: string; note: string; overdue?: boolean },
): Promise<void> {
  await enqueue(deps, key, {
    to,
    template: msg.overdue ? 'case_overdue' : 'case_todo',
    title: msg.title,
    body: `${applicantOf(d)}的诉求“${d.title}”（${d.no}）：${msg.body}`,
    page: staffPage(d._id),
    fields: { item: itemOf(d), applicant: applicantOf(d), note: msg.note },
  });
}

/** Who acts on a case that is not assigned (or whose assignee has gone): its org's desk; else the assignee. */
/** The place of the entry just pushed by `by` at `at`, for its message key (another's entry pushed meanwhile has another place). */
export function placeOf(after: CaseDoc, at: number, by: string): number {
  for (let i = after.timeline.length - 1; i >= 0; i--) if (after.timeline[i].at === at && after.timeline[i].by === by) return i;
  return after.timeline.length;
}

export const handlerAddress = (d: Pick<CaseDoc, 'assigneeUid' | 'ownerOrgId'>): `uid:${string}` | `org:${string}` =>
  d.assigneeUid ? `uid:${d.assigneeUid}` : `org:${d.ownerOrgId}`;
