/**
 * A small time-bounded memo for hot-path reads of slowly changing documents (the org tree, a
 * member's own record). One cache per store instance, timed by the injected clock, so tests and
 * separate deployments never share entries. Warm cloud-function containers reuse it too.
 */
import type { Dependencies } from './ports';

export function ttlCache<V>(ttlMs: number, maxEntries = 50_000) {
  const byStore = new WeakMap<object, Map<string, { value: V; until: number }>>();
  return {
    async get(deps: Pick<Dependencies, 'store' | 'clock'>, key: string, load: () => Promise<V>, keep: (v: V) => boolean = () => true): Promise<V> {
      let map = byStore.get(deps.store);
      if (!map) byStore.set(deps.store, (map = new Map()));
      const now = deps.clock.now();
      const hit = map.get(key);
      if (hit && hit.until > now) return hit.value;
      const value = await load();
      if (keep(value)) {
        if (map.size >= maxEntries) map.clear();
        map.set(key, { value, until: now + ttlMs });
      }
      return value;
    },
    /** Stores a value just read fresh (so that the next readers start from it). */
    set(deps: Pick<Dependencies, 'store' | 'clock'>, key: string, value: V): void {
      let map = byStore.get(deps.store);
      if (!map) byStore.set(deps.store, (map = new Map()));
      if (map.size >= maxEntries) map.clear();
      map.set(key, { value, until: deps.clock.now() + ttlMs });
    },
    /** Drops an entry this instance knows to be stale (other instances wait out the TTL). */
    forget(deps: Pick<Dependencies, 'store'>, key: string): void {
      byStore.get(deps.store)?.delete(key);
    },
  };
}
