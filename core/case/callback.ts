/** After 办结: the worker's reply and rating, withdrawing, the phone callback, 质检 — PLACEHOLDER, owned by H2 (core/case/PLAN.md). */
import { notYet } from './not-yet';
export const reply = notYet('reply');
export const rate = notYet('rate');
export const withdraw = notYet('withdraw');
export const callback = notYet('callback');
export const qualityCheck = notYet('qualityCheck');
