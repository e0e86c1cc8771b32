/**
 * The activity context's front door (activities, trainings, service bookings and their seats). No
 * other context uses it but rights cases, which turn a legal-consultation booking into a case through
 * here. Nobody else reads or writes `activities`, `signups` or `sharers`.
 */
export type { ActivityDoc, ActivityKind, SignupDoc, SignupStatus } from './model';
export { ACTIVITY_KINDS, KIND_LABEL } from './model';
export { bookingFacts, bookingsOf, type BookingFacts } from './booking-facts';
