/**
 * 摸底: each union in the campaign's scope reports how many of its members' children are eligible,
 * by category, before the survey closes; the federation's board shows who has not reported yet and
 * the totals. A union's return is one document (`ss_<campaignId>_<unionId>`): concurrent or repeated
 * submissions replace its counts, they never add a second count.
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { SignedInCaller } from '../shared/caller';
import { AppError } from '../shared/errors';
import { DuplicateKeyError, queryAll } from '../shared/docstore';
import { recordAudit } from '../shared/audit';
import { assertScope, getOrg, inScope, officerOrgId, staffName, unionsIn } from '../org';
import type { scholarshipContract } from './contract';
import { SCHOLARSHIP_SURVEYS, type SurveyDoc } from './model';
import { CATEGORY_LABEL, STUDENT_CATEGORIES, type StudentCategory } from './machine';
import { assertSurveyOpen } from './rules';
import { loadRun, loadVisible, toCampaignView } from './campaign';
import type { ScholarshipPipeline } from './pipeline';

type In<K extends keyof typeof scholarshipContract> = z.output<(typeof scholarshipContract)[K]['input']>;

const totalOf = (counts: Record<StudentCategory, number>) => STUDENT_CATEGORIES.reduce((n, k) => n + counts[k], 0);

function toSurveyView(d: SurveyDoc) {
  return {
    campaignId: d.campaignId,
    unionId: d.unionId,
    unionName: d.unionName,
    counts: d.counts,
    total: totalOf(d.counts),
    note: d.note,
    submittedByName: d.submittedByName,
    submittedAt: d.submittedAt,
    submissions: d.submissions,
  };
}

export async function submitSurvey(deps: Dependencies, caller: SignedInCaller, input: In<'submitSurvey'>) {
  const c = await loadVisible(deps, caller, input.campaignId);
  const union = await getOrg(deps, officerOrgId(caller, input.unionId));
  if (union.kind !== 'union' || !inScope(c.orgId, union)) {
    throw new AppError('VALIDATION', `摸底由${c.orgName}所属的基层工会上报`, [{ path: ['unionId'], message: '请选择参加本次活动的基层工会' }]);
  }
  assertScope(caller, union);
  const now = deps.clock.now();
  assertSurveyOpen(c, now);
  const id = `ss_${c._id}_${union._id}`;
  const byName = await staffName(deps, caller.uid, union.name);
  const fields = { counts: input.counts, note: input.note, submittedBy: caller.uid, submittedByName: byName, submittedAt: now };
  // insert the first return; a later (or concurrent) one replaces the counts on the same document
  try {
    await deps.store.insert<SurveyDoc>(SCHOLARSHIP_SURVEYS, {
      _id: id,
      campaignId: c._id,
      unionId: union._id,
      unionName: union.name,
      firstSubmittedAt: now,
      submissions: 1,
      ...fields,
    });
  } catch (e) {
    if (!(e instanceof DuplicateKeyError)) throw e;
    await deps.store.update(SCHOLARSHIP_SURVEYS, id, { set: fields, inc: { submissions: 1 } });
  }
  await recordAudit(deps, {
    actorUid: caller.uid,
    action: 'scholarship.submitSurvey',
    target: { collection: SCHOLARSHIP_SURVEYS, id },
    before: null,
    after: { counts: input.counts },
  });
  return toSurveyView((await deps.store.get<SurveyDoc>(SCHOLARSHIP_SURVEYS, id))!);
}

/** Every survey return of a campaign, by union. */
export async function surveysOf(deps: Pick<Dependencies, 'store'>, campaignId: string): Promise<Map<string, SurveyDoc>> {
  const all = await queryAll<SurveyDoc>(deps.store, SCHOLARSHIP_SURVEYS, { where: { campaignId }, orderBy: [['unionId', 'asc']] });
  return new Map(all.map((s) => [s.unionId, s]));
}

export async function surveyBoard(deps: Dependencies, caller: SignedInCaller, input: In<'surveyBoard'>, pipeline: ScholarshipPipeline) {
  const c = await loadRun(deps, caller, input.campaignId);
  const unions = await unionsIn(deps, c.orgId);
  const returns = await surveysOf(deps, c._id);
  const rows = unions.map((u) => {
    const s = returns.get(u._id);
    return {
      unionId: u._id,
      unionName: u.name,
      submitted: !!s,
      total: s ? totalOf(s.counts) : null,
      submittedAt: s?.submittedAt ?? null,
      submittedByName: s?.submittedByName ?? null,
    };
  });
  // the ones still to report first: that is what the board is for
  rows.sort((a, b) => Number(a.submitted) - Number(b.submitted));
  const counted = unions.map((u) => returns.get(u._id)).filter((s): s is SurveyDoc => !!s);
  const totals = STUDENT_CATEGORIES.map((k) => ({ key: k, label: CATEGORY_LABEL[k], count: counted.reduce((n, s) => n + s.counts[k], 0) }));
  const plan = c.plan;
  return {
    campaign: await toCampaignView(deps, c, caller, pipeline),
    unionCount: unions.length,
    submittedCount: counted.length,
    unions: rows,
    missing: rows.filter((r) => !r.submitted).map((r) => ({ unionId: r.unionId, unionName: r.unionName })),
    totals,
    total: totals.reduce((n, t) => n + t.count, 0),
    estimatedNeed: plan ? totals.reduce((n, t) => n + t.count * plan.amounts[t.key], 0) : null,
  };
}
