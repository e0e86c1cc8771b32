/**
 * The CloudBase entry: turns a context's manifest into `exports.main(event, context)`.
 *
 * Identity comes from the runtime, never from `event` (for `wx.cloud.callFunction`, `event` is the
 * client's own `data`, so a client controls its shape completely):
 * - a call from the mini-program carries the caller's `WX_OPENID` (or a CloudBase `TCB_UUID`);
 * - a timer invocation carries no user identity and the runtime sets `TRIGGER_SRC=timer` (the SDK's
 *   own `utils/wxCloudToken.ts` relies on the same variable). Only when all three hold — the event is
 *   Timer-shaped, `TRIGGER_SRC` is `timer`, and there is no user identity — does the call run as the
 *   system, and then it runs the jobs of the function's one trigger that are due (see manifest.ts).
 *   Any other Timer-shaped event is an ordinary call and fails validation (it has no `action`).
 *
 * Dependencies are built once per container and reused by warm calls; a failed build is not cached
 * (the next call tries again), and `main` always answers an envelope, never throws (a thrown `main`
 * reaches the client as `callFunction:fail`).
 *
 * Collections are never created here: `npm run deploy` creates them with their indexes and the
 * admin-only permission. A missing collection fails the call (closed), it is not created with
 * whatever default permission the environment has.
 */
import tcb from '@cloudbase/node-sdk';
import { toEnvelope, type Envelope, type Identity } from './define';
import { dueJobs, type FunctionManifest } from './manifest';
import type { Dependencies } from '../../core/shared/ports';
import { createRateLimiter } from './limits';

type DepsFactory = () => Promise<Dependencies>;

async function cloudDeps(): Promise<Dependencies> {
  // imported here so that tests of the entry can run without the SDK's adapters
  const [{ openCloudbaseDocStore }, { cloudbaseFiles }, { createCrypto, loadMasterKey }, { loadAppConfig }] = await Promise.all([
    import('../../adapters/cloudbase/docstore'),
    import('../../adapters/cloudbase/files'),
    import('../../adapters/crypto'),
    import('../../config/app'),
  ]);
  const env = process.env.TCB_ENV_ID || process.env.SCF_NAMESPACE || (tcb.SYMBOL_CURRENT_ENV as unknown as string);
  const store = openCloudbaseDocStore({ env });
  const clock = { now: () => Date.now() };
  // buckets in this instance's memory, windows in the database (see limits.ts for what that means across instances)
  return {
    store,
    clock,
    crypto: createCrypto(loadMasterKey()),
    config: loadAppConfig(),
    files: cloudbaseFiles({ env }),
    limiter: createRateLimiter({ clock, store }),
  };
}

/** Builds once and shares the result; a rejection is forgotten so that the next call retries. */
export function onceUnlessFailed<T>(build: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    pending ??= build().catch((e) => {
      pending = null;
      throw e;
    });
    return pending;
  };
}

/** What the runtime says about this invocation (environment variables, or the SCF context's `environment`). */
export interface InvocationFacts {
  openId: string;
  uuid: string;
  triggerSrc: string;
  /** the client's address (WX_CLIENTIP, or TCB_SOURCE_IP for web calls): the key of anonymous rate limits */
  address?: string;
}

export function invocationFacts(context?: unknown): InvocationFacts {
  let ctx: Record<string, string | undefined>;
  try {
    const c = context as { environment?: unknown; environ?: unknown } | undefined;
    ctx = (c && typeof c === 'object' && (c.environment || c.environ) ? tcb.getCloudbaseContext(c as never) : tcb.getCloudbaseContext()) as unknown as Record<
      string,
      string | undefined
    >;
  } catch {
    ctx = tcb.getCloudbaseContext() as unknown as Record<string, string | undefined>;
  }
  return {
    openId: ctx.WX_OPENID || '',
    uuid: ctx.TCB_UUID || '',
    triggerSrc: ctx.TRIGGER_SRC || '',
    address: ctx.WX_CLIENTIP || ctx.WX_CLIENTIPV6 || ctx.TCB_SOURCE_IP || '',
  };
}

interface TimerEvent {
  Type: 'Timer';
  TriggerName?: unknown;
  Time?: unknown;
}

const isTimerShaped = (event: unknown): event is TimerEvent => !!event && typeof event === 'object' && (event as TimerEvent).Type === 'Timer';

/** The platform's timer, and nobody else. */
export function isPlatformTimer(event: unknown, facts: InvocationFacts): event is TimerEvent {
  return isTimerShaped(event) && facts.triggerSrc === 'timer' && !facts.openId && !facts.uuid;
}

/** Runs the jobs due at the trigger time; answers each job's envelope by action. */
export async function runDueJobs(manifest: FunctionManifest, at: number, deps: Dependencies): Promise<Envelope<Record<string, Envelope>>> {
  const results: Record<string, Envelope> = {};
  for (const job of dueJobs(manifest, at)) {
    // one failing job does not keep the others from running
    results[job.action] = await manifest.fn.invoke({ action: job.action, data: {} }, { uid: null, system: true }, deps);
    if (!results[job.action].ok) console.error(`[${manifest.name}] job ${job.action} failed`, JSON.stringify(results[job.action]));
  }
  return { ok: true, data: results };
}

export function cloudbaseMain(manifest: FunctionManifest, opts: { deps?: DepsFactory } = {}) {
  const deps = onceUnlessFailed(opts.deps ?? cloudDeps);
  return async function main(event: unknown, context?: unknown): Promise<Envelope> {
    try {
      const facts = invocationFacts(context);
      if (isPlatformTimer(event, facts)) {
        const t = typeof event.Time === 'string' ? Date.parse(event.Time) : NaN;
        return await runDueJobs(manifest, Number.isFinite(t) ? t : Date.now(), await deps());
      }
      const identity: Identity = { uid: facts.openId || facts.uuid || null, address: facts.address || null };
      return await manifest.fn.invoke(event, identity, await deps());
    } catch (e) {
      return toEnvelope(e, `${manifest.name} entry`);
    }
  };
}
