/**
 * Legal aid (法律援助), the sub-flow of a 法律援助 case, after 青岛 and 江油 (research §3b):
 * eligibility found at the application (membership; economic hardship from the aid file when there
 * is one), a decision within the configured working days, urgent pre-review (紧急预审) when a filing,
 * hearing or limitation date is near, the 《工会法律援助服务案件委派函》 numbered per federation and
 * year, and the closing report (结案报告) the case cannot be resolved without.
 *
 * Every change of the legal-aid state is one conditional write on the case: on `legalAid.status` and
 * the version, the timeline entry pushed with it, so two officers deciding at once reach one outcome
 * and the entry never exists without the state it records (or the reverse).
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { SignedInCaller } from '../shared/caller';
import { AppError, conflict } from '../shared/errors';
import { enqueue } from '../shared/outbox';
import { calendarFor } from '../shared/workdays';
import { formatShanghai, shanghaiYear } from '../shared/time';
import { attachFiles, getOrg, staffName, staffOn } from '../org';
import { findMember } from '../member';
import { activeFileOf } from '../aid';
import type { caseContract } from './contract';
import type { CaseRules } from './rules';
import type { CaseForm, CaseView } from './schemas';
import { CASES, CASE_COUNTERS, type CaseDoc, type CaseEntry, type LegalAidDoc } from './model';
import { CASE_STATUS_LABEL, LEGAL_AID_EVENT_LABEL, LEGAL_AID_STATUS_LABEL, LEGAL_OUTCOME_LABEL, nextLegalAidStatus, type CaseStatus } from './machine';
import { assertActs, assertVersion, isAssignee, isFederationFor, loadCase, personOf, transition, viewerOf, type Actor } from './step';
import { caseRulesFor } from './rules-store';
import { daysUntil, isNear } from './key-date';

export { daysUntil, isNear };
import { toCaseView } from './views';

type In<K extends keyof typeof caseContract> = z.output<(typeof caseContract)[K]['input']>;

const KEY_DATE_LABEL = { filing: '立案', hearing: '开庭', limitation: '时效届满' } as const;
const workerPage = (id: string) => `/pages/case/detail?id=${id}`;
const staffPage = (id: string) => `/admin/case/detail?id=${id}`;

/**
 * The legal-aid part of a new 法律援助 case (intake calls it): who the worker is to the union
 * (an active member, of which union; a hardship file's tier), urgency from the key date, the decision
 * due `legalAidDecisionWorkingDays` working days from now. The reviewer reads the reasons; nothing
 * here refuses a non-member: 《工会法律援助办法》 lets the union decide, so the review does.
 */
export async function legalAidAtIntake(
  deps: Dependencies,
  caller: SignedInCaller,
  form: NonNullable<CaseForm['legalAid']>,
  rules: CaseRules,
): Promise<LegalAidDoc> {
  const now = deps.clock.now();
  if (form.keyDate && daysUntil(form.keyDate, now) < 0) {
    throw new AppError('VALIDATION', '立案、开庭或时效届满日期不能早于今天', [{ path: ['legalAid', 'keyDate'], message: '日期不能早于今天' }]);
  }
  const member = await findMember(deps, caller.uid);
  const file = member ? await activeFileOf(deps, caller.uid) : null;
  const reasons: string[] = [];
  if (member) reasons.push(`工会会员（${member.orgName}）`);
  else reasons.push('非工会会员：须经审查确认');
  if (file) reasons.push(`困难职工档案：${file.tierLabel ?? '已建档'}`);
  else if (member) reasons.push('无困难职工档案：经济困难情况须另附证明');
  return {
    status: 'applied',
    keyDate: form.keyDate,
    keyDateKind: form.keyDateKind,
    opponent: form.opponent,
    claimAmount: form.claimAmount,
    eligibility: { member: !!member, memberOrgName: member?.orgName ?? null, hardship: file ? (file.tierLabel ?? '已建档') : null, reasons },
    urgent: isNear(form.keyDate, now, rules.legalAidUrgentDays),
    decisionDueAt: calendarFor(deps.config.calendar).addWorkingDays(now, rules.legalAidDecisionWorkingDays),
    escalated: false,
    decidedAt: null,
    decidedBy: null,
    decisionNote: null,
    letter: null,
    report: null,
  };
}

/** 星海高新区工会联合会 → 星海高新区工联: the issuer as a 委派函 number names it. */
export const shortOrgName = (name: string) => name.replace(/工会联合会$/, '工联');
export const letterNoOf = (year: number, orgName: string, n: number) => `〔${year}〕${shortOrgName(orgName)}法援字第${n}号`;

/** The federation that decides a case's legal aid and issues its letter: the one over the case (the city when none). */
const issuerOf = (d: Pick<CaseDoc, 'federationId' | 'cityId'>) => d.federationId ?? d.cityId;

/**
 * The text of the 《工会法律援助服务案件委派函》: its number, the lawyer, the worker and the other
 * party, the case number and item, the federation issuing it and the date. Null before a letter.
 */
export function letterText(d: CaseDoc, federationName: string): string | null {
  const la = d.legalAid;
  const l = la?.letter;
  if (!la || !l) return null;
  // the letter addresses a person; a name recorded as 周律师 is not made 周律师律师
  const to = l.lawyerName.endsWith('律师') ? l.lawyerName : `${l.lawyerName}律师`;
  return [
    '工会法律援助服务案件委派函',
    l.no || '（编号生成中）',
    '',
    `${to}：`,
    `    职工${d.name}与${la.opponent}${d.itemLabel}一案（案件编号${d.no}，请求金额${la.claimAmount}元），经审查符合工会法律援助条件，现委派你承办。` +
      '请依法维护受援职工的合法权益，办结后十个工作日内提交结案报告及判决书、裁决书或调解书等法律文书。',
    '',
    federationName,
    formatShanghai(l.issuedAt, 'YYYY年M月D日'),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Steps

async function actorOf(deps: Dependencies, caller: SignedInCaller): Promise<Actor> {
  return { uid: caller.uid, name: await staffName(deps, caller.uid, '工作人员') };
}

/** The case's legal-aid record, or the reason there is none. */
function legalAidOf(d: CaseDoc): LegalAidDoc {
  if (!d.legalAid) throw new AppError('VALIDATION', '该诉求不是法律援助申请');
  return d.legalAid;
}

/**
 * Moves the legal-aid record from `from` to `next` in one write conditional on both the version and
 * the legal-aid status, its entry pushed with it. CONFLICT when someone decided first.
 */
async function stepLegalAid(
  deps: Dependencies,
  d: CaseDoc,
  from: LegalAidDoc['status'],
  next: LegalAidDoc,
  entry: Pick<CaseEntry, 'by' | 'byName' | 'note' | 'fileIds'>,
  set: Partial<CaseDoc> = {},
): Promise<CaseDoc> {
  const now = deps.clock.now();
  const full: CaseEntry = { ...entry, event: 'legal_aid', at: now, to: null, internal: false };
  const changed: Partial<CaseDoc> = { ...set, legalAid: next, updatedAt: now, version: d.version + 1 };
  const ok = await deps.store.update(
    CASES,
    d._id,
    { set: changed as Record<string, unknown>, push: { timeline: full } },
    { version: d.version, 'legalAid.status': from },
  );
  if (!ok) throw conflict('该法律援助申请刚刚已被他人处理，请刷新后查看', { caseId: d._id });
  return { ...d, ...changed, timeline: [...d.timeline, full] } as CaseDoc;
}

function tellWorker(deps: Dependencies, d: CaseDoc, event: string, title: string, note: string): Promise<void> {
  return enqueue(deps, `${d._id}_legal_${event}_v${d.version}`, {
    to: `uid:${d.uid}`,
    template: 'case_progress',
    title,
    body: note,
    page: workerPage(d._id),
    fields: { item: `法律援助：${d.title}`, status: title, note },
  });
}

/** Action: 同意 / 紧急预审先行受理 / 不予援助 (a written reason the worker reads), by a federation officer over the case. */
export async function legalAidDecide(deps: Dependencies, caller: SignedInCaller, input: In<'legalAidDecide'>): Promise<CaseView> {
  const d = await loadCase(deps, input.caseId);
  await viewerOf(deps, caller, d);
  assertActs(isFederationFor(caller, d), '法律援助由案件所属联合会审查决定');
  const la = legalAidOf(d);
  assertVersion(d, input.version);
  const status = nextLegalAidStatus(la.status, input.event);
  const now = deps.clock.now();
  const { rules } = await caseRulesFor(deps, d.ownerOrgId);
  const note = input.note.trim();
  let entryNote = note || '经审查，符合工会法律援助条件';
  const set: Partial<CaseDoc> = {};
  if (input.event === 'pre_approve') {
    // urgency is judged on the day of the decision: a date that was far at application may be near now
    if (!la.keyDate || !la.keyDateKind) throw new AppError('VALIDATION', '未填写立案、开庭或时效届满日期，不能紧急预审，请按正常程序审查');
    const left = daysUntil(la.keyDate, now);
    if (left < 0) throw new AppError('VALIDATION', `${KEY_DATE_LABEL[la.keyDateKind]}日期${la.keyDate}已过，不能紧急预审`);
    if (left > rules.legalAidUrgentDays) {
      throw new AppError('VALIDATION', `距${KEY_DATE_LABEL[la.keyDateKind]}日期还有${left}天（${rules.legalAidUrgentDays}天内方为紧急），请按正常程序审查`);
    }
    entryNote = `${KEY_DATE_LABEL[la.keyDateKind]}日期${la.keyDate}临近（还有${left}天），紧急预审，先行受理${note ? `：${note}` : ''}`;
    Object.assign(set, { urgent: true, priority: 0 });
  }
  if (input.event === 'refuse' && note.length < 2) {
    throw new AppError('VALIDATION', '请写明不予法律援助的理由（申请人可见）', [{ path: ['note'], message: '请写明不予援助的理由' }]);
  }
  if (input.event === 'refuse') entryNote = `不予法律援助：${note}`;
  const by = await actorOf(deps, caller);
  const next: LegalAidDoc = {
    ...la,
    status,
    urgent: la.urgent || input.event === 'pre_approve',
    decidedAt: now,
    decidedBy: caller.uid,
    decisionNote: note || null,
  };
  const after = await stepLegalAid(deps, d, la.status, next, { by: by.uid, byName: by.name, note: entryNote, fileIds: [] }, set);
  await tellWorker(deps, after, input.event, LEGAL_AID_EVENT_LABEL[input.event], entryNote);
  return toCaseView(deps, caller, after);
}

const ASSIGNABLE: readonly CaseStatus[] = ['received', 'assigned', 'handling'];
/** A letter without its number for this long was left by a failed appointment, which a retry completes. */
const RESUME_AFTER_MS = 60_000;

/**
 * Action: the 委派函 to a lawyer of the federation, and the case assigned to them. The number is
 * taken only once this appointment has won the case (the legal-aid record moved to `appointed`
 * first, conditionally), so a lost race spends no number: numbers run 1, 2, 3 without gaps. A retry
 * after a failure between the two writes finds the letter without its number and completes it.
 */
export async function appointLawyer(deps: Dependencies, caller: SignedInCaller, input: In<'appointLawyer'>): Promise<CaseView> {
  let d = await loadCase(deps, input.caseId);
  await viewerOf(deps, caller, d);
  assertActs(isFederationFor(caller, d), '委派函由案件所属联合会出具');
  const la = legalAidOf(d);
  const issuer = await getOrg(deps, issuerOf(d));
  const by = await actorOf(deps, caller);
  const now = deps.clock.now();
  // a letter left without its number by a failure between the two writes below; one issued moments
  // ago is another officer's appointment still under way, not a failure
  const unfinished = la.status === 'appointed' && la.letter?.no === '';
  if (unfinished && now - la.letter!.issuedAt < RESUME_AFTER_MS) throw conflict('委派函正在出具，请稍后刷新查看', { caseId: d._id });
  if (!unfinished) {
    assertVersion(d, input.version);
    const status = nextLegalAidStatus(la.status, 'appoint');
    if (!ASSIGNABLE.includes(d.status)) throw new AppError('ILLEGAL_TRANSITION', `案件当前“${CASE_STATUS_LABEL[d.status]}”，不能委派律师`);
    const uid = personOf(deps, caller.uid, input.personId);
    const lawyer = (await staffOn(deps, [issuer._id], ['lawyer'])).find((s) => s.uid === uid);
    if (!lawyer) throw new AppError('VALIDATION', `所选人员不是${issuer.name}的律师`, [{ path: ['personId'], message: '请选择本联合会的律师' }]);
    const letter = { no: '', lawyerUid: lawyer.uid, lawyerName: lawyer.name, issuedAt: now, issuedBy: caller.uid };
    const claimed: Partial<CaseDoc> = { legalAid: { ...la, status, letter }, updatedAt: now, version: d.version + 1 };
    const won = await deps.store.update(CASES, d._id, { set: claimed as Record<string, unknown> }, { version: d.version, 'legalAid.status': la.status });
    if (!won) throw conflict('该法律援助申请刚刚已被他人处理，请刷新后查看', { caseId: d._id });
    d = { ...d, ...claimed } as CaseDoc;
  }
  const letter = d.legalAid!.letter!;
  const year = shanghaiYear(letter.issuedAt);
  const n = await deps.store.increment(CASE_COUNTERS, `letter_${issuer._id}_${year}`, 'n');
  const no = letterNoOf(year, issuer.name, n);
  const entry: CaseEntry = {
    at: now,
    event: 'legal_aid',
    by: by.uid,
    byName: by.name,
    to: null,
    note: `出具委派函${no}，委派${letter.lawyerName}承办`,
    internal: false,
    fileIds: [],
  };
  // no version condition: only the winner above (or the one completing it) writes the number
  const numbered = await deps.store.update(
    CASES,
    d._id,
    { set: { 'legalAid.letter.no': no, updatedAt: now }, push: { timeline: entry } },
    { 'legalAid.letter.no': '' },
  );
  if (!numbered) throw conflict('委派函刚刚已出具，请刷新后查看', { caseId: d._id });
  d = await assignLawyer(deps, d._id, { uid: letter.lawyerUid, name: letter.lawyerName, role: 'lawyer' }, by, no);
  await enqueue(deps, `${d._id}_appoint_v${d.version}`, {
    to: `uid:${letter.lawyerUid}`,
    template: 'case_todo',
    title: '法律援助委派：请承办',
    body: `${issuer.name}委派您承办“${d.title}”（委派函${no}），请及时签收。`,
    page: staffPage(d._id),
    fields: { item: '法律援助委派', applicant: d.name, note: `委派函${no}` },
  });
  await tellWorker(deps, d, 'appoint', '已委派律师', `${issuer.name}已出具委派函${no}，委派${letter.lawyerName}为您提供法律援助。`);
  return toCaseView(deps, caller, d);
}

/**
 * Puts the case in the lawyer's hands: assigned through the transition table (分派 from the desk,
 * 改派 from another holder), unless they hold it already. The letter stands whatever happens here: a
 * case withdrawn meanwhile is left as it is, and a concurrent change is retried on the fresh case.
 */
async function assignLawyer(deps: Dependencies, caseId: string, lawyer: NonNullable<CaseDoc['assignee']>, by: Actor, no: string): Promise<CaseDoc> {
  for (let attempt = 0; ; attempt++) {
    const d = await loadCase(deps, caseId);
    if (!ASSIGNABLE.includes(d.status) || (d.assigneeUid === lawyer.uid && d.status !== 'received')) return d;
    const { rules } = await caseRulesFor(deps, d.ownerOrgId);
    const now = deps.clock.now();
    try {
      return await transition(deps, d, d.status === 'received' ? 'assign' : 'reassign', by, `依委派函${no}委派${lawyer.name}承办`, {
        rules,
        extra: { assignee: lawyer, assigneeUid: lawyer.uid, metrics: { ...d.metrics, assignedAt: d.metrics.assignedAt ?? now } },
      });
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'CONFLICT' || attempt >= 3) throw e;
    }
  }
}

/** Action: the closing report (结案报告): how it ended, what was recovered, the judgment, award or agreement attached. */
export async function legalAidReport(deps: Dependencies, caller: SignedInCaller, input: In<'legalAidReport'>): Promise<CaseView> {
  const d = await loadCase(deps, input.caseId);
  await viewerOf(deps, caller, d);
  assertActs(isAssignee(caller, d) || isFederationFor(caller, d), '结案报告由承办律师或案件所属联合会提交');
  const la = legalAidOf(d);
  assertVersion(d, input.version);
  const status = nextLegalAidStatus(la.status, 'report');
  const files = await attachFiles(deps, caller, input.fileIds, { ownerId: d._id, orgId: d.ownerOrgId });
  const by = await actorOf(deps, caller);
  const now = deps.clock.now();
  const fileIds = files.map((f) => f.id);
  const report = { outcome: input.outcome, summary: input.summary, recovered: input.recovered, fileIds, at: now, by: caller.uid };
  const recovered = input.recovered > 0 ? `，追回${input.recovered}元` : '';
  const note = `结案报告：${LEGAL_OUTCOME_LABEL[input.outcome]}${recovered}。${input.summary}`;
  const after = await stepLegalAid(deps, d, la.status, { ...la, status, report }, { by: by.uid, byName: by.name, note, fileIds });
  await tellWorker(deps, after, 'report', LEGAL_AID_STATUS_LABEL.reported, `${LEGAL_OUTCOME_LABEL[input.outcome]}${recovered}`);
  return toCaseView(deps, caller, after);
}
