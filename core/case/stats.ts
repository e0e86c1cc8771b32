/** The federation's figures — PLACEHOLDER, owned by H3 (core/case/PLAN.md). */
import { notYet } from './not-yet';
export const stats = notYet('stats');
