/**
 * Stored documents of the scholarship context (金秋助学). Nobody else reads or writes them.
 *
 * Natural unique keys are deterministic `_id`s (the only uniqueness CloudBase guarantees):
 * - a campaign per org and year: `sc_<orgId>_<year>`;
 * - a survey return per campaign and union: `ss_<campaignId>_<unionId>`, so a union's concurrent or
 *   repeated submissions are one count (the last one stands);
 * - an application per campaign and student: `sa_<campaignId>_<hash of the student's ID number>`.
 * Dates of stages are Asia/Shanghai calendar dates (YYYY-MM-DD): a stage opens at 00:00 of its open
 * date and closes at 24:00 of its close date (core/shared/time.ts). Money is whole yuan.
 */
import type { CollectionSpec } from '../shared/docstore';
import type { AdmissionBatch, CampaignStage, ScholarshipApplicationStatus, SpecialGroup, StageOwner, StudentCategory, WorkStage } from './machine';

export const SCHOLARSHIP_CAMPAIGNS = 'scholarship_campaigns';
export const SCHOLARSHIP_SURVEYS = 'scholarship_surveys';
export const SCHOLARSHIP_APPLICATIONS = 'scholarship_applications';

export interface StageSchedule {
  /** YYYY-MM-DD, Asia/Shanghai */
  opens: string;
  closes: string;
  owner: StageOwner;
}

/** The plan (方案): the budget, the amount per category and per special group, and the campaign's own income test. */
export interface CampaignPlan {
  budget: number;
  amounts: Record<StudentCategory, number>;
  /** a student in one of these groups gets this amount when it is above the category's (the highest that applies) */
  specialAmounts: Partial<Record<SpecialGroup, number>>;
  /** for families without an active hardship file: per-head monthly income at most `multiple` × the 低保 line */
  eligibility: { dibaoMonthly: number; multiple: number };
  savedAt: number;
  savedBy: string;
}

export interface CampaignHistoryEntry {
  at: number;
  from: CampaignStage;
  to: CampaignStage;
  by: string;
  byName: string;
}

/** What the summary stage fixes when the campaign closes: the report as it stood (model of report.ts). */
export interface CampaignReportSnapshot {
  at: number;
  applicants: number;
  approved: number;
  paid: number;
  amountPaid: number;
  /** approved and paid amounts */
  committed: number;
  budget: number;
  byCategory: Array<{ key: string; label: string; surveyed: number; applicants: number; approved: number; paid: number; amountPaid: number }>;
  byUnion: Array<{ unionId: string; unionName: string; surveyed: number; applicants: number; approved: number; paid: number; amountPaid: number }>;
  pipelineConnected: boolean;
}

export interface CampaignDoc {
  _id: string;
  /** the federation or city running it, and its scope: the unions below it take part */
  orgId: string;
  orgName: string;
  scope: string[];
  year: number;
  title: string;
  stage: CampaignStage;
  stages: Record<WorkStage, StageSchedule>;
  plan: CampaignPlan | null;
  report: CampaignReportSnapshot | null;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  version: number;
  history: CampaignHistoryEntry[];
}

/** A union's survey return (摸底): its count of eligible students by category. */
export interface SurveyDoc {
  _id: string;
  campaignId: string;
  unionId: string;
  unionName: string;
  counts: Record<StudentCategory, number>;
  note: string;
  submittedBy: string;
  submittedByName: string;
  firstSubmittedAt: number;
  submittedAt: number;
  /** how many times the union sent it (a correction before the close date replaces the count) */
  submissions: number;
}

/**
 * A scholarship application (助学申请) a member files for their child. A minor's data is kept to
 * the least the campaign needs: name, sealed ID number (and its keyed hash for the natural key),
 * school, batch, grade, the admission letter, the group, the household income facts, the account.
 */
export interface ScholarshipApplicationDoc {
  _id: string;
  campaignId: string;
  year: number;
  status: ScholarshipApplicationStatus;
  /** the parent: the member applying, their union and its scope */
  uid: string;
  parentName: string;
  orgId: string;
  orgName: string;
  scope: string[];
  student: {
    name: string;
    idSealed: string;
    idHash: string;
    category: StudentCategory;
    school: string;
    batch: AdmissionBatch;
    grade: string;
    admissionLetterFileId: string;
    specialGroup: SpecialGroup | null;
  };
  /** the campaign's own test (null: the family relies on an active hardship file, checked in phase 2) */
  household: { size: number; yearlyIncome: number; perHeadMonthly: number } | null;
  bank: { bankName: string; accountSealed: string; accountLast4: string };
  /** the amount the plan's table gives this student (the highest of its category and its group) */
  amount: number;
  submittedAt: number;
  version: number;
}

const idx = (name: string, ...fields: Array<[string, 'asc' | 'desc']>) => ({ name, fields });

export const SCHOLARSHIP_COLLECTIONS: CollectionSpec[] = [
  { name: SCHOLARSHIP_CAMPAIGNS, indexes: [idx('org_year', ['orgId', 'asc'], ['year', 'desc']), idx('year', ['year', 'desc'])] },
  { name: SCHOLARSHIP_SURVEYS, indexes: [idx('campaign_union', ['campaignId', 'asc'], ['unionId', 'asc'])] },
  {
    name: SCHOLARSHIP_APPLICATIONS,
    indexes: [idx('campaign_submitted', ['campaignId', 'asc'], ['submittedAt', 'asc']), idx('uid_submitted', ['uid', 'asc'], ['submittedAt', 'desc'])],
  },
];
