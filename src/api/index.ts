/**
 * The typed client: `call('member', 'submitApplication', data)` returns the action's output type,
 * derived from the zod contracts (imported as types only: no zod in the mini-program bundle).
 * WeChat: Taro.cloud.callFunction (identity is the caller's OPENID, injected by WeChat).
 * H5: POST /api/<function> on the local gateway with the dev-login token.
 */
import Taro from '@tarojs/taro';
import type { z } from 'zod';
import type { Contracts, FunctionName } from '../../core/contracts';
import type { ErrorIssue } from '../../core/shared/errors';

type Action<F extends FunctionName, A extends keyof Contracts[F]> = Contracts[F][A] extends { input: z.ZodType; output: z.ZodType } ? Contracts[F][A] : never;
export type Input<F extends FunctionName, A extends keyof Contracts[F]> = z.input<Action<F, A>['input']>;
export type Output<F extends FunctionName, A extends keyof Contracts[F]> = z.output<Action<F, A>['output']>;

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly issues: ErrorIssue[] = [],
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Field name → first message, for showing errors next to the fields. */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (error instanceof ApiError) for (const i of error.issues) if (i.path.length && !out[i.path[0]]) out[String(i.path[0])] = i.message;
  return out;
}

export const messageOf = (error: unknown) => (error instanceof ApiError ? error.message : '出了点问题，请稍后重试');

type Envelope = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string; issues?: ErrorIssue[]; details?: Record<string, unknown> } };

export async function call<F extends FunctionName, A extends keyof Contracts[F] & string>(fn: F, action: A, data: Input<F, A>): Promise<Output<F, A>> {
  let envelope: Envelope;
  try {
    if (process.env.TARO_ENV === 'weapp') {
      const res = await Taro.cloud.callFunction({ name: fn, data: { action, data } as never });
      envelope = res.result as Envelope;
    } else {
      const token = Taro.getStorageSync('token');
      const res = await fetch(`/api/${fn}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ action, data }),
      });
      envelope = (await res.json()) as Envelope;
    }
  } catch {
    throw new ApiError('NETWORK', '网络不太稳定，请稍后重试');
  }
  if (!envelope || typeof envelope !== 'object') throw new ApiError('NETWORK', '服务暂时不可用，请稍后重试');
  if (!envelope.ok) throw new ApiError(envelope.error.code, envelope.error.message, envelope.error.issues, envelope.error.details);
  return envelope.data as Output<F, A>;
}

/** A key kept for one form fill, so a double tap or a retry after a timeout creates one record. */
export function newIdempotencyKey(): string {
  return `k${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
}
