/**
 * The function runtime: one cloud function per bounded context routes typed actions. For every call
 * it validates `{action, data}`, resolves the caller from the platform identity (never from input),
 * checks the action's roles, validates input with the action's zod schema, runs the handler, checks
 * the output against its schema and answers the envelope of DESIGN.md §3.
 */
import { z } from 'zod';
import { AppError, ERROR_STATUS, type ErrorCode, type ErrorIssue } from '../../core/shared/errors';
import type { ActionContract, Contract } from '../../core/shared/contract';
import type { Caller, Grant, SignedInCaller } from '../../core/shared/caller';
import type { Dependencies } from '../../core/shared/ports';
import { grantsOf } from '../../core/org';
import { findMalformedText } from '../../core/shared/schemas';

export type Envelope<T = unknown> =
  { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string; issues?: ErrorIssue[]; details?: Record<string, unknown> } };

/** What the platform tells us about who is calling. */
export interface Identity {
  uid: string | null;
  system?: boolean;
  /** the client's network address when the platform tells it (the gateway's socket; CLIENTIP on CloudBase): the key of anonymous rate limits */
  address?: string | null;
}

export interface ActionContext<K extends Caller = Caller> {
  caller: K;
  deps: Dependencies;
}

/**
 * The caller a handler gets: for an action only signed-in users may call (no `anonymous` or `system`
 * role), a caller whose `uid` is a string: `authorize` has refused the call otherwise.
 */
export type CallerOf<A extends ActionContract> = [Extract<A['roles'][number], 'anonymous' | 'system'>] extends [never] ? SignedInCaller : Caller;

type Handlers<C extends Contract> = {
  [K in keyof C]: (ctx: ActionContext<CallerOf<C[K]>>, input: z.output<C[K]['input']>) => Promise<z.input<C[K]['output']>>;
};

export interface CloudFunction<C extends Contract = Contract> {
  name: string;
  contract: C;
  invoke(event: unknown, identity: Identity, deps: Dependencies): Promise<Envelope>;
}

const Event = z.object({
  action: z.string({ error: '缺少 action' }).min(1, { error: '缺少 action' }),
  data: z.record(z.string(), z.unknown()).default({}),
});

export function httpStatusOf(envelope: Envelope): number {
  return envelope.ok ? 200 : (ERROR_STATUS[envelope.error.code] ?? 500);
}

export function zodIssues(error: z.ZodError): ErrorIssue[] {
  return error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message }));
}

export function validationError(error: z.ZodError): AppError {
  const issues = zodIssues(error);
  return new AppError('VALIDATION', issues[0]?.message ?? '提交的信息有误', issues);
}

export async function resolveCaller(deps: Dependencies, identity: Identity): Promise<Caller> {
  if (!identity.uid) return { uid: null, grants: [], system: !!identity.system };
  const grants: Grant[] = await grantsOf(deps, identity.uid);
  return { uid: identity.uid, grants, system: !!identity.system };
}

function authorize(action: ActionContract, caller: Caller): void {
  const roles = action.roles;
  if (roles.includes('anonymous')) return;
  if (roles.includes('system')) {
    if (caller.system) return;
    throw new AppError('FORBIDDEN', '该操作仅限系统定时任务调用');
  }
  if (!caller.uid) throw new AppError('UNAUTHENTICATED', '请先登录');
  // 'member' is verified by the use case (it knows whether the membership is active)
  if (roles.includes('worker') || roles.includes('member')) return;
  if (caller.grants.some((g) => roles.includes(g.role))) return;
  throw new AppError('FORBIDDEN', '您没有权限进行此操作');
}

export function toEnvelope(error: unknown, where: string): Envelope {
  if (error instanceof AppError) {
    return { ok: false, error: { code: error.code, message: error.message, issues: error.issues, details: error.details } };
  }
  if (error instanceof z.ZodError) return toEnvelope(validationError(error), where);
  console.error(`[${where}] internal error`, error);
  return { ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后重试' } };
}

export function defineFunction<C extends Contract>(name: string, contract: C, handlers: Handlers<C>): CloudFunction<C> {
  return {
    name,
    contract,
    async invoke(event, identity, deps) {
      let where = name;
      try {
        const parsedEvent = Event.safeParse(event);
        if (!parsedEvent.success) throw validationError(parsedEvent.error);
        const { action: actionName, data } = parsedEvent.data;
        where = `${name}.${actionName}`;
        if (!Object.prototype.hasOwnProperty.call(contract, actionName)) {
          throw new AppError('NOT_FOUND', `未知的操作：${actionName}`);
        }
        const action = contract[actionName];
        const caller = await resolveCaller(deps, identity);
        authorize(action, caller);
        if (deps.limiter && !caller.system) await deps.limiter.check({ fn: name, action: actionName, uid: caller.uid, address: identity.address ?? null });
        const malformed = findMalformedText(data);
        if (malformed) throw new AppError('VALIDATION', '提交的内容含有无法识别的字符', [{ path: malformed, message: '含有无法识别的字符' }]);
        const input = action.input.safeParse(data);
        if (!input.success) throw validationError(input.error);
        // `authorize` refused a signed-in-only action without a uid, so the handler's narrower caller type holds
        const result = await handlers[actionName as keyof C]({ caller: caller as SignedInCaller, deps }, input.data as never);
        const output = action.output.safeParse(result);
        if (!output.success) {
          throw new Error(`output of ${where} breaks its contract: ${JSON.stringify(zodIssues(output.error))}`);
        }
        return { ok: true, data: output.data };
      } catch (error) {
        return toEnvelope(error, where);
      }
    },
  };
}
