/**
 * Stored documents of the case context and their collections. Nobody else reads or writes them
 * (other contexts use core/case/index.ts).
 *
 * Natural unique keys are deterministic `_id`s (the only uniqueness CloudBase guarantees):
 * - a case per claimant and idempotency key: `cs_<hash(uid|key)>` (a resubmitted form is the same case);
 *   a case from a consultation booking: `cs_b_<hash(signupId)>` (one case per booking);
 * - a co-claimant per case and person: `cc_<caseId>_<hash(uid)>` (joining twice is joining once);
 * - the rules of an org: `<orgId>`; its duty rota: `<orgId>`;
 * - the 委派函 counter of a federation and year: `letter_<orgId>_<year>`, numbered by one conditional increment.
 * Money is whole yuan (integers). The timeline lives on the case document, pushed in the same
 * compare-and-set as the status it records; an entry marked `internal` is for staff only and no
 * worker-facing view ever includes it (views.ts builds the worker's view from public entries only).
 */
import type { CollectionSpec } from '../shared/docstore';
import type { AssigneeRole, CaseCategory, CaseHistoryEvent, CaseOwner, CaseStatus, Complexity, LegalAidStatus, LegalOutcome, Resolution } from './machine';
import type { CaseRules } from './rules';

export const CASES = 'cases';
export const CASE_CLAIMANTS = 'case_claimants';
export const CASE_RULES = 'case_rules';
export const CASE_ROTAS = 'case_rotas';
export const CASE_COUNTERS = 'case_counters';

export interface CaseEntry {
  at: number;
  event: CaseHistoryEvent;
  by: string;
  byName: string;
  /** the status after it (transitions), or null for an entry that moves nothing */
  to: CaseStatus | null;
  note: string | null;
  /** staff only: never in a worker's view, a notification to the worker, or an export for them */
  internal: boolean;
  /** attached evidence (file ids in `files`, owner = the case) */
  fileIds: string[];
  /** a visit's or mediation session's own time when it is recorded afterwards */
  happenedAt?: number | null;
}

export interface Assignee {
  uid: string;
  name: string;
  role: AssigneeRole;
}

export interface CollectiveFacts {
  /** workers concerned, as reported (the lead's estimate, e.g. 136) */
  workers: number;
  /** total owed, as reported, yuan */
  amountOwed: number;
  /** co-claimants who joined through the share card, the lead included */
  claimants: number;
  /** sum of the joined claimants' own amounts, yuan */
  claimedTotal: number;
}

export interface LegalAidDoc {
  status: LegalAidStatus;
  /** a filing, hearing or limitation date the worker gave (Shanghai date), making it urgent when near */
  keyDate: string | null;
  keyDateKind: 'filing' | 'hearing' | 'limitation' | null;
  /** the other party, the amount claimed */
  opponent: string;
  claimAmount: number;
  /** eligibility found at application: membership, and the aid file's hardship tier when there is one */
  eligibility: { member: boolean; memberOrgName: string | null; hardship: string | null; reasons: string[] };
  urgent: boolean;
  decisionDueAt: number;
  /** flagged once when the decision is overdue (escalation.ts); absent on a case written before it existed */
  escalated?: boolean;
  decidedAt: number | null;
  decidedBy: string | null;
  decisionNote: string | null;
  /** 委派函 */
  letter: { no: string; lawyerUid: string; lawyerName: string; issuedAt: number; issuedBy: string } | null;
  /** 结案报告 */
  report: { outcome: LegalOutcome; summary: string; recovered: number; fileIds: string[]; at: number; by: string } | null;
}

export interface CaseMetrics {
  receivedAt: number;
  assignedAt: number | null;
  signedAt: number | null;
  signedOnTime: boolean | null;
  resolvedAt: number | null;
  resolvedOnTime: boolean | null;
  closedAt: number | null;
  reopened: number;
  /** yuan recovered for the workers (the resolution's) */
  recovered: number;
}

/** The figures of a case received at `at`, nothing else having happened yet (`over`: what did at once, e.g. a booking's case assigned and signed). */
export const newMetrics = (at: number, over: Partial<CaseMetrics> = {}): CaseMetrics => ({
  receivedAt: at,
  assignedAt: null,
  signedAt: null,
  signedOnTime: null,
  resolvedAt: null,
  resolvedOnTime: null,
  closedAt: null,
  reopened: 0,
  recovered: 0,
  ...over,
});

export interface CaseDoc {
  _id: string;
  /** what a person reads out on the phone: 2026120100AB12 (date + 6 of the id) */
  no: string;
  /** the claimant (the lead of a collective case); kept for an anonymous suggestion too, shown to nobody but them */
  uid: string;
  name: string;
  anonymous: boolean;
  /** contact mobile, sealed; null when not given */
  mobileSealed: string | null;
  mobileMasked: string | null;
  /** membership at the time of the report */
  memberId: string | null;
  category: CaseCategory;
  itemKey: string;
  itemLabel: string;
  complexity: Complexity;
  title: string;
  description: string;
  fileIds: string[];
  /** the employer (picked from the park's enterprises), or null (意见建议 about the union) */
  enterpriseId: string | null;
  enterpriseName: string | null;
  /** the employer's union, when it has one (its officers may be assigned) */
  unionOrgId: string | null;
  /** the org that received the report (the federation over the employer, or the member's) */
  orgId: string;
  /** the org holding it now (changes on 转办) and its place in the tree: scope = ids root → it */
  ownerOrgId: string;
  ownerOrgName: string;
  federationId: string | null;
  cityId: string;
  scope: string[];
  status: CaseStatus;
  owner: CaseOwner | null;
  assignee: Assignee | null;
  /** top level for the assignee's queue index (null when unassigned) */
  assigneeUid: string | null;
  /** 0 urgent (collective, urgent legal aid), 1 otherwise: queues sort by it first */
  priority: 0 | 1;
  urgent: boolean;
  collective: CollectiveFacts | null;
  /** the co-claimants counted so far (collective.ts): `c<hash>` → true, so a retried join counts once */
  joined?: Record<string, true>;
  /** the share card's code for co-claimants (collective cases); null otherwise */
  shareCode: string | null;
  legalAid: LegalAidDoc | null;
  /** the step's clock */
  stepStartedAt: number;
  dueAt: number | null;
  escalated: boolean;
  /** 办结 due (from the report: the category's or complexity's working days; reset when reopened) */
  resolveDueAt: number;
  /** what is asked of the worker now (补充材料, 说明情况), until they reply */
  ask: { text: string; at: number; by: string } | null;
  resolution: { kind: Resolution; summary: string; recovered: number; fileIds: string[]; at: number; by: string; byName: string } | null;
  rating: { score: number; comment: string; at: number; via: 'worker' | 'callback'; by: string } | null;
  /** figures the federation's statistics count (set once, when each happens) */
  metrics: CaseMetrics;
  /** the consultation booking it came from (activity signup id) */
  bookingId: string | null;
  createdAt: number;
  updatedAt: number;
  version: number;
  timeline: CaseEntry[];
}

export interface ClaimantDoc {
  _id: string;
  caseId: string;
  uid: string;
  name: string;
  /** their own amount owed, yuan (masked to other claimants) */
  amountOwed: number;
  lead: boolean;
  joinedAt: number;
}

export interface CaseRulesDoc extends CaseRules {
  /** the org's id */
  _id: string;
  orgId: string;
  updatedAt: number;
  updatedBy: string;
}

/** Who is on duty: a weekly pattern (1 Monday … 7 Sunday) and dated exceptions, per federation. */
export interface RotaDoc {
  _id: string;
  orgId: string;
  weekly: Array<{ weekday: number; uid: string; name: string }>;
  dates: Array<{ date: string; uid: string; name: string }>;
  updatedAt: number;
  updatedBy: string;
}

export interface CounterDoc {
  _id: string;
  n: number;
}

const idx = (name: string, ...fields: Array<[string, 'asc' | 'desc']>) => ({ name, fields });

export const CASE_COLLECTIONS: CollectionSpec[] = [
  {
    name: CASES,
    indexes: [
      /** the desk's queue of an org: urgent first, then the oldest due */
      idx('owner_status_priority_due', ['ownerOrgId', 'asc'], ['status', 'asc'], ['priority', 'asc'], ['dueAt', 'asc']),
      /** supervising a federation's (or the city's) subtree */
      idx('federation_status_priority_due', ['federationId', 'asc'], ['status', 'asc'], ['priority', 'asc'], ['dueAt', 'asc']),
      idx('city_status_priority_due', ['cityId', 'asc'], ['status', 'asc'], ['priority', 'asc'], ['dueAt', 'asc']),
      /** the closed tab: the most recently ended first (closed cases have no clock) */
      idx('owner_status_updated', ['ownerOrgId', 'asc'], ['status', 'asc'], ['updatedAt', 'desc']),
      idx('federation_status_updated', ['federationId', 'asc'], ['status', 'asc'], ['updatedAt', 'desc']),
      idx('city_status_updated', ['cityId', 'asc'], ['status', 'asc'], ['updatedAt', 'desc']),
      /** a lawyer's, social worker's or officer's own assigned cases */
      idx('assignee_status_priority_due', ['assigneeUid', 'asc'], ['status', 'asc'], ['priority', 'asc'], ['dueAt', 'asc']),
      /** the worker's own cases */
      idx('uid_updated', ['uid', 'asc'], ['updatedAt', 'desc']),
      /** the escalation job */
      idx('status_escalated_due', ['status', 'asc'], ['escalated', 'asc'], ['dueAt', 'asc']),
      /** the escalation job: legal-aid decisions past their due date */
      idx('legal_status_escalated_due', ['legalAid.status', 'asc'], ['legalAid.escalated', 'asc'], ['legalAid.decisionDueAt', 'asc']),
      idx('share', ['shareCode', 'asc']),
      /** the federation's figures over a period */
      idx('federation_created', ['federationId', 'asc'], ['createdAt', 'asc']),
      idx('city_created', ['cityId', 'asc'], ['createdAt', 'asc']),
      idx('owner_created', ['ownerOrgId', 'asc'], ['createdAt', 'asc']),
    ],
  },
  {
    name: CASE_CLAIMANTS,
    indexes: [idx('case_joined', ['caseId', 'asc'], ['joinedAt', 'asc']), idx('uid_joined', ['uid', 'asc'], ['joinedAt', 'desc'])],
  },
  { name: CASE_RULES, indexes: [] },
  { name: CASE_ROTAS, indexes: [] },
  { name: CASE_COUNTERS, indexes: [] },
];
