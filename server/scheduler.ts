/**
 * The local stand-in for the CloudBase timer triggers: for each function, one tick at the same
 * period and on the same wall-clock boundaries as its one cloud trigger (`triggerCron`), running the
 * jobs due at that tick (`dueJobs`) through the same `runDueJobs` the cloud entry uses. So a job runs
 * at the same schedule locally and in the cloud (escalation every 30 minutes, not every 5).
 */
import type { Dependencies } from '../core/shared/ports';
import { tickMinutes, type FunctionManifest } from '../cloudfunctions/_runtime/manifest';
import { runDueJobs } from '../cloudfunctions/_runtime/cloudbase';
import { SHANGHAI_OFFSET_MS } from '../core/shared/time';

export interface Scheduler {
  stop(): void;
}

/** Milliseconds from `now` to the next multiple of `periodMs` on the Asia/Shanghai clock (the clock CloudBase crons use). */
export function msToNextTick(now: number, periodMs: number): number {
  const rest = (now + SHANGHAI_OFFSET_MS) % periodMs;
  return rest === 0 ? periodMs : periodMs - rest;
}

export function startScheduler(manifests: FunctionManifest[], deps: Dependencies, log: (line: string) => void = console.log): Scheduler {
  /** the pending tick of each function */
  const pending = new Map<string, NodeJS.Timeout>();
  let stopped = false;
  for (const m of manifests) {
    const minutes = tickMinutes(m);
    if (minutes === null) continue;
    const period = minutes * 60_000;
    const schedule = () => {
      const t = setTimeout(tick, msToNextTick(Date.now(), period));
      t.unref();
      pending.set(m.name, t);
    };
    const tick = () => {
      if (stopped) return;
      // the tick's nominal time: the boundary it was scheduled for (a late timer still counts as that slot)
      const now = Date.now();
      const at = now - ((now + SHANGHAI_OFFSET_MS) % period);
      // runDueJobs reports each failed job itself
      runDueJobs(m, at, deps).catch((e) => log(`[cron] ${m.name} tick failed: ${(e as Error).message}`));
      schedule();
    };
    schedule();
  }
  return {
    stop() {
      stopped = true;
      for (const t of pending.values()) clearTimeout(t);
    },
  };
}
