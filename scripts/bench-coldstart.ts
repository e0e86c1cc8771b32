/**
 * Cold start of the cloud functions: builds every function bundle (scripts/build-functions.ts) and a
 * baseline bundle that only requires `@cloudbase/node-sdk` and zod with the same esbuild options,
 * then loads each in fresh Node processes, interleaved round by round (the order rotates), and
 * reports the median time of `require(index.js)` per bundle and its ratio to the baseline's median
 * in the same run. The target (issue 9, §5): every function within 1.1× the baseline.
 *
 *   npm run bench:coldstart          BENCH_COLDSTART_RUNS (default 15) loads per bundle
 *
 * Prints a table, then one JSON line. Exit code 1 when a function is over the limit.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { BUNDLE_OPTIONS, buildFunctions, FUNCTIONS_OUT, withoutSdkAi } from './build-functions';

const root = resolve(__dirname, '..');
export const BASELINE_OUT = join(root, 'build', 'bench', 'baseline', 'index.js');
export const LIMIT = 1.1;

/**
 * The bare minimum every function carries: the SDK and a zod schema, nothing of ours, imported the
 * way our code imports them (so esbuild keeps of each what it would keep for us).
 */
const BASELINE_ENTRY = `
import tcb from '@cloudbase/node-sdk';
import { z } from 'zod';
const Event = z.object({ action: z.string(), data: z.unknown() });
export const main = async (event: unknown) => { Event.parse(event); return { ok: true, init: typeof tcb.init }; };
`;

/**
 * The same baseline without the SDK's AI module, which the functions leave out (scripts/build-functions.ts,
 * `withoutSdkAi`): not the target's reference, printed so that what our own code costs stays visible.
 */
export const BASELINE_NO_AI_OUT = join(root, 'build', 'bench', 'baseline-no-ai', 'index.js');

export async function buildBaseline(out = BASELINE_OUT, opts: { withoutAi?: boolean } = {}): Promise<number> {
  mkdirSync(join(out, '..'), { recursive: true });
  await build({
    ...BUNDLE_OPTIONS,
    stdin: { contents: BASELINE_ENTRY, resolveDir: root, loader: 'ts', sourcefile: 'baseline.ts' },
    outfile: out,
    plugins: opts.withoutAi ? [withoutSdkAi()] : [],
  });
  return statSync(out).size;
}

/**
 * Milliseconds to `require` the file in a fresh Node process (the file must export `main`): wall
 * clock, and the process's CPU time over the same span (less disturbed by other work on the machine).
 */
export function loadMs(file: string): { wall: number; cpu: number } {
  const script = `const c=process.cpuUsage(),t=process.hrtime.bigint();const m=require(${JSON.stringify(file)});const w=Number(process.hrtime.bigint()-t)/1e6,u=process.cpuUsage(c);if(typeof m.main!=='function')process.exit(3);process.stdout.write(JSON.stringify({wall:w,cpu:(u.user+u.system)/1e3}))`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { env: { PATH: process.env.PATH ?? '' } }).toString());
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export interface ColdStartRow {
  name: string;
  bytes: number;
  lazyBytes: number;
  /** median wall-clock ms of require(index.js) */
  medianMs: number;
  ratio: number;
  /** median CPU ms over the same span, and its ratio */
  medianCpuMs: number;
  cpuRatio: number;
}

export async function benchColdStart(
  runs: number,
): Promise<{ baseline: ColdStartRow; baselineWithoutAi: ColdStartRow; functions: ColdStartRow[]; runs: number; limit: number; withinLimit: boolean }> {
  const built = await buildFunctions();
  const baselineBytes = await buildBaseline();
  const noAiBytes = await buildBaseline(BASELINE_NO_AI_OUT, { withoutAi: true });
  const bundles = [
    { name: 'baseline', file: BASELINE_OUT, bytes: baselineBytes, lazyBytes: 0 },
    { name: 'sdk-no-ai', file: BASELINE_NO_AI_OUT, bytes: noAiBytes, lazyBytes: 0 },
    ...built.map((b) => ({ name: b.name, file: join(FUNCTIONS_OUT, b.name, 'index.js'), bytes: b.bytes, lazyBytes: b.lazy.reduce((n, l) => n + l.bytes, 0) })),
  ];
  const times = new Map<string, Array<{ wall: number; cpu: number }>>(bundles.map((b) => [b.name, []]));
  for (const b of bundles) loadMs(b.file); // warm the file cache once; not counted
  for (let r = 0; r < runs; r++) {
    for (let i = 0; i < bundles.length; i++) {
      const b = bundles[(i + r) % bundles.length];
      times.get(b.name)!.push(loadMs(b.file));
    }
  }
  const med = (name: string, k: 'wall' | 'cpu') => median(times.get(name)!.map((t) => t[k]));
  const r1 = (x: number) => Math.round(x * 10) / 10;
  const r2 = (x: number) => Math.round(x * 100) / 100;
  const rows = bundles.map((b) => ({
    name: b.name,
    bytes: b.bytes,
    lazyBytes: b.lazyBytes,
    medianMs: r1(med(b.name, 'wall')),
    ratio: r2(med(b.name, 'wall') / med('baseline', 'wall')),
    medianCpuMs: r1(med(b.name, 'cpu')),
    cpuRatio: r2(med(b.name, 'cpu') / med('baseline', 'cpu')),
  }));
  const functions = rows.slice(2);
  return { baseline: rows[0], baselineWithoutAi: rows[1], functions, runs, limit: LIMIT, withinLimit: functions.every((f) => f.ratio <= LIMIT) };
}

if (require.main === module) {
  const runs = Number(process.env.BENCH_COLDSTART_RUNS ?? 15);
  benchColdStart(runs).then((r) => {
    const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
    console.log(`cold start: median require() of index.js over ${r.runs} fresh Node processes each, interleaved (${process.version})`);
    console.log(
      `${'bundle'.padEnd(10)} ${'index.js'.padStart(9)} ${'lazy libs'.padStart(10)} ${'median'.padStart(9)} ${'ratio'.padStart(6)} ${'cpu'.padStart(9)} ${'ratio'.padStart(6)}`,
    );
    for (const row of [r.baseline, r.baselineWithoutAi, ...r.functions]) {
      const over = r.functions.includes(row) && row.ratio > r.limit ? '  over the limit' : '';
      console.log(
        `${row.name.padEnd(10)} ${kb(row.bytes).padStart(9)} ${(row.lazyBytes ? kb(row.lazyBytes) : '-').padStart(10)} ${`${row.medianMs.toFixed(1)} ms`.padStart(9)} ${row.ratio.toFixed(2).padStart(6)} ${`${row.medianCpuMs.toFixed(1)} ms`.padStart(9)} ${row.cpuRatio.toFixed(2).padStart(6)}${over}`,
      );
    }
    console.log(
      `limit ${r.limit}× the baseline (wall-clock median): ${r.withinLimit ? 'every function within it' : 'exceeded'}; load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
    const worst = Math.max(...r.functions.map((f) => f.medianMs));
    console.log(
      `the functions leave out the SDK's AI module (never called); against the baseline without it (sdk-no-ai) the slowest function is ${(worst / r.baselineWithoutAi.medianMs).toFixed(2)}×: what our own code costs`,
    );
    console.log(JSON.stringify({ bench: 'coldstart', ...r }));
    if (!r.withinLimit) process.exitCode = 1;
  });
}
