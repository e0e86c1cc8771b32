/** The staff's case queue — PLACEHOLDER, owned by H3 (core/case/PLAN.md). */
import { notYet } from './not-yet';
export const queue = notYet('queue');
