/** The duty rota of on-site lawyers — PLACEHOLDER, owned by H1 (core/case/PLAN.md). */
import { notYet } from './not-yet';
export const getRota = notYet('getRota');
export const setRota = notYet('setRota');
export const dutyLawyer = notYet('dutyLawyer');
