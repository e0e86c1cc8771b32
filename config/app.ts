/** Domain settings shared by the cloud functions and the local gateway (env overrides noted). */
import type { AppConfig } from '../core/shared/ports';
import holidays from './holidays.json';

export function loadAppConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  return {
    joinSlaWorkingDays: Number(env.JOIN_SLA_WORKING_DAYS ?? 3),
    cardQrTtlSeconds: Number(env.CARD_QR_TTL_SECONDS ?? 60),
    foundingStepWorkingDays: {
      review: Number(env.FOUNDING_REVIEW_WORKING_DAYS ?? 1),
      election: Number(env.FOUNDING_ELECTION_WORKING_DAYS ?? 3),
      approval: Number(env.FOUNDING_APPROVAL_WORKING_DAYS ?? 1),
    },
    transferReleaseWorkingDays: Number(env.TRANSFER_RELEASE_WORKING_DAYS ?? 3),
    calendar: { holidays: holidays.holidays, workdays: holidays.workdays },
  };
}
