/**
 * The escalation job on a simulated clock, on both stores: a step past its due time is flagged once
 * (an 'escalate' entry the worker reads too), the org above the holder is told (for an unsigned
 * assignment the desk as well), the case stays where it is — never closed or moved; a rerun flags
 * and sends nothing more; 回访 waits on the worker and never escalates; the next step's clock can
 * escalate again.
 */
import { makeWorld, ok, type TestWorld } from '../../server/testing';
import { DEMO } from '../../server/personas';
import type { DocStore } from '../../core/shared/docstore';
import { CASES, type CaseDoc } from '../../core/case/model';
import { escalateOverdue } from '../../core/case/escalation';
import { DESK, LAWYER_UID, assigned, handled, messagesTo, outbox, resolvedCase, stored, submitted } from './handling.testkit';

let w: TestWorld;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.close());

const run = async () => ok(await w.asSystem('case', 'escalateOverdue')).escalated;
const overdueTo = async (id: string, org: string) => (await messagesTo(w, id, `org:${org}`)).filter((m) => m.template === 'case_overdue');

describe('escalateOverdue', () => {
  it('flags an assignment unsigned past one working day once: still assigned, the level above and the desk told; a rerun does nothing', async () => {
    // Tuesday 10:00: assigned, due Wednesday 10:00
    const c = await assigned(w);
    const due = (await stored(w, c.id)).dueAt!;
    w.clock.t = due - 60_000;
    expect(await run()).toBe(0);

    w.clock.t = due + 60_000;
    expect(await run()).toBe(1);
    const d = await stored(w, c.id);
    expect(d).toMatchObject({ status: 'assigned', assigneeUid: LAWYER_UID, escalated: true, version: c.version + 1, dueAt: due });
    expect(d.timeline.pop()).toMatchObject({ event: 'escalate', internal: false, by: 'system', to: null });
    const above = await overdueTo(c.id, DEMO.city);
    expect(above).toHaveLength(1);
    expect(above[0].body).toContain('待周律师处理');
    expect(await overdueTo(c.id, DEMO.park)).toEqual([expect.objectContaining({ title: '派单超时未签收' })]);
    const mine = ok(await w.call('case', 'getCase', { caseId: c.id }, 'member'));
    expect(mine.timeline.pop()).toMatchObject({ eventLabel: '超时提醒上级督办' });
    expect(mine.escalated).toBe(true);

    const sent = (await outbox(w)).length;
    w.clock.advanceDays(3);
    expect(await run()).toBe(0);
    expect((await outbox(w)).length).toBe(sent);
    expect(await stored(w, c.id)).toMatchObject({ status: 'assigned', version: c.version + 1 });

    // signing late clears the flag; the 办理 clock may escalate again when the 办结 deadline passes
    const late = ok(await w.call('case', 'sign', { caseId: c.id, version: c.version + 1 }, 'lawyer'));
    const h = await stored(w, late.id);
    expect(h).toMatchObject({ status: 'handling', escalated: false, metrics: { signedOnTime: false } });
    w.clock.t = h.resolveDueAt + 60_000;
    expect(await run()).toBe(1);
    expect(await stored(w, c.id)).toMatchObject({ status: 'handling', escalated: true });
    expect(await overdueTo(c.id, DEMO.city)).toHaveLength(2);
    expect(await overdueTo(c.id, DEMO.park)).toHaveLength(1); // the desk hears of unsigned assignments only
  });

  it('escalates an undispatched case at the desk, and a case waiting at a union to the federation above it', async () => {
    const r = await submitted(w);
    const u = await submitted(w);
    ok(await w.call('case', 'transfer', { caseId: u.id, version: u.version, toOrgId: DEMO.unionA, reason: '转企业工会先行协调' }, DESK));
    w.clock.advanceDays(3);
    expect(await run()).toBe(2);
    expect(await stored(w, r.id)).toMatchObject({ status: 'received', escalated: true });
    expect(await overdueTo(r.id, DEMO.city)).toHaveLength(1);
    expect(await overdueTo(u.id, DEMO.park)).toHaveLength(1);
    expect(await overdueTo(u.id, DEMO.city)).toHaveLength(0);
  });

  it('never escalates 回访 (it waits on the worker), nor a closed case', async () => {
    const c = await resolvedCase(w);
    const h = await handled(w);
    ok(await w.call('case', 'withdraw', { caseId: h.id, version: h.version, reason: '已与公司协商解决' }, 'member'));
    w.clock.advanceDays(30);
    expect(await run()).toBe(0);
    expect(await stored(w, c.id)).toMatchObject({ status: 'resolved', escalated: false });
    expect(await stored(w, h.id)).toMatchObject({ status: 'withdrawn', escalated: false });
  });

  it('skips a case someone changed after the job read it (the compare-and-set on its version)', async () => {
    const c = await assigned(w);
    w.clock.advanceDays(3);
    // the lawyer signs between the job's read and its write: simulated by a store whose first update of the case waits for the sign
    const store = w.deps.store;
    let raced = false;
    const update: DocStore['update'] = async (collection, id, patch, where) => {
      if (collection === CASES && id === c.id && !raced) {
        raced = true;
        ok(await w.call('case', 'sign', { caseId: c.id, version: c.version }, 'lawyer'));
      }
      return store.update(collection, id, patch, where);
    };
    const racing = new Proxy(store, {
      get: (t, k) =>
        k === 'update' ? update : typeof t[k as keyof DocStore] === 'function' ? (t[k as keyof DocStore] as () => unknown).bind(t) : t[k as keyof DocStore],
    });
    expect(await escalateOverdue({ ...w.deps, store: racing })).toEqual({ escalated: 0 });
    expect(raced).toBe(true);
    const d: CaseDoc = await stored(w, c.id);
    expect(d).toMatchObject({ status: 'handling', escalated: false });
    expect(d.timeline.map((e) => e.event)).not.toContain('escalate');
    expect(await overdueTo(c.id, DEMO.city)).toHaveLength(0);
  });

  it('flags a legal-aid application not decided by its due date once: still applied, the city told, the worker reads it; decided in time it never escalates', async () => {
    const legal = (key: string) =>
      submitted(w, {
        idempotencyKey: key,
        category: 'legal_aid',
        itemKey: 'wage_claim',
        title: '追索三个月加班工资',
        description: '今年八月至十月的加班工资一直未发，准备申请劳动仲裁。',
        legalAid: { opponent: '星海精密制造有限公司', claimAmount: 15_000, keyDate: null, keyDateKind: null },
      });
    const late = await legal('legal-late-0001');
    const decided = await legal('legal-done-0001');
    const due = (await stored(w, late.id)).legalAid!.decisionDueAt;
    const d0 = await stored(w, decided.id);
    ok(await w.call('case', 'legalAidDecide', { caseId: decided.id, version: d0.version, event: 'approve' }, DESK));

    w.clock.t = due - 60_000;
    const before = (await stored(w, late.id)).timeline.filter((e) => e.note?.includes('法律援助审查已超过')).length;
    await run();
    expect((await stored(w, late.id)).legalAid).toMatchObject({ status: 'applied', escalated: false });

    w.clock.t = due + 60_000;
    await run();
    const d = await stored(w, late.id);
    expect(d.legalAid).toMatchObject({ status: 'applied', escalated: true });
    expect(d.timeline.filter((e) => e.note?.includes('法律援助审查已超过'))).toHaveLength(before + 1);
    expect((await overdueTo(late.id, DEMO.city)).filter((m) => m.title === '法律援助审查超时')).toHaveLength(1);
    expect((await stored(w, decided.id)).legalAid).toMatchObject({ status: 'approved', escalated: false });
    const mine = ok(await w.call('case', 'getCase', { caseId: late.id }, 'member'));
    expect(mine.timeline.map((e) => e.note)).toContainEqual(expect.stringContaining('法律援助审查已超过决定期限'));

    // a rerun sends nothing more
    const sent = (await outbox(w)).length;
    await run();
    expect((await outbox(w)).length).toBe(sent);
  });
});
