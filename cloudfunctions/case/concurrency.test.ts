/**
 * Two people acting on one case at the same instant, on both stores: sign vs reassign, transfer vs
 * assign, two resolves, resolve vs withdraw. Exactly one outcome each time — the winner's status,
 * entry and messages; the loser answers CONFLICT (it read the version the winner moved on from) or
 * ILLEGAL_TRANSITION (it read the winner's status) and leaves no trace.
 */
import { makeWorld, type TestWorld } from '../../server/testing';
import { DEMO } from '../../server/personas';
import type { Envelope } from '../_runtime/define';
import { DESK, LAWYER_UID, assigned, handled, messagesTo, personFor, stored, submitted } from './handling.testkit';

let w: TestWorld;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.close());

const ROUNDS = 4;

/** Both at once: which one won (0 or 1); the other must have lost as a race loses. */
async function race(a: () => Promise<Envelope<unknown>>, b: () => Promise<Envelope<unknown>>): Promise<0 | 1> {
  const [x, y] = await Promise.all([a(), b()]);
  const oks = [x.ok, y.ok];
  expect(oks.filter(Boolean)).toHaveLength(1);
  const loser = x.ok ? y : x;
  expect(!loser.ok && ['CONFLICT', 'ILLEGAL_TRANSITION'].includes(loser.error.code)).toBe(true);
  return x.ok ? 0 : 1;
}

const events = async (id: string) => (await stored(w, id)).timeline.map((e) => e.event);

it('sign vs reassign: either signed by the lawyer or reassigned to the social worker, never both', async () => {
  for (let i = 0; i < ROUNDS; i++) {
    const c = await assigned(w);
    const winner = await race(
      () => w.call('case', 'sign', { caseId: c.id, version: c.version }, 'lawyer'),
      () => w.call('case', 'assign', { caseId: c.id, version: c.version, personId: personFor(w, DESK, 'dev_social_worker') }, DESK),
    );
    const d = await stored(w, c.id);
    const social = await messagesTo(w, c.id, 'uid:dev_social_worker');
    if (winner === 0) {
      expect(d).toMatchObject({ status: 'handling', assigneeUid: LAWYER_UID, version: c.version + 1 });
      expect(await events(c.id)).not.toContain('reassign');
      expect(social).toEqual([]);
    } else {
      expect(d).toMatchObject({ status: 'assigned', assigneeUid: 'dev_social_worker', version: c.version + 1, metrics: { signedAt: null } });
      expect(await events(c.id)).not.toContain('sign');
      expect(social).toHaveLength(1);
    }
  }
});

it('transfer vs assign: either at the union unassigned or assigned at the park', async () => {
  for (let i = 0; i < ROUNDS; i++) {
    const c = await submitted(w);
    const winner = await race(
      () => w.call('case', 'transfer', { caseId: c.id, version: c.version, toOrgId: DEMO.unionA, reason: '转企业工会先行协调' }, DESK),
      () => w.call('case', 'assign', { caseId: c.id, version: c.version, personId: personFor(w, 'admin', LAWYER_UID) }, 'admin'),
    );
    const d = await stored(w, c.id);
    const lawyer = await messagesTo(w, c.id, `uid:${LAWYER_UID}`);
    if (winner === 0) {
      expect(d).toMatchObject({ status: 'received', ownerOrgId: DEMO.unionA, assigneeUid: null, version: c.version + 1 });
      expect(lawyer).toEqual([]);
    } else {
      expect(d).toMatchObject({ status: 'assigned', ownerOrgId: DEMO.park, assigneeUid: LAWYER_UID, version: c.version + 1 });
      expect(await messagesTo(w, c.id, `org:${DEMO.unionA}`)).toEqual([]);
    }
    expect((await events(c.id)).filter((e) => e === 'transfer' || e === 'assign')).toHaveLength(1);
  }
});

it('two resolves (a double tap, or two screens): one resolution', async () => {
  for (let i = 0; i < ROUNDS; i++) {
    const c = await handled(w);
    const resolve = (summary: string, recovered: number) => () =>
      w.call('case', 'resolve', { caseId: c.id, version: c.version, kind: 'mediated', summary, recovered }, 'lawyer');
    const winner = await race(resolve('经调解，企业同意十日内支付全部工资', 12_000), resolve('经调解，企业同意分两期支付工资', 8_000));
    const d = await stored(w, c.id);
    expect(d).toMatchObject({ status: 'resolved', version: c.version + 1, metrics: { recovered: winner === 0 ? 12_000 : 8_000 } });
    expect((await events(c.id)).filter((e) => e === 'resolve')).toHaveLength(1);
    expect((await messagesTo(w, c.id, 'uid:dev_member')).filter((m) => m.body.includes('已办结'))).toHaveLength(1);
  }
});

it('resolve vs withdraw: either resolved (and no longer withdrawable) or withdrawn (and never resolved)', async () => {
  for (let i = 0; i < ROUNDS; i++) {
    const c = await handled(w);
    const winner = await race(
      () => w.call('case', 'resolve', { caseId: c.id, version: c.version, kind: 'answered', summary: '已向职工解释工资支付的有关规定' }, 'lawyer'),
      () => w.call('case', 'withdraw', { caseId: c.id, version: c.version, reason: '已与公司协商解决' }, 'member'),
    );
    const d = await stored(w, c.id);
    if (winner === 0) {
      expect(d).toMatchObject({ status: 'resolved', version: c.version + 1 });
      expect(await events(c.id)).not.toContain('withdraw');
      expect(await w.call('case', 'withdraw', { caseId: c.id, version: d.version, reason: '已与公司协商解决' }, 'member')).toMatchObject({
        ok: false,
        error: { code: 'ILLEGAL_TRANSITION' },
      });
    } else {
      expect(d).toMatchObject({ status: 'withdrawn', resolution: null, version: c.version + 1, metrics: { resolvedAt: null } });
      expect(await events(c.id)).not.toContain('resolve');
    }
  }
});
