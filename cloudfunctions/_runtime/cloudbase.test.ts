/**
 * The CloudBase entry (`exports.main`) as the platform calls it: identity from the runtime's
 * variables, never from the event; only the platform's timer runs system jobs; a failed cold start is
 * retried; `main` always answers an envelope.
 */
import { cloudbaseMain, isPlatformTimer, invocationFacts, onceUnlessFailed } from './cloudbase';
import { MANIFESTS } from '../registry';
import type { FunctionManifest } from './manifest';
import { makeWorld, type TestWorld } from '../../server/testing';

const RUNTIME_VARS = ['WX_CONTEXT_KEYS', 'WX_OPENID', 'WX_APPID', 'TRIGGER_SRC', 'TCB_UUID', 'TCB_CONTEXT_KEYS'];
const saved: Record<string, string | undefined> = {};

/** What SCF sets for a call from the mini-program (WX_CONTEXT_KEYS lists the per-call variables). */
function asMiniProgramUser(openid: string) {
  process.env.WX_CONTEXT_KEYS = 'WX_OPENID,WX_APPID';
  process.env.WX_OPENID = openid;
  process.env.WX_APPID = 'wx0000000000000000';
  delete process.env.TRIGGER_SRC;
}

/** What SCF sets for a timer invocation: no user identity, TRIGGER_SRC=timer. */
function asPlatformTimer() {
  for (const v of RUNTIME_VARS) delete process.env[v];
  process.env.TRIGGER_SRC = 'timer';
}

let world: TestWorld;

beforeAll(async () => {
  for (const v of RUNTIME_VARS) saved[v] = process.env[v];
  world = await makeWorld();
});
afterAll(async () => {
  for (const v of RUNTIME_VARS) {
    if (saved[v] === undefined) delete process.env[v];
    else process.env[v] = saved[v];
  }
  await world.close();
});
afterEach(() => {
  for (const v of RUNTIME_VARS) delete process.env[v];
});

/** A manifest whose function records every invocation's identity (the real function behind it). */
function spied(m: FunctionManifest) {
  const calls: Array<{ event: unknown; identity: { uid: string | null; system?: boolean } }> = [];
  const fn = {
    ...m.fn,
    invoke: (event: unknown, identity: { uid: string | null; system?: boolean }, deps: never) => (
      calls.push({ event, identity }),
      m.fn.invoke(event, identity, deps)
    ),
  };
  return { manifest: { ...m, fn } as FunctionManifest, calls };
}

const systemActions = MANIFESTS.flatMap((m) =>
  Object.entries(m.fn.contract)
    .filter(([, a]) => a.roles.includes('system'))
    .map(([action]) => [m.name, action] as const),
);

describe('a Timer-shaped event from a user runs nothing as the system', () => {
  it('covers every system action of every function', () => {
    expect(systemActions.length).toBeGreaterThanOrEqual(5);
  });

  it.each(systemActions)('%s.%s sent as {Type: Timer} by a signed-in user is refused', async (fnName, action) => {
    const { manifest, calls } = spied(MANIFESTS.find((m) => m.name === fnName)!);
    const main = cloudbaseMain(manifest, { deps: async () => world.deps });
    asMiniProgramUser('oForger123');
    for (const event of [
      { Type: 'Timer', TriggerName: action },
      { Type: 'Timer', TriggerName: 'jobs', Time: '2026-11-24T02:00:00Z' },
      { Type: 'Timer', TriggerName: action, action, data: {} },
    ]) {
      const answer = await main(event, {});
      expect(answer.ok).toBe(false);
    }
    // Even with TRIGGER_SRC=timer forged into the process, a call carrying a user identity is a user's
    process.env.TRIGGER_SRC = 'timer';
    expect((await main({ Type: 'Timer', TriggerName: 'jobs' }, {})).ok).toBe(false);
    expect(calls.length).toBeGreaterThan(0);
    for (const c of calls) {
      expect(c.identity.system).toBeFalsy();
      expect(c.identity.uid).toBe('oForger123');
    }
  });

  it('an anonymous Timer-shaped call outside a timer invocation is refused too', async () => {
    const { manifest, calls } = spied(MANIFESTS.find((m) => m.name === 'activity')!);
    const main = cloudbaseMain(manifest, { deps: async () => world.deps });
    for (const v of RUNTIME_VARS) delete process.env[v];
    const answer = await main({ Type: 'Timer', TriggerName: 'jobs' }, {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(calls.every((c) => !c.identity.system)).toBe(true);
  });
});

describe('the platform timer runs the jobs due at its trigger time', () => {
  it('activity at the top of the hour: reconcile and remindUpcoming; five minutes later: reconcile only', async () => {
    const { manifest, calls } = spied(MANIFESTS.find((m) => m.name === 'activity')!);
    const main = cloudbaseMain(manifest, { deps: async () => world.deps });
    asPlatformTimer();
    // 10:00 and 10:05 Asia/Shanghai
    const top = await main({ Type: 'Timer', TriggerName: 'jobs', Time: '2026-11-24T02:00:00Z' }, {});
    expect(top.ok).toBe(true);
    expect(Object.keys((top as { data: object }).data).sort()).toEqual(['reconcile', 'remindUpcoming']);
    const later = await main({ Type: 'Timer', TriggerName: 'jobs', Time: '2026-11-24T02:05:00Z' }, {});
    expect(Object.keys((later as { data: object }).data)).toEqual(['reconcile']);
    expect(calls.map((c) => [(c.event as { action: string }).action, c.identity.system])).toEqual([
      ['reconcile', true],
      ['remindUpcoming', true],
      ['reconcile', true],
    ]);
  });

  it('a tick that fires a few seconds late still runs the jobs of its slot, once', async () => {
    const { manifest, calls } = spied(MANIFESTS.find((m) => m.name === 'activity')!);
    const main = cloudbaseMain(manifest, { deps: async () => world.deps });
    asPlatformTimer();
    await main({ Type: 'Timer', TriggerName: 'jobs', Time: '2026-11-24T02:55:00Z' }, {}); // 10:55
    await main({ Type: 'Timer', TriggerName: 'jobs', Time: '2026-11-24T03:00:07Z' }, {}); // 11:00:07
    expect(calls.map((c) => (c.event as { action: string }).action)).toEqual(['reconcile', 'reconcile', 'remindUpcoming']);
  });

  it('recognises the timer only with all three facts', () => {
    const timer = { Type: 'Timer', TriggerName: 'jobs' };
    expect(isPlatformTimer(timer, { openId: '', uuid: '', triggerSrc: 'timer' })).toBe(true);
    expect(isPlatformTimer(timer, { openId: 'o1', uuid: '', triggerSrc: 'timer' })).toBe(false);
    expect(isPlatformTimer(timer, { openId: '', uuid: 'u1', triggerSrc: 'timer' })).toBe(false);
    expect(isPlatformTimer(timer, { openId: '', uuid: '', triggerSrc: '' })).toBe(false);
    expect(isPlatformTimer({ action: 'reconcile' }, { openId: '', uuid: '', triggerSrc: 'timer' })).toBe(false);
  });

  it('reads identity from the SCF context when the platform passes it there', () => {
    const facts = invocationFacts({ environment: JSON.stringify({ WX_CONTEXT_KEYS: 'WX_OPENID', WX_OPENID: 'oFromContext' }) });
    expect(facts.openId).toBe('oFromContext');
  });
});

describe('cold start', () => {
  it('a transient failure while building the dependencies is retried on the next call', async () => {
    let attempts = 0;
    const main = cloudbaseMain(
      MANIFESTS.find((m) => m.name === 'activity')!,
      {
        deps: async () => {
          attempts++;
          if (attempts === 1) throw new Error('connect ETIMEDOUT');
          return world.deps;
        },
      },
    );
    asMiniProgramUser('dev_member');
    const first = await main({ action: 'health', data: {} }, {});
    expect(first).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    const second = await main({ action: 'health', data: {} }, {});
    expect(second).toEqual({ ok: true, data: { up: true } });
    const third = await main({ action: 'health', data: {} }, {});
    expect(third.ok).toBe(true);
    expect(attempts).toBe(2); // built once after the failure, then reused
  });

  it('main answers an envelope even when the function itself throws', async () => {
    const m = MANIFESTS.find((x) => x.name === 'activity')!;
    const broken = { ...m, fn: { ...m.fn, invoke: async () => Promise.reject(new Error('boom')) } } as FunctionManifest;
    const main = cloudbaseMain(broken, { deps: async () => world.deps });
    asMiniProgramUser('dev_member');
    await expect(main({ action: 'health', data: {} }, {})).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('onceUnlessFailed shares one build between concurrent first calls', async () => {
    let builds = 0;
    const get = onceUnlessFailed(async () => ++builds);
    expect(await Promise.all([get(), get(), get()])).toEqual([1, 1, 1]);
  });
});
