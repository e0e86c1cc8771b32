/**
 * 总结: the campaign's report, generated from its data — the unions' survey counts, the applications
 * filed, and what the review pipeline made of them (approved, paid, amounts; through the injected
 * port, pipeline.ts) — by category and by union, with the budget used. Closing the campaign fixes the
 * report on the campaign document; before that it is generated on each request.
 */
import type { Dependencies } from '../shared/ports';
import type { Caller } from '../shared/caller';
import { queryAll } from '../shared/docstore';
import { unionsIn } from '../org';
import { SCHOLARSHIP_APPLICATIONS, type CampaignDoc, type CampaignReportSnapshot, type ScholarshipApplicationDoc } from './model';
import { CATEGORY_LABEL, STUDENT_CATEGORIES } from './machine';
import type { ScholarshipPipeline } from './pipeline';
import type { ReportView } from './schemas';
import { surveysOf } from './survey';
import { loadRun, toCampaignView } from './campaign';

interface Tally {
  surveyed: number;
  applicants: number;
  approved: number;
  paid: number;
  amountPaid: number;
}
const zero = (): Tally => ({ surveyed: 0, applicants: 0, approved: 0, paid: 0, amountPaid: 0 });

/** The report of `c` as its data stand now. */
export async function finalReport(deps: Dependencies, c: CampaignDoc, pipeline: ScholarshipPipeline): Promise<CampaignReportSnapshot> {
  const unions = await unionsIn(deps, c.orgId);
  const surveys = await surveysOf(deps, c._id);
  const apps = await queryAll<ScholarshipApplicationDoc>(deps.store, SCHOLARSHIP_APPLICATIONS, {
    where: { campaignId: c._id },
    orderBy: [['submittedAt', 'asc']],
  });
  const outcomes = pipeline.connected
    ? await pipeline.outcomes(
        deps,
        c,
        apps.map((a) => a._id),
      )
    : new Map();

  const byCategory = new Map(STUDENT_CATEGORIES.map((k) => [k as string, zero()]));
  const byUnion = new Map<string, Tally & { unionName: string }>(unions.map((u) => [u._id, { ...zero(), unionName: u.name }]));
  for (const [unionId, s] of surveys) {
    const u = byUnion.get(unionId);
    for (const k of STUDENT_CATEGORIES) {
      byCategory.get(k)!.surveyed += s.counts[k];
      if (u) u.surveyed += s.counts[k];
    }
  }
  const total = zero();
  let committed = 0;
  for (const a of apps) {
    // an applicant whose union is the federation itself (源头入会) has a row of its own
    if (!byUnion.has(a.orgId)) byUnion.set(a.orgId, { ...zero(), unionName: a.orgName });
    const rows = [total, byCategory.get(a.student.category)!, byUnion.get(a.orgId)!];
    const o = outcomes.get(a._id);
    for (const r of rows) {
      r.applicants++;
      if (o && (o.state === 'approved' || o.state === 'paid')) r.approved++;
      if (o?.state === 'paid') {
        r.paid++;
        r.amountPaid += o.amount;
      }
    }
    if (o && (o.state === 'approved' || o.state === 'paid')) committed += o.amount;
  }
  const budget = c.plan?.budget ?? 0;
  return {
    at: deps.clock.now(),
    applicants: total.applicants,
    approved: total.approved,
    paid: total.paid,
    amountPaid: total.amountPaid,
    committed,
    budget,
    byCategory: STUDENT_CATEGORIES.map((k) => ({ key: k, label: CATEGORY_LABEL[k], ...byCategory.get(k)! })),
    byUnion: [...byUnion].map(([unionId, t]) => ({ unionId, ...t })),
    pipelineConnected: pipeline.connected,
  };
}

export const reportNote = (connected: boolean) =>
  connected
    ? '获批、发放数据来自审核、公示、发放记录；预算余额按已批准金额计算。'
    : '审核、公示、发放尚未接入帮扶审核流程，获批与发放人数暂计为0；申请人数、摸底人数来自本次活动的记录。';

export async function report(deps: Dependencies, caller: Caller, input: { campaignId: string }, pipeline: ScholarshipPipeline): Promise<ReportView> {
  const c = await loadRun(deps, caller, input.campaignId);
  const final = c.stage === 'closed' && c.report !== null;
  const r = final ? c.report! : await finalReport(deps, c, pipeline);
  return {
    campaign: await toCampaignView(deps, c, caller, pipeline),
    applicants: r.applicants,
    approved: r.approved,
    paid: r.paid,
    amountPaid: r.amountPaid,
    committed: r.committed,
    budget: r.budget,
    budgetLeft: r.budget - r.committed,
    byCategory: r.byCategory,
    byUnion: r.byUnion,
    pipelineConnected: r.pipelineConnected,
    note: reportNote(r.pipelineConnected),
    final,
    generatedAt: r.at,
  };
}
