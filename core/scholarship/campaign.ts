/**
 * The campaign itself: created by a federation (or the city) for a year with its five stages dated,
 * its plan saved, and advanced stage by stage, each advance a compare-and-set on `version` that
 * first asks the current stage's checks (rules.ts `advanceBlockers`). Also who a caller is to a
 * campaign, and the campaign as a person reads it.
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { Caller, SignedInCaller } from '../shared/caller';
import { AppError, conflict, notFound } from '../shared/errors';
import { DuplicateKeyError, queryAll } from '../shared/docstore';
import { recordAudit } from '../shared/audit';
import { enqueue } from '../shared/outbox';
import { covers, getOrg, inScope, staffName, unionsIn } from '../org';
import { findMember } from '../member';
import { rulesFor, setProgrammeBudget } from '../aid';
import type { scholarshipContract } from './contract';
import type { CampaignView } from './schemas';
import { SCHOLARSHIP_APPLICATIONS, SCHOLARSHIP_CAMPAIGNS, SCHOLARSHIP_SURVEYS, type CampaignDoc, type CampaignPlan, type StageSchedule } from './model';
import {
  CAMPAIGN_TRANSITIONS,
  CATEGORY_LABEL,
  DEFAULT_STAGE_OWNER,
  SPECIAL_GROUP_LABEL,
  STAGE_HINT,
  STAGE_LABEL,
  STAGE_OWNER_LABEL,
  STUDENT_CATEGORIES,
  WORK_STAGES,
  nextStage,
  type SpecialGroup,
  type WorkStage,
} from './machine';
import { advanceBlockers, monthDay, scheduleIssues, windowOf, type StageFacts } from './rules';
import { isSettled, type ScholarshipPipeline } from './pipeline';
import { finalReport } from './report';

type In<K extends keyof typeof scholarshipContract> = z.output<(typeof scholarshipContract)[K]['input']>;

const RUNNERS = ['federation_officer', 'admin'] as const;

export async function loadCampaign(deps: Pick<Dependencies, 'store'>, id: string): Promise<CampaignDoc> {
  const c = await deps.store.get<CampaignDoc>(SCHOLARSHIP_CAMPAIGNS, id);
  if (!c) throw notFound('金秋助学活动');
  return c;
}

/** A federation officer of the org running it (or above it), or an admin. */
export const runs = (caller: Caller, c: Pick<CampaignDoc, 'orgId' | 'scope'>) => covers(caller, { _id: c.orgId, ancestors: c.scope.slice(0, -1) }, RUNNERS);

/**
 * Who may read a campaign: those running it, officers of an org inside its scope (the unions taking
 * part) or above it, and members whose union lies in its scope.
 */
export async function canSee(deps: Dependencies, caller: Caller, c: CampaignDoc): Promise<boolean> {
  if (runs(caller, c) || covers(caller, { _id: c.orgId, ancestors: c.scope.slice(0, -1) })) return true;
  for (const g of caller.grants) {
    if (!['union_officer', 'federation_officer'].includes(g.role)) continue;
    const org = await getOrg(deps, g.orgId).catch(() => null);
    if (org && inScope(c.orgId, org)) return true;
  }
  if (!caller.uid) return false;
  const m = await findMember(deps, caller.uid);
  if (!m) return false;
  const org = await getOrg(deps, m.orgId).catch(() => null);
  return !!org && inScope(c.orgId, org);
}

/** The campaign, NOT_FOUND for a caller who may not see it (nothing tells a stranger it exists). */
export async function loadVisible(deps: Dependencies, caller: Caller, id: string): Promise<CampaignDoc> {
  const c = await deps.store.get<CampaignDoc>(SCHOLARSHIP_CAMPAIGNS, id);
  if (!c || !(await canSee(deps, caller, c))) throw notFound('金秋助学活动');
  return c;
}

export async function loadRun(deps: Dependencies, caller: Caller, id: string): Promise<CampaignDoc> {
  const c = await loadVisible(deps, caller, id);
  if (!runs(caller, c)) throw new AppError('FORBIDDEN', `金秋助学活动由${c.orgName}主办，您不能操作`);
  return c;
}

export async function createCampaign(deps: Dependencies, caller: SignedInCaller, input: In<'createCampaign'>): Promise<CampaignView> {
  const org = await getOrg(deps, input.orgId);
  if (org.kind === 'union') throw new AppError('VALIDATION', '金秋助学活动由工会联合会或市总工会主办', [{ path: ['orgId'], message: '请选择工会联合会' }]);
  if (!covers(caller, org, RUNNERS)) throw new AppError('FORBIDDEN', '该组织不在您的管理范围内');
  const issues = scheduleIssues(input.stages);
  if (issues.length) throw new AppError('VALIDATION', issues[0].message, issues);
  const stages = Object.fromEntries(
    WORK_STAGES.map((s) => [s, { opens: input.stages[s].opens, closes: input.stages[s].closes, owner: input.stages[s].owner ?? DEFAULT_STAGE_OWNER[s] }]),
  ) as Record<WorkStage, StageSchedule>;
  const now = deps.clock.now();
  const doc: CampaignDoc = {
    _id: `sc_${org._id}_${input.year}`,
    orgId: org._id,
    orgName: org.name,
    scope: [...org.ancestors, org._id],
    year: input.year,
    title: input.title,
    stage: 'survey',
    stages,
    plan: null,
    report: null,
    createdBy: caller.uid,
    createdAt: now,
    updatedAt: now,
    version: 1,
    history: [],
  };
  try {
    await deps.store.insert(SCHOLARSHIP_CAMPAIGNS, doc);
  } catch (e) {
    if (!(e instanceof DuplicateKeyError)) throw e;
    throw conflict(`${org.name}${input.year}年度的金秋助学活动已创建`, { campaignId: doc._id });
  }
  await recordAudit(deps, {
    actorUid: caller.uid,
    action: 'scholarship.createCampaign',
    target: { collection: SCHOLARSHIP_CAMPAIGNS, id: doc._id },
    before: null,
    after: { stages },
  });
  // every union taking part is told the survey is on and when it closes
  for (const u of await unionsIn(deps, org._id)) {
    await enqueue(deps, `${doc._id}_survey_${u._id}`, {
      to: `org:${u._id}`,
      template: 'scholarship_todo',
      title: '金秋助学摸底',
      body: `${org.name}${input.year}年金秋助学活动已启动，请于${monthDay(stages.survey.closes)}前上报本会符合条件的学生人数。`,
      page: `/admin/scholarship/index?id=${doc._id}`,
      fields: { item: input.title, note: `摸底截止${monthDay(stages.survey.closes)}` },
    });
  }
  return toCampaignView(deps, doc, caller, null);
}

export async function campaigns(deps: Dependencies, caller: Caller, input: In<'campaigns'>, pipeline: ScholarshipPipeline) {
  const all = await queryAll<CampaignDoc>(deps.store, SCHOLARSHIP_CAMPAIGNS, {
    where: input.year ? { year: input.year } : {},
    orderBy: [['year', 'desc']],
  });
  const items: CampaignView[] = [];
  for (const c of all) if (await canSee(deps, caller, c)) items.push(await toCampaignView(deps, c, caller, pipeline));
  return { items };
}

export async function getCampaign(deps: Dependencies, caller: Caller, input: In<'getCampaign'>, pipeline: ScholarshipPipeline) {
  return toCampaignView(deps, await loadVisible(deps, caller, input.campaignId), caller, pipeline);
}

export async function savePlan(deps: Dependencies, caller: SignedInCaller, input: In<'savePlan'>): Promise<CampaignView> {
  const c = await loadRun(deps, caller, input.campaignId);
  if (c.stage !== 'survey' && c.stage !== 'plan') {
    throw new AppError('ILLEGAL_TRANSITION', `金秋助学活动已进入“${STAGE_LABEL[c.stage]}”阶段，方案不能再修改`, undefined, { stage: c.stage });
  }
  const plan: CampaignPlan = {
    budget: input.budget,
    amounts: input.amounts,
    specialAmounts: input.specialAmounts,
    eligibility: input.eligibility,
    savedAt: deps.clock.now(),
    savedBy: caller.uid,
  };
  const next = { plan, updatedAt: plan.savedAt, version: c.version + 1 };
  if (!(await deps.store.update(SCHOLARSHIP_CAMPAIGNS, c._id, { set: next }, { version: input.version, stage: c.stage }))) {
    throw conflict('该活动刚刚已被他人修改，请刷新后再保存', { campaignId: c._id });
  }
  await fundPlan(deps, { ...c, plan });
  await recordAudit(deps, {
    actorUid: caller.uid,
    action: 'scholarship.savePlan',
    target: { collection: SCHOLARSHIP_CAMPAIGNS, id: c._id },
    before: c.plan ? { budget: c.plan.budget, amounts: c.plan.amounts } : null,
    after: { budget: plan.budget, amounts: plan.amounts, specialAmounts: plan.specialAmounts, eligibility: plan.eligibility },
  });
  return toCampaignView(deps, { ...c, ...next }, caller, null);
}

/**
 * The plan's budget is the aid pipeline's scholarship budget for the running org and year
 * (`ab_<orgId>_<year>_scholarship`): approvals reserve from it, never above it. Set when the plan is
 * saved, and again when applications open (a plan saved before the pipeline was connected).
 */
async function fundPlan(deps: Dependencies, c: Pick<CampaignDoc, 'orgId' | 'year' | 'plan'>): Promise<void> {
  if (c.plan) await setProgrammeBudget(deps, { orgId: c.orgId, year: c.year, programme: 'scholarship', total: c.plan.budget });
}

/** What the current stage's checks need: the unions in scope, their survey returns, the pipeline's open applications. */
export async function stageFacts(deps: Dependencies, c: CampaignDoc, pipeline: ScholarshipPipeline): Promise<StageFacts> {
  const unions = await unionsIn(deps, c.orgId);
  const surveyed = await deps.store.count(SCHOLARSHIP_SURVEYS, { campaignId: c._id });
  let pending = 0;
  if (pipeline.connected && c.stage === 'review') {
    const ids = (await queryAll<{ _id: string }>(deps.store, SCHOLARSHIP_APPLICATIONS, { where: { campaignId: c._id } })).map((a) => a._id);
    const outcomes = await pipeline.outcomes(deps, c, ids);
    // unsettled: in review, in the notice or waiting for payment (an id the pipeline never received too)
    pending = ids.filter((id) => !isSettled(outcomes.get(id))).length;
  }
  const aidRules = c.stage === 'plan' ? (await rulesFor(deps, await getOrg(deps, c.orgId), c.year)) !== null : undefined;
  return { unions: unions.length, surveyed, pipeline: { connected: pipeline.connected, pending }, aidRules };
}

export async function advance(deps: Dependencies, caller: SignedInCaller, input: In<'advance'>, pipeline: ScholarshipPipeline): Promise<CampaignView> {
  const c = await loadRun(deps, caller, input.campaignId);
  const to = nextStage(c.stage, input.to);
  if (c.version !== input.version) throw conflict('该活动刚刚已被他人推进，请刷新后查看', { campaignId: c._id });
  const now = deps.clock.now();
  const blockers = advanceBlockers(c, await stageFacts(deps, c, pipeline), now);
  if (blockers.length) {
    throw new AppError('CONFLICT', `暂不能进入“${STAGE_LABEL[to]}”阶段：${blockers.join('；')}`, undefined, { blockers, stage: c.stage });
  }
  if (to === 'apply') await fundPlan(deps, c);
  const byName = await staffName(deps, caller.uid, c.orgName);
  const entry = { at: now, from: c.stage, to, by: caller.uid, byName };
  // closing fixes the summary report as it stands, so the record of the year no longer moves
  const report = to === 'closed' ? await finalReport(deps, c, pipeline) : c.report;
  const next = { stage: to, report, updatedAt: now, version: c.version + 1 };
  if (!(await deps.store.update(SCHOLARSHIP_CAMPAIGNS, c._id, { set: next, push: { history: entry } }, { version: c.version }))) {
    throw conflict('该活动刚刚已被他人推进，请刷新后查看', { campaignId: c._id });
  }
  await recordAudit(deps, {
    actorUid: caller.uid,
    action: 'scholarship.advance',
    target: { collection: SCHOLARSHIP_CAMPAIGNS, id: c._id },
    before: { stage: c.stage },
    after: { stage: to },
  });
  const after: CampaignDoc = { ...c, ...next, history: [...c.history, entry] };
  if (to === 'apply') await notifyUnions(deps, after, `${c.title}开始申报，截止${monthDay(c.stages.apply.closes)}，逾期不予受理。`);
  return toCampaignView(deps, after, caller, pipeline);
}

async function notifyUnions(deps: Dependencies, c: CampaignDoc, body: string) {
  for (const u of await unionsIn(deps, c.orgId)) {
    await enqueue(deps, `${c._id}_${c.stage}_${u._id}`, {
      to: `org:${u._id}`,
      template: 'scholarship_todo',
      title: `金秋助学${STAGE_LABEL[c.stage]}`,
      body,
      page: `/admin/scholarship/index?id=${c._id}`,
      fields: { item: c.title, note: body },
    });
  }
}

const rows = <K extends string>(keys: readonly K[], labels: Record<K, string>, amounts: Partial<Record<K, number>>) =>
  keys.filter((k) => amounts[k] !== undefined).map((k) => ({ key: k, label: labels[k], amount: amounts[k]! }));

/** The campaign as `caller` reads it; `pipeline` given: the runner also sees the next stage and what blocks it. */
export async function toCampaignView(deps: Dependencies, c: CampaignDoc, caller: Caller, pipeline: ScholarshipPipeline | null): Promise<CampaignView> {
  const now = deps.clock.now();
  const order = (s: string) => (WORK_STAGES as readonly string[]).indexOf(s);
  const current = c.stage === 'closed' ? WORK_STAGES.length : order(c.stage);
  const stages = WORK_STAGES.map((key, i) => {
    const s = c.stages[key];
    const { opensAt, closesAt } = windowOf(s);
    return {
      key,
      label: STAGE_LABEL[key],
      hint: STAGE_HINT[key],
      opens: s.opens,
      closes: s.closes,
      periodText: `${monthDay(s.opens)}至${monthDay(s.closes)}`,
      opensAt,
      closesAt,
      owner: s.owner,
      ownerLabel: s.owner === 'federation' ? c.orgName : STAGE_OWNER_LABEL[s.owner],
      state: (i < current ? 'done' : i === current ? 'current' : 'todo') as 'done' | 'current' | 'todo',
    };
  });
  const apply = windowOf(c.stages.apply);
  const applyOpen = c.stage === 'apply' && now >= apply.opensAt && now < apply.closesAt;
  const applyText = applyOpen
    ? `申报中，${monthDay(c.stages.apply.closes)}24时截止`
    : current > order('apply') || now >= apply.closesAt
      ? `申报已于${monthDay(c.stages.apply.closes)}截止`
      : `申报期${monthDay(c.stages.apply.opens)}至${monthDay(c.stages.apply.closes)}`;
  const manage = runs(caller, c);
  const to = CAMPAIGN_TRANSITIONS[c.stage].advance;
  const next = manage && pipeline && to ? { to, label: STAGE_LABEL[to], blockers: advanceBlockers(c, await stageFacts(deps, c, pipeline), now) } : null;
  const plan = c.plan;
  return {
    id: c._id,
    orgId: c.orgId,
    orgName: c.orgName,
    year: c.year,
    title: c.title,
    stage: c.stage,
    stageLabel: STAGE_LABEL[c.stage],
    stages,
    plan: plan
      ? {
          budget: plan.budget,
          amounts: rows(STUDENT_CATEGORIES, CATEGORY_LABEL, plan.amounts),
          specialAmounts: rows(Object.keys(SPECIAL_GROUP_LABEL) as SpecialGroup[], SPECIAL_GROUP_LABEL, plan.specialAmounts),
          eligibility: {
            dibaoMonthly: plan.eligibility.dibaoMonthly,
            multiple: plan.eligibility.multiple,
            text: `未建立困难职工档案的家庭：月人均收入不高于本地低保标准（${plan.eligibility.dibaoMonthly}元）的${plan.eligibility.multiple}倍`,
          },
        }
      : null,
    apply: { open: applyOpen, text: applyText },
    next,
    canManage: manage,
    version: c.version,
    history: c.history.map((h) => ({ at: h.at, fromLabel: STAGE_LABEL[h.from], toLabel: STAGE_LABEL[h.to], byName: h.byName })),
  };
}
