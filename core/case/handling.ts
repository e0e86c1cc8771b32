/** Dispatch and handling: assign, sign, return, transfer, decline, classify, entries, ask, resolve — PLACEHOLDER, owned by H2 (core/case/PLAN.md). */
import { notYet } from './not-yet';
export const assignees = notYet('assignees');
export const assign = notYet('assign');
export const sign = notYet('sign');
export const returnAssignment = notYet('returnAssignment');
export const transfer = notYet('transfer');
export const decline = notYet('decline');
export const classify = notYet('classify');
export const addEntry = notYet('addEntry');
export const ask = notYet('ask');
export const resolve = notYet('resolve');
