/**
 * What the member context shows: an application as its applicant or an officer sees it, a
 * membership. The server decides here what the viewer may do (`actions`) and says it in words
 * (labels, 会龄), so the pages render and hold no status rules.
 */
import type { Dependencies } from '../shared/ports';
import { mask } from '../shared/mask';
import { calendarFor } from '../shared/workdays';
import { shanghaiDate } from '../shared/time';
import { ACTOR_LABEL, HISTORY_LABEL, OPEN_STATUSES, STATUS_LABEL, allowedEvents } from './machine';
import type { DECISIONS, ApplicationAction, ApplicationView, MemberView } from './contract';
import { APPLICATIONS, PERSONS, personIdFor, type ApplicationDoc, type MemberDoc, type PersonDoc } from './model';

export const calendarOf = (deps: Dependencies) => calendarFor(deps.config.calendar);

/** The words on each action's button. */
const ACTION_LABEL: Record<ApplicationAction['key'], string> = {
  approve: '通过',
  request_info: '要求补充',
  reject: '不予通过',
  resubmit: '重新提交',
  withdraw: '撤回申请',
  apply_again: '重新申请',
};
const action = (key: ApplicationAction['key']): ApplicationAction => ({ key, label: ACTION_LABEL[key] });

/** The decisions in the order their buttons stand. */
const DECISION_ORDER = ['approve', 'request_info', 'reject'] as const satisfies ReadonlyArray<(typeof DECISIONS)[number]>;

/** An officer who may decide it (in scope): the decisions the table allows from its status. */
export const officerActions = (doc: ApplicationDoc): ApplicationAction[] => DECISION_ORDER.filter((d) => allowedEvents(doc.status).includes(d)).map(action);

/** The applicant: what the table lets them do, and applying again once it is closed without a membership. */
export function workerActions(doc: ApplicationDoc, isMember: boolean): ApplicationAction[] {
  const allowed = allowedEvents(doc.status);
  const out: ApplicationAction[] = [];
  if (allowed.includes('resubmit')) out.push(action('resubmit'));
  if (allowed.includes('withdraw')) out.push(action('withdraw'));
  if ((doc.status === 'rejected' || doc.status === 'withdrawn') && !isMember) out.push(action('apply_again'));
  return out;
}

export function toApplicationView(deps: Dependencies, doc: ApplicationDoc, actions: ApplicationAction[] = []): ApplicationView {
  const cal = calendarOf(deps);
  const now = deps.clock.now();
  const open = OPEN_STATUSES.includes(doc.status);
  const end = open ? now : (doc.history[doc.history.length - 1]?.at ?? now);
  const slaActive = doc.status === 'pending';
  let sla: ApplicationView['sla'] = 'ok';
  if (slaActive) {
    if (now >= doc.dueAt) sla = 'overdue';
    else if (now >= cal.addWorkingDays(doc.queuedAt, Math.max(0, deps.config.joinSlaWorkingDays - 1))) sla = 'due_soon';
  }
  return {
    id: doc._id,
    status: doc.status,
    statusLabel: STATUS_LABEL[doc.status],
    name: doc.name,
    idNumberMasked: mask('idNumber', deps.crypto.open(doc.idSealed)),
    mobileMasked: mask('mobile', deps.crypto.open(doc.mobileSealed)),
    enterpriseId: doc.enterpriseId,
    enterpriseName: doc.enterpriseName,
    job: doc.job,
    migrantWorker: doc.migrantWorker,
    orgId: doc.orgId,
    orgName: doc.orgName,
    viaFederation: doc.viaFederation,
    submittedAt: doc.submittedAt,
    queuedAt: doc.queuedAt,
    dueAt: doc.dueAt,
    ageWorkingDays: cal.workingDaysBetween(doc.queuedAt, end),
    sla,
    slaActive,
    escalated: doc.escalated,
    reason: doc.reason,
    memberNo: doc.memberNo,
    version: doc.version,
    history: doc.history.map((h) => ({ ...h, eventLabel: HISTORY_LABEL[h.event], actorLabel: ACTOR_LABEL[h.actor] })),
    actions,
    contested: doc.contested ?? false,
  };
}

/**
 * The worker's own view: whether someone else used the same ID number is for the officer to know.
 * `isMember` (whether the account holds a membership) is known to `myStatus`; an account with an
 * application in hand has none.
 */
export const ownView = (deps: Dependencies, doc: ApplicationDoc, isMember = false): ApplicationView => ({
  ...toApplicationView(deps, doc, workerActions(doc, isMember)),
  contested: false,
});

/** For the officer: the other applications for the same person and whether the person is a member already. */
export async function competingFor(deps: Dependencies, doc: ApplicationDoc): Promise<NonNullable<ApplicationView['competing']>> {
  const [others, person] = await Promise.all([
    deps.store.query<ApplicationDoc>(APPLICATIONS, { where: { idHash: doc.idHash }, limit: 20 }),
    deps.store.get<PersonDoc>(PERSONS, personIdFor(doc.idHash)),
  ]);
  return {
    applications: others.items
      .filter((o) => o._id !== doc._id)
      .sort((a, b) => a.submittedAt - b.submittedAt)
      .map((o) => ({
        id: o._id,
        status: o.status,
        statusLabel: STATUS_LABEL[o.status],
        orgName: o.orgName,
        enterpriseName: o.enterpriseName,
        submittedAt: o.submittedAt,
      })),
    isMember: !!person?.memberId,
  };
}

/** 会龄: whole years from the joining day to `now`, both as calendar dates in Shanghai (an anniversary counts on its day). */
export function seniorityYears(joinedAt: number, now: number): number {
  const [y0, m0, d0] = shanghaiDate(joinedAt).split('-').map(Number);
  const [y1, m1, d1] = shanghaiDate(now).split('-').map(Number);
  const before = m1 < m0 || (m1 === m0 && d1 < d0);
  return Math.max(0, y1 - y0 - (before ? 1 : 0));
}

export function toMemberView(deps: Dependencies, m: MemberDoc): MemberView {
  return {
    memberNo: m.memberNo,
    name: m.name,
    idNumberMasked: mask('idNumber', deps.crypto.open(m.idSealed)),
    orgId: m.orgId,
    orgName: m.orgName,
    enterpriseName: m.enterpriseName,
    joinedAt: m.joinedAt,
    seniorityYears: seniorityYears(m.joinedAt, deps.clock.now()),
    status: m.status,
  };
}
