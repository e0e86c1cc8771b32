/**
 * The one way an aid application changes status: the transition table decides the next status, the
 * step's owner and due date follow from it, and the write is a compare-and-set on `version`, so two
 * officers (or an officer and the timer) acting at once cannot both win. Also: who a caller is to an
 * application (the applicant, an officer covering the org that holds the step, finance).
 */
import type { Dependencies } from '../shared/ports';
import type { Caller } from '../shared/caller';
import { AppError, conflict } from '../shared/errors';
import { calendarFor } from '../shared/workdays';
import type { AidRules } from './rules';
import { AID_APPLICATIONS, type AidApplicationDoc } from './model';
import { AID_CLOSED_STATUSES, AID_STEP_OWNER, nextAidStatus, type AidHistoryEvent, type AidOwner, type AidStatus } from './machine';

export interface Actor {
  uid: string;
  name: string;
}
export const SYSTEM: Actor = { uid: 'system', name: '系统' };

/** The org that holds a step: the member's handling org for the union steps, the federation, the city above it. */
export function ownerOrgOf(d: Pick<AidApplicationDoc, 'orgId' | 'federationId' | 'cityId'>, owner: AidOwner | null): string | null {
  switch (owner) {
    case 'union':
      return d.orgId;
    case 'federation':
    case 'finance':
      return d.federationId;
    case 'upper':
      return d.cityId;
    default:
      return null;
  }
}

/** When the step entered at `from` in `status` is due: review steps by the rules' working days; others have no clock. */
export function dueFor(deps: Pick<Dependencies, 'config'>, rules: Pick<AidRules, 'stepWorkingDays'>, status: AidStatus, from: number): number | null {
  const days = (rules.stepWorkingDays as Partial<Record<AidStatus, number>>)[status];
  return days === undefined ? null : calendarFor(deps.config.calendar).addWorkingDays(from, days);
}

/**
 * Moves `d` by `event` (or records an escalation without moving), compare-and-set on its version.
 * `ownerOrgName` names the org that holds the next step (the caller resolves it). CONFLICT when
 * someone else changed the application first.
 */
export async function transition(
  deps: Dependencies,
  d: AidApplicationDoc,
  event: AidHistoryEvent,
  by: Actor,
  note: string | null,
  opts: { rules: Pick<AidRules, 'stepWorkingDays'>; ownerOrgName: (orgId: string) => Promise<string>; extra?: Partial<AidApplicationDoc> },
): Promise<AidApplicationDoc> {
  const to = event === 'escalate' ? d.status : nextAidStatus(d.status, event);
  const now = deps.clock.now();
  const moving = to !== d.status || event === 'resubmit';
  const owner = AID_STEP_OWNER[to] ?? null;
  const ownerOrgId = ownerOrgOf(d, owner);
  const next: Partial<AidApplicationDoc> = {
    status: to,
    owner,
    ownerOrgId,
    ownerOrgName: ownerOrgId ? await opts.ownerOrgName(ownerOrgId) : null,
    ...(moving ? { stepStartedAt: now, dueAt: dueFor(deps, opts.rules, to, now), escalated: false } : {}),
    ...(AID_CLOSED_STATUSES.includes(to) ? { closedAt: now } : {}),
    updatedAt: now,
    version: d.version + 1,
    ...opts.extra,
  };
  const entry = { at: now, event, by: by.uid, byName: by.name, to, note };
  const updated = await deps.store.update(AID_APPLICATIONS, d._id, { set: next as Record<string, unknown>, push: { history: entry } }, { version: d.version });
  if (!updated) throw conflict('该申请刚刚已被他人处理，请刷新后查看', { applicationId: d._id });
  return { ...d, ...next, history: [...d.history, entry] } as AidApplicationDoc;
}

const OFFICER = ['union_officer', 'federation_officer', 'admin'];

/** Whether one of the caller's officer grants covers `orgId`, an org on the application's scope path (root → handling org). */
export function coversOrg(caller: Caller, d: Pick<AidApplicationDoc, 'scope'>, orgId: string | null): boolean {
  if (!orgId) return false;
  const i = d.scope.indexOf(orgId);
  const above = i < 0 ? [] : d.scope.slice(0, i + 1);
  return caller.grants.some((g) => g.role === 'admin' || (OFFICER.includes(g.role) && above.includes(g.orgId)));
}

/** An officer whose grant covers the application's handling org (or any org above it). */
export function isOfficerFor(caller: Caller, d: Pick<AidApplicationDoc, 'scope'>): boolean {
  return caller.grants.some((g) => g.role === 'admin' || (OFFICER.includes(g.role) && d.scope.includes(g.orgId)));
}

/** A finance officer of the federation paying it (or an admin). */
export function isFinanceFor(caller: Caller, d: Pick<AidApplicationDoc, 'federationId' | 'cityId'>): boolean {
  return caller.grants.some((g) => g.role === 'admin' || (g.role === 'finance_officer' && (g.orgId === d.federationId || g.orgId === d.cityId)));
}

/** The owners the caller acts as on `d` now: the step's owner when one of their grants covers the org holding it. */
export function partiesOf(caller: Caller, d: AidApplicationDoc): AidOwner[] {
  const out: AidOwner[] = [];
  if (caller.uid && caller.uid === d.uid) out.push('worker');
  if (d.owner && d.owner !== 'worker' && d.owner !== 'finance' && coversOrg(caller, d, d.ownerOrgId)) out.push(d.owner);
  if (d.owner === 'finance' && isFinanceFor(caller, d)) out.push('finance');
  return out;
}

/** The applicant, an officer in scope, or finance once it is theirs to pay; NOT_FOUND otherwise (nothing tells a stranger it exists). */
export function assertCanSee(caller: Caller, d: AidApplicationDoc): void {
  if (caller.uid && caller.uid === d.uid) return;
  if (isOfficerFor(caller, d)) return;
  if (isFinanceFor(caller, d) && ['cleared', 'paid', 'payment_returned'].includes(d.status)) return;
  throw new AppError('NOT_FOUND', '帮扶申请不存在或已被删除');
}
