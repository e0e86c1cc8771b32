/**
 * The port through which the scholarship context reads what the review pipeline made of its
 * applications: approved, rejected, paid and the amount. Review, public notice and payment are the
 * aid pipeline's (core/aid: the same notice and payment rules as hardship aid); the function entry
 * injects the implementation, so the campaign's checks and its summary report do not depend on how
 * the pipeline stores them.
 *
 * Phase 1 injects `NOT_CONNECTED`: no application has entered a pipeline yet, so none is approved or
 * paid, the report says so in words, and the review stage ends by its close date instead of by
 * every application being settled.
 */
import type { Dependencies } from '../shared/ports';
import type { CampaignDoc } from './model';

export interface ApplicationOutcome {
  /** pending: in review, in notice or awaiting payment; rejected covers stopped after an upheld objection */
  state: 'pending' | 'approved' | 'rejected' | 'paid';
  /** the amount approved (paid: the amount paid) */
  amount: number;
}

export interface ScholarshipPipeline {
  /** false until the review pipeline is wired in: counts of approved and paid then read 0 */
  connected: boolean;
  /** the outcome of each application (by its id) the pipeline knows; an id it does not know is pending */
  outcomes(deps: Dependencies, campaign: CampaignDoc, applicationIds: string[]): Promise<Map<string, ApplicationOutcome>>;
}

export const NOT_CONNECTED: ScholarshipPipeline = {
  connected: false,
  outcomes: async () => new Map(),
};
