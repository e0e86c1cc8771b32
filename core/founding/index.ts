/**
 * The founding context's front door (founding a union online, 申请建会). No other context uses it
 * yet. Nobody else reads or writes `foundings` or `founding_locks`; setting up the union once
 * founded is the org context's (core/org/establish.ts).
 */
export type { FoundingDoc } from './model';
export { FOUNDING_STATUS_LABEL, OPEN_FOUNDING, type FoundingStatus } from './machine';
