/**
 * The federation's case figures (12351 measures them: 受理量, 派单率, 按期签收率, 按期办结率, 满意率,
 * 追回金额) per org subtree over [from, to), by default this Shanghai month. Every figure is of the
 * cases RECEIVED in the period (what happened to them since), so the rates of one period never mix
 * with another's cases. Counted by the store over the period's index range (federationId / cityId /
 * ownerOrgId with createdAt); only the money recovered reads documents, and only those with money.
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { Caller } from '../shared/caller';
import { ALL_PAGE, type Where } from '../shared/docstore';
import { AppError } from '../shared/errors';
import { shanghaiDate, startOfShanghaiDate } from '../shared/time';
import { OFFICER_ROLES, assertScope, getOrg, officerOrgId } from '../org';
import type { caseContract } from './contract';
import type { CaseStats } from './schemas';
import { CASES, type CaseDoc } from './model';
import { CASE_CATEGORIES, CATEGORY_LABEL, CLOCKED_CASE_STATUSES, OPEN_CASE_STATUSES } from './machine';

type In<K extends keyof typeof caseContract> = z.output<(typeof caseContract)[K]['input']>;
type Stats = z.infer<typeof CaseStats>;

/** The longest period one request may count (a year and a day: a leap year's whole year fits). */
const MAX_PERIOD_MS = 367 * 86400_000;

/** [the first of this Shanghai month, the first of the next). */
export function shanghaiMonthOf(now: number): { from: number; to: number } {
  const [y, m] = shanghaiDate(now).split('-').map(Number);
  const first = (yy: number, mm: number) => startOfShanghaiDate(`${yy}-${String(mm).padStart(2, '0')}-01`);
  return { from: first(y, m), to: m === 12 ? first(y + 1, 1) : first(y, m + 1) };
}

/** a / b as a percentage with one decimal; null when there is nothing to divide by. */
export const rate = (a: number, b: number): number | null => (b === 0 ? null : Math.round((a / b) * 1000) / 10);

export const STAT_DEFINITIONS: Stats['definitions'] = [
  { label: '受理量', text: '统计期内提交（受理）的诉求件数，含下级工会组织办理的' },
  { label: '派单率', text: '受理的诉求中已分派承办人的比例' },
  { label: '按期签收率', text: '已签收的诉求中，在签收时限内签收的比例' },
  { label: '按期办结率', text: '已办结的诉求中，在办结时限内办结的比例（重新办理的按最近一次办结计）' },
  { label: '满意率', text: '已评价（含电话回访）的诉求中，评为基本满意、满意或非常满意（3分及以上）的比例' },
  { label: '追回金额', text: '办结时记录的为职工追回的款项合计（元）' },
  { label: '在办', text: '受理的诉求中尚未结案、未撤回、未被不予受理的件数' },
  { label: '超时', text: '在办诉求中当前环节已超过时限的件数（回访环节等待职工评价，不计超时）' },
];

export async function stats(deps: Dependencies, caller: Caller, input: In<'stats'>): Promise<Stats> {
  const own = caller.grants.find((g) => g.role !== 'admin' && OFFICER_ROLES.includes(g.role))?.orgId;
  const org = await getOrg(deps, officerOrgId(caller, input.orgId ?? own));
  assertScope(caller, org);
  const now = deps.clock.now();
  const month = shanghaiMonthOf(now);
  const from = input.from ?? month.from;
  const to = input.to ?? (input.from !== undefined ? Math.min(from + MAX_PERIOD_MS, month.to) : month.to);
  if (to <= from) throw new AppError('VALIDATION', '统计的结束时间须晚于开始时间', [{ path: ['to'], message: '结束时间须晚于开始时间' }]);
  if (to - from > MAX_PERIOD_MS) throw new AppError('VALIDATION', '统计区间不超过一年', [{ path: ['to'], message: '统计区间不超过一年' }]);

  // a federation or the city counts its subtree; a union what it holds (cases reach a union only by 转办)
  const subtree: Where = org.kind === 'city_federation' ? { cityId: org._id } : org.kind === 'federation' ? { federationId: org._id } : { ownerOrgId: org._id };
  const base: Where = { ...subtree, createdAt: { $gte: from, $lt: to } };
  const count = (extra: Where) => deps.store.count(CASES, { ...base, ...extra });

  const [received, assigned, signed, signedOnTime, resolved, resolvedOnTime, rated, satisfied, open, overdue, recovered, ...byCat] = await Promise.all([
    count({}),
    count({ 'metrics.assignedAt': { $exists: true } }),
    count({ 'metrics.signedAt': { $exists: true } }),
    count({ 'metrics.signedOnTime': true }),
    count({ 'metrics.resolvedAt': { $exists: true } }),
    count({ 'metrics.resolvedOnTime': true }),
    count({ 'rating.score': { $exists: true } }),
    count({ 'rating.score': { $gte: 3 } }),
    count({ status: { $in: [...OPEN_CASE_STATUSES] } }),
    count({ status: { $in: [...CLOCKED_CASE_STATUSES] }, dueAt: { $lt: now } }),
    recoveredIn(deps, base),
    ...CASE_CATEGORIES.map((category) => count({ category })),
  ]);

  return {
    orgName: org.name,
    from,
    to,
    received,
    assigned,
    assignRate: rate(assigned, received),
    signedOnTimeRate: rate(signedOnTime, signed),
    closedOnTimeRate: rate(resolvedOnTime, resolved),
    satisfactionRate: rate(satisfied, rated),
    signed,
    signedOnTime,
    resolved,
    resolvedOnTime,
    rated,
    satisfied,
    recovered,
    open,
    overdue,
    byCategory: CASE_CATEGORIES.map((key, i) => ({ key, label: CATEGORY_LABEL[key], received: byCat[i] })),
    definitions: STAT_DEFINITIONS,
  };
}

/** The yuan recovered on the period's cases: reads only the cases that recovered something. */
async function recoveredIn(deps: Pick<Dependencies, 'store'>, base: Where): Promise<number> {
  let total = 0;
  let after: string | null = null;
  do {
    const page: { items: CaseDoc[]; next: string | null } = await deps.store.query<CaseDoc>(CASES, {
      where: { ...base, 'metrics.recovered': { $gt: 0 } },
      orderBy: [['createdAt', 'asc']],
      limit: ALL_PAGE,
      after,
    });
    for (const d of page.items) total += d.metrics.recovered;
    after = page.next;
  } while (after);
  return total;
}
