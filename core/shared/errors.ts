/**
 * Error codes of the wire contract (DESIGN.md §3). `message` is Chinese, for a person; `code` is for
 * programs. Use cases throw `AppError`; the function runtime turns it into the error envelope.
 */
export const ERROR_STATUS = {
  VALIDATION: 400,
  CARD_INVALID: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  ALREADY_MEMBER: 409,
  QUOTA_FULL: 409,
  ILLEGAL_TRANSITION: 409,
  /** a decision above a configured cap (aid per tier and kind, per year, lifetime) */
  CAP_EXCEEDED: 409,
  /** a decision the programme's budget for the year cannot cover */
  BUDGET_EXHAUSTED: 409,
  /** the beneficiary is already funded for this need this year (this or an exclusive programme) */
  ALREADY_FUNDED: 409,
  CARD_EXPIRED: 410,
  DEADLINE_PASSED: 410,
  RATE_LIMITED: 429,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorIssue {
  path: Array<string | number>;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ErrorIssue[],
    /** extra machine-readable facts, e.g. where to go next */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what}不存在或已被删除`);
export const forbidden = (message = '您没有权限进行此操作') => new AppError('FORBIDDEN', message);
export const conflict = (message: string, details?: Record<string, unknown>) => new AppError('CONFLICT', message, undefined, details);
