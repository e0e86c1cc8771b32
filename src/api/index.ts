/**
 * The typed client: `call('member', 'submitApplication', data)` returns the action's output type,
 * derived from the zod contracts (imported as types only: no zod in the mini-program bundle).
 * How a call travels is the platform's (platform/transport): WeChat's Taro.cloud.callFunction
 * (identity is the caller's OPENID, injected by WeChat); on H5 POST /api/<function> on the local
 * gateway with the dev-login token.
 */
import Taro from '@tarojs/taro';
import type { z } from 'zod';
import type { Contracts, FunctionName } from '../../core/contracts';
import type { ErrorIssue } from '../../core/shared/errors';
import { transport } from '../platform/transport';
import { retryDelayMs } from './retry';

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Calls an action; backs off and tries again when the server says to slow down (RATE_LIMITED, its
 * retry-after when short) or the connection was lost, with a visible toast while waiting; otherwise
 * the error reaches the page, which shows its Chinese message and keeps what was filled in.
 */
export async function call<F extends FunctionName, A extends keyof Contracts[F] & string>(fn: F, action: A, data: Input<F, A>): Promise<Output<F, A>> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await callOnce(fn, action, data);
    } catch (e) {
      const delay = e instanceof ApiError ? retryDelayMs(e.code, e.details, attempt) : null;
      if (delay === null) {
        if (e instanceof ApiError && e.code === 'RATE_LIMITED') throw new ApiError(e.code, `${e.message}（已保留您填写的内容）`, e.issues, e.details);
        throw e;
      }
      const seconds = Math.ceil(delay / 1000);
      try {
        void Promise.resolve(
          Taro.showToast({
            title: (e as ApiError).code === 'RATE_LIMITED' ? `请求较多，${seconds}秒后自动重试` : `网络不稳定，${seconds}秒后重试`,
            icon: 'none',
            duration: Math.min(delay, 3000),
          }),
        ).catch(() => undefined);
      } catch {
        // a toast is a courtesy: the wait and the retry go on without it
      }
      await sleep(delay);
    }
  }
}

async function callOnce<F extends FunctionName, A extends keyof Contracts[F] & string>(fn: F, action: A, data: Input<F, A>): Promise<Output<F, A>> {
  let envelope: Envelope;
  try {
    envelope = (await transport.send(fn, { action, data })) as Envelope;
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
