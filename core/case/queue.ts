/**
 * The staff's case queue: a tab per open step (received … quality_check), `mine` (assigned to the
 * caller), `overdue` and `closed`, urgent first, then the soonest due. A desk sees the cases its org
 * holds; a federation or the city, supervising, its whole subtree (federationId / cityId). Lawyers and
 * social workers are staff only on the cases assigned to them: they get `mine` whatever tab they ask.
 *
 * Every page is a keyset scan of one index prefix with equality on everything before the sort key,
 * so page 21 costs what page 1 costs at any size of the store. A tab spanning several statuses or
 * both priorities is read as a sequence of such scans ("phases"), the cursor naming the phase:
 * `<phase>_<store cursor>`. Counts stop at CASE_QUEUE_COUNT_CAP (the page shows 99+).
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { Caller } from '../shared/caller';
import type { SortDir, Where } from '../shared/docstore';
import { AppError } from '../shared/errors';
import { OFFICER_ROLES, assertScope, getOrg, officerOrgId } from '../org';
import type { caseContract } from './contract';
import type { CaseRow } from './schemas';
import { CASES, type CaseDoc } from './model';
import { CASE_QUEUE_COUNT_CAP, CLOCKED_CASE_STATUSES, CLOSED_CASE_STATUSES, OPEN_CASE_STATUSES, type CaseStatus } from './machine';
import { toCaseRow } from './views';

type In<K extends keyof typeof caseContract> = z.output<(typeof caseContract)[K]['input']>;
type Tab = In<'queue'>['tab'];
export interface QueueOut {
  items: CaseRow[];
  next: string | null;
  counts: Record<string, number>;
  orgName: string;
}

interface Phase {
  where: Where;
  orderBy: Array<[string, SortDir]>;
}

const PRIORITIES = [0, 1] as const;
/** The assignee's own cases: theirs to sign and handle, then those waiting on the worker's rating or the quality check. */
const MINE_STATUSES: readonly CaseStatus[] = ['assigned', 'handling', 'resolved', 'quality_check'];
const DUE: Array<[string, SortDir]> = [['dueAt', 'asc']];

/** Urgent first across every status, then the rest; within each phase the soonest due first. */
function phasesOf(tab: Tab, base: Where, uid: string, now: number): Phase[] {
  const out: Phase[] = [];
  if (tab === 'mine') {
    for (const priority of PRIORITIES) for (const status of MINE_STATUSES) out.push({ where: { assigneeUid: uid, status, priority }, orderBy: DUE });
  } else if (tab === 'overdue') {
    for (const priority of PRIORITIES)
      for (const status of CLOCKED_CASE_STATUSES) out.push({ where: { ...base, status, priority, dueAt: { $lt: now } }, orderBy: DUE });
  } else if (tab === 'closed') {
    // the most recently ended first; a closed case has no clock to sort by
    for (const status of CLOSED_CASE_STATUSES) out.push({ where: { ...base, status }, orderBy: [['updatedAt', 'desc']] });
  } else {
    out.push({ where: { ...base, status: tab }, orderBy: [['priority', 'asc'], ...DUE] });
  }
  return out;
}

/** The tab badges: each open step, the caller's own, the overdue ones; every figure stops at the cap. */
async function countsOf(deps: Pick<Dependencies, 'store'>, base: Where | null, uid: string, now: number): Promise<Record<string, number>> {
  const upTo = CASE_QUEUE_COUNT_CAP;
  const count = (where: Where) => deps.store.count(CASES, where, { upTo });
  const sum = async (wheres: Where[]) =>
    Math.min(
      upTo,
      (await Promise.all(wheres.map(count))).reduce((a, b) => a + b, 0),
    );
  const counts: Record<string, number> = { mine: await sum(MINE_STATUSES.map((status) => ({ assigneeUid: uid, status }))) };
  if (!base) return counts;
  const open = await Promise.all(OPEN_CASE_STATUSES.map((status) => count({ ...base, status })));
  OPEN_CASE_STATUSES.forEach((s, i) => (counts[s] = open[i]));
  // per status and priority: the index then serves the dueAt range itself, at any size
  counts.overdue = await sum(PRIORITIES.flatMap((priority) => CLOCKED_CASE_STATUSES.map((status) => ({ ...base, status, priority, dueAt: { $lt: now } }))));
  return counts;
}

const badCursor = () => new AppError('VALIDATION', '分页参数无效，请刷新后重试', [{ path: ['after'], message: '分页参数无效' }]);

export async function queue(deps: Dependencies, caller: Caller, input: In<'queue'>): Promise<QueueOut> {
  const uid = caller.uid;
  if (!uid) throw new AppError('UNAUTHENTICATED', '请先登录');
  const officer = caller.grants.some((g) => OFFICER_ROLES.includes(g.role));
  const now = deps.clock.now();
  let base: Where | null = null;
  let orgName: string;
  let tab: Tab = input.tab;
  if (officer) {
    // their officer grant's org, not a lawyer grant's they may hold too
    const own = caller.grants.find((g) => g.role !== 'admin' && OFFICER_ROLES.includes(g.role))?.orgId;
    const org = await getOrg(deps, officerOrgId(caller, input.orgId ?? own));
    assertScope(caller, org);
    orgName = org.name;
    const supervising = input.supervise && org.kind !== 'union';
    base = supervising ? { [org.kind === 'federation' ? 'federationId' : 'cityId']: org._id } : { ownerOrgId: org._id };
  } else {
    // a lawyer or a social worker: staff only on what is assigned to them
    tab = 'mine';
    const grant = caller.grants[0];
    orgName = grant ? (await getOrg(deps, grant.orgId)).name : '';
  }
  const phases = phasesOf(tab, base ?? {}, uid, now);

  let phase = 0;
  let storeCursor: string | null = null;
  if (input.after) {
    const m = /^(\d+)_(.*)$/.exec(input.after);
    if (!m || Number(m[1]) >= phases.length) throw badCursor();
    phase = Number(m[1]);
    storeCursor = m[2] || null;
  }
  const docs: CaseDoc[] = [];
  let next: string | null = null;
  while (phase < phases.length) {
    const room = input.limit - docs.length;
    const page = await deps.store.query<CaseDoc>(CASES, { ...phases[phase], limit: room, after: storeCursor });
    docs.push(...page.items);
    storeCursor = null;
    if (page.next) {
      next = `${phase}_${page.next}`;
      break;
    }
    phase++;
    if (docs.length >= input.limit) {
      next = phase < phases.length ? `${phase}_` : null;
      break;
    }
  }
  const [items, counts] = await Promise.all([Promise.all(docs.map((d) => toCaseRow(deps, caller, d))), countsOf(deps, base, uid, now)]);
  return { items, next, counts, orgName };
}
