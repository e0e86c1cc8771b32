/**
 * The DocStore contract: one suite every adapter must pass (SQLite always; CloudBase when its
 * credentials are set). Collection names are unique per run so it can share a real environment.
 */
import { DuplicateKeyError, KEEP, queryAll, type Doc, type DocStore, type Where } from '../core/shared/docstore';

interface Row extends Doc {
  n: number;
  group: string;
  flag: boolean;
  tag?: string | null;
  nested?: { level: number };
  list?: string[];
}

export function describeDocStoreContract(name: string, open: () => Promise<DocStore>) {
  describe(`DocStore contract: ${name}`, () => {
    let store: DocStore;
    const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
    let seq = 0;
    /** a new, empty collection (CloudBase refuses writes to a collection that does not exist) */
    const coll = async () => {
      const name = `t_${run}_${++seq}`;
      await store.ensureCollections([{ name, indexes: [] }]);
      return name;
    };

    beforeAll(async () => {
      store = await open();
    });
    afterAll(() => store.close());

    async function filled(count: number) {
      const c = `t_${run}_${++seq}`;
      await store.ensureCollections([
        {
          name: c,
          indexes: [
            {
              name: 'group_n',
              fields: [
                ['group', 'asc'],
                ['n', 'asc'],
              ],
            },
          ],
        },
      ]);
      const docs: Row[] = Array.from({ length: count }, (_, i) => ({
        _id: `d${String(i).padStart(5, '0')}`,
        n: i % 37,
        group: ['a', 'b', 'c'][i % 3],
        flag: i % 2 === 0,
        tag: i % 5 === 0 ? null : `tag-${i % 4}`,
        nested: { level: i % 3 },
      }));
      await store.insertMany(c, docs);
      return { c, docs };
    }

    it('inserts, gets, and refuses a duplicate _id', async () => {
      const c = await coll();
      await store.insert<Row>(c, { _id: 'x', n: 1, group: 'a', flag: true });
      expect(await store.get<Row>(c, 'x')).toMatchObject({ _id: 'x', n: 1, flag: true });
      expect(await store.get(c, 'missing')).toBeNull();
      await expect(store.insert<Row>(c, { _id: 'x', n: 2, group: 'a', flag: true })).rejects.toBeInstanceOf(DuplicateKeyError);
      expect((await store.get<Row>(c, 'x'))!.n).toBe(1);
    });

    it('insertMany is all or nothing', async () => {
      const c = await coll();
      await store.insert<Row>(c, { _id: 'b', n: 0, group: 'a', flag: false });
      await expect(
        store.insertMany<Row>(c, [
          { _id: 'a', n: 1, group: 'a', flag: false },
          { _id: 'b', n: 2, group: 'a', flag: false },
        ]),
      ).rejects.toBeInstanceOf(DuplicateKeyError);
      expect(await store.get(c, 'a')).toBeNull();
    });

    it('filters with every operator, booleans, nulls and nested fields', async () => {
      const { c, docs } = await filled(90);
      const count = (pred: (d: Row) => boolean) => docs.filter(pred).length;
      expect(await store.count(c, { group: 'a' })).toBe(count((d) => d.group === 'a'));
      expect(await store.count(c, { flag: false })).toBe(count((d) => !d.flag));
      expect(await store.count(c, { flag: true, group: 'b' })).toBe(count((d) => d.flag && d.group === 'b'));
      expect(await store.count(c, { n: { $gt: 10, $lte: 20 } })).toBe(count((d) => d.n > 10 && d.n <= 20));
      // capped: never more than upTo, exact below it
      expect(await store.count(c, { group: 'a' }, { upTo: 3 })).toBe(
        Math.min(
          3,
          count((d) => d.group === 'a'),
        ),
      );
      expect(await store.count(c, { flag: true, group: 'b' }, { upTo: 10_000 })).toBe(count((d) => d.flag && d.group === 'b'));
      expect(await store.count(c, { n: { $gte: 30 } })).toBe(count((d) => d.n >= 30));
      expect(await store.count(c, { n: { $lt: 3 } })).toBe(count((d) => d.n < 3));
      expect(await store.count(c, { group: { $in: ['a', 'c'] } })).toBe(count((d) => d.group !== 'b'));
      expect(await store.count(c, { group: { $ne: 'a' } })).toBe(count((d) => d.group !== 'a'));
      expect(await store.count(c, { tag: null })).toBe(count((d) => d.tag === null));
      expect(await store.count(c, { tag: { $exists: true } })).toBe(count((d) => d.tag != null));
      expect(await store.count(c, { tag: { $contains: 'g-3' } })).toBe(count((d) => d.tag === 'tag-3'));
      expect(await store.count(c, { 'nested.level': 2 })).toBe(count((d) => d.nested!.level === 2));
      expect(await store.count(c, { group: { $eq: 'b' } })).toBe(count((d) => d.group === 'b'));
    });

    it('updates conditionally and atomically: set, inc, unset, push, nested', async () => {
      const c = await coll();
      await store.insert<Row>(c, { _id: 'u', n: 1, group: 'a', flag: true, tag: 'x' });
      expect(await store.update(c, 'u', { set: { group: 'b' } }, { group: 'z' })).toBe(false);
      expect(await store.update(c, 'missing', { set: { group: 'b' } })).toBe(false);
      expect(
        await store.update(
          c,
          'u',
          { set: { group: 'b', 'nested.level': 4 }, inc: { n: 2, fresh: 5 }, unset: ['tag'], push: { list: 'one' } },
          { group: 'a', flag: true },
        ),
      ).toBe(true);
      await store.update(c, 'u', { push: { list: 'two' } });
      const u = await store.get<Row & { fresh: number }>(c, 'u');
      expect(u).toMatchObject({ group: 'b', n: 3, fresh: 5, nested: { level: 4 }, list: ['one', 'two'] });
      expect(u).not.toHaveProperty('tag');
    });

    it('transacts on one document: create, modify, keep, delete', async () => {
      const c = await coll();
      const inc = (cur: (Doc & { v: number }) | null) => ({ _id: 'k', v: (cur?.v ?? 0) + 1 });
      expect(await store.transact(c, 'k', inc)).toEqual({ _id: 'k', v: 1 });
      expect(await store.transact(c, 'k', inc)).toEqual({ _id: 'k', v: 2 });
      expect(await store.transact(c, 'k', () => KEEP)).toEqual({ _id: 'k', v: 2 });
      expect(await store.transact(c, 'k', () => null)).toBeNull();
      expect(await store.get(c, 'k')).toBeNull();
    });

    it('removes only when the condition holds', async () => {
      const c = await coll();
      await store.insert<Row>(c, { _id: 'r', n: 1, group: 'a', flag: true });
      expect(await store.remove(c, 'r', { group: 'b' })).toBe(false);
      expect(await store.remove(c, 'r', { group: 'a' })).toBe(true);
      expect(await store.remove(c, 'r')).toBe(false);
    });

    it.each([
      ['ascending', 'asc'],
      ['descending', 'desc'],
    ] as const)('pages %s with ties: every document exactly once, in order', async (_label, dir) => {
      const { c, docs } = await filled(2500);
      const seen: Row[] = [];
      let after: string | null = null;
      do {
        const page: { items: Row[]; next: string | null } = await store.query<Row>(c, { orderBy: [['n', dir]], limit: 100, after });
        seen.push(...page.items);
        after = page.next;
      } while (after);
      const expected = [...docs].sort((x, y) => (dir === 'asc' ? x.n - y.n : y.n - x.n) || (dir === 'asc' ? 1 : -1) * x._id.localeCompare(y._id));
      expect(seen.map((d) => d._id)).toEqual(expected.map((d) => d._id));
    });

    it('pages with a filter, mixed directions and a nullable sort key', async () => {
      const { c, docs } = await filled(600);
      const walk = async (spec: { where?: Where; orderBy: Array<[string, 'asc' | 'desc']> }) => {
        const ids: string[] = [];
        let after: string | null = null;
        do {
          const page: { items: Row[]; next: string | null } = await store.query<Row>(c, { ...spec, limit: 37, after });
          ids.push(...page.items.map((d) => d._id));
          after = page.next;
        } while (after);
        return ids;
      };
      const filtered = await walk({ where: { group: 'b', flag: true }, orderBy: [['n', 'asc']] });
      expect(filtered).toEqual(
        docs
          .filter((d) => d.group === 'b' && d.flag)
          .sort((x, y) => x.n - y.n || x._id.localeCompare(y._id))
          .map((d) => d._id),
      );
      const mixed = await walk({
        orderBy: [
          ['group', 'desc'],
          ['n', 'asc'],
        ],
      });
      expect(new Set(mixed).size).toBe(600);
      expect(mixed).toEqual([...docs].sort((x, y) => y.group.localeCompare(x.group) || x.n - y.n || x._id.localeCompare(y._id)).map((d) => d._id));
      const nullable = await walk({ orderBy: [['tag', 'asc']] });
      expect(new Set(nullable).size).toBe(600);
      expect(nullable.slice(0, docs.filter((d) => d.tag === null).length).every((id) => docs.find((d) => d._id === id)!.tag === null)).toBe(true);
    });

    it('never oversells: 200 concurrent conditional decrements on 50 seats', async () => {
      const c = await coll();
      await store.insert(c, { _id: 'seats', left: 50 });
      const results = await Promise.all(Array.from({ length: 200 }, () => store.update(c, 'seats', { inc: { left: -1 } }, { left: { $gt: 0 } })));
      expect(results.filter(Boolean)).toHaveLength(50);
      expect(await store.get(c, 'seats')).toMatchObject({ left: 0 });
    });

    it('a conditional update that matches but changes nothing still says it matched', async () => {
      const c = await coll();
      await store.insert<Row>(c, { _id: 's', n: 1, group: 'a', flag: true });
      expect(await store.update(c, 's', { set: { group: 'a' } }, { group: 'a' })).toBe(true);
      expect(await store.update(c, 's', { inc: { n: 0 } })).toBe(true);
      expect(await store.update(c, 's', { set: { group: 'a' } }, { group: 'b' })).toBe(false);
      expect(await store.get(c, 's')).toEqual({ _id: 's', n: 1, group: 'a', flag: true });
    });

    it('pages past 1,000 documents: queryAll returns all 1,500, and pages of 1,000 walk them all', async () => {
      const { c, docs } = await filled(1500);
      const all = await queryAll<Row>(store, c, { orderBy: [['n', 'asc']] });
      expect(all).toHaveLength(1500);
      expect(new Set(all.map((d) => d._id)).size).toBe(1500);
      const pages: number[] = [];
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page: { items: Row[]; next: string | null } = await store.query<Row>(c, {
          orderBy: [
            ['group', 'asc'],
            ['n', 'desc'],
          ],
          limit: 1000,
          after,
        });
        pages.push(page.items.length);
        seen.push(...page.items.map((d) => d._id));
        after = page.next;
      } while (after);
      expect(pages[0]).toBe(1000);
      expect(seen).toEqual([...docs].sort((x, y) => x.group.localeCompare(y.group) || y.n - x.n || y._id.localeCompare(x._id)).map((d) => d._id));
    });

    it('increments a counter atomically: 20 at once all succeed, each gets its own value', async () => {
      const c = await coll();
      const values = await Promise.all(Array.from({ length: 20 }, () => store.increment(c, 'ctr', 'value', 1)));
      expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(await store.get(c, 'ctr')).toEqual({ _id: 'ctr', value: 20 });
      // an existing document keeps its other fields; by may be any step
      await store.insert(c, { _id: 'other', label: 'x', value: 5 });
      expect(await store.increment(c, 'other', 'value', 10)).toBe(15);
      expect(await store.get(c, 'other')).toEqual({ _id: 'other', label: 'x', value: 15 });
    });

    it('loses no increment: 100 concurrent transactions', async () => {
      const c = await coll();
      await Promise.all(Array.from({ length: 100 }, () => store.transact<Doc & { v: number }>(c, 'ctr', (cur) => ({ _id: 'ctr', v: (cur?.v ?? 0) + 1 }))));
      expect(await store.get(c, 'ctr')).toMatchObject({ v: 100 });
    });
  });
}
