/**
 * The DocStore contract on the CloudBase adapter over the emulated CloudBase database: the real
 * node-sdk and its serialization, an in-process server behind its request class
 * (`emulator/server.ts` says what that can and cannot tell you). Then what is particular to
 * CloudBase: the service's rules as the SDK meets them, and how the adapter copes with each.
 */
import { describeDocStoreContract } from '../docstore-contract.testkit';
import { AppError } from '../../core/shared/errors';
import { CloudbaseDocStore, REVISION } from './docstore';
import { CLOUDBASE_ERRORS, openEmulatedCloudbase, openEmulatedCloudbaseDocStore } from './emulator';

describeDocStoreContract('CloudBase (emulated)', async () => openEmulatedCloudbaseDocStore());

describe('the emulated CloudBase service, as the SDK meets it', () => {
  it('throws error answers as the SDK does: a missing collection, an existing one, a duplicate _id', async () => {
    const { db } = openEmulatedCloudbase();
    await expect(db.collection('nope').where({}).get()).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' });
    await expect(db.collection('nope').add({ _id: 'a' })).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' });
    await db.createCollection('c');
    await expect(db.createCollection('c')).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_ALREADY_EXIST' });
    await db.collection('c').add({ _id: 'a', n: 1 });
    await expect(db.collection('c').add({ _id: 'a', n: 2 })).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' });
  });

  it('counts modified documents, not matched ones; a get answers at most 1,000 (100 by default)', async () => {
    const { db } = openEmulatedCloudbase();
    await db.createCollection('c');
    await db.collection('c').add(Array.from({ length: 1200 }, (_, i) => ({ _id: `d${i}`, n: i % 2 })));
    const _ = db.command;
    expect((await db.collection('c').where({ _id: 'd0' }).update({ n: 0 })).updated).toBe(0);
    expect(
      (
        await db
          .collection('c')
          .where({ _id: 'd0' })
          .update({ n: _.inc(1) })
      ).updated,
    ).toBe(1);
    expect((await db.collection('c').where({ n: 1 }).update({ n: 1 })).updated).toBe(0);
    expect((await db.collection('c').where({}).limit(5000).get()).data).toHaveLength(1000);
    expect((await db.collection('c').where({}).get()).data).toHaveLength(100);
    expect((await db.collection('c').where({ n: 1 }).orderBy('_id', 'asc').skip(600).limit(1000).get()).data).toHaveLength(1);
    expect((await db.collection('c').where({ n: 1 }).count()).total).toBe(601);
  });

  it('transactions: a write to a document another open transaction wrote conflicts; a plain write waits for the commit', async () => {
    const { db, server } = openEmulatedCloudbase();
    await db.createCollection('c');
    await db.collection('c').add({ _id: 'k', v: 0 });
    const t1 = await db.startTransaction();
    const t2 = await db.startTransaction();
    await t1.collection('c').doc('k').set({ v: 1 });
    await expect(t2.collection('c').doc('k').set({ v: 2 })).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
    let plainDone = false;
    const plain = db
      .collection('c')
      .where({ _id: 'k' })
      .update({ v: db.command.inc(10) })
      .then((r: { updated: number }) => ((plainDone = true), r));
    await new Promise((r) => setTimeout(r, 20));
    expect(plainDone).toBe(false); // held by t1's uncommitted write
    await t1.commit();
    expect((await plain).updated).toBe(1);
    expect((await db.collection('c').doc('k').get()).data[0]).toEqual({ _id: 'k', v: 11 });
    // a transaction whose snapshot predates a committed change conflicts on writing it
    const t3 = await db.startTransaction();
    await db.collection('c').where({ _id: 'k' }).update({ v: 12 });
    expect((await t3.collection('c').doc('k').get()).data).toEqual({ _id: 'k', v: 11 }); // its snapshot
    await expect(t3.collection('c').doc('k').set({ v: 13 })).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
    expect(server.openTransactions()).toBe(0);
  });
});

describe('CloudBase adapter specifics', () => {
  it('recognises "collection already exists" by its code, whatever the message says; other failures still fail', async () => {
    const store = openEmulatedCloudbaseDocStore();
    await store.ensureCollections([{ name: 'c', indexes: [] }]);
    await store.ensureCollections([{ name: 'c', indexes: [] }]); // the service's own answer
    store.emulator.interceptor = (action) =>
      action === 'database.addCollection'
        ? { requestId: 'x', code: CLOUDBASE_ERRORS.collectionExists.code, message: '-501001 resource system error' }
        : undefined;
    await expect(store.ensureCollections([{ name: 'd', indexes: [] }])).resolves.toBeUndefined();
    store.emulator.interceptor = (action) =>
      action === 'database.addCollection' ? { requestId: 'x', code: 'DATABASE_PERMISSION_DENIED', message: 'permission denied' } : undefined;
    await expect(store.ensureCollections([{ name: 'e', indexes: [] }])).rejects.toMatchObject({ code: 'DATABASE_PERMISSION_DENIED' });
  });

  it('gives up on endless transaction conflicts with a retryable CONFLICT for the person, after backing off', async () => {
    const emulated = openEmulatedCloudbase();
    const store = new CloudbaseDocStore(emulated.db, { attempts: 3, minMs: 5, maxMs: 20 });
    await store.ensureCollections([{ name: 'c', indexes: [] }]);
    // every write inside a transaction answers a conflict, as if someone else always held the document
    emulated.server.interceptor = (action, params) =>
      action === 'database.modifyDocument' && params.transactionId ? { requestId: 'x', ...CLOUDBASE_ERRORS.conflict } : undefined;
    const e = await store.transact('c', 'k', () => ({ _id: 'k', v: 1 })).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code: 'CONFLICT', message: '操作的人太多了，请稍后重试', details: { retryable: true } });
    // each of the adapter's 3 attempts is the SDK's runTransaction: 1 try + 3 immediate retries
    expect(emulated.server.received.get('database.startTransaction')).toBe(3 * 4);
    expect(emulated.server.received.get('database.commitTransaction')).toBeUndefined();
    expect(await store.get('c', 'k')).toBeNull();
  });

  it('keeps its revision field to itself: stored, never returned', async () => {
    const store = openEmulatedCloudbaseDocStore();
    await store.ensureCollections([{ name: 'c', indexes: [] }]);
    await store.insert('c', { _id: 'a', n: 1 });
    expect(await store.update('c', 'a', { set: { n: 1 } })).toBe(true);
    expect(store.emulator.storedDocuments('c')[0]).toContain(`"${REVISION}"`);
    expect(await store.get('c', 'a')).toEqual({ _id: 'a', n: 1 });
    expect((await store.query('c', { limit: 10 })).items).toEqual([{ _id: 'a', n: 1 }]);
    expect(await store.transact('c', 'a', (cur) => cur && { ...cur, m: 2 })).toEqual({ _id: 'a', n: 1, m: 2 });
    expect(await store.get('c', 'a')).toEqual({ _id: 'a', n: 1, m: 2 });
    await expect(store.update('c', 'a', { inc: { [REVISION]: 1 } })).rejects.toThrow(/reserved/);
  });

  it('increments an existing counter in one request (updateAndReturn), never a transaction', async () => {
    const store = openEmulatedCloudbaseDocStore();
    await store.ensureCollections([{ name: 'c', indexes: [] }]);
    expect(await store.increment('c', 'n', 'value')).toBe(1);
    const before = { ...Object.fromEntries(store.emulator.received) };
    expect(await store.increment('c', 'n', 'value', 2)).toBe(3);
    const after = Object.fromEntries(store.emulator.received);
    expect(after['database.modifyAndReturnDoc'] - before['database.modifyAndReturnDoc']).toBe(1);
    expect(after['database.startTransaction']).toBeUndefined();
    expect(Object.values(after).reduce((a, b) => a + b, 0) - Object.values(before).reduce((a, b) => a + b, 0)).toBe(1);
  });
});
