/**
 * How an aid application looks to the one asking: the worker reads where it stands (the steps, who
 * holds it, for how many working days, what is missing), an officer sees the decisions open to
 * them, and the officer who decides the amount also sees the cap under the rules, the budget left
 * and the household figures the decision rests on.
 */
import type { Dependencies } from '../shared/ports';
import type { Caller } from '../shared/caller';
import { notFound, type ErrorIssue } from '../shared/errors';
import { queryAll } from '../shared/docstore';
import { FILES, type FileDoc } from '../shared/files';
import { formatShanghai } from '../shared/time';
import { mask } from '../shared/mask';
import { calendarFor } from '../shared/workdays';
import { getOrg } from '../org';
import type { ApplicationView } from './schemas';
import type { AidRules } from './rules';
import {
  AID_APPLICATIONS,
  AID_BUDGETS,
  AID_FILES,
  AID_LEDGER,
  AID_NOTICES,
  type AidApplicationDoc,
  type AidFileDoc,
  type BudgetDoc,
  type LedgerDoc,
  type NoticeDoc,
} from './model';
import {
  AID_CLOSED_STATUSES,
  AID_EVENT_LABEL,
  AID_REVIEW_STATUSES,
  AID_STATUS_LABEL,
  AID_TIER_LABEL,
  ATTACHMENT_LABEL,
  aidDecisionsFor,
  type AidHistoryEvent,
  type AidStatus,
} from './machine';
import { isOfficerFor, partiesOf } from './step';
import { rulesFor } from './rules-store';
import { fileMissing, perHeadMonthly } from './file';
import { applicationLabel, bankOf, budgetIdOfApp, capOf, isScholarship } from './programme';

export async function loadApplication(deps: Pick<Dependencies, 'store'>, id: string): Promise<AidApplicationDoc> {
  const d = await deps.store.get<AidApplicationDoc>(AID_APPLICATIONS, id);
  if (!d) throw notFound('帮扶申请');
  return d;
}

export async function loadFile(deps: Pick<Dependencies, 'store'>, d: Pick<AidApplicationDoc, 'fileId'>): Promise<AidFileDoc | null> {
  return d.fileId ? deps.store.get<AidFileDoc>(AID_FILES, d.fileId) : null;
}

/** The rules the application is decided under: the nearest up its handling org's tree for its year. */
export async function rulesOfApplication(deps: Dependencies, d: Pick<AidApplicationDoc, 'orgId' | 'year'>): Promise<AidRules | null> {
  return (await rulesFor(deps, await getOrg(deps, d.orgId), d.year))?.rules ?? null;
}

/**
 * Who a funding-ledger entry is for: the student for 助学 and the scholarship (both key on the
 * student's ID-number hash, so 助学 and 金秋助学 collide in their exclusive group), else the applicant.
 */
export function beneficiaryOf(d: AidApplicationDoc, file: AidFileDoc | null): string {
  if (d.beneficiary) return d.beneficiary.idHash;
  if (d.kind !== 'study' || !d.student || d.student.memberIndex === null) return d.idHash;
  // a child without an ID number on file is still one person: the household file and their row
  return file?.household[d.student.memberIndex]?.idHash ?? `${d.fileId}_m${d.student.memberIndex}`;
}

/** What the caps are counted against: this household's other aid this year, and this kind over all years (never this application's own entry). */
export async function capHistory(deps: Pick<Dependencies, 'store'>, d: AidApplicationDoc): Promise<{ priorThisYear: LedgerDoc[]; lifetimeOfKind: number }> {
  // no file (a scholarship family that passed the campaign's own test): no household history to count
  if (!d.fileId) return { priorThisYear: [], lifetimeOfKind: 0 };
  const all = (await queryAll<LedgerDoc>(deps.store, AID_LEDGER, { where: { fileId: d.fileId } })).filter((l) => l.applicationId !== d._id);
  return {
    priorThisYear: all.filter((l) => l.year === d.year),
    lifetimeOfKind: all.filter((l) => l.kind === d.kind).reduce((n, l) => n + l.amount, 0),
  };
}

export const budgetIdOf = budgetIdOfApp;

/** What the application itself still lacks for its kind (the file's gaps come from `fileMissing`). */
export function applicationGaps(d: AidApplicationDoc, file: AidFileDoc): ErrorIssue[] {
  const out: ErrorIssue[] = [];
  if (!d.reason) out.push({ path: ['reason'], message: '请写明申请事由' });
  if (d.requestedAmount < 1) out.push({ path: ['requestedAmount'], message: '请填写申请金额' });
  if (d.kind === 'medical' && (d.outOfPocket === null || d.outOfPocket < 1)) out.push({ path: ['outOfPocket'], message: '医疗救助请填写医保报销后的自付费用' });
  if (d.kind === 'study') {
    const child = d.student && d.student.memberIndex !== null ? file.household[d.student.memberIndex] : undefined;
    if (!d.student) out.push({ path: ['student'], message: '助学请填写就读的学生、学校和年级' });
    else if (!child || child.relation === 'self') out.push({ path: ['student', 'memberIndex'], message: '请从档案的家庭成员中选择就读的学生' });
  }
  return out;
}

const day = (ms: number) => formatShanghai(ms, 'M月D日');

type Step = ApplicationView['steps'][number];
const STEP = {
  submit: '提交申请',
  first: '工会初审',
  review: '入户调查复核',
  federation: '联合会审批',
  upper: '上级审批',
  notice: '公示',
  pay: '发放',
} as const;
type StepKey = keyof typeof STEP;
/** The step each status stands at, and the events that complete a step. */
const STEP_OF: Record<AidStatus, StepKey | null> = {
  draft: 'submit',
  returned: 'submit',
  first_check: 'first',
  union_review: 'review',
  federation_review: 'federation',
  upper_review: 'upper',
  approved: 'notice',
  in_notice: 'notice',
  cleared: 'pay',
  payment_returned: 'pay',
  paid: null,
  rejected: null,
  withdrawn: null,
  stopped: null,
};
const COMPLETES: Partial<Record<AidHistoryEvent, StepKey>> = {
  submit: 'submit',
  resubmit: 'submit',
  pass_first_check: 'first',
  recommend: 'review',
  approve: 'federation',
  refer_upper: 'federation',
  upper_approve: 'upper',
  clear: 'notice',
  pay: 'pay',
};

/** The status an application was in before its last history entry (where a rejection or withdrawal stopped it). */
function statusBeforeLast(d: AidApplicationDoc): AidStatus {
  const h = d.history;
  return h.length >= 2 ? h[h.length - 2].to : 'draft';
}

/** 提交申请 → 工会初审 → 入户调查复核 → 联合会审批 → (上级审批) → 公示 → 发放, each done, current or to come. */
export function stepsOf(d: AidApplicationDoc, waiting: string | null): Step[] {
  const upper = d.status === 'upper_review' || d.history.some((h) => h.event === 'refer_upper');
  const keys = (Object.keys(STEP) as StepKey[]).filter((k) => k !== 'upper' || upper);
  const last = d.history[d.history.length - 1];
  const ended = d.status === 'rejected' || d.status === 'withdrawn' || d.status === 'stopped';
  const at: StepKey | null = ended ? STEP_OF[statusBeforeLast(d)] : STEP_OF[d.status];
  const currentIndex = d.status === 'paid' ? keys.length : at ? keys.indexOf(at) : -1;
  return keys.map((k, i) => {
    if (i < currentIndex) {
      const done = [...d.history].reverse().find((h) => COMPLETES[h.event] === k);
      return { title: STEP[k], state: 'done', detail: done ? `${day(done.at)} ${done.byName} ${AID_EVENT_LABEL[done.event]}` : null };
    }
    if (i === currentIndex) {
      if (ended && last) return { title: STEP[k], state: 'current', detail: `${AID_STATUS_LABEL[d.status]}${last.note ? `：${last.note}` : ''}` };
      if (d.status === 'returned') {
        const note = [...d.history].reverse().find((h) => h.event === 'return')?.note;
        const missing = d.missing.length ? `；请补充：${d.missing.join('、')}` : '';
        return { title: STEP[k], state: 'current', detail: `退回补正${note ? `：${note}` : ''}${missing}` };
      }
      return { title: STEP[k], state: 'current', detail: waiting };
    }
    return { title: STEP[k], state: 'todo', detail: null };
  });
}

/** 等待星海精密制造工会审核，已等待2个工作日 (and the like for the other steps); null where nobody is waited on. */
function waitingTextOf(d: AidApplicationDoc, days: number, isApplicant: boolean, notice: NoticeDoc | null): string | null {
  // on its first day, "waited 0 working days" reads like a fault: say what happened today instead
  const waited = (today = '今天送达') => (days === 0 ? `，${today}` : `，已等待${days}个工作日`);
  if ((AID_REVIEW_STATUSES as readonly string[]).includes(d.status)) return `等待${d.ownerOrgName ?? '上级工会'}审核${waited()}`;
  switch (d.status) {
    case 'returned':
      return `等待${isApplicant ? '您' : '申请人'}补正材料${waited('今天退回')}`;
    case 'approved':
      return `已批准，等待${d.ownerOrgName ?? '联合会'}列入公示${waited('今天批准')}`;
    case 'in_notice':
      return notice ? `公示中，${day(notice.closesAt)}公示期满` : '公示中';
    case 'cleared':
    case 'payment_returned':
      return `等待${d.ownerOrgName ?? '联合会'}财务发放${waited('今天可发放')}`;
    default:
      return null;
  }
}

function ownerLabelOf(d: AidApplicationDoc, isApplicant: boolean): string {
  switch (d.owner) {
    case 'worker':
      return isApplicant ? '您本人' : `申请人${d.name}`;
    case 'union':
    case 'federation':
    case 'upper':
      return d.ownerOrgName ?? '—';
    case 'finance':
      return `${d.ownerOrgName ?? '联合会'}财务`;
    default:
      return AID_CLOSED_STATUSES.includes(d.status) ? '已办结' : d.status === 'in_notice' ? '公示期间' : '—';
  }
}

function slaOf(deps: Dependencies, d: AidApplicationDoc): ApplicationView['sla'] {
  if (!(AID_REVIEW_STATUSES as readonly string[]).includes(d.status) || d.dueAt === null) return 'none';
  const now = deps.clock.now();
  if (now >= d.dueAt) return 'overdue';
  // due today (no working day left before it): the officer should act now
  return calendarFor(deps.config.calendar).workingDaysBetween(now, d.dueAt) === 0 ? 'due_soon' : 'ok';
}

const WORKER_ACTION_LABEL = { edit: '修改申请', submit: '提交申请', withdraw: '撤回申请', resubmit: '补正后重新提交' } as const;
type WorkerAction = keyof typeof WORKER_ACTION_LABEL;
const WORKER_ACTIONS: Partial<Record<AidStatus, WorkerAction[]>> = {
  draft: ['edit', 'submit', 'withdraw'],
  returned: ['edit', 'resubmit', 'withdraw'],
  first_check: ['withdraw'],
  union_review: ['withdraw'],
};

/** The decisions open to the caller: the step's owner's, never on their own application (回避). */
export function decisionsFor(caller: Caller, d: AidApplicationDoc) {
  if (caller.uid && caller.uid === d.uid) return [];
  const all = aidDecisionsFor(d.status, partiesOf(caller, d));
  // a scholarship application is completed in its campaign, not here: no return for more material (see review.ts)
  return isScholarship(d) ? all.filter((a) => a.key !== 'return') : all;
}

/**
 * The application as `caller` sees it. `detail: false` (queue lines) leaves out the cap and the
 * facts, which cost the rules and the ledger per line; opening the application shows them.
 */
export async function toApplicationView(deps: Dependencies, d: AidApplicationDoc, caller: Caller, opts: { detail?: boolean } = {}): Promise<ApplicationView> {
  const isApplicant = !!caller.uid && caller.uid === d.uid;
  const file = await loadFile(deps, d);
  const notice = d.noticeId ? await deps.store.get<NoticeDoc>(AID_NOTICES, d.noticeId) : null;
  const now = deps.clock.now();
  const open = !AID_CLOSED_STATUSES.includes(d.status);
  const days = open ? calendarFor(deps.config.calendar).workingDaysBetween(d.stepStartedAt, now) : 0;
  const waitingText = waitingTextOf(d, days, isApplicant, notice);
  const actions = decisionsFor(caller, d);

  let cap: ApplicationView['cap'] = null;
  let facts: ApplicationView['facts'] = null;
  // officers see the household's figures at every step (the union's first check and review rest on them too); the cap only who sets the amount
  const officer = !isApplicant && isOfficerFor(caller, d);
  if (opts.detail !== false && officer) {
    const rules = await rulesOfApplication(deps, d);
    const c = rules && actions.some((a) => a.needsAmount) ? capOf(rules, d, d.requestedAmount, await capHistory(deps, d)) : null;
    if (c) {
      const budget = await deps.store.get<BudgetDoc>(AID_BUDGETS, budgetIdOf(d));
      cap = { max: c.max, reasons: c.reasons, budgetLeft: budget ? budget.total - budget.committed : null };
    }
    facts = {
      householdSize: file?.household.length ?? 0,
      perHeadMonthly: file ? perHeadMonthly(file) : null,
      dibaoMonthly: rules?.dibaoMonthly ?? 0,
      tierSuggested: d.tier ? AID_TIER_LABEL[d.tier] : null,
    };
  }

  const attachments: ApplicationView['attachments'] = [];
  // an officer checks the household's papers (ID cards, 户口簿, 单位证明 on the file) next to the application's own
  const papers = opts.detail !== false && officer && file ? [...file.attachments, ...d.attachments] : d.attachments;
  for (const a of papers) {
    const f = await deps.store.get<FileDoc>(FILES, a.fileId);
    if (f) attachments.push({ kind: a.kind, kindLabel: ATTACHMENT_LABEL[a.kind], file: { id: f._id, name: f.name, contentType: f.contentType, size: f.size } });
  }
  // the applicant, while it is theirs to complete, sees everything still missing: the officer's list, the file's gaps, the form's
  const completing = isApplicant && (d.status === 'draft' || d.status === 'returned');
  const gaps = !completing
    ? []
    : file
      ? [...fileMissing(file, d.kind, d.attachments), ...applicationGaps(d, file)].map((m) => m.message)
      : ['请先填写困难职工档案'];
  const missing = [...new Set([...d.missing, ...gaps])];
  const paying = d.payment !== null || d.status === 'cleared' || d.status === 'paid' || d.status === 'payment_returned';
  const studentName = d.beneficiary?.name ?? (d.student?.memberIndex != null ? file?.household[d.student.memberIndex]?.name : undefined) ?? '';
  const student = d.student ? { name: studentName, school: d.student.school, grade: d.student.grade } : null;
  const bank = bankOf(d, file);

  return {
    id: d._id,
    kind: d.kind,
    kindLabel: applicationLabel(d),
    status: d.status,
    statusLabel: AID_STATUS_LABEL[d.status],
    name: d.name,
    orgName: d.orgName,
    year: d.year,
    reason: d.reason,
    requestedAmount: d.requestedAmount,
    outOfPocket: d.outOfPocket,
    student,
    attachments,
    tier: d.tier,
    tierLabel: d.tier ? AID_TIER_LABEL[d.tier] : null,
    amount: d.amount,
    ownerLabel: ownerLabelOf(d, isApplicant),
    waitingText,
    waitingWorkingDays: days,
    dueAt: d.dueAt,
    sla: slaOf(deps, d),
    escalated: d.escalated,
    missing,
    steps: stepsOf(d, waitingText),
    notice: notice ? { noticeId: notice._id, closesAt: notice.closesAt } : null,
    payment: paying
      ? {
          bankMasked: bank ? `${bank.bankName} ${mask('bankAccount', bank.accountLast4)}` : '未填写银行账户',
          paidAt: d.payment?.paidAt ?? null,
          returnedAt: d.payment?.returnedAt ?? null,
          note: d.payment?.note ?? null,
        }
      : null,
    cap,
    facts,
    submittedAt: d.submittedAt,
    updatedAt: d.updatedAt,
    version: d.version,
    history: d.history.map((h) => ({ at: h.at, event: h.event, eventLabel: AID_EVENT_LABEL[h.event], byName: h.byName, note: h.note })),
    actions,
    workerActions: isApplicant ? (WORKER_ACTIONS[d.status] ?? []).map((key) => ({ key, label: WORKER_ACTION_LABEL[key] })) : [],
  };
}
