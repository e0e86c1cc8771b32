/**
 * The manifests are the one source: the registry, cloudbaserc.json, the local scheduler, the deploy
 * plan, the function bundles and docs/PLATFORM.md all agree with them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFESTS, functions } from './registry';
import { ALL_COLLECTIONS, SHARED_COLLECTIONS } from './registry-collections';
import { contracts } from '../core/contracts';
import { defineManifest, dueJobs, tickMinutes, triggerCron } from './_runtime/manifest';
import { databasePlan, renderCloudbasercText, renderPlatformDoc, renderCloudbaserc } from '../scripts/platform';
import { FUNCTION_NAMES } from '../scripts/build-functions';
import { msToNextTick } from '../server/scheduler';

const root = join(__dirname, '..');

describe('the registry is the manifests', () => {
  it('routes exactly the manifests’ functions, and nothing through the prototype', () => {
    expect(Object.keys(functions).sort()).toEqual(MANIFESTS.map((m) => m.name).sort());
    for (const m of MANIFESTS) expect(functions[m.name]).toBe(m.fn);
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) expect(functions[name]).toBeUndefined();
  });

  it('every contract has a manifest and every manifest its contract', () => {
    for (const m of MANIFESTS) expect(m.fn.contract).toBe((contracts as Record<string, unknown>)[m.name]);
    expect(Object.keys(contracts).sort()).toEqual(MANIFESTS.map((m) => m.name).sort());
  });

  it('bundles one cloud function per manifest', () => {
    expect([...FUNCTION_NAMES].sort()).toEqual(MANIFESTS.map((m) => m.name).sort());
  });
});

describe('timers', () => {
  it('every system-only action runs on its function’s timer, and every job is a system-only action', () => {
    for (const m of MANIFESTS) {
      const systemOnly = Object.entries(m.fn.contract)
        .filter(([, a]) => a.roles.length === 1 && a.roles[0] === 'system')
        .map(([name]) => name);
      expect(m.jobs.map((j) => j.action).sort()).toEqual(systemOnly.sort());
    }
  });

  it('cloudbaserc.json has at most one trigger per function, at the tick of its jobs', () => {
    const rc = JSON.parse(readFileSync(join(root, 'cloudbaserc.json'), 'utf8'));
    for (const f of rc.functions) {
      const m = MANIFESTS.find((x) => x.name === f.name)!;
      expect(m).toBeDefined();
      expect((f.triggers ?? []).length).toBeLessThanOrEqual(1);
      if (m.jobs.length) {
        expect(f.triggers[0]).toEqual({ name: 'jobs', type: 'timer', config: triggerCron(m) });
        expect(f.triggers[0].config.split(' ')).toHaveLength(7);
      } else expect(f.triggers).toBeUndefined();
    }
    expect(rc.functions.map((f: { name: string }) => f.name)).toEqual(MANIFESTS.map((m) => m.name));
  });

  it('the cloud and the local scheduler run each job at its own period', () => {
    const activity = MANIFESTS.find((m) => m.name === 'activity')!;
    const member = MANIFESTS.find((m) => m.name === 'member')!;
    expect(triggerCron(activity)).toBe('0 */5 * * * * *');
    expect(triggerCron(member)).toBe('0 */30 * * * * *');
    // a day of ticks, as the trigger fires them: how often each job runs
    const day = Date.UTC(2026, 10, 23, 16, 0, 0); // 00:00 Asia/Shanghai
    const runs = (m: typeof activity) => {
      const count: Record<string, number> = {};
      for (let t = day; t < day + 86400_000; t += tickMinutes(m)! * 60_000) for (const j of dueJobs(m, t)) count[j.action] = (count[j.action] ?? 0) + 1;
      return count;
    };
    expect(runs(activity)).toEqual({ reconcile: 288, remindUpcoming: 24 });
    expect(runs(member)).toEqual({ escalateOverdue: 48 });
    // the local scheduler waits for the same boundaries
    expect(msToNextTick(Date.UTC(2026, 10, 24, 2, 3, 0), 5 * 60_000)).toBe(2 * 60_000);
    expect(msToNextTick(Date.UTC(2026, 10, 24, 2, 30, 0), 30 * 60_000)).toBe(30 * 60_000);
  });

  it('refuses a job that is not a system-only action, and a period that does not divide the day', () => {
    const m = MANIFESTS.find((x) => x.name === 'activity')!;
    expect(() => defineManifest({ ...m, jobs: [{ action: 'signup', everyMinutes: 5, summary: '' }] })).toThrow(/system-only/);
    expect(() => defineManifest({ ...m, jobs: [{ action: 'reconcile', everyMinutes: 7, summary: '' }] })).toThrow(/divisor/);
  });
});

describe('collections and deployment', () => {
  it('each collection has one owner, and the store creates exactly the manifests’ and the shared ones', () => {
    const names = ALL_COLLECTIONS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.sort()).toEqual([...SHARED_COLLECTIONS, ...MANIFESTS.flatMap((m) => m.collections)].map((c) => c.name).sort());
  });

  it('the deploy plan makes every collection admin-only with its indexes', () => {
    const plan = databasePlan();
    expect(plan.map((c) => c.name).sort()).toEqual(ALL_COLLECTIONS.map((c) => c.name).sort());
    expect(plan.every((c) => c.acl === 'ADMINONLY')).toBe(true);
    const staff = plan.find((c) => c.name === 'staff');
    expect(staff?.owner).toBe('org');
    const apps = plan.find((c) => c.name === 'join_applications')!;
    expect(apps.indexes.length).toBeGreaterThan(0);
  });

  it('cloudbaserc.json and docs/PLATFORM.md are generated and current (run `npm run gen:platform`)', () => {
    expect(readFileSync(join(root, 'cloudbaserc.json'), 'utf8')).toBe(renderCloudbasercText());
    expect(readFileSync(join(root, 'docs', 'PLATFORM.md'), 'utf8')).toBe(renderPlatformDoc());
    // every function gets the master key from the deployer, never a literal
    for (const f of renderCloudbaserc().functions) expect(f.envVariables.UNION_MASTER_KEY).toBe('{{env.UNION_MASTER_KEY}}');
  });
});
