/**
 * A DocStore that passes every call to `real` except those given in `over`: for tests and crash
 * harnesses that make some calls fail, die or count (a store that dies after its first update, a
 * child process that kills itself before its n-th write).
 */
import type { DocStore } from '../core/shared/docstore';

export function delegatingStore(real: DocStore, over: Partial<DocStore> = {}): DocStore {
  return {
    ensureCollections: (s) => real.ensureCollections(s),
    get: (c, id) => real.get(c, id),
    insert: (c, d) => real.insert(c, d),
    insertMany: (c, d) => real.insertMany(c, d),
    update: (c, id, u, wh) => real.update(c, id, u, wh),
    transact: (c, id, fn) => real.transact(c, id, fn),
    increment: (c, id, f, by) => real.increment(c, id, f, by),
    remove: (c, id, wh) => real.remove(c, id, wh),
    query: (c, q) => real.query(c, q),
    count: (c, wh, o) => real.count(c, wh, o),
    close: () => real.close(),
    ...over,
  };
}
