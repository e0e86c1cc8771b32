/**
 * The case figures on a hand-built set of cases, on both stores: each count and rate as defined,
 * the period [from, to) (this Shanghai month by default), the subtree (the park counts its unions'
 * cases, another federation's are not counted), and an officer out of scope refused.
 */
import { makeWorld, ok, type TestWorld } from '../../server/testing';
import type { CaseDoc } from '../../core/case/model';
import { DEMO } from '../../server/personas';
import { startOfShanghaiDate } from '../../core/shared/time';
import { LAWYER, aCase, seedCase } from './case.testkit';
import { rate, shanghaiMonthOf } from '../../core/case/stats';

let w: TestWorld;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.close());

const DAY = 86400_000;

type Stage = 'received' | 'assigned' | 'signed' | 'resolved' | 'rated';
const STAGES: Stage[] = ['received', 'assigned', 'signed', 'resolved', 'rated'];

/** A case received at `at` and taken as far as `stage`, with the metrics the flow would have recorded. */
function through(id: string, at: number, stage: Stage, opts: Partial<CaseDoc> = {}, late = false, score = 5) {
  const reached = (s: Stage) => STAGES.indexOf(stage) >= STAGES.indexOf(s);
  const d: Partial<CaseDoc> & { _id: string } = { _id: id, createdAt: at, updatedAt: at, stepStartedAt: at, dueAt: at + DAY };
  const metrics = { ...aCase({ _id: id }).metrics, receivedAt: at };
  if (reached('assigned')) {
    Object.assign(d, { status: 'assigned', owner: 'assignee', assignee: LAWYER, assigneeUid: LAWYER.uid });
    metrics.assignedAt = at + 1;
  }
  if (reached('signed')) {
    d.status = 'handling';
    Object.assign(metrics, { signedAt: at + 2, signedOnTime: !late });
  }
  if (reached('resolved')) {
    Object.assign(d, { status: 'resolved', owner: 'worker' });
    Object.assign(metrics, { resolvedAt: at + 3, resolvedOnTime: !late, recovered: 1000 });
  }
  if (reached('rated'))
    Object.assign(d, { status: 'quality_check', owner: 'quality', rating: { score, comment: '', at: at + 4, via: 'worker', by: 'dev_member' } });
  return seedCase(w.deps, { ...d, metrics, ...opts });
}

describe('case figures', () => {
  it('counts the period’s cases of the subtree, with rates to one decimal and null where nothing divides', async () => {
    const { from } = shanghaiMonthOf(w.clock.now()); // TEST_NOW is 2026-11-24: November
    expect(from).toBe(startOfShanghaiDate('2026-11-01'));
    const at = from + 2 * DAY;
    await through('cs_1', at, 'received'); // dueAt long past: overdue
    await through('cs_2', at, 'assigned', { dueAt: w.clock.now() + DAY, category: 'consult' });
    await through('cs_3', at, 'signed', { dueAt: w.clock.now() + DAY }, true); // signed late
    await through('cs_4', at, 'resolved');
    await through('cs_5', at, 'rated', {}, false, 5);
    await through('cs_6', at, 'rated', {}, true, 2); // resolved late, 不满意
    await through('cs_7', at, 'rated', { ownerOrgId: DEMO.unionA, scope: [DEMO.city, DEMO.park, DEMO.unionA], category: 'help' }, false, 3);
    await seedCase(w.deps, { _id: 'cs_closed', status: 'withdrawn', owner: null, dueAt: null, createdAt: at });
    // outside: last month, and another federation
    await through('cs_old', from - DAY, 'rated');
    await through('cs_fed_b', at, 'rated', { federationId: DEMO.logistics, ownerOrgId: DEMO.logistics, scope: [DEMO.city, DEMO.logistics] });

    const s = ok(await w.call('case', 'stats', {}, 'federation-officer'));
    expect(s).toMatchObject({
      orgName: '星海高新区工会联合会',
      from,
      to: startOfShanghaiDate('2026-12-01'),
      received: 8,
      assigned: 6,
      assignRate: 75,
      signed: 5,
      signedOnTime: 3,
      signedOnTimeRate: 60,
      resolved: 4,
      resolvedOnTime: 3,
      closedOnTimeRate: 75,
      rated: 3,
      satisfied: 2,
      satisfactionRate: 66.7,
      recovered: 4000,
      open: 7,
      overdue: 4, // cs_1, cs_4 is resolved (no clock), cs_5..cs_7 in 质检 past due, cs_2/cs_3 not yet
    });
    expect(s.byCategory).toEqual([
      { key: 'consult', label: '问题咨询', received: 1 },
      { key: 'help', label: '服务帮扶', received: 1 },
      { key: 'complaint', label: '信访投诉', received: 6 },
      { key: 'legal_aid', label: '法律援助', received: 0 },
      { key: 'suggestion', label: '意见建议', received: 0 },
    ]);
    expect(s.definitions.map((d) => d.label)).toContain('按期办结率');

    // the union counts what it holds; the city all of the park's and the other federation's
    const union = ok(await w.call('case', 'stats', {}, 'union-officer'));
    expect([union.received, union.satisfied, union.satisfactionRate]).toEqual([1, 1, 100]);
    expect(ok(await w.call('case', 'stats', {}, 'admin')).received).toBe(9);
    // a period of its own: last month holds cs_old only; an empty period divides nothing
    const last = ok(await w.call('case', 'stats', { from: startOfShanghaiDate('2026-10-01'), to: from }, 'federation-officer'));
    expect([last.received, last.satisfactionRate]).toEqual([1, 100]);
    const none = ok(await w.call('case', 'stats', { from: startOfShanghaiDate('2026-01-01'), to: startOfShanghaiDate('2026-02-01') }, 'federation-officer'));
    expect([none.received, none.assignRate, none.signedOnTimeRate, none.closedOnTimeRate, none.satisfactionRate]).toEqual([0, null, null, null, null]);
  });

  it('refuses an org out of scope and a period backwards or longer than a year', async () => {
    const out = await w.call('case', 'stats', { orgId: DEMO.park }, 'federation-officer-b');
    expect(!out.ok && out.error.code).toBe('FORBIDDEN');
    const back = await w.call('case', 'stats', { from: w.clock.now(), to: w.clock.now() - DAY }, 'federation-officer');
    expect(!back.ok && back.error.message).toBe('统计的结束时间须晚于开始时间');
    const long = await w.call('case', 'stats', { from: w.clock.now() - 400 * DAY, to: w.clock.now() }, 'federation-officer');
    expect(!long.ok && long.error.message).toBe('统计区间不超过一年');
  });

  it('rates round to one decimal', () => {
    expect([rate(2, 3), rate(1, 3), rate(0, 5), rate(5, 0)]).toEqual([66.7, 33.3, 0, null]);
  });
});
