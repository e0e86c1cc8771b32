/**
 * Benchmark (not a test): a signup surge through the real gateway over HTTP.
 * 1. Seeds a fresh data folder, starts the gateway as a child process.
 * 2. Warms both paths up, then measures the gateway's no-op throughput (`activity.health`, signed
 *    in like a signup) at 200 connections.
 * 3. An activity with 200 seats and a waitlist; 10,000 distinct members sign up through 200
 *    concurrent connections, 10% of them double-tapping and 5% retrying after their answer.
 *    Prints one JSON line: seats, confirmed, waitlisted, refused, duplicates, 5xx, lost, signups/s,
 *    p50/p99 latency, the no-op baseline and the ratio.
 * 4. A second surge on a new activity with a cancel storm on top (members who got an answer cancel
 *    again, a tenth of them double-tapping: seats freed go to waiters, with notices); the gateway
 *    is killed with SIGKILL in the middle of both, restarted (its start-up reconcile repairs), and
 *    every acknowledged signup and cancel is checked to stand, with the seat invariants of
 *    core/activity/seat-rules.ts (confirmed ≤ seats, left = seats − held, no free seat while a
 *    waiter fits, one notice per promotion and none otherwise) in the JSON line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openLocalDeps } from '../server/deps';
import { seedDemo } from '../server/seed';
import { issueToken } from '../server/tokens';
import { createCrypto } from '../adapters/crypto';
import { openSqliteDocStore } from '../adapters/sqlite/docstore';
import { MEMBERS, type MemberDoc } from '../core/member/model';
import { ACTIVITIES, SIGNUPS, type ActivityDoc, type SignupDoc } from '../core/activity/model';
import { signupIdFor } from '../core/activity/records';
import { inspectSeats } from '../core/activity/recovery';

const root = resolve(__dirname, '..');
const SEATS = 200;
const WORKERS = Number(process.env.SURGE_WORKERS ?? 10_000);
const CONNECTIONS = 200;
const PORT = Number(process.env.SURGE_PORT ?? 3456);
const base = `http://127.0.0.1:${PORT}`;

const masterKey = randomBytes(32);
const crypto = createCrypto(masterKey);
const dataDir = mkdtempSync(join(tmpdir(), 'bench-surge-'));

function startGateway(): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), '--import', 'tsx', join(root, 'scripts/start.ts')],
    {
      cwd: root,
      env: { ...process.env, PORT: String(PORT), DATA_DIR: dataDir, SKIP_H5_BUILD: '1', DEV_LOGIN: '0', UNION_MASTER_KEY: masterKey.toString('base64') },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return new Promise((ok, fail) => {
    const t0 = Date.now();
    const poll = () =>
      fetch(`${base}/healthz`)
        .then(() => ok(child))
        .catch(() => (Date.now() - t0 > 60_000 ? fail(new Error('gateway did not start')) : setTimeout(poll, 100)));
    poll();
  });
}

/** CPU time (ms) a process has used so far, from /proc (Linux); null elsewhere. */
function cpuMsOf(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in USER_HZ (100)
  } catch {
    return null;
  }
}
/** Server and client CPU per request over a phase: shows which side a throughput figure is bound by. */
function cpuMeter(pid: number | undefined) {
  const s0 = cpuMsOf(pid);
  const c0 = process.cpuUsage();
  return (requests: number) => {
    const s1 = cpuMsOf(pid);
    const c = process.cpuUsage(c0);
    return {
      serverCpuUsPerRequest: s0 === null || s1 === null ? null : Math.round(((s1 - s0) * 1000) / requests),
      clientCpuUsPerRequest: Math.round((c.user + c.system) / requests),
    };
  };
}

const agent = new Agent({ keepAlive: true, maxSockets: 200 });
const tokens = new Map<string, string>();
const tokenFor = (uid: string) => tokens.get(uid) ?? (tokens.set(uid, issueToken(crypto, uid, Date.now())), tokens.get(uid)!);

/** One call over a keep-alive connection (node:http: far cheaper per request than fetch). */
function post(
  uid: string | null,
  action: string,
  data: object,
): Promise<{ status: number; body: { ok: boolean; data?: any; error?: { code: string } }; ms: number }> {
  const t = performance.now();
  const payload = JSON.stringify({ action, data });
  return new Promise((ok, fail) => {
    const req = request(
      `${base}/api/activity`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...(uid ? { authorization: `Bearer ${tokenFor(uid)}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          try {
            ok({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()), ms: performance.now() - t });
          } catch (e) {
            fail(e);
          }
        });
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    req.end(payload);
  });
}

/** Runs `jobs` through `CONNECTIONS` concurrent lanes. */
async function lanes<T>(jobs: T[], run: (job: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < jobs.length) await run(jobs[next++]);
    }),
  );
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function publish(title: string) {
  const now = Date.now();
  const r = await post('dev_federation_officer', 'publish', {
    kind: 'activity',
    title,
    place: '园区职工之家',
    startAt: now + 7 * 86400_000,
    endAt: now + 7 * 86400_000 + 7200_000,
    signupOpensAt: now - 1000,
    signupClosesAt: now + 6 * 86400_000,
    seats: SEATS,
    waitlist: true,
    membersOnly: true,
    orgId: 'org_park',
  });
  if (!r.body.ok) throw new Error(`publish failed: ${JSON.stringify(r.body)}`);
  return r.body.data.id as string;
}

async function main() {
  // fresh data: the demo seed gives ~28,500 members; the park federation's are our workers
  const seedDeps = await openLocalDeps(dataDir);
  seedDeps.crypto = crypto;
  await seedDemo(seedDeps);
  const uids: string[] = [];
  let after: string | null = null;
  do {
    const page: { items: MemberDoc[]; next: string | null } = await seedDeps.store.query<MemberDoc>(MEMBERS, {
      where: { federationId: 'org_park' },
      limit: 1000,
      after,
    });
    uids.push(...page.items.map((m) => m.uid));
    after = page.next;
  } while (after && uids.length < 2 * WORKERS + 2000);
  await seedDeps.store.close();
  if (uids.length < 2 * WORKERS + 1000) throw new Error(`need ${2 * WORKERS + 1000} members, have ${uids.length}`);

  let gateway = await startGateway();

  // warm-up, so that neither measurement pays for the JIT: no-op calls and a small surge elsewhere
  const spare = uids.slice(2 * WORKERS);
  await lanes(spare.slice(0, 2000), async (uid) => void (await post(uid, 'health', {})));
  const warmActivity = await publish('热身活动');
  await lanes(spare.slice(0, 1000), async (uid) => void (await post(uid, 'signup', { activityId: warmActivity })));

  // no-op baseline: the same signed-in path (token, caller, envelope), no use case. Measured right
  // before and right after the surge and averaged, so that drift on a shared machine hits both sides.
  const noopN = WORKERS / 2;
  const noopPhase = async (batch: string[]) => {
    const cpu = cpuMeter(gateway.pid);
    const t = performance.now();
    await lanes(batch, async (uid) => void (await post(uid, 'health', {})));
    return { rps: batch.length / ((performance.now() - t) / 1000), cpu: cpu(batch.length) };
  };
  const noopBefore = await noopPhase(uids.slice(0, noopN));

  // surge 1
  const activityId = await publish('职工音乐节');
  const workers = uids.slice(0, WORKERS);
  const latencies: number[] = [];
  const answers = new Map<string, string>();
  let fiveXX = 0;
  let networkErrors = 0;
  let inconsistentRetries = 0;
  const surgeCpu = cpuMeter(gateway.pid);
  const t1 = performance.now();
  await lanes(
    workers.map((uid, i) => ({ uid, i })),
    async ({ uid, i }) => {
      try {
        const sends = i % 10 === 0 ? [post(uid, 'signup', { activityId }), post(uid, 'signup', { activityId })] : [post(uid, 'signup', { activityId })];
        for (const r of await Promise.all(sends)) {
          latencies.push(r.ms);
          if (r.status >= 500) fiveXX++;
          if (r.body.ok && r.body.data.status !== 'pending') answers.set(uid, r.body.data.status);
          else if (!r.body.ok) answers.set(uid, r.body.error!.code);
        }
        if (i % 20 === 1) {
          const again = await post(uid, 'signup', { activityId });
          latencies.push(again.ms);
          if (!again.body.ok || again.body.data.status !== answers.get(uid)) inconsistentRetries++;
        }
      } catch {
        networkErrors++;
      }
    },
  );
  const seconds = (performance.now() - t1) / 1000;
  const surgeCpuPer = surgeCpu(latencies.length);
  const noopAfter = await noopPhase(uids.slice(noopN, 2 * noopN));
  const noopRps = (noopBefore.rps + noopAfter.rps) / 2;
  const noopCpuPer = noopBefore.cpu;

  const store = openSqliteDocStore({ file: join(dataDir, 'union.db') });
  const signups = await store.count(SIGNUPS, { activityId });
  const confirmedDocs = await store.query<SignupDoc>(SIGNUPS, { where: { activityId, status: 'confirmed' }, limit: 1000 });
  const confirmed = confirmedDocs.items.reduce((n, s) => n + s.seatCount, 0);
  const waitlisted = await store.count(SIGNUPS, { activityId, status: 'waitlisted' });
  let lost = networkErrors;
  for (const [uid, status] of answers) {
    if (status !== 'confirmed' && status !== 'waitlisted') continue;
    const doc = await store.get<SignupDoc>(SIGNUPS, signupIdFor({ crypto }, activityId, uid));
    if (!doc || doc.status !== status) lost++;
  }
  const activity = (await store.get<ActivityDoc>(ACTIVITIES, activityId))!;
  const signupRps = workers.length / seconds;
  const p50 = pct(latencies, 50);
  const p99 = pct(latencies, 99);
  const surge = {
    seats: SEATS,
    workers: workers.length,
    requests: latencies.length,
    confirmed,
    waitlisted,
    refused: [...answers.values()].filter((s) => s === 'QUOTA_FULL').length,
    duplicates: signups - new Set(workers).size,
    inconsistentRetries,
    '5xx': fiveXX,
    lost,
    counterAgrees: activity.left === SEATS - confirmed,
    signupsPerSecond: Math.round(signupRps),
    p50Ms: +p50.toFixed(1),
    p99Ms: +p99.toFixed(1),
    noopPerSecond: Math.round(noopRps),
    noopPerSecondBeforeAfter: [Math.round(noopBefore.rps), Math.round(noopAfter.rps)],
    throughputRatio: +(signupRps / noopRps).toFixed(2),
    p99OverP50: +(p99 / p50).toFixed(1),
    cpuUsPerRequest: { signup: surgeCpuPer, noop: noopCpuPer },
  };
  console.log(JSON.stringify(surge));
  await store.close();
  if (process.env.BENCH_CPU_PROF) {
    // profiling run: stop cleanly so that the gateway writes its profile, skip the crash surge
    gateway.kill('SIGTERM');
    await new Promise((ok) => gateway.once('exit', ok));
    console.log(`cpu profile written to ${process.env.BENCH_CPU_PROF}`);
    return;
  }

  // surge 2 with a cancel storm, killed in the middle of both
  const activity2 = await publish('职工运动会');
  const acked = new Map<string, string>();
  const cancelQueue: string[] = [];
  const cancelSent = new Set<string>();
  const cancelAcked = new Set<string>();
  let killed = false;
  let signupsDone = false;
  const second = uids.slice(WORKERS, 2 * WORKERS);
  const CANCELS_BEFORE_KILL = Number(process.env.SURGE_CANCELS ?? 300);
  const kill = () => {
    if (killed) return;
    killed = true;
    gateway.kill('SIGKILL');
  };
  const maybeKill = () => {
    if (acked.size >= second.length / 3 && cancelAcked.size >= CANCELS_BEFORE_KILL) kill();
  };
  const signupLanes = lanes(second, async (uid) => {
    if (killed) return;
    try {
      const r = await post(uid, 'signup', { activityId: activity2 });
      if (r.body.ok && (r.body.data.status === 'confirmed' || r.body.data.status === 'waitlisted')) {
        acked.set(uid, r.body.data.status);
        if (acked.size % 3 === 0 || r.body.data.status === 'confirmed') cancelQueue.push(uid); // every confirmed one and a third of the rest cancel
      }
      maybeKill();
    } catch {
      /* in flight when the process died: not acknowledged */
    }
  }).then(() => void (signupsDone = true));
  const cancelLanes = Promise.all(
    Array.from({ length: 40 }, async (_, lane) => {
      while (!killed) {
        const uid = cancelQueue.shift();
        if (!uid) {
          if (signupsDone) kill(); // nothing left to cancel: stop here
          await new Promise((r) => setTimeout(r, 2));
          continue;
        }
        cancelSent.add(uid);
        try {
          const taps =
            lane % 10 === 0
              ? [post(uid, 'cancel', { activityId: activity2 }), post(uid, 'cancel', { activityId: activity2 })]
              : [post(uid, 'cancel', { activityId: activity2 })];
          for (const r of await Promise.all(taps)) if (r.body.ok) cancelAcked.add(uid);
          maybeKill();
        } catch {
          /* in flight when the process died */
        }
      }
    }),
  );
  await Promise.all([signupLanes, cancelLanes]);
  if (gateway.exitCode === null && gateway.signalCode === null) await new Promise((r) => gateway.once('exit', r));
  gateway = await startGateway(); // start-up reconciles before serving
  const store2 = openSqliteDocStore({ file: join(dataDir, 'union.db') });
  let missing = 0;
  let cancelsLost = 0;
  for (const [uid, status] of acked) {
    const doc = await store2.get<SignupDoc>(SIGNUPS, signupIdFor({ crypto }, activity2, uid));
    if (cancelAcked.has(uid)) {
      if (doc?.status !== 'cancelled') cancelsLost++;
    } else if (!doc || (status === 'confirmed' && !cancelSent.has(uid) && doc.status !== 'confirmed')) missing++;
  }
  const a2 = (await store2.get<ActivityDoc>(ACTIVITIES, activity2))!;
  const pending = await store2.count(SIGNUPS, { activityId: activity2, status: 'pending' });
  const inv = await inspectSeats({ store: store2 }, activity2);
  console.log(
    JSON.stringify({
      crash: 'SIGKILL mid-surge and mid-cancel-storm',
      acknowledged: acked.size,
      cancelsSent: cancelSent.size,
      cancelsAcknowledged: cancelAcked.size,
      missingAfterRestart: missing,
      cancelsLost,
      seats: SEATS,
      confirmed: inv.confirmed,
      left: a2.left,
      waitlisted: inv.waitlisted,
      promoted: inv.promoted,
      promotionNotices: inv.notices,
      pendingLeft: pending,
      countersAgree: a2.left === SEATS - inv.confirmed && inv.confirmed <= SEATS,
      invariantsHold: inv.violations.length === 0,
      violations: inv.violations,
    }),
  );
  await store2.close();
  gateway.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
