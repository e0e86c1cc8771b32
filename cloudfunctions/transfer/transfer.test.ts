/**
 * The `transfer` function in-process: the whole path, the federation completing an overdue release,
 * landing with the federation when the new employer has no union, and the races that must leave a
 * member in exactly one union (accept vs cancel, two acceptances, a crash after the claim).
 */
import { itOnSqlite, makeWorld, ok, type TestWorld } from '../../server/testing';
import { aMember } from '../../server/builders.testkit';
import { MEMBERS, type MemberDoc } from '../../core/member/model';
import { TRANSFERS, type TransferDoc } from '../../core/transfer/model';
import { OUTBOX } from '../../core/shared/outbox';
import { delegatingStore } from '../../adapters/delegating.testkit';
import { transfer } from './handlers';

let w: TestWorld;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.close());

const member = async (uid = 'dev_member') => (await w.deps.store.query<MemberDoc>(MEMBERS, { where: { uid }, limit: 1 })).items[0];

/** n members of union 001 with uids t0..t(n-1) */
async function members(n: number) {
  const docs = Array.from({ length: n }, (_, i) =>
    aMember({ _id: `m_tr_${i}`, memberNo: `GH20${String(70000000 + i)}`, uid: `t${i}`, name: `会员${i}`, idHash: `th${i}`, joinedAt: Date.UTC(2020, 0, 1) }),
  );
  await w.deps.store.insertMany(MEMBERS, docs);
}

describe('the path', () => {
  it('member starts, old union releases with a voucher, new union accepts: number and seniority kept', async () => {
    const before = await member();
    const t = ok(await w.call('transfer', 'start', { toEnterpriseId: 'ent_002' }, 'member'));
    expect(t).toMatchObject({
      status: 'awaiting_release',
      fromOrgId: 'org_union_001',
      toOrgId: 'org_union_002',
      toViaFederation: false,
      memberNo: before.memberNo,
    });
    expect(await w.deps.store.count(OUTBOX, { to: 'org:org_union_001', template: 'transfer_out' })).toBe(1);
    // a second one while this is open is refused
    expect(await w.call('transfer', 'start', { toEnterpriseId: 'ent_003' }, 'member')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // the new union cannot accept before the release
    expect(await w.call('transfer', 'accept', { transferId: t.id }, 'union-officer-b')).toMatchObject({ ok: false, error: { code: 'ILLEGAL_TRANSITION' } });
    ok(await w.call('transfer', 'release', { transferId: t.id }, 'union-officer'));
    const mine = ok(await w.call('transfer', 'mine', {}, 'member')).items[0];
    expect(mine.voucher!.code).toMatch(/^[A-Z2-9]{8}$/);
    expect(mine.voucher!.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    // the new union finds it by the code and by the QR; a forged QR fails
    expect(ok(await w.call('transfer', 'lookup', { code: mine.voucher!.code.toLowerCase() }, 'union-officer-b')).id).toBe(t.id);
    expect(ok(await w.call('transfer', 'lookup', { code: mine.voucher!.qrPayload }, 'union-officer-b')).id).toBe(t.id);
    expect(await w.call('transfer', 'lookup', { code: mine.voucher!.qrPayload.slice(0, -3) + 'AAA' }, 'union-officer-b')).toMatchObject({
      ok: false,
      error: { code: 'CARD_INVALID' },
    });
    // an unrelated union can neither look it up nor accept it
    expect(await w.call('transfer', 'accept', { transferId: t.id }, 'union-officer')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const done = ok(await w.call('transfer', 'accept', { transferId: t.id }, 'union-officer-b'));
    expect(done.status).toBe('accepted');
    const after = await member();
    expect(after).toMatchObject({
      orgId: 'org_union_002',
      memberNo: before.memberNo,
      joinedAt: before.joinedAt,
      enterpriseId: 'ent_002',
      pendingTransferId: null,
    });
    expect(ok(await w.call('member', 'myStatus', {}, 'member')).member).toMatchObject({ orgId: 'org_union_002', memberNo: before.memberNo });
    expect(await w.deps.store.count(OUTBOX, { to: 'uid:dev_member', template: 'transfer_accepted' })).toBe(1);
  });

  it('the old union may start it and the voucher is issued at once; refusal keeps the member where they were', async () => {
    const m = await member();
    const t = ok(await w.call('transfer', 'startForMember', { memberNo: m.memberNo, toEnterpriseId: 'ent_002' }, 'union-officer'));
    expect(t.status).toBe('released');
    expect(await w.call('transfer', 'refuse', { transferId: t.id, reason: '' }, 'union-officer-b')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', issues: [{ path: ['reason'] }] },
    });
    expect(ok(await w.call('transfer', 'refuse', { transferId: t.id, reason: '该职工尚未与本单位签订劳动合同' }, 'union-officer-b'))).toMatchObject({
      status: 'refused',
      reason: '该职工尚未与本单位签订劳动合同',
    });
    expect(await member()).toMatchObject({ orgId: 'org_union_001', pendingTransferId: null });
    // another union's officer cannot start a transfer for someone else's member
    expect(await w.call('transfer', 'startForMember', { memberNo: m.memberNo, toEnterpriseId: 'ent_003' }, 'union-officer-b')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('no union at the new employer: the member lands with the federation covering it', async () => {
    const t = ok(await w.call('transfer', 'start', { toEnterpriseId: 'ent_019' }, 'member'));
    expect(t).toMatchObject({ toOrgId: 'org_park', toViaFederation: true });
    ok(await w.call('transfer', 'release', { transferId: t.id }, 'union-officer'));
    ok(await w.call('transfer', 'accept', { transferId: t.id }, 'federation-officer'));
    expect(await member()).toMatchObject({ orgId: 'org_park', federationId: 'org_park' });
  });

  it('the federation may complete a release only after the old union let its working days pass', async () => {
    const t = ok(await w.call('transfer', 'start', { toEnterpriseId: 'ent_002' }, 'member'));
    expect(await w.call('transfer', 'release', { transferId: t.id }, 'federation-officer')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await w.call('transfer', 'release', { transferId: t.id }, 'federation-officer-b')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    w.clock.advanceDays(7); // Tuesday → next Tuesday: 5 working days > 3
    expect(ok(await w.call('transfer', 'queue', { side: 'out' }, 'federation-officer')).items[0]).toMatchObject({ id: t.id, releaseOverdue: true });
    const released = ok(await w.call('transfer', 'release', { transferId: t.id }, 'federation-officer'));
    expect(released.history.at(-1)).toMatchObject({ event: 'release', note: '原工会逾期未办，上级联合会代为办理' });
  });

  it('queues show each side only its own transfers', async () => {
    const t = ok(await w.call('transfer', 'start', { toEnterpriseId: 'ent_002' }, 'member'));
    expect(ok(await w.call('transfer', 'queue', { side: 'out' }, 'union-officer')).items.map((x: any) => x.id)).toEqual([t.id]);
    expect(ok(await w.call('transfer', 'queue', { side: 'out' }, 'union-officer-b')).items).toEqual([]);
    expect(ok(await w.call('transfer', 'queue', { side: 'out' }, 'federation-officer-b')).items).toEqual([]);
    ok(await w.call('transfer', 'release', { transferId: t.id }, 'union-officer'));
    expect(ok(await w.call('transfer', 'queue', { side: 'in' }, 'union-officer-b')).items.map((x: any) => x.id)).toEqual([t.id]);
    expect(ok(await w.call('transfer', 'queue', { side: 'in' }, 'union-officer')).items).toEqual([]);
  });
});

describe('races: at every instant the member is in exactly one union', () => {
  async function released(uid: string, to = 'ent_002') {
    const t = ok(await w.call('transfer', 'start', { toEnterpriseId: to }, `uid:${uid}`));
    ok(await w.call('transfer', 'release', { transferId: t.id }, 'union-officer'));
    return t.id as string;
  }

  it('accept racing cancel, 40 times: exactly one wins, and the member is where the winner says', async () => {
    await members(40);
    const ids = await Promise.all(Array.from({ length: 40 }, (_, i) => released(`t${i}`)));
    const observed = new Set<string>();
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const page = await w.deps.store.query<MemberDoc>(MEMBERS, { where: { enterpriseId: { $in: ['ent_001', 'ent_002'] } }, limit: 1000 });
        for (const m of page.items) if (m.uid.startsWith('t')) observed.add(m.orgId);
        await new Promise((r) => setImmediate(r));
      }
    })();
    const results = await Promise.all(
      ids.map((id, i) =>
        Promise.all([w.call('transfer', 'accept', { transferId: id }, 'union-officer-b'), w.call('transfer', 'cancel', { transferId: id }, `uid:t${i}`)]),
      ),
    );
    watching = false;
    await watcher;
    expect([...observed].every((o) => o === 'org_union_001' || o === 'org_union_002')).toBe(true);
    for (let i = 0; i < 40; i++) {
      const [acc, can] = results[i];
      expect(Number(acc.ok) + Number(can.ok)).toBe(1);
      const loser = acc.ok ? can : acc;
      expect(loser).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      const t = (await w.deps.store.get<TransferDoc>(TRANSFERS, ids[i]))!;
      const m = await member(`t${i}`);
      expect(t.status).toBe(acc.ok ? 'accepted' : 'cancelled');
      expect(m.orgId).toBe(acc.ok ? 'org_union_002' : 'org_union_001');
      expect(m.pendingTransferId).toBeNull();
    }
  });

  it('two acceptances racing (new union and its federation): one moves the member, the other gets CONFLICT', async () => {
    await members(20);
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => released(`t${i}`)));
    for (const [i, id] of ids.entries()) {
      const [a, b] = await Promise.all([
        w.call('transfer', 'accept', { transferId: id }, 'union-officer-b'),
        w.call('transfer', 'accept', { transferId: id }, 'federation-officer'),
      ]);
      expect(Number(a.ok) + Number(b.ok)).toBe(1);
      expect(await member(`t${i}`)).toMatchObject({ orgId: 'org_union_002', lastTransferId: id });
      const t = (await w.deps.store.get<TransferDoc>(TRANSFERS, id))!;
      expect(t.history.filter((h) => h.event === 'accept')).toHaveLength(1);
    }
  });

  it('a crash right after the claim: the member stays in the old union until repair completes the decided move', async () => {
    const id = await released('dev_member');
    // the store dies after the claim is written: every later write fails
    const real = w.deps.store;
    let writes = 0;
    const dying = delegatingStore(real, {
      update: async (c, id, u, wh) => {
        if (writes++ >= 1) throw new Error('process killed');
        return real.update(c, id, u, wh);
      },
    });
    await expect(
      transfer.invoke({ action: 'accept', data: { transferId: id } }, { uid: 'dev_union_officer_b' }, { ...w.deps, store: dying }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect((await real.get<TransferDoc>(TRANSFERS, id))!).toMatchObject({ status: 'released', closing: 'accept' });
    expect(await member()).toMatchObject({ orgId: 'org_union_001', pendingTransferId: id });
    // nobody can cancel a transfer already decided
    expect(await w.call('transfer', 'cancel', { transferId: id }, 'member')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // the timer's repair completes the decision that was claimed
    expect(ok(await w.asSystem('transfer', 'repair'))).toEqual({ finished: 1, cancelled: 0 });
    expect(await member()).toMatchObject({ orgId: 'org_union_002', pendingTransferId: null, lastTransferId: id });
    expect((await real.get<TransferDoc>(TRANSFERS, id))!).toMatchObject({ status: 'accepted' });
    expect(ok(await w.asSystem('transfer', 'repair'))).toEqual({ finished: 0, cancelled: 0 });
  });
});

describe('the process killed with SIGKILL in the middle of moves', () => {
  itOnSqlite(
    'after restart and repair, every acknowledged outcome stands and every member is in exactly the union its transfer says',
    async () => {
      const { spawn } = await import('node:child_process');
      const { join } = await import('node:path');
      await members(150);
      const ids: string[] = [];
      for (let i = 0; i < 150; i++) {
        const t = ok(await w.call('transfer', 'start', { toEnterpriseId: 'ent_002' }, `uid:t${i}`));
        ok(await w.call('transfer', 'release', { transferId: t.id }, 'union-officer'));
        ids.push(`${t.id}:t${i}`);
      }
      const file = join(w.dir, 'test.db');
      const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'crash-mover.testkit.ts'), file, ids.join(',')], {
        cwd: join(__dirname, '../..'),
      });
      const acked = new Map<string, string>();
      let buf = '';
      await new Promise<void>((resolve, reject) => {
        child.on('error', reject);
        child.stdout.on('data', (chunk: Buffer) => {
          buf += chunk.toString();
          const lines = buf.split('\n');
          buf = lines.pop()!;
          for (const line of lines) {
            const [id, status] = line.split(' ');
            if (status) acked.set(id, status);
          }
          if (acked.size >= 40 && !child.killed) {
            child.kill('SIGKILL');
            resolve();
          }
        });
        child.on('exit', () => resolve());
      });
      expect(acked.size).toBeGreaterThanOrEqual(40);
      // "restart": the timer's repair on the same data
      ok(await w.asSystem('transfer', 'repair'));
      let accepted = 0;
      let cancelled = 0;
      for (let i = 0; i < 150; i++) {
        const id = ids[i].split(':')[0];
        const t = (await w.deps.store.get<TransferDoc>(TRANSFERS, id))!;
        const m = await member(`t${i}`);
        if (acked.has(id)) expect(t.status).toBe(acked.get(id));
        if (t.closing) expect(t.status).not.toBe('released'); // every claimed decision was completed
        if (t.status === 'accepted') accepted++;
        if (t.status === 'cancelled') cancelled++;
        expect(m.orgId).toBe(t.status === 'accepted' ? 'org_union_002' : 'org_union_001');
        expect(m.pendingTransferId ?? null).toBe(t.status === 'released' ? id : null);
      }
      expect(accepted).toBeGreaterThan(0);
      expect(cancelled).toBeGreaterThan(0);
    },
    60_000,
  );
});
