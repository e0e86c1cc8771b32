import { ttlCache } from './cache';

describe('ttlCache', () => {
  const clock = {
    t: 0,
    now() {
      return this.t;
    },
  };
  const deps = { store: {} as never, clock };

  it('serves a kept value until it expires, then loads again', async () => {
    const cache = ttlCache<number>(1000);
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get(deps, 'k', load)).toBe(1);
    clock.t = 999;
    expect(await cache.get(deps, 'k', load)).toBe(1);
    clock.t = 1000;
    expect(await cache.get(deps, 'k', load)).toBe(2);
  });

  it('does not keep what `keep` refuses (a member not found yet is looked up every time)', async () => {
    const cache = ttlCache<string | null>(60_000);
    let member: string | null = null;
    expect(
      await cache.get(
        deps,
        'u',
        async () => member,
        (m) => m !== null,
      ),
    ).toBeNull();
    member = '李娜';
    expect(
      await cache.get(
        deps,
        'u',
        async () => member,
        (m) => m !== null,
      ),
    ).toBe('李娜');
  });

  it('keeps one cache per store', async () => {
    const cache = ttlCache<string>(60_000);
    await cache.get({ store: {} as never, clock }, 'k', async () => 'a');
    expect(await cache.get({ store: {} as never, clock }, 'k', async () => 'b')).toBe('b');
  });
});
