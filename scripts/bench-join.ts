/**
 * Benchmark (not a test): join submission latency through the local gateway over HTTP, on the full
 * demo data (28,500 members). Sequential submissions by distinct workers, then 20 concurrent
 * connections; prints p50 / p95 / p99 (goal: p50 under 50 ms).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { openLocalDeps } from '../server/deps';
import { createGateway } from '../server/gateway';
import { seedDemo, rng } from '../server/seed';
import { issueToken } from '../server/tokens';
import { makeIdNumber } from '../core/shared/idNumber';

const N = Number(process.env.BENCH_JOINS ?? 500);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-join-'));
  const deps = await openLocalDeps(dir);
  await seedDemo(deps);
  const server = createGateway({ deps, devLogin: false });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/member`;
  const r = rng(99);
  const submit = async (i: number) => {
    const token = issueToken(deps.crypto, `bench_w${i}`, Date.now());
    const data = {
      idempotencyKey: `bench_${i}_key`,
      name: '周晓',
      idNumber: makeIdNumber('320506', `19${r.int(70, 99)}0${r.int(1, 9)}1${r.int(0, 9)}`, String(i % 1000).padStart(3, '0')),
      mobile: `139${String(10_000_000 + i).slice(-8)}`,
      enterpriseId: `ent_${String(1 + (i % 178)).padStart(3, '0')}`,
      job: '操作工',
      migrantWorker: i % 2 === 0,
      consent: true,
    };
    const t = process.hrtime.bigint();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ action: 'submitApplication', data }),
    });
    const body = (await res.json()) as { ok: boolean };
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    return { ms, ok: body.ok || res.status === 409 };
  };
  for (let i = 0; i < 20; i++) await submit(1_000_000 + i); // warm-up
  const seq: number[] = [];
  let failures = 0;
  for (let i = 0; i < N; i++) {
    const x = await submit(i);
    seq.push(x.ms);
    if (!x.ok) failures++;
  }
  const conc: number[] = [];
  let next = N;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (next < 2 * N) {
        const x = await submit(next++);
        conc.push(x.ms);
        if (!x.ok) failures++;
      }
    }),
  );
  const f = (xs: number[]) => ({ p50: +pct(xs, 50).toFixed(2), p95: +pct(xs, 95).toFixed(2), p99: +pct(xs, 99).toFixed(2) });
  console.log(JSON.stringify({ submissions: 2 * N, failures, sequentialMs: f(seq), concurrent20Ms: f(conc), goalP50Ms: 50 }));
  server.close();
  await deps.store.close();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
