/** Collective cases: the share card and co-claimants joining — PLACEHOLDER, owned by H1 (core/case/PLAN.md). */
import { notYet } from './not-yet';
export const sharePreview = notYet('sharePreview');
export const join = notYet('join');
export const claimantsOf = notYet('claimantsOf');
