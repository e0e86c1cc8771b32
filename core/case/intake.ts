/** Intake (受理): the catalogue and submitting a case — PLACEHOLDER, owned by H1 (core/case/PLAN.md). */
import { notYet } from './not-yet';
export const catalogue = notYet('catalogue');
export const submit = notYet('submit');
