/** Legal aid (法律援助): eligibility at intake, decision, 委派函, closing report — PLACEHOLDER, owned by H4 (core/case/PLAN.md). */
import { notYet } from './not-yet';
export const legalAidAtIntake = notYet('legalAidAtIntake');
export const legalAidDecide = notYet('legalAidDecide');
export const appointLawyer = notYet('appointLawyer');
export const legalAidReport = notYet('legalAidReport');
