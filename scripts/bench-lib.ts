/** What the list benchmarks (bench-queue, bench-aid) share: a seeded SQLite world in a temp folder, and the median of timed runs. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalDeps } from '../server/deps';
import { seedDemo } from '../server/seed';
import type { Dependencies } from '../core/shared/ports';

/** The local dependencies on a fresh store with the demo org tree (10 members), without rate limits: the calls measured are one account's. */
export async function benchWorld(prefix: string): Promise<{ deps: Dependencies; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const deps: Dependencies = { ...(await openLocalDeps(dir)), limiter: undefined };
  await seedDemo(deps, { members: 10 });
  return {
    deps,
    async close() {
      await deps.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The median wall time of `runs` sequential calls, in milliseconds. */
export async function medianMs(run: () => Promise<unknown>, runs: number): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = process.hrtime.bigint();
    await run();
    xs.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  return median(xs);
}
