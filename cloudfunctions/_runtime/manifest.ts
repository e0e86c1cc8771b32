/**
 * One manifest per context: the cloud function's name, its actions (the contract), the collections
 * it owns (with their indexes; every collection is admin-only on CloudBase: only functions read and
 * write it), its timer jobs with their periods, its environment variables and the WeChat open APIs
 * it calls. The function registry, `cloudbaserc.json`, the local scheduler, the deploy script's
 * collection / index / permission setup and the docs are all derived from these manifests
 * (`cloudfunctions/manifests.test.ts` proves they agree).
 *
 * CloudBase allows one timer trigger per function, so a function's jobs share one trigger that fires
 * at the shortest period; each tick runs the jobs that are due at that instant (`dueJobs`). The local
 * scheduler ticks the same way, so a job runs at the same schedule locally and in the cloud.
 */
import type { CollectionSpec } from '../../core/shared/docstore';
import type { Contract } from '../../core/shared/contract';
import type { CloudFunction } from './define';
import { minuteOfShanghaiDay } from '../../core/shared/time';

/** A timer job: a `system` action of the function, run every `everyMinutes` (a divisor of 60 or a multiple of 60 up to 1440). */
export interface JobSpec {
  action: string;
  everyMinutes: number;
  /** what the job does, for the docs */
  summary: string;
}

/** An environment variable of the deployed function: a fixed default, or taken from the deployer's environment (`{{env.NAME}}`). */
export interface EnvSpec {
  name: string;
  /** literal value written into cloudbaserc.json; when absent the deployer's environment supplies it */
  value?: string;
  summary: string;
}

export interface FunctionManifest<C extends Contract = Contract> {
  /** cloud function name (also the gateway route `POST /api/<name>`) */
  name: string;
  /** one line for the docs */
  summary: string;
  fn: CloudFunction<C>;
  /** collections this context owns; no other context reads or writes them */
  collections: CollectionSpec[];
  jobs: JobSpec[];
  env: EnvSpec[];
  /** WeChat open APIs the function calls (cloudbaserc / config.json `permissions.openapi`) */
  openapi?: string[];
  /** seconds (CloudBase: 1..900); default 10 */
  timeoutSeconds?: number;
  /** MB; default 256 */
  memoryMb?: number;
}

export function defineManifest<C extends Contract>(m: FunctionManifest<C>): FunctionManifest<C> {
  for (const job of m.jobs) {
    const action = m.fn.contract[job.action];
    if (!action) throw new Error(`${m.name}: job ${job.action} is not an action`);
    if (!action.roles.includes('system') || action.roles.length !== 1) throw new Error(`${m.name}: job ${job.action} must be a system-only action`);
    const e = job.everyMinutes;
    if (!Number.isInteger(e) || e < 1 || (e < 60 ? 60 % e !== 0 : e % 60 !== 0 || 1440 % e !== 0)) {
      throw new Error(`${m.name}: job ${job.action} every ${e} minutes: use a divisor of 60 or a whole number of hours dividing a day`);
    }
  }
  return m;
}

/** Minutes between the ticks of the function's one trigger: the shortest job period that divides all others. */
export function tickMinutes(m: Pick<FunctionManifest, 'jobs' | 'name'>): number | null {
  if (!m.jobs.length) return null;
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
  return m.jobs.map((j) => j.everyMinutes).reduce(gcd);
}

/** The 7-field CloudBase cron (seconds minutes hours day month weekday year, Asia/Shanghai) of the one trigger. */
export function triggerCron(m: Pick<FunctionManifest, 'jobs' | 'name'>): string | null {
  const t = tickMinutes(m);
  if (t === null) return null;
  if (t < 60) return `0 */${t} * * * * *`;
  const h = t / 60;
  return h === 24 ? '0 0 0 * * * *' : `0 0 */${h} * * * *`;
}

/** Name of the function's one timer trigger. */
export const TRIGGER_NAME = 'jobs';

/**
 * The jobs due at a tick. `at` is the trigger time (epoch ms); a job of period p minutes is due when the
 * tick falls in the first tick-length window of a p-minute slot of the Asia/Shanghai day, so a tick that
 * fires a few seconds late still counts, and each job runs once per slot.
 */
export function dueJobs(m: Pick<FunctionManifest, 'jobs' | 'name'>, at: number): JobSpec[] {
  const t = tickMinutes(m);
  if (t === null) return [];
  const minuteOfDay = minuteOfShanghaiDay(at);
  return m.jobs.filter((j) => minuteOfDay % j.everyMinutes < t);
}
