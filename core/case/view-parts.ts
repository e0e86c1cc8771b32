/**
 * The parts of a case view that follow from its status alone: the steps a worker reads (受理 → 结案),
 * who holds it in words, how long it has waited, the SLA badge, and the actions open to the caller.
 * views.ts assembles them; every function here gets the entries the viewer may see, never more.
 */
import type { Dependencies } from '../shared/ports';
import type { Caller } from '../shared/caller';
import { formatShanghai } from '../shared/time';
import { calendarFor } from '../shared/workdays';
import type { CaseAction, CaseView } from './schemas';
import type { CaseDoc, CaseEntry } from './model';
import {
  ASSIGNEE_ROLE_LABEL,
  CASE_EVENT_LABEL,
  CASE_STATUS_LABEL,
  CLOCKED_CASE_STATUSES,
  OPEN_CASE_STATUSES,
  RESOLUTION_LABEL,
  type CaseHistoryEvent,
  type CaseStatus,
} from './machine';
import { isAssignee, isDeskFor, isFederationFor, isLead } from './step';
import { isNear } from './key-date';

const day = (ms: number) => formatShanghai(ms, 'M月D日');
const isOpen = (s: CaseStatus) => (OPEN_CASE_STATUSES as readonly CaseStatus[]).includes(s);

/** 周明（驻点律师） */
export const assigneeLabel = (d: Pick<CaseDoc, 'assignee'>) => (d.assignee ? `${d.assignee.name}（${ASSIGNEE_ROLE_LABEL[d.assignee.role]}）` : '承办人');

/** Who holds it now, in words: the desk's org, the assignee, 您本人 (the claimant reading), the quality check. */
export function ownerLabelOf(d: CaseDoc, claimantReading: boolean): string {
  switch (d.owner) {
    case 'desk':
      return d.ownerOrgName;
    case 'assignee':
      return assigneeLabel(d);
    case 'worker':
      return claimantReading ? '您本人' : d.anonymous ? '诉求人' : `诉求人${d.name}`;
    case 'quality':
      return `${d.ownerOrgName}（质检）`;
    default:
      return CASE_STATUS_LABEL[d.status];
  }
}

/** Working days the current step has waited (0 on its first day; 0 once the case is over). */
export function waitedDays(deps: Pick<Dependencies, 'config' | 'clock'>, d: Pick<CaseDoc, 'status' | 'stepStartedAt'>): number {
  return isOpen(d.status) ? calendarFor(deps.config.calendar).workingDaysBetween(d.stepStartedAt, deps.clock.now()) : 0;
}

/** 等待周明（驻点律师）签收，已等待1个工作日; on the step's first day what happened today; null once it is over. */
export function waitingTextOf(d: CaseDoc, days: number, claimantReading: boolean): string | null {
  // "waited 0 working days" reads like a fault on the first day: say what happened today instead
  const waited = (today: string) => (days === 0 ? `，${today}` : `，已等待${days}个工作日`);
  switch (d.status) {
    case 'received':
      return `等待${d.ownerOrgName}分派${waited('今天送达')}`;
    case 'assigned':
      return `等待${assigneeLabel(d)}签收${waited('今天送达')}`;
    case 'handling':
      if (d.ask) return claimantReading ? `请您补充：${d.ask.text}` : `等待诉求人补充说明${waited('今天送达')}`;
      return `${assigneeLabel(d)}办理中${waited('今天签收')}`;
    case 'resolved':
      return claimantReading ? '请您评价办理结果' : `等待诉求人评价${waited('今天办结')}`;
    case 'quality_check':
      return `等待${d.ownerOrgName}质检${waited('今天送达')}`;
    default:
      return null;
  }
}

/** ok, due_soon (due within one working day), overdue; none where no clock runs (回访 waits on the worker, closed cases). */
export function slaOf(deps: Pick<Dependencies, 'config' | 'clock'>, d: Pick<CaseDoc, 'status' | 'dueAt'>): CaseView['sla'] {
  if (!(CLOCKED_CASE_STATUSES as readonly CaseStatus[]).includes(d.status) || d.dueAt === null) return 'none';
  const now = deps.clock.now();
  if (now >= d.dueAt) return 'overdue';
  return calendarFor(deps.config.calendar).workingDaysBetween(now, d.dueAt) <= 1 ? 'due_soon' : 'ok';
}

// ---------------------------------------------------------------------------------------------
// Steps

type Step = CaseView['steps'][number];
const STEPS = ['受理', '分派', '签收', '办理', '办结', '回访', '质检', '结案'] as const;
/** The step index each open status stands at (closed: all done). */
const AT: Record<CaseStatus, number> = { received: 1, assigned: 2, handling: 3, resolved: 5, quality_check: 6, closed: 8, declined: -1, withdrawn: -1 };
/** The entries that complete each step (the latest one is the detail line). */
const COMPLETES: Array<readonly CaseHistoryEvent[]> = [
  ['submit', 'from_booking'],
  ['assign', 'reassign'],
  ['sign'],
  ['resolve'],
  ['resolve'],
  ['rate_satisfied', 'rate_unsatisfied', 'callback'],
  ['pass_quality'],
  ['pass_quality'],
];
const HANDLING_ENTRIES: readonly CaseHistoryEvent[] = ['note', 'visit', 'mediation', 'call'];

/** The status the case was in before its last move (where a decline or a withdrawal stopped it). */
function statusBeforeLast(d: CaseDoc): CaseStatus {
  const moves = d.timeline.filter((e) => e.to !== null);
  return moves.length >= 2 ? (moves[moves.length - 2].to as CaseStatus) : 'received';
}

/**
 * 受理 → 分派 → 签收 → 办理 → 办结 → 回访 → 质检 → 结案, each done, current or to come, detail lines
 * from `entries` (the viewer's: a claimant's never include an internal one). A declined or withdrawn
 * case ends early: the steps it passed, then what ended it.
 */
export function stepsOf(d: CaseDoc, entries: CaseEntry[], waiting: string | null): Step[] {
  const latest = (events: readonly CaseHistoryEvent[]) => [...entries].reverse().find((e) => events.includes(e.event)) ?? null;
  const doneDetail = (i: number): string | null => {
    if (i === 3) {
      const n = entries.filter((e) => HANDLING_ENTRIES.includes(e.event)).length;
      return n ? `办理记录${n}条` : null;
    }
    if (i === 7) return d.metrics.closedAt ? `${day(d.metrics.closedAt)} 结案` : null;
    const e = latest(COMPLETES[i]);
    if (!e) return null;
    const what = e.event === 'resolve' && d.resolution ? `办结：${RESOLUTION_LABEL[d.resolution.kind]}` : CASE_EVENT_LABEL[e.event];
    return `${day(e.at)} ${e.byName} ${what}`;
  };
  const ended = d.status === 'declined' || d.status === 'withdrawn';
  const at = ended ? AT[statusBeforeLast(d)] : AT[d.status];
  const shown = ended ? STEPS.slice(0, at) : STEPS;
  const steps: Step[] = shown.map((title, i) => {
    if (i < at) return { title, state: 'done', detail: doneDetail(i) };
    if (i === at) return { title, state: 'current', detail: waiting };
    return { title, state: 'todo', detail: null };
  });
  if (ended) {
    const last = latest([d.status === 'declined' ? 'decline' : 'withdraw']);
    steps.push({
      title: CASE_STATUS_LABEL[d.status],
      state: 'current',
      detail: last ? `${day(last.at)} ${last.byName}${last.note ? `：${last.note}` : ''}` : null,
    });
  }
  return steps;
}

// ---------------------------------------------------------------------------------------------
// Actions

type ActionKey = CaseAction['key'];
const ACTION: Record<ActionKey, Omit<CaseAction, 'key'>> = {
  assign: { label: '分派', needsNote: false, confirm: '分派后由承办人签收办理，逾期未签收将报上级督办' },
  reassign: { label: '改派', needsNote: false, confirm: '改派后原承办人不再办理，新承办人须重新签收' },
  transfer: { label: '转办', needsNote: true, confirm: '转办后由对方工会组织办理，本组织不再经手；诉求人可看到转办原因' },
  decline: { label: '不予受理', needsNote: true, confirm: '不予受理后诉求即告结束，诉求人将看到您写明的原因' },
  classify: { label: '确定复杂程度', needsNote: false, confirm: '将按所选复杂程度重新计算办结时限' },
  callback: { label: '记录电话回访', needsNote: false, confirm: '回访结果记为诉求人的评价：不满意将重新办理并报上级督办' },
  sign: { label: '签收', needsNote: false, confirm: '签收后由您承办，须在办结时限内办结' },
  return_assignment: { label: '退回派单', needsNote: true, confirm: '退回后由分派人改派，请写明不能承办的原因' },
  entry: { label: '记录办理过程', needsNote: true, confirm: null },
  ask: { label: '请诉求人补充', needsNote: true, confirm: '诉求人将收到通知，并看到您填写的补充要求' },
  resolve: { label: '办结', needsNote: true, confirm: '办结后请诉求人评价；诉求人不满意将重新办理' },
  pass_quality: { label: '质检通过，结案', needsNote: false, confirm: '通过后案件结案，不能再办理' },
  fail_quality: { label: '质检不通过', needsNote: true, confirm: '退回承办人重新办理，请写明不通过的原因' },
  legal_pre_approve: { label: '紧急预审，先行受理', needsNote: false, confirm: '立案或开庭日期临近：先行受理，之后仍须作出援助决定' },
  legal_approve: { label: '同意法律援助', needsNote: false, confirm: '同意后请出具委派函委派律师；诉求人将收到通知' },
  legal_refuse: { label: '不予法律援助', needsNote: true, confirm: '诉求人将看到不予援助的书面理由' },
  legal_appoint: { label: '委派律师（出具委派函）', needsNote: false, confirm: '出具委派函后由所选律师承办本案' },
  legal_report: { label: '提交结案报告', needsNote: true, confirm: '提交后即可办结本案' },
};

/**
 * What the caller may do now, from the status and their part: the desk (分派, 改派, 转办, 不予受理,
 * 复杂程度, 回访 once it is due, 记录), the assignee (签收, 退回, 记录, 请补充, 办结 — a legal-aid case
 * after its closing report), a federation officer (质检, the legal-aid decision and 委派函). Nobody
 * handles their own case (回避).
 */
/** `urgentDays`: the rules' legalAidUrgentDays (紧急预审 is offered exactly when the server would allow it: the key date near today). */
export function actionsFor(deps: Pick<Dependencies, 'clock'>, caller: Caller, d: CaseDoc, urgentDays: number): CaseAction[] {
  if (isLead(caller, d) || !isOpen(d.status)) return [];
  const desk = isDeskFor(caller, d);
  const assignee = isAssignee(caller, d);
  const federation = isFederationFor(caller, d);
  const keys: ActionKey[] = [];
  const s = d.status;
  if (desk) {
    if (s === 'received') keys.push('assign', 'transfer', 'decline', 'classify');
    if (s === 'assigned' || s === 'handling') keys.push('reassign', 'transfer', 'classify');
    // the worker has callbackWorkingDays to rate; the phone callback is for after that
    if (s === 'resolved' && d.dueAt !== null && deps.clock.now() >= d.dueAt) keys.push('callback');
  }
  if (assignee) {
    if (s === 'assigned') keys.push('sign', 'return_assignment');
    if (s === 'handling') {
      if (!d.ask) keys.push('ask');
      if (d.legalAid?.status === 'appointed') keys.push('legal_report');
      if (!d.legalAid || d.legalAid.report) keys.push('resolve');
    }
  }
  if (federation) {
    // never one's own case's 质检
    if (s === 'quality_check' && !assignee) keys.push('pass_quality', 'fail_quality');
    const la = d.legalAid;
    if (la && s !== 'resolved' && s !== 'quality_check') {
      if (la.status === 'applied' && isNear(la.keyDate, deps.clock.now(), urgentDays)) keys.push('legal_pre_approve');
      if (la.status === 'applied' || la.status === 'pre_approved') keys.push('legal_approve', 'legal_refuse');
      if (la.status === 'approved') keys.push('legal_appoint');
    }
  }
  if (desk || (assignee && s !== 'assigned')) keys.push('entry');
  return [...new Set(keys)].map((key) => ({ key, ...ACTION[key] }));
}

const WORKER_ACTION_LABEL = { reply: '补充说明', rate: '评价办理结果', withdraw: '撤回诉求', share: '邀请工友加入' } as const;

/** The claimant's: 补充说明 when asked; the lead's alone: 评价 once resolved, 撤回 before that; 邀请工友 on an open collective case. */
export function workerActionsFor(d: CaseDoc, lead: boolean, claimant: boolean): CaseView['workerActions'] {
  if (!claimant) return [];
  const keys: Array<keyof typeof WORKER_ACTION_LABEL> = [];
  if (d.ask && isOpen(d.status)) keys.push('reply');
  if (lead && d.status === 'resolved') keys.push('rate');
  if (lead && (d.status === 'received' || d.status === 'assigned' || d.status === 'handling')) keys.push('withdraw');
  // joining closes once the case is resolved (collective.ts): no card to share after that
  if (d.collective && d.shareCode && (d.status === 'received' || d.status === 'assigned' || d.status === 'handling')) keys.push('share');
  return keys.map((key) => ({ key, label: WORKER_ACTION_LABEL[key] }));
}
