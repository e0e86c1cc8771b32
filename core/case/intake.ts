/**
 * Intake (受理): the catalogue a worker picks from, and submitting a case. The receiving org is the
 * federation over the employer (a 意见建议 with no employer: the member's federation, else the
 * city), whose rules (rules-store.ts) set the catalogue, the deadlines and what makes a case
 * collective. A collective case (the seed's: 136 workers owed ¥700,000 by a bar that closed) is
 * urgent and goes at once to the federation's duty lawyer, who is told; the desk is told either way.
 *
 * Submitting is idempotent: the case's `_id` comes from the worker and the form's request key
 * (`caseIdOf`), so a retried or double-tapped form finds the case it made, and two at once collide
 * on the `_id` — one insert wins, the other returns the winner's case.
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { SignedInCaller } from '../shared/caller';
import { AppError } from '../shared/errors';
import { DuplicateKeyError } from '../shared/docstore';
import { enqueue } from '../shared/outbox';
import { mask } from '../shared/mask';
import { shanghaiDate } from '../shared/time';
import { calendarFor } from '../shared/workdays';
import { attachFiles, findEnterprise, getOrg, handlingOrgFor, listFederations, type Enterprise, type Org } from '../org';
import { findMember, type MemberDoc } from '../member';
import type { caseContract } from './contract';
import type { CaseView, CatalogueView } from './schemas';
import { DEFAULT_CASE_RULES, catalogueItem, resolveWorkingDays, type CaseRules } from './rules';
import { CASES, CASE_CLAIMANTS, newMetrics, type CaseDoc, type ClaimantDoc, type CollectiveFacts } from './model';
import { CASE_CATEGORIES, CATEGORY_LABEL, type CaseCategory } from './machine';
import { SYSTEM, caseIdOf, caseNoOf, claimantIdOf, dueFor, heldBy, loadCase, transition } from './step';
import { DEFAULT_RULES_NAME, caseRulesFor } from './rules-store';
import { dutyLawyer } from './rota';
import { legalAidAtIntake } from './legal-aid';
import { toCaseView } from './views';

type In<K extends keyof typeof caseContract> = z.output<(typeof caseContract)[K]['input']>;

/** One line on what belongs in each category, beside its name on the form. */
export const CATEGORY_HINT: Record<CaseCategory, string> = {
  consult: '劳动合同、工资工时、社会保险、工伤等政策和权益问题',
  help: '生活困难、医疗、子女就学、就业等需要工会帮扶的事',
  complaint: '单位拖欠工资、违法解除劳动合同等侵害职工权益的行为',
  legal_aid: '需要律师代理劳动仲裁或诉讼，申请工会法律援助',
  suggestion: '对工会工作和服务职工的意见建议，可以匿名提交',
};

/** What the worker is promised for a category, in the rules' working days (2个工作日内答复). */
export function promiseOf(rules: CaseRules, category: CaseCategory): string {
  const answer = rules.answerWorkingDays[category];
  if (answer !== undefined) return `${answer}个工作日内答复`;
  if (category === 'legal_aid') return `${rules.legalAidDecisionWorkingDays}个工作日内决定是否给予法律援助`;
  return `一般${rules.closeWorkingDays.general}个工作日内办结`;
}

/** The deployment's city federation (每个部署服务一个市总工会), for a report that names no employer and no union. */
async function cityOrg(deps: Dependencies): Promise<Org | null> {
  const [any] = await listFederations(deps);
  return any ? getOrg(deps, any.cityId) : null;
}

async function enterpriseOf(deps: Dependencies, enterpriseId: string): Promise<Enterprise> {
  const ent = await findEnterprise(deps, enterpriseId);
  if (!ent) throw new AppError('VALIDATION', '所选单位不存在，请重新选择', [{ path: ['enterpriseId'], message: '请重新选择所在单位' }]);
  return ent;
}

/** The org a report goes to: the federation over the employer, else the member's, else the city. */
async function receivingOrg(deps: Dependencies, ent: Enterprise | null, member: MemberDoc | null): Promise<Org> {
  if (ent) return getOrg(deps, ent.federationId);
  if (member) return getOrg(deps, member.federationId ?? member.cityId);
  const city = await cityOrg(deps);
  if (!city) throw new AppError('VALIDATION', '请选择所在单位', [{ path: ['enterpriseId'], message: '请选择所在单位' }]);
  return city;
}

/** A report from someone who is not a member must say who it is from (the desk calls them back by name). */
export function needName(): never {
  throw new AppError('VALIDATION', '请填写您的姓名', [{ path: ['name'], message: '请填写您的姓名' }]);
}

/** Action: the categories and items of the rules the worker's report would go by. */
export async function catalogue(deps: Dependencies, caller: SignedInCaller, input: In<'catalogue'>): Promise<z.input<typeof CatalogueView>> {
  const ent = input.enterpriseId ? await enterpriseOf(deps, input.enterpriseId) : null;
  const member = await findMember(deps, caller.uid);
  const orgId = ent ? ent.federationId : member ? member.orgId : ((await cityOrg(deps))?._id ?? null);
  const { rules, ofOrgName } = orgId ? await caseRulesFor(deps, orgId) : { rules: DEFAULT_CASE_RULES, ofOrgName: DEFAULT_RULES_NAME };
  return {
    categories: CASE_CATEGORIES.map((key) => ({
      key,
      label: CATEGORY_LABEL[key],
      hint: CATEGORY_HINT[key],
      items: rules.catalogue[key].map((i) => ({ key: i.key, label: i.label })),
      anonymousAllowed: key === 'suggestion',
      promise: promiseOf(rules, key),
    })),
    collectiveMinWorkers: rules.collectiveMinWorkers,
    rulesOf: ofOrgName,
    askName: !member,
  };
}

const workerPage = (id: string) => `/pages/case/detail?id=${id}`;
const staffPage = (id: string) => `/admin/case/detail?id=${id}`;

/** The contact mobile, sealed and masked: the one given, else the member's own (an anonymous suggestion keeps only what it gives). */
function contactOf(deps: Dependencies, form: In<'submit'>, member: MemberDoc | null): Pick<CaseDoc, 'mobileSealed' | 'mobileMasked'> {
  if (form.contactMobile) return { mobileSealed: deps.crypto.seal(form.contactMobile), mobileMasked: mask('mobile', form.contactMobile) };
  if (member && !form.anonymous) return { mobileSealed: member.mobileSealed, mobileMasked: mask('mobile', deps.crypto.open(member.mobileSealed)) };
  return { mobileSealed: null, mobileMasked: null };
}

/** Action: a worker's report. The same request key again returns the same case, unchanged. */
export async function submit(deps: Dependencies, caller: SignedInCaller, form: In<'submit'>): Promise<CaseView> {
  const id = caseIdOf(deps, caller.uid, form.idempotencyKey);
  const again = await deps.store.get<CaseDoc>(CASES, id);
  if (again) return toCaseView(deps, caller, await resumed(deps, again, form));
  if (form.anonymous && form.category !== 'suggestion')
    throw new AppError('VALIDATION', '只有“意见建议”可以匿名提交', [{ path: ['anonymous'], message: '只有“意见建议”可以匿名提交' }]);

  const member = await findMember(deps, caller.uid);
  const ent = form.enterpriseId ? await enterpriseOf(deps, form.enterpriseId) : null;
  // the employer's own union, when it has one (its officers may be assigned); else the federation handles it
  const union = ent?.unionId ? await handlingOrgFor(deps, ent) : null;
  const org = await receivingOrg(deps, ent, member);
  const { rules } = await caseRulesFor(deps, org._id);
  const item = catalogueItem(rules, form.category, form.itemKey);
  if (!item)
    throw new AppError('VALIDATION', `“${CATEGORY_LABEL[form.category]}”中没有所选事项，请重新选择`, [{ path: ['itemKey'], message: '请重新选择具体事项' }]);

  const now = deps.clock.now();
  const collectiveForm = form.collective;
  const collective: CollectiveFacts | null = collectiveForm
    ? { workers: collectiveForm.workers, amountOwed: collectiveForm.amountOwed, claimants: 1, claimedTotal: collectiveForm.myAmount }
    : null;
  // below the rules' threshold the figures are kept, but the case is handled as any other
  const isCollective = !!collectiveForm && collectiveForm.workers >= rules.collectiveMinWorkers;
  const legalAid = form.category === 'legal_aid' && form.legalAid ? await legalAidAtIntake(deps, caller, form.legalAid, rules) : null;
  const urgent = isCollective || !!legalAid?.urgent;
  const files = await attachFiles(deps, caller, form.fileIds, { ownerId: id, orgId: org._id });
  const resolveDueAt = calendarFor(deps.config.calendar).addWorkingDays(now, resolveWorkingDays(rules, form.category, 'general'));
  // an anonymous suggestion keeps the uid (the worker's own list) but no name anybody could read
  const name = form.anonymous ? '匿名' : (member?.name ?? form.name ?? needName());
  const doc: CaseDoc = {
    _id: id,
    no: caseNoOf(shanghaiDate(now), id),
    uid: caller.uid,
    name,
    anonymous: form.anonymous,
    ...contactOf(deps, form, member),
    memberId: member?._id ?? null,
    category: form.category,
    itemKey: item.key,
    itemLabel: item.label,
    complexity: 'general',
    title: form.title,
    description: form.description,
    fileIds: files.map((f) => f.id),
    enterpriseId: ent?._id ?? null,
    enterpriseName: ent?.name ?? null,
    unionOrgId: union?.kind === 'union' ? union._id : null,
    orgId: org._id,
    ...heldBy(org),
    status: 'received',
    owner: 'desk',
    assignee: null,
    assigneeUid: null,
    priority: urgent ? 0 : 1,
    urgent,
    collective,
    shareCode: isCollective ? shareCodeOf(deps, id) : null,
    legalAid,
    stepStartedAt: now,
    dueAt: dueFor(deps, rules, 'received', now, resolveDueAt),
    escalated: false,
    resolveDueAt,
    ask: null,
    resolution: null,
    rating: null,
    metrics: newMetrics(now),
    bookingId: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
    timeline: [{ at: now, event: 'submit', by: caller.uid, byName: name, to: 'received', note: null, internal: false, fileIds: files.map((f) => f.id) }],
  };
  try {
    await deps.store.insert(CASES, doc);
  } catch (e) {
    if (!(e instanceof DuplicateKeyError)) throw e;
    // the same form, twice at once: the winner's case (its follow-ups are idempotent, so both may run them)
    return toCaseView(deps, caller, await resumed(deps, await loadCase(deps, id), form));
  }
  return toCaseView(deps, caller, await completeIntake(deps, doc, rules, collectiveForm?.myAmount ?? null));
}

/**
 * What follows storing a report — the lead's claimant record, the duty lawyer for a collective case,
 * the messages to the desk, the lawyer and the worker. Each is idempotent (deterministic ids and
 * message keys; the duty assignment a compare-and-set on version 1), so a retry with the same key
 * completes what a first attempt stopped half-way left undone.
 */
async function completeIntake(deps: Dependencies, d: CaseDoc, rules: CaseRules, myAmount: number | null): Promise<CaseDoc> {
  if (d.collective && myAmount !== null) await addLead(deps, d, myAmount);
  let after = d;
  if (!d.shareCode) await tellDesk(deps, d);
  else if (d.version === 1) after = await toDutyLawyer(deps, d, rules);
  else if (dutyAssigned(d)) await tellDutyAssigned(deps, d);
  await tellWorker(deps, after, rules);
  return after;
}

/** The system's assignment to the duty lawyer is the last thing that happened to the case (version 2). */
const dutyAssigned = (d: CaseDoc) =>
  d.version === 2 && d.status === 'assigned' && d.timeline.at(-1)?.event === 'assign' && d.timeline.at(-1)?.by === SYSTEM.uid;

/** A case found under the request's key: completed when nothing has happened to it since intake, else as it is. */
async function resumed(deps: Dependencies, d: CaseDoc, form: In<'submit'>): Promise<CaseDoc> {
  if (d.version !== 1 && !dutyAssigned(d)) return d;
  const { rules } = await caseRulesFor(deps, d.orgId);
  return completeIntake(deps, d, rules, form.collective?.myAmount ?? null);
}

/** The share card's code: derived from the case, so it needs no index of its own to be unique. */
export const shareCodeOf = (deps: Pick<Dependencies, 'crypto'>, caseId: string) => deps.crypto.hash(`caseshare|${caseId}`).slice(0, 16);

/** The lead as the first claimant of a collective case, with their own amount. */
async function addLead(deps: Dependencies, d: CaseDoc, myAmount: number): Promise<void> {
  const lead: ClaimantDoc = {
    _id: claimantIdOf(deps, d._id, d.uid),
    caseId: d._id,
    uid: d.uid,
    name: d.name,
    amountOwed: myAmount,
    lead: true,
    joinedAt: d.createdAt,
  };
  try {
    await deps.store.insert(CASE_CLAIMANTS, lead);
  } catch (e) {
    if (!(e instanceof DuplicateKeyError)) throw e;
  }
}

const yuanText = (n: number) => (n >= 10_000 ? `${Math.round(n / 1000) / 10}万元` : `${n}元`);
const factsText = (d: CaseDoc) =>
  `${d.enterpriseName ?? ''}${d.collective!.workers}名职工${d.itemLabel}，涉及${yuanText(d.collective!.amountOwed)}（报告人${mask('name', d.name)}）`;

/**
 * A collective case goes at once to the federation's duty lawyer (the assignment by the system,
 * named in the timeline), who is told; the desk is told who has it. Nobody on duty: the case stays
 * at the desk, urgent, and the desk is told to assign it now.
 */
async function toDutyLawyer(deps: Dependencies, d: CaseDoc, rules: CaseRules): Promise<CaseDoc> {
  const federationId = d.federationId ?? d.orgId;
  const lawyer = await dutyLawyer(deps, federationId, d.createdAt);
  if (!lawyer) {
    await enqueue(deps, `${d._id}_collective_v${d.version}`, {
      to: `org:${federationId}`,
      template: 'case_todo',
      title: '集体诉求待分派（今日无值班律师）',
      body: `${factsText(d)}。今日无值班律师，请立即分派承办人。`,
      page: staffPage(d._id),
      fields: { item: '集体诉求待分派', applicant: mask('name', d.name), note: '今日无值班律师，请立即分派' },
    });
    return d;
  }
  let after: CaseDoc;
  try {
    after = await transition(deps, d, 'assign', SYSTEM, `集体诉求，已自动派给今日值班律师${lawyer.name}`, {
      rules,
      extra: { assignee: lawyer, assigneeUid: lawyer.uid, metrics: { ...d.metrics, assignedAt: deps.clock.now() } },
    });
  } catch (e) {
    // the worker withdrew it in the instant since it was stored: nothing to assign
    if (e instanceof AppError && e.code === 'CONFLICT') return loadCase(deps, d._id);
    throw e;
  }
  await tellDutyAssigned(deps, after);
  return after;
}

/** The duty lawyer and the desk told of the system's assignment (keyed by the version it made). */
async function tellDutyAssigned(deps: Dependencies, after: CaseDoc): Promise<void> {
  const d = after;
  const lawyer = after.assignee!;
  const federationId = after.federationId ?? after.orgId;
  await enqueue(deps, `${d._id}_assign_v${after.version}`, {
    to: `uid:${lawyer.uid}`,
    template: 'case_todo',
    title: '集体诉求待签收',
    body: `${factsText(d)}。您是今日值班律师，请立即签收并联系职工。`,
    page: staffPage(d._id),
    fields: { item: '集体诉求待签收', applicant: mask('name', d.name), note: `${d.collective!.workers}名职工，请立即签收` },
  });
  await enqueue(deps, `${d._id}_collective_v${after.version}`, {
    to: `org:${federationId}`,
    template: 'case_todo',
    title: '集体诉求已派给值班律师',
    body: `${factsText(d)}。已自动派给今日值班律师${lawyer.name}，请跟进督办。`,
    page: staffPage(d._id),
    fields: { item: '集体诉求已派值班律师', applicant: mask('name', d.name), note: `值班律师${lawyer.name}待签收` },
  });
}

/** Any other case waits at the receiving org's desk, whose officers are told. */
async function tellDesk(deps: Dependencies, d: CaseDoc): Promise<void> {
  const who = d.anonymous ? '匿名' : mask('name', d.name);
  await enqueue(deps, `${d._id}_submit_v${d.version}`, {
    to: `org:${d.ownerOrgId}`,
    template: 'case_todo',
    title: d.urgent ? '紧急诉求待分派' : '新诉求待分派',
    body: `${CATEGORY_LABEL[d.category]}·${d.itemLabel}：${d.title}（${who}）。`,
    page: staffPage(d._id),
    fields: { item: `${CATEGORY_LABEL[d.category]}待分派`, applicant: who, note: d.title },
  });
}

/** The worker: received, its number, and what is promised (and who has it, when it went to the duty lawyer). */
async function tellWorker(deps: Dependencies, d: CaseDoc, rules: CaseRules): Promise<void> {
  const who = d.assignee ? `已派给驻点律师${d.assignee.name}办理，` : '';
  await enqueue(deps, `${d._id}_received_v1`, {
    to: `uid:${d.uid}`,
    template: 'case_progress',
    title: '诉求已受理',
    body: `您的诉求“${d.title}”已受理，编号${d.no}，${who}${promiseOf(rules, d.category)}。`,
    page: workerPage(d._id),
    fields: { item: `${CATEGORY_LABEL[d.category]}·${d.itemLabel}`, status: '已受理', note: `编号${d.no}，${promiseOf(rules, d.category)}` },
  });
}
