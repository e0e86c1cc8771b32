/**
 * Rights cases (投诉建议 / 维权 / 法律援助) as explicit transition tables: the case itself and, for a
 * 法律援助 case, its legal-aid application. Anything not in a table is an illegal transition and an
 * error, never a silent no-op. Zod-free: the mini-program imports the labels as values.
 *
 * Case (the 12351 cycle, from 山东/北京: 受理 → 分派 → 签收/办理 → 办结 → 回访 → 质检 → 结案):
 *   received ──assign──▶ assigned ──sign──▶ handling ──resolve──▶ resolved
 *   assigned ──return_assignment──▶ received          (the assignee cannot take it, with a reason)
 *   assigned | handling ──reassign──▶ assigned        (the desk gives it to someone else)
 *   resolved ──rate_satisfied──▶ quality_check ──pass_quality──▶ closed
 *   resolved ──rate_unsatisfied──▶ handling           (不满意: reopened, the level above told)
 *   quality_check ──fail_quality──▶ handling          (质检不通过: back to the assignee)
 *   received | assigned | handling ──transfer──▶ received   (转办 to another org, with a reason)
 *   received ──decline──▶ declined                    (不予受理, with a reason the worker reads)
 *   received | assigned | handling ──withdraw──▶ withdrawn  (the worker)
 * Timeline entries that move nothing (notes, visits, mediation sessions, calls, asks and replies,
 * co-claimants joining, escalation, legal-aid steps) are history events outside the table.
 *
 * Legal aid (法律援助, 青岛/江油): applied ──approve──▶ approved ──appoint──▶ appointed ──report──▶ reported
 *   applied ──pre_approve──▶ pre_approved (urgent: a filing or hearing date is near) ──approve──▶ approved
 *   applied | pre_approved ──refuse──▶ refused (a written reason)
 */
import { AppError } from '../shared/errors';

// ---------------------------------------------------------------------------------------------
// What a case is about

/** The five 12351 categories. */
export const CASE_CATEGORIES = ['consult', 'help', 'complaint', 'legal_aid', 'suggestion'] as const;
export type CaseCategory = (typeof CASE_CATEGORIES)[number];
export const CATEGORY_LABEL: Record<CaseCategory, string> = {
  consult: '问题咨询',
  help: '服务帮扶',
  complaint: '信访投诉',
  legal_aid: '法律援助',
  suggestion: '意见建议',
};

/** The complexity class (一般 / 难点 / 特别复杂) that sets the closing deadline. */
export const COMPLEXITIES = ['general', 'hard', 'special'] as const;
export type Complexity = (typeof COMPLEXITIES)[number];
export const COMPLEXITY_LABEL: Record<Complexity, string> = { general: '一般问题', hard: '难点问题', special: '特别复杂问题' };

/** Who a case can be assigned to. */
export const ASSIGNEE_ROLES = ['union_officer', 'federation_officer', 'social_worker', 'lawyer'] as const;
export type AssigneeRole = (typeof ASSIGNEE_ROLES)[number];
export const ASSIGNEE_ROLE_LABEL: Record<AssigneeRole, string> = {
  union_officer: '工会干部',
  federation_officer: '联合会干部',
  social_worker: '社会化工会工作者',
  lawyer: '驻点律师',
};

// ---------------------------------------------------------------------------------------------
// The case

export const CASE_STATUSES = ['received', 'assigned', 'handling', 'resolved', 'quality_check', 'closed', 'declined', 'withdrawn'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_EVENTS = [
  'assign',
  'reassign',
  'sign',
  'return_assignment',
  'resolve',
  'rate_satisfied',
  'rate_unsatisfied',
  'pass_quality',
  'fail_quality',
  'transfer',
  'decline',
  'withdraw',
] as const;
export type CaseEvent = (typeof CASE_EVENTS)[number];

/** Timeline entries that move nothing. */
export const CASE_ENTRY_KINDS = [
  'submit',
  'note',
  'visit',
  'mediation',
  'call',
  'ask',
  'reply',
  'join',
  'escalate',
  'callback',
  'legal_aid',
  'from_booking',
] as const;
export type CaseEntryKind = (typeof CASE_ENTRY_KINDS)[number];
export const CASE_HISTORY_EVENTS = [...CASE_EVENTS, ...CASE_ENTRY_KINDS] as const;
export type CaseHistoryEvent = (typeof CASE_HISTORY_EVENTS)[number];

/** Entries a handler writes by hand (`addEntry`): each may be internal (never shown to the worker). */
export const HANDLER_ENTRY_KINDS = ['note', 'visit', 'mediation', 'call'] as const satisfies readonly CaseEntryKind[];
export type HandlerEntryKind = (typeof HANDLER_ENTRY_KINDS)[number];

export const CASE_STATUS_LABEL: Record<CaseStatus, string> = {
  received: '已受理，待分派',
  assigned: '已分派，待签收',
  handling: '办理中',
  resolved: '已办结，待回访',
  quality_check: '待质检',
  closed: '已结案',
  declined: '不予受理',
  withdrawn: '已撤回',
};

export const CASE_EVENT_LABEL: Record<CaseHistoryEvent, string> = {
  submit: '提交诉求',
  assign: '分派',
  reassign: '改派',
  sign: '签收',
  return_assignment: '退回派单',
  resolve: '办结',
  rate_satisfied: '评价满意',
  rate_unsatisfied: '评价不满意，重新办理',
  pass_quality: '质检通过，结案',
  fail_quality: '质检不通过，退回重办',
  transfer: '转办',
  decline: '不予受理',
  withdraw: '撤回',
  note: '办理记录',
  visit: '走访',
  mediation: '调解',
  call: '电话沟通',
  ask: '请您补充',
  reply: '补充说明',
  join: '共同诉求人加入',
  escalate: '超时提醒上级督办',
  callback: '回访',
  legal_aid: '法律援助',
  from_booking: '由法律咨询预约转为案件',
};

const CASE_TABLE: Record<CaseStatus, Partial<Record<CaseEvent, CaseStatus>>> = {
  received: { assign: 'assigned', transfer: 'received', decline: 'declined', withdraw: 'withdrawn' },
  assigned: { sign: 'handling', return_assignment: 'received', reassign: 'assigned', transfer: 'received', withdraw: 'withdrawn' },
  handling: { resolve: 'resolved', reassign: 'assigned', transfer: 'received', withdraw: 'withdrawn' },
  resolved: { rate_satisfied: 'quality_check', rate_unsatisfied: 'handling' },
  quality_check: { pass_quality: 'closed', fail_quality: 'handling' },
  closed: {},
  declined: {},
  withdrawn: {},
};

export function nextCaseStatus(from: CaseStatus, event: CaseEvent): CaseStatus {
  const to = CASE_TABLE[from][event];
  if (!to) throw new AppError('ILLEGAL_TRANSITION', `案件当前“${CASE_STATUS_LABEL[from]}”，不能${CASE_EVENT_LABEL[event]}`, undefined, { from, event });
  return to;
}
export const caseEventsFrom = (from: CaseStatus): CaseEvent[] => Object.keys(CASE_TABLE[from]) as CaseEvent[];

/** Statuses in which the case is still open (in a queue, on a clock). */
export const OPEN_CASE_STATUSES = ['received', 'assigned', 'handling', 'resolved', 'quality_check'] as const satisfies readonly CaseStatus[];
export const CLOSED_CASE_STATUSES: readonly CaseStatus[] = ['closed', 'declined', 'withdrawn'];
/** Statuses whose step has a clock an overdue item escalates from (回访 waits on the worker: no escalation). */
export const CLOCKED_CASE_STATUSES = ['received', 'assigned', 'handling', 'quality_check'] as const satisfies readonly CaseStatus[];

/**
 * Who must act in a status: `desk` = the officers of the org holding the case (分派, 转办);
 * `assignee` = the person it is assigned to; `worker` = the claimant (回访); `quality` = a
 * federation officer of the org holding it (质检).
 */
export type CaseOwner = 'desk' | 'assignee' | 'worker' | 'quality';
export const CASE_STEP_OWNER: Record<CaseStatus, CaseOwner | null> = {
  received: 'desk',
  assigned: 'assignee',
  handling: 'assignee',
  resolved: 'worker',
  quality_check: 'quality',
  closed: null,
  declined: null,
  withdrawn: null,
};

/** Satisfaction 1–5: 1–2 are 不满意 (the case reopens), 3 基本满意, 4–5 满意. */
export const SATISFACTION_LABEL: Record<number, string> = { 1: '非常不满意', 2: '不满意', 3: '基本满意', 4: '满意', 5: '非常满意' };
export const isSatisfied = (score: number) => score >= 3;

/** How a case was resolved (办结结果). */
export const RESOLUTIONS = ['answered', 'mediated', 'recovered', 'referred', 'litigation', 'not_supported'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];
export const RESOLUTION_LABEL: Record<Resolution, string> = {
  answered: '已答复',
  mediated: '调解成功',
  recovered: '已追回款项',
  referred: '已移交有关部门',
  litigation: '进入仲裁或诉讼',
  not_supported: '诉求依据不足，已解释说明',
};

// ---------------------------------------------------------------------------------------------
// Legal aid (法律援助)

export const LEGAL_AID_STATUSES = ['applied', 'pre_approved', 'approved', 'refused', 'appointed', 'reported'] as const;
export type LegalAidStatus = (typeof LEGAL_AID_STATUSES)[number];
export const LEGAL_AID_EVENTS = ['pre_approve', 'approve', 'refuse', 'appoint', 'report'] as const;
export type LegalAidEvent = (typeof LEGAL_AID_EVENTS)[number];

export const LEGAL_AID_STATUS_LABEL: Record<LegalAidStatus, string> = {
  applied: '法律援助待审查',
  pre_approved: '紧急预审通过，先行受理',
  approved: '同意法律援助，待委派律师',
  refused: '不予法律援助',
  appointed: '已委派律师',
  reported: '已提交结案报告',
};
export const LEGAL_AID_EVENT_LABEL: Record<LegalAidEvent, string> = {
  pre_approve: '紧急预审，先行受理',
  approve: '同意提供法律援助',
  refuse: '不予法律援助',
  appoint: '出具委派函，委派律师',
  report: '提交结案报告',
};

const LEGAL_AID_TABLE: Record<LegalAidStatus, Partial<Record<LegalAidEvent, LegalAidStatus>>> = {
  applied: { pre_approve: 'pre_approved', approve: 'approved', refuse: 'refused' },
  pre_approved: { approve: 'approved', refuse: 'refused' },
  approved: { appoint: 'appointed' },
  refused: {},
  appointed: { report: 'reported' },
  reported: {},
};

export function nextLegalAidStatus(from: LegalAidStatus, event: LegalAidEvent): LegalAidStatus {
  const to = LEGAL_AID_TABLE[from][event];
  if (!to)
    throw new AppError('ILLEGAL_TRANSITION', `法律援助当前“${LEGAL_AID_STATUS_LABEL[from]}”，不能${LEGAL_AID_EVENT_LABEL[event]}`, undefined, { from, event });
  return to;
}
export const legalAidEventsFrom = (from: LegalAidStatus): LegalAidEvent[] => Object.keys(LEGAL_AID_TABLE[from]) as LegalAidEvent[];

/** What a legal-aid case ends with (结案报告). */
export const LEGAL_OUTCOMES = ['judgment', 'award', 'mediation', 'settlement', 'withdrawn'] as const;
export type LegalOutcome = (typeof LEGAL_OUTCOMES)[number];
export const LEGAL_OUTCOME_LABEL: Record<LegalOutcome, string> = {
  judgment: '法院判决',
  award: '仲裁裁决',
  mediation: '调解结案',
  settlement: '双方和解',
  withdrawn: '当事人撤回',
};

/** The queue's tabs stop counting here (the page shows 99+), like aid's. */
export const CASE_QUEUE_COUNT_CAP = 100;
