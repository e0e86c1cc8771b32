/**
 * The port through which the scholarship context reads what the review pipeline made of its
 * applications: approved, rejected, paid and the amount. Review, public notice and payment are the
 * aid pipeline's (core/aid: the same notice and payment rules as hardship aid; each application is
 * handed to it on 申报, apply.ts); the function entry injects the implementation, so the campaign's
 * checks and its summary report do not depend on how the pipeline stores them.
 *
 * `AID_PIPELINE` reads the aid applications by their source id. `NOT_CONNECTED` (no pipeline: none is
 * approved or paid, the report says so in words, the review stage ends by its close date) remains
 * for a campaign read without one.
 */
import type { Dependencies } from '../shared/ports';
import { outcomesOf, type ExternalOutcome } from '../aid';
import type { CampaignDoc } from './model';

export interface ApplicationOutcome {
  /**
   * pending: still in review (or returned for more material); approved: the money is committed — in
   * the notice or waiting for payment; paid; rejected: not approved, withdrawn, or stopped after an
   * upheld objection. Paid and rejected are settled: the review stage ends when every one is.
   */
  state: 'pending' | 'approved' | 'rejected' | 'paid';
  /** the amount approved (paid: the amount paid); 0 before approval */
  amount: number;
}

export interface ScholarshipPipeline {
  /** false without a review pipeline: counts of approved and paid then read 0 */
  connected: boolean;
  /** the outcome of each application (by its id) the pipeline knows; an id it does not know is pending */
  outcomes(deps: Dependencies, campaign: CampaignDoc, applicationIds: string[]): Promise<Map<string, ApplicationOutcome>>;
}

export const NOT_CONNECTED: ScholarshipPipeline = {
  connected: false,
  outcomes: async () => new Map(),
};

/** Settled: nothing more happens to it in this campaign. */
export const isSettled = (o: ApplicationOutcome | undefined) => o?.state === 'paid' || o?.state === 'rejected';

/** An aid status in the port's words. */
export function outcomeOf(o: Pick<ExternalOutcome, 'status' | 'amount'>): ApplicationOutcome {
  const amount = o.amount ?? 0;
  switch (o.status) {
    case 'paid':
      return { state: 'paid', amount };
    case 'rejected':
    case 'withdrawn':
    case 'stopped':
      return { state: 'rejected', amount: 0 };
    case 'upper_review':
    case 'approved':
    case 'in_notice':
    case 'cleared':
    case 'payment_returned':
      return { state: 'approved', amount };
    default:
      return { state: 'pending', amount: 0 };
  }
}

/** The aid pipeline: each application's aid status, read by its id (the source id aid keys it by). */
export const AID_PIPELINE: ScholarshipPipeline = {
  connected: true,
  outcomes: async (deps, _campaign, applicationIds) => {
    const found = await outcomesOf(deps, applicationIds);
    return new Map([...found].map(([id, o]) => [id, outcomeOf(o)]));
  },
};
