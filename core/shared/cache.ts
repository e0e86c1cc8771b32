/**
 * A small time-bounded memo for hot-path reads of slowly changing documents (the org tree, a
 * member's own record). One cache per store instance, timed by the injected clock, so tests and
 * separate deployments never share entries. Warm cloud-function containers reuse it too.
 */
import type { Dependencies } from './ports';

export function ttlCache<V>(ttlMs: number, maxEntries = 50_000) {
  const byStore = new WeakMap<object, Map<string, { value: V; until: number }>>();
  const mapOf = (store: object) => {
    let map = byStore.get(store);
    if (!map) byStore.set(store, (map = new Map()));
    return map;
  };
  const put = (store: object, key: string, value: V, now: number) => {
    const map = mapOf(store);
    if (map.size >= maxEntries) map.clear();
    map.set(key, { value, until: now + ttlMs });
  };
  return {
    async get(deps: Pick<Dependencies, 'store' | 'clock'>, key: string, load: () => Promise<V>, keep: (v: V) => boolean = () => true): Promise<V> {
      const now = deps.clock.now();
      const hit = mapOf(deps.store).get(key);
      if (hit && hit.until > now) return hit.value;
      const value = await load();
      if (keep(value)) put(deps.store, key, value, now);
      return value;
    },
    /** Stores a value just read fresh (so that the next readers start from it). */
    set(deps: Pick<Dependencies, 'store' | 'clock'>, key: string, value: V): void {
      put(deps.store, key, value, deps.clock.now());
    },
    /** Drops an entry this instance knows to be stale (other instances wait out the TTL). */
    forget(deps: Pick<Dependencies, 'store'>, key: string): void {
      byStore.get(deps.store)?.delete(key);
    },
  };
}
