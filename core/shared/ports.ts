import type { DocStore } from './docstore';
import type { RateLimiter } from './ratelimit';

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

/**
 * Bytes of uploaded files (founding election results, "六有" evidence) by key: a local folder or
 * CloudBase cloud storage. What a file is, who may read it, lives in the `files` collection.
 */
export interface Files {
  /** stores the bytes under a fresh key; returns the reference to read them back with */
  put(key: string, bytes: Uint8Array): Promise<string>;
  get(ref: string): Promise<Uint8Array | null>;
  /**
   * Stores a copy anyone may see (an activity's poster) and returns the address a page shows it by:
   * the gateway's `/files/public/<key>` locally, the `cloud://` file ID on CloudBase (the
   * mini-program's Image shows it; storage rules make `public/` readable by all).
   */
  putPublic(key: string, bytes: Uint8Array): Promise<string>;
  /**
   * Stores a generated file someone is about to download (a roster export) under `exports/`: kept
   * apart from uploads, so a storage lifecycle rule can clear them. Returns its reference.
   */
  putExport(key: string, bytes: Uint8Array): Promise<string>;
  /**
   * A short-lived address to download a stored file by, handed out only after the action checked the
   * caller's scope (files never travel through a function call: CloudBase caps those at 6 MB). On
   * CloudBase the storage's temporary URL (`getTempFileURL`, `maxAge`); locally a signed, expiring
   * gateway link (`/files/dl/…`) sent with `filename` as its content-disposition. Null when the
   * file does not exist.
   */
  url(ref: string, opts: DownloadOptions): Promise<string | null>;
  /** deletes stored bytes (an upload never attached to anything); missing is not an error */
  remove?(ref: string): Promise<void>;
}

export interface DownloadOptions {
  /** how long the address works */
  maxAgeSeconds: number;
  /** what the download is saved as */
  filename: string;
  contentType: string;
}

export interface Dependencies {
  store: DocStore;
  clock: Clock;
  crypto: Crypto;
  config: AppConfig;
  files: Files;
  /** rate limits (cloudfunctions/_runtime/limits.ts): the gateway and the CloudBase entry set it; test worlds leave it out unless a test is about it */
  limiter?: RateLimiter;
}

export interface AppConfig {
  /** working days an application may wait before it is overdue and escalates */
  joinSlaWorkingDays: number;
  /** seconds a member-card QR stays valid */
  cardQrTtlSeconds: number;
  /** working days per founding step: federation review, members' meeting, final approval */
  foundingStepWorkingDays: { review: number; election: number; approval: number };
  /** working days the old union has to release a transfer before the federation may complete it */
  transferReleaseWorkingDays: number;
  /** public holidays and make-up working days (Asia/Shanghai dates, YYYY-MM-DD) */
  calendar: HolidayCalendar;
}

export interface HolidayCalendar {
  holidays: string[];
  workdays: string[];
}
