/** A legal-consultation booking turned into a case — PLACEHOLDER, owned by H4 (core/case/PLAN.md). */
import { notYet } from './not-yet';
export const bookings = notYet('bookings');
export const fromBooking = notYet('fromBooking');
