/**
 * The one way a case changes status: the transition table decides the next status; the step's owner
 * and due date follow from it; the timeline entry is pushed in the same write, a compare-and-set on
 * `version`, so two people (or a person and the timer) acting at once cannot both win. Also: who a
 * caller is to a case (the claimant, a co-claimant, the desk of the org holding it, the assignee, a
 * supervisor above), and entries that move nothing (notes, visits, asks), which need no version.
 */
import type { Dependencies } from '../shared/ports';
import type { Caller } from '../shared/caller';
import { AppError, conflict } from '../shared/errors';
import { calendarFor } from '../shared/workdays';
import type { Org } from '../org';
import type { CaseRules } from './rules';
import { CASES, CASE_CLAIMANTS, type CaseDoc, type CaseEntry, type ClaimantDoc } from './model';
import { CASE_STEP_OWNER, CLOSED_CASE_STATUSES, nextCaseStatus, type CaseEvent, type CaseStatus } from './machine';

export interface Actor {
  uid: string;
  name: string;
}
export const SYSTEM: Actor = { uid: 'system', name: '系统' };

type Clocks = Pick<CaseRules, 'dispatchWorkingDays' | 'signWorkingDays' | 'callbackWorkingDays' | 'qualityWorkingDays'>;

/** When the step entered at `from` in `status` is due. 办理 is due at the case's `resolveDueAt`; closed statuses have no clock. */
export function dueFor(deps: Pick<Dependencies, 'config'>, rules: Clocks, status: CaseStatus, from: number, resolveDueAt: number): number | null {
  const cal = calendarFor(deps.config.calendar);
  switch (status) {
    case 'received':
      return cal.addWorkingDays(from, rules.dispatchWorkingDays);
    case 'assigned':
      return cal.addWorkingDays(from, rules.signWorkingDays);
    case 'handling':
      return resolveDueAt;
    case 'resolved':
      return cal.addWorkingDays(from, rules.callbackWorkingDays);
    case 'quality_check':
      return cal.addWorkingDays(from, rules.qualityWorkingDays);
    default:
      return null;
  }
}

/** Where a case held by `org` sits in the tree: its desk, and the scope officers above it see it by (intake, a booking's case, 转办). */
export const heldBy = (org: Org): Pick<CaseDoc, 'ownerOrgId' | 'ownerOrgName' | 'federationId' | 'cityId' | 'scope'> => ({
  ownerOrgId: org._id,
  ownerOrgName: org.name,
  federationId: org.federationId,
  cityId: org.cityId,
  scope: [...org.ancestors, org._id],
});

export const caseIdOf = (deps: Pick<Dependencies, 'crypto'>, uid: string, key: string) => `cs_${deps.crypto.hash(`case|${uid}|${key}`).slice(0, 24)}`;
export const claimantIdOf = (deps: Pick<Dependencies, 'crypto'>, caseId: string, uid: string) =>
  `cc_${caseId}_${deps.crypto.hash(`claimant|${uid}`).slice(0, 16)}`;
/** 2026120100AB12: the report's Shanghai date and six of the id, what a person reads out on the phone */
export const caseNoOf = (date: string, id: string) => `${date.replace(/-/g, '')}${id.slice(-6).toUpperCase()}`;

export async function loadCase(deps: Pick<Dependencies, 'store'>, caseId: string): Promise<CaseDoc> {
  const d = await deps.store.get<CaseDoc>(CASES, caseId);
  if (!d) throw new AppError('NOT_FOUND', '诉求不存在或已被删除');
  return d;
}

export interface TransitionOpts {
  rules: Clocks;
  /** staff only (an internal reason for a reassignment, say); the worker never reads it */
  internal?: boolean;
  fileIds?: string[];
  /** fields set with the move (assignee, resolution, rating, metrics, a new owner org after 转办) */
  extra?: Partial<CaseDoc>;
}

/**
 * Moves `d` by `event`, compare-and-set on its version, the entry pushed in the same write.
 * CONFLICT when someone else changed the case first. The new owner org's name comes from
 * `extra.ownerOrgName` (转办) or stays.
 */
export async function transition(deps: Dependencies, d: CaseDoc, event: CaseEvent, by: Actor, note: string | null, opts: TransitionOpts): Promise<CaseDoc> {
  const to = nextCaseStatus(d.status, event);
  const now = deps.clock.now();
  const resolveDueAt = opts.extra?.resolveDueAt ?? d.resolveDueAt;
  const next: Partial<CaseDoc> = {
    status: to,
    owner: CASE_STEP_OWNER[to],
    stepStartedAt: now,
    dueAt: dueFor(deps, opts.rules, to, now, resolveDueAt),
    escalated: false,
    updatedAt: now,
    version: d.version + 1,
    ...opts.extra,
  };
  if (CLOSED_CASE_STATUSES.includes(to)) next.metrics = { ...d.metrics, ...opts.extra?.metrics, closedAt: now };
  const entry: CaseEntry = { at: now, event, by: by.uid, byName: by.name, to, note, internal: opts.internal ?? false, fileIds: opts.fileIds ?? [] };
  const ok = await deps.store.update(CASES, d._id, { set: next as Record<string, unknown>, push: { timeline: entry } }, { version: d.version });
  if (!ok) throw conflict('该案件刚刚已被他人处理，请刷新后查看', { caseId: d._id });
  return { ...d, ...next, timeline: [...d.timeline, entry] } as CaseDoc;
}

/**
 * An entry that moves nothing (a note, a visit, an ask, a reply, a co-claimant joining, an
 * escalation): pushed without a version condition, so a handler's note never fails because the
 * desk moved the case meanwhile. `set` goes with it (an ask, the escalated flag). Returns the case
 * as stored after the write.
 */
export async function appendEntry(
  deps: Dependencies,
  d: Pick<CaseDoc, '_id'>,
  entry: Omit<CaseEntry, 'at' | 'to'> & { to?: null },
  set: Partial<CaseDoc> = {},
): Promise<CaseDoc> {
  const now = deps.clock.now();
  const full: CaseEntry = { ...entry, at: now, to: null };
  const ok = await deps.store.update(CASES, d._id, { set: { ...set, updatedAt: now } as Record<string, unknown>, push: { timeline: full } });
  if (!ok) throw new AppError('NOT_FOUND', '诉求不存在或已被删除');
  return loadCase(deps, d._id);
}

// ---------------------------------------------------------------------------------------------
// Who the caller is to a case

const OFFICER = ['union_officer', 'federation_officer', 'admin'];

/** An officer whose grant covers the org holding the case (the org itself or one above it). */
export function isDeskFor(caller: Caller, d: Pick<CaseDoc, 'scope'>): boolean {
  return caller.grants.some((g) => g.role === 'admin' || (OFFICER.includes(g.role) && d.scope.includes(g.orgId)));
}

/** A federation officer (or admin) over the org holding it: 质检 and the legal-aid decision. */
export function isFederationFor(caller: Caller, d: Pick<CaseDoc, 'scope'>): boolean {
  return caller.grants.some((g) => g.role === 'admin' || (g.role === 'federation_officer' && d.scope.includes(g.orgId)));
}

export const isAssignee = (caller: Caller, d: Pick<CaseDoc, 'assigneeUid'>) => !!caller.uid && caller.uid === d.assigneeUid;
export const isLead = (caller: Caller, d: Pick<CaseDoc, 'uid'>) => !!caller.uid && caller.uid === d.uid;

/** The caller's co-claimant record on a collective case, or null. */
export async function claimantRecord(
  deps: Pick<Dependencies, 'store' | 'crypto'>,
  d: Pick<CaseDoc, '_id' | 'collective'>,
  uid: string | null,
): Promise<ClaimantDoc | null> {
  if (!uid || !d.collective) return null;
  return deps.store.get<ClaimantDoc>(CASE_CLAIMANTS, claimantIdOf(deps, d._id, uid));
}

export type Viewer = 'claimant' | 'handler';

/**
 * How the caller may see the case: `claimant` (the reporter or a co-claimant: the public timeline
 * only) or `handler` (the desk, the assignee, a supervisor above: everything). The handler's view wins for a
 * person who is both. NOT_FOUND otherwise: nothing tells a stranger a case exists. A lawyer or a
 * social worker is staff only on the cases assigned to them.
 */
export async function viewerOf(deps: Pick<Dependencies, 'store' | 'crypto'>, caller: Caller, d: CaseDoc): Promise<Viewer> {
  if (isDeskFor(caller, d) || isAssignee(caller, d)) return 'handler';
  if (isLead(caller, d) || (await claimantRecord(deps, d, caller.uid))) return 'claimant';
  throw new AppError('NOT_FOUND', '诉求不存在或已被删除');
}

/** Refuses an action with the reason when the caller is not who the step waits for. */
export function assertActs(ok: boolean, message: string): void {
  if (!ok) throw new AppError('FORBIDDEN', message);
}

/** The stale-screen check every versioned action makes first. */
export function assertVersion(d: Pick<CaseDoc, '_id' | 'version'>, version: number): void {
  if (d.version !== version) throw conflict('该案件刚刚已被他人处理，请刷新后查看', { caseId: d._id });
}

// ---------------------------------------------------------------------------------------------
// People picked on a screen (assignees, rota lawyers): an opaque handle, never the uid

const PERSON = 'caseperson';
/** The opaque reference to `uid`, good only for the staff member `by` it was shown to. */
export const personRef = (deps: Pick<Dependencies, 'crypto'>, by: string, uid: string) => deps.crypto.seal(`${PERSON}\n${by}\n${uid}`);
/** The uid a reference names; VALIDATION for anything else (forged, another officer's, damaged). */
export function personOf(deps: Pick<Dependencies, 'crypto'>, by: string, personId: string, path = 'personId'): string {
  let plain = '';
  try {
    plain = deps.crypto.open(personId);
  } catch {
    plain = '';
  }
  const [prefix, who, uid] = plain.split('\n');
  if (prefix !== PERSON || who !== by || !uid) throw new AppError('VALIDATION', '请重新选择人员', [{ path: [path], message: '请重新选择人员' }]);
  return uid;
}
