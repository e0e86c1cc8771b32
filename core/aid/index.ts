/**
 * The aid context's front door (困难职工帮扶: self-test, the hardship file, two-level review, caps and
 * budgets as data, the public notice with objections, the payment roster). Nobody else reads or
 * writes its collections (core/aid/model.ts).
 */
export { AID_STATUS_LABEL, AID_KIND_LABEL, AID_TIER_LABEL, type AidStatus, type AidKind, type AidTier } from './machine';
export type { AidRules } from './rules';
export { rulesFor } from './rules-store';
export { activeFileOf, fileExternalApplication, outcomesOf, setProgrammeBudget, type ExternalApplication, type ExternalOutcome } from './external';
