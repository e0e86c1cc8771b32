/**
 * Benchmark, not a test: membership transfers under contention on SQLite, in-process through the
 * `transfer` function. N members each hold a released transfer; for every one an acceptance by the
 * new union, a second acceptance by its federation and the member's cancellation race. Prints one
 * JSON line: transfers settled per second, outcomes, conflicts refused, and the invariant check
 * (each member in exactly the union its transfer's outcome says).
 */
import { makeWorld } from '../server/testing';
import { aMember } from '../server/builders.testkit';
import { MEMBERS, type MemberDoc } from '../core/member/model';
import { TRANSFERS, type TransferDoc } from '../core/transfer/model';
import { transfer } from '../cloudfunctions/transfer/handlers';

const N = Number(process.env.BENCH_TRANSFERS ?? 2000);

async function main() {
  const w = await makeWorld();
  const docs = Array.from({ length: N }, (_, i) =>
    aMember({ _id: `m_bt_${i}`, memberNo: `GH19${String(60000000 + i)}`, uid: `bt${i}`, name: `会员${i}`, idHash: `bth${i}`, joinedAt: Date.UTC(2019, 5, 1) }),
  );
  await w.deps.store.insertMany(MEMBERS, docs);
  const ids: string[] = [];
  for (let i = 0; i < N; i++) {
    const m = await w.call('transfer', 'startForMember', { memberNo: docs[i].memberNo, toEnterpriseId: 'ent_002' }, 'union-officer');
    if (!m.ok) throw new Error(JSON.stringify(m));
    ids.push(m.data.id);
  }
  const call = (action: string, data: object, uid: string) => transfer.invoke({ action, data }, { uid }, w.deps);
  const t0 = performance.now();
  // the member's cancel is the shortest path: it starts a few event-loop turns late on two in three, so both sides win some
  const lag = (n: number) =>
    new Promise<void>((r) => {
      const tick = (k: number) => (k ? setImmediate(() => tick(k - 1)) : r());
      tick(n);
    });
  const results = await Promise.all(
    ids.map((id, i) =>
      Promise.all([
        call('accept', { transferId: id }, 'dev_union_officer_b'),
        call('accept', { transferId: id }, 'dev_federation_officer'),
        lag(i % 3 === 0 ? 0 : 6).then(() => call('cancel', { transferId: id }, `bt${i}`)),
      ]),
    ),
  );
  const seconds = (performance.now() - t0) / 1000;
  let accepted = 0;
  let cancelled = 0;
  let conflicts = 0;
  let other = 0;
  let broken = 0;
  for (let i = 0; i < N; i++) {
    const wins = results[i].filter((r) => r.ok).length;
    // the losers: CONFLICT while the winner is mid-way, ILLEGAL_TRANSITION once it is done
    conflicts += results[i].filter((r) => !r.ok && (r.error.code === 'CONFLICT' || r.error.code === 'ILLEGAL_TRANSITION')).length;
    other += results[i].filter((r) => !r.ok && r.error.code !== 'CONFLICT' && r.error.code !== 'ILLEGAL_TRANSITION').length;
    const t = (await w.deps.store.get<TransferDoc>(TRANSFERS, ids[i]))!;
    const m = (await w.deps.store.get<MemberDoc>(MEMBERS, docs[i]._id))!;
    if (t.status === 'accepted') accepted++;
    if (t.status === 'cancelled') cancelled++;
    const where = t.status === 'accepted' ? 'org_union_002' : 'org_union_001';
    if (wins !== 1 || m.orgId !== where || m.pendingTransferId || m.memberNo !== docs[i].memberNo || m.joinedAt !== docs[i].joinedAt) broken++;
  }
  console.log(
    JSON.stringify({
      transfers: N,
      racingCallsPerTransfer: 3,
      settledPerSecond: Math.round(N / seconds),
      callsPerSecond: Math.round((3 * N) / seconds),
      accepted,
      cancelled,
      losersRefused: conflicts,
      otherErrors: other,
      invariantBroken: broken,
    }),
  );
  await w.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
