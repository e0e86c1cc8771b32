import type { DocStore } from './docstore';

/** Now, as epoch milliseconds. Tests pass a fixed or advancing clock. */
export interface Clock {
  now(): number;
}

/**
 * Secrets at rest and signatures. ID numbers and phones are sealed (authenticated encryption) and
 * looked up by a keyed hash; member-card codes are signed.
 */
export interface Crypto {
  seal(plain: string): string;
  open(sealed: string): string;
  /** keyed hash (HMAC) for uniqueness look-ups: same input, same output; not reversible */
  hash(plain: string): string;
  sign(data: string): string;
  verify(data: string, signature: string): boolean;
  /** random id, url-safe */
  randomId(bytes?: number): string;
}

export interface Dependencies {
  store: DocStore;
  clock: Clock;
  crypto: Crypto;
  config: AppConfig;
}

export interface AppConfig {
  /** working days an application may wait before it is overdue and escalates */
  joinSlaWorkingDays: number;
  /** seconds a member-card QR stays valid */
  cardQrTtlSeconds: number;
  /** public holidays and make-up working days (Asia/Shanghai dates, YYYY-MM-DD) */
  calendar: HolidayCalendar;
}

export interface HolidayCalendar {
  holidays: string[];
  workdays: string[];
}
