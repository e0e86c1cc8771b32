/** The timer: overdue steps escalate — PLACEHOLDER, owned by H2 (core/case/PLAN.md). */
import { notYet } from './not-yet';
export const escalateOverdue = notYet('escalateOverdue');
