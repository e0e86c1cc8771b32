/**
 * Stored documents of the aid context and their collections. Nobody else reads or writes them; the
 * scholarship context uses the funding ledger, budgets, notices and payments through core/aid/index.ts.
 *
 * Natural unique keys are deterministic `_id`s (the only uniqueness CloudBase guarantees):
 * - a file per applicant: `af_<hash of the applicant's ID number>`; each household member's ID
 *   number holds a lock `ahp_<hash>` naming the file, so no person is in two files (一户一档);
 * - a funding-ledger entry per programme group, year and beneficiary: `ag_<group>_<year>_<hash>`,
 *   so the same person is never funded twice for the same need in a year, across programmes;
 * - a budget per org, year and programme: `ab_<orgId>_<year>_<programme>`, reserved by one
 *   conditional increment (never above its total);
 * - an application per idempotency key: `aa_<uid>_<key>`.
 * Money is whole yuan (integers).
 */
import type { CollectionSpec } from '../shared/docstore';
import type {
  AidEvent,
  AidHistoryEvent,
  AidKind,
  AidOwner,
  AidStatus,
  AidTier,
  AttachmentKind,
  Cause,
  CloseReason,
  FileEvent,
  FileStatus,
  Health,
  NoticeStatus,
  ObjectionRuling,
  ObjectionStatus,
  Relation,
} from './machine';
import type { AidRules } from './rules';

export const AID_RULES = 'aid_rules';
export const AID_FILES = 'aid_files';
export const AID_HOUSEHOLD_LOCKS = 'aid_household_locks';
export const AID_APPLICATIONS = 'aid_applications';
export const AID_LEDGER = 'aid_ledger';
export const AID_BUDGETS = 'aid_budgets';
export const AID_NOTICES = 'aid_notices';
export const AID_OBJECTIONS = 'aid_objections';

export interface AidRulesDoc extends AidRules {
  /** `<orgId>_<year>` */
  _id: string;
  updatedAt: number;
  updatedBy: string;
}

export interface HouseholdMember {
  name: string;
  relation: Relation;
  /** sealed ID number and its keyed hash (the 一户一档 lock); null for a member without one recorded */
  idSealed: string | null;
  idHash: string | null;
  birthYear: number;
  /** yuan per month */
  monthlyIncome: number;
  health: Health;
  /** school or employer, free text */
  schoolOrWork: string;
}

export interface AidAttachment {
  kind: AttachmentKind;
  fileId: string;
}

export interface FileHistoryEntry {
  at: number;
  event: FileEvent | 'create' | 'update';
  by: string;
  byName: string;
  note: string | null;
}

/** The hardship file (困难职工档案, 一户一档) of a member's household. */
export interface AidFileDoc {
  _id: string;
  status: FileStatus;
  uid: string;
  memberId: string;
  /** the applicant, as on the membership */
  name: string;
  idHash: string;
  /** the handling org (the member's union, or the federation) and its scope */
  orgId: string;
  orgName: string;
  federationId: string | null;
  cityId: string;
  /** the handling org and every org above it */
  scope: string[];
  household: HouseholdMember[];
  /** yuan per year, the whole household's disposable income; null until the worker enters it (0 is a real answer) */
  yearlyIncome: number | null;
  /** yuan per year: illness, disability, schooling costs and the necessary costs of working (刚性支出); null until entered */
  rigidCosts: number | null;
  causes: { primary: Cause; secondary: Cause | null; story: string } | null;
  /** sealed bank account (开户银行, 卡号); shown masked, in full only in the payment export */
  bank: { bankName: string; accountSealed: string; accountLast4: string } | null;
  attachments: AidAttachment[];
  /** separate consents (PIPL Art. 28): household members' data, and sensitive data (health, finances) */
  consent: { householdAt: number | null; sensitiveAt: number | null };
  /** the tier last assessed on approval */
  tier: AidTier | null;
  activatedAt: number | null;
  reverifyDueAt: number | null;
  reminderSentFor: number | null;
  closedAt: number | null;
  closeReason: CloseReason | null;
  version: number;
  updatedAt: number;
  history: FileHistoryEntry[];
}

export interface HouseholdLockDoc {
  _id: string;
  fileId: string;
}

export interface AidHistoryEntry {
  at: number;
  event: AidHistoryEvent;
  by: string;
  byName: string;
  to: AidStatus;
  note: string | null;
}

/**
 * The programmes an application belongs to: hardship aid (困难帮扶, the worker applies here) or the
 * autumn scholarship (金秋助学, filed by its campaign through core/aid/external.ts, reviewed, noticed
 * and paid by the same rules).
 */
export type AidProgramme = 'hardship' | 'scholarship';

/** An aid application (帮扶申请). */
export interface AidApplicationDoc {
  _id: string;
  uid: string;
  /** absent on documents written before the scholarship joined: read as 'hardship' (core/aid/programme.ts) */
  programme?: AidProgramme;
  /** the scholarship campaign and its application this one was filed from (null or absent: hardship aid) */
  campaignId?: string | null;
  sourceId?: string | null;
  /** the household's hardship file; null for a scholarship family that passed the campaign's own income test */
  fileId: string | null;
  kind: AidKind;
  status: AidStatus;
  owner: AidOwner | null;
  /** the org holding the current step (the union, the federation, the level above) */
  ownerOrgId: string | null;
  ownerOrgName: string | null;
  name: string;
  idHash: string;
  orgId: string;
  orgName: string;
  federationId: string;
  cityId: string;
  scope: string[];
  year: number;
  /** what happened, in the worker's words */
  reason: string;
  requestedAmount: number;
  /** medical: the out-of-pocket cost after insurance (yuan) */
  outOfPocket: number | null;
  /**
   * study: the student, school and grade; the beneficiary for the funding ledger. Hardship 助学 names
   * a household member of the file; a scholarship's student is `beneficiary` (memberIndex null).
   */
  student: { memberIndex: number | null; school: string; grade: string } | null;
  /** the person funded when not on a file (the scholarship's student: name and ID-number hash only) */
  beneficiary?: { name: string; idHash: string } | null;
  /** the scholarship plan's amount for this student: the cap of the approval (caps by tier do not apply) */
  planAmount?: number | null;
  /** the org whose budget funds it when not the federation (the org running the campaign) */
  fundOrgId?: string | null;
  /** the account given with the application (scholarship); hardship aid is paid to the file's account */
  bank?: { bankName: string; accountSealed: string; accountLast4: string } | null;
  attachments: AidAttachment[];
  /** the tier assessed at submission (the federation may confirm another on approval) */
  tier: AidTier | null;
  amount: number | null;
  /** what the worker is asked to add, on return */
  missing: string[];
  ledgerId: string | null;
  budgetId: string | null;
  noticeId: string | null;
  payment: { exportedAt: number | null; paidAt: number | null; returnedAt: number | null; note: string | null } | null;
  stepStartedAt: number;
  dueAt: number | null;
  escalated: boolean;
  submittedAt: number | null;
  closedAt: number | null;
  updatedAt: number;
  version: number;
  history: AidHistoryEntry[];
}

/**
 * A funding-ledger entry: one beneficiary, one programme group, one year. Inserted before the
 * budget is reserved and removed if the approval does not go through (the reconcile job removes
 * one whose approval was cut off).
 */
export interface LedgerDoc {
  _id: string;
  programme: string;
  year: number;
  beneficiaryHash: string;
  applicationId: string;
  amount: number;
  /** the household file (for per-year and lifetime limits; null: a scholarship family without one) and the kind */
  fileId: string | null;
  kind: string;
  /** the budget it reserved (`ab_<orgId>_<year>_<programme>`): the reconcile job sums a budget's entries */
  budgetId: string;
  /** set by the one release that wins the claim, so a retried release never gives the money back twice */
  releasing?: boolean;
  at: number;
}

export interface BudgetDoc {
  _id: string;
  orgId: string;
  year: number;
  programme: string;
  total: number;
  committed: number;
  updatedAt: number;
}

export interface NoticeEntry {
  applicationId: string;
  /** public text only, made by the masking module: never an ID number, phone, address or illness */
  publicName: string;
  unionName: string;
  kindLabel: string | null;
  amount: number | null;
  /** listed, objected (an objection pending), cleared, stopped, revised */
  state: 'listed' | 'objected' | 'cleared' | 'stopped' | 'revised';
}

/** A public notice (公示) of approved aid. */
export interface NoticeDoc {
  _id: string;
  /** the federation publishing it; its members (the org's scope) see it */
  orgId: string;
  orgName: string;
  scope: string[];
  programme: string;
  title: string;
  status: NoticeStatus;
  opensAt: number;
  closesAt: number;
  entries: NoticeEntry[];
  publishedBy: string;
  archivedAt: number | null;
  version: number;
}

export interface ObjectionDoc {
  _id: string;
  noticeId: string;
  applicationId: string;
  /** the objector: never shown to anyone but the officers ruling (and then only as 已核实身份) */
  objectorUid: string;
  reason: string;
  fileIds: string[];
  status: ObjectionStatus;
  ruling: ObjectionRuling | null;
  rulingNote: string | null;
  ruledBy: string | null;
  submittedAt: number;
  ruledAt: number | null;
  version: number;
}

/** Events the payment roster writes back per row. */
export type PaymentEvent = Extract<AidEvent, 'pay' | 'bounce' | 'reissue'>;

const idx = (name: string, ...fields: Array<[string, 'asc' | 'desc']>) => ({ name, fields });

export const AID_COLLECTIONS: CollectionSpec[] = [
  { name: AID_RULES, indexes: [] },
  {
    name: AID_FILES,
    indexes: [
      idx('uid', ['uid', 'asc']),
      idx('org_status_reverify', ['orgId', 'asc'], ['status', 'asc'], ['reverifyDueAt', 'asc']),
      /** a federation's (or the city's) files, for the officers' list */
      idx('federation_status_reverify', ['federationId', 'asc'], ['status', 'asc'], ['reverifyDueAt', 'asc']),
      idx('city_status_reverify', ['cityId', 'asc'], ['status', 'asc'], ['reverifyDueAt', 'asc']),
      idx('status_reverify', ['status', 'asc'], ['reverifyDueAt', 'asc']),
    ],
  },
  { name: AID_HOUSEHOLD_LOCKS, indexes: [] },
  {
    name: AID_APPLICATIONS,
    indexes: [
      /** the review queue of an org's step, oldest due first */
      idx('owner_status_due', ['ownerOrgId', 'asc'], ['status', 'asc'], ['dueAt', 'asc']),
      idx('federation_status_due', ['federationId', 'asc'], ['status', 'asc'], ['dueAt', 'asc']),
      idx('uid_updated', ['uid', 'asc'], ['updatedAt', 'desc']),
      idx('status_escalated_due', ['status', 'asc'], ['escalated', 'asc'], ['dueAt', 'asc']),
      idx('notice', ['noticeId', 'asc']),
    ],
  },
  {
    name: AID_LEDGER,
    indexes: [
      idx('file_year', ['fileId', 'asc'], ['year', 'asc']),
      idx('application', ['applicationId', 'asc']),
      idx('budget', ['budgetId', 'asc']),
      idx('at', ['at', 'asc']),
    ],
  },
  { name: AID_BUDGETS, indexes: [idx('org_year', ['orgId', 'asc'], ['year', 'asc'])] },
  {
    name: AID_NOTICES,
    indexes: [
      /** the federation's notice board, newest first, open and archived together */
      idx('org_opens', ['orgId', 'asc'], ['opensAt', 'desc']),
      idx('org_status_opens', ['orgId', 'asc'], ['status', 'asc'], ['opensAt', 'desc']),
      idx('status_closes', ['status', 'asc'], ['closesAt', 'asc']),
    ],
  },
  {
    name: AID_OBJECTIONS,
    indexes: [
      idx('notice_status', ['noticeId', 'asc'], ['status', 'asc']),
      idx('application_status', ['applicationId', 'asc'], ['status', 'asc']),
      idx('objector', ['objectorUid', 'asc'], ['submittedAt', 'desc']),
    ],
  },
];
