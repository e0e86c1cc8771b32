/** Views: the claimant's and the staff's, queue rows — PLACEHOLDER, owned by H3 (core/case/PLAN.md). */
import { notYet } from './not-yet';
export const toCaseView = notYet('toCaseView');
export const toCaseRow = notYet('toCaseRow');
export const myCases = notYet('myCases');
export const getCase = notYet('getCase');
