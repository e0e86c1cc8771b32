/**
 * The staff's case queue on both stores: tabs by step, urgent first then the soonest due, `mine`
 * (and nothing else) for lawyers and social workers, `overdue`, `closed` (the latest first), keyset
 * paging with no case twice or missed, counts stopping at the cap, supervision of a federation's
 * subtree, and an officer out of scope refused.
 */
import { makeWorld, ok, type TestWorld } from '../../server/testing';
import { CASES, type CaseDoc } from '../../core/case/model';
import { CASE_QUEUE_COUNT_CAP } from '../../core/case/machine';
import { DEMO } from '../../server/personas';
import { LAWYER, aCase, seedCase } from './case.testkit';

let w: TestWorld;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.close());

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const UNION_A = { ownerOrgId: DEMO.unionA, ownerOrgName: '星海精密制造工会', scope: [DEMO.city, DEMO.park, DEMO.unionA] };
const assigned = (over: Partial<CaseDoc> = {}): Partial<CaseDoc> => ({
  status: 'assigned',
  owner: 'assignee',
  assignee: LAWYER,
  assigneeUid: LAWYER.uid,
  ...over,
});

const ids = (r: { items: Array<{ id: string }> }) => r.items.map((i) => i.id);

describe('the desk', () => {
  it('reads a step urgent first, then the soonest due; counts each tab; pages without losing or repeating a case', async () => {
    const now = w.clock.now();
    await seedCase(w.deps, { _id: 'cs_r_late', dueAt: now + 3 * DAY });
    await seedCase(w.deps, { _id: 'cs_r_soon', dueAt: now + HOUR });
    await seedCase(w.deps, { _id: 'cs_r_urgent', dueAt: now + 5 * DAY, priority: 0, urgent: true });
    await seedCase(w.deps, { _id: 'cs_r_over', dueAt: now - HOUR });
    await seedCase(w.deps, { _id: 'cs_r_mid', dueAt: now + 2 * DAY });
    await seedCase(w.deps, { _id: 'cs_a', ...assigned({ dueAt: now - DAY }) });
    await seedCase(w.deps, { _id: 'cs_union', ...UNION_A }); // held by the union below: not the park desk's

    const all = ok(await w.call('case', 'queue', { tab: 'received', limit: 50 }, 'federation-officer'));
    expect(ids(all)).toEqual(['cs_r_urgent', 'cs_r_over', 'cs_r_soon', 'cs_r_mid', 'cs_r_late']);
    expect(all.orgName).toBe('星海高新区工会联合会');
    expect(all.counts).toEqual({ mine: 0, received: 5, assigned: 1, handling: 0, resolved: 0, quality_check: 0, overdue: 2 });
    expect(all.items[0]).toMatchObject({ urgent: true, sla: 'ok', claimantName: '李娜', ownerLabel: '星海高新区工会联合会' });
    expect(all.items[1].sla).toBe('overdue');
    expect(all.items[2].sla).toBe('due_soon');

    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: { items: Array<{ id: string }>; next: string | null } = ok(
        await w.call('case', 'queue', { tab: 'received', limit: 2, after }, 'federation-officer'),
      );
      seen.push(...ids(page));
      after = page.next;
      pages++;
    } while (after && pages < 10);
    expect(seen).toEqual(ids(all));

    expect(ids(ok(await w.call('case', 'queue', { tab: 'overdue' }, 'federation-officer')))).toEqual(['cs_r_over', 'cs_a']);
    const bad = await w.call('case', 'queue', { tab: 'received', after: 'x' }, 'federation-officer');
    expect(!bad.ok && bad.error.code).toBe('VALIDATION');
  });

  it('the closed tab lists the latest ended first', async () => {
    const now = w.clock.now();
    await seedCase(w.deps, { _id: 'cs_c_old', status: 'closed', owner: null, dueAt: null, updatedAt: now - 5 * DAY });
    await seedCase(w.deps, { _id: 'cs_c_new', status: 'closed', owner: null, dueAt: null, updatedAt: now - DAY });
    await seedCase(w.deps, { _id: 'cs_d', status: 'declined', owner: null, dueAt: null, updatedAt: now - 2 * DAY });
    await seedCase(w.deps, { _id: 'cs_open' });
    const closed = ok(await w.call('case', 'queue', { tab: 'closed', limit: 2 }, 'federation-officer'));
    expect(ids(closed)).toEqual(['cs_c_new', 'cs_c_old']);
    expect(closed.items[0].sla).toBe('none');
    const rest = ok(await w.call('case', 'queue', { tab: 'closed', limit: 2, after: closed.next }, 'federation-officer'));
    expect(ids(rest)).toEqual(['cs_d']);
    expect(rest.next).toBeNull();
  });

  it('counts stop at the cap', async () => {
    await w.deps.store.insertMany(
      CASES,
      Array.from({ length: CASE_QUEUE_COUNT_CAP + 5 }, (_, i) => aCase({ _id: `cs_n${String(i).padStart(3, '0')}` })),
    );
    const q = ok(await w.call('case', 'queue', { tab: 'received', limit: 20 }, 'federation-officer'));
    expect(q.counts.received).toBe(CASE_QUEUE_COUNT_CAP);
    expect(q.items).toHaveLength(20);
    expect(q.next).not.toBeNull();
  });
});

describe('supervision and scope', () => {
  it('a federation supervises its subtree; a union desk sees its own; another federation is refused', async () => {
    await seedCase(w.deps, { _id: 'cs_park' });
    await seedCase(w.deps, { _id: 'cs_union', ...UNION_A });
    expect(ids(ok(await w.call('case', 'queue', { tab: 'received' }, 'federation-officer')))).toEqual(['cs_park']);
    expect(ids(ok(await w.call('case', 'queue', { tab: 'received', supervise: true }, 'federation-officer'))).sort()).toEqual(['cs_park', 'cs_union']);
    expect(ids(ok(await w.call('case', 'queue', { tab: 'received', supervise: true }, 'admin'))).sort()).toEqual(['cs_park', 'cs_union']);
    // a union cannot supervise: it reads what it holds
    expect(ids(ok(await w.call('case', 'queue', { tab: 'received', supervise: true }, 'union-officer')))).toEqual(['cs_union']);
    expect(ids(ok(await w.call('case', 'queue', { tab: 'received' }, 'union-officer-b')))).toEqual([]);
    const out = await w.call('case', 'queue', { tab: 'received', orgId: DEMO.park, supervise: true }, 'federation-officer-b');
    expect(!out.ok && out.error.code).toBe('FORBIDDEN');
    const union = await w.call('case', 'queue', { tab: 'received', orgId: DEMO.park }, 'union-officer');
    expect(!union.ok && union.error.code).toBe('FORBIDDEN');
  });
});

describe('lawyers and social workers', () => {
  it('see only the cases assigned to them, whatever tab they ask for, urgent first', async () => {
    const now = w.clock.now();
    await seedCase(w.deps, { _id: 'cs_l_sign', ...assigned({ dueAt: now + DAY }) });
    await seedCase(w.deps, { _id: 'cs_l_handle', ...assigned({ status: 'handling', dueAt: now + 2 * HOUR }) });
    await seedCase(w.deps, { _id: 'cs_l_urgent', ...assigned({ status: 'handling', dueAt: now + 9 * DAY, priority: 0, urgent: true }) });
    await seedCase(w.deps, { _id: 'cs_l_done', ...assigned({ status: 'closed', owner: null, dueAt: null }) });
    await seedCase(w.deps, { _id: 'cs_other', ...assigned({ assignee: { uid: 'u_other', name: '钱律师', role: 'lawyer' }, assigneeUid: 'u_other' }) });
    await seedCase(w.deps, { _id: 'cs_desk' });
    for (const tab of ['received', 'mine', 'overdue'] as const) {
      const q = ok(await w.call('case', 'queue', { tab }, 'lawyer'));
      expect(ids(q)).toEqual(['cs_l_urgent', 'cs_l_sign', 'cs_l_handle']);
      expect(q.counts).toEqual({ mine: 3 });
      expect(q.orgName).toBe('星海高新区工会联合会');
    }
    expect(ok(await w.call('case', 'queue', { tab: 'mine' }, 'lawyer')).items[1].ownerLabel).toBe('周律师（驻点律师）');
    expect(ids(ok(await w.call('case', 'queue', { tab: 'received' }, 'social-worker')))).toEqual([]);
    // the desk's own `mine` is what is assigned to the officer themselves
    expect(ids(ok(await w.call('case', 'queue', { tab: 'mine' }, 'federation-officer')))).toEqual([]);
  });
});
