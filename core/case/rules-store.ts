/** Case rules per org (nearest up the tree, else the defaults) — PLACEHOLDER, owned by H1 (core/case/PLAN.md). */
import { notYet } from './not-yet';
export const getRules = notYet('getRules');
export const setRules = notYet('setRules');
export const caseRulesFor = notYet('caseRulesFor');
