/**
 * Collective cases, in-process on both stores, at the seed's scale (a bar in the park closed owing
 * 136 workers ¥700,000): the report is urgent and goes at once to the duty lawyer of the day on a
 * simulated clock (the weekday's, or the date's exception), who is told, and the desk is told; with
 * nobody on duty it stays at the desk, urgent. Co-workers join from the share card, which shows
 * nothing personal, each with their own amount and once only — also twice at once; twenty joining
 * at once count twenty. A closed case takes nobody more.
 */
import { randomBytes } from 'node:crypto';
import { insertTestMembers, makeWorld, ok, type CallInput, type TestWorld } from '../../server/testing';
import { DEMO } from '../../server/personas';
import { STAFF, type Staff } from '../../core/org/model';
import { CASES, CASE_CLAIMANTS, type CaseDoc, type ClaimantDoc } from '../../core/case/model';
import { OUTBOX, type OutboxMessage } from '../../core/shared/outbox';
import { queryAll } from '../../core/shared/docstore';
import { startOfShanghaiDate } from '../../core/shared/time';
import { calendarFor } from '../../core/shared/workdays';
import { claimantsOf } from '../../core/case/collective';
import { MEMBERS, type MemberDoc } from '../../core/member/model';

let w: TestWorld;
beforeEach(async () => {
  w = await makeWorld();
  await w.deps.store.insert<Staff>(STAFF, { _id: 'dev_lawyer_wu', name: '吴律师', grants: [{ role: 'lawyer', orgId: DEMO.park }] });
  await insertTestMembers(w, 20, { id: 'coll', memberNo: '77', hash: 'coll_hash_' });
});
afterEach(() => w.close());

/** 10:00 Shanghai time on a date */
const at = (date: string) => startOfShanghaiDate(date) + 10 * 3600_000;

/** 周律师 on Tuesdays and Thursdays; 吴律师 instead on Thursday 2026-12-03. */
async function aRota() {
  const v = ok(await w.call('case', 'getRota', {}, 'federation-officer'));
  const p = Object.fromEntries(v.lawyers.map((l) => [l.name, l.personId]));
  ok(
    await w.call(
      'case',
      'setRota',
      {
        orgId: DEMO.park,
        weekly: [
          { weekday: 2, personId: p['周律师'] },
          { weekday: 4, personId: p['周律师'] },
        ],
        dates: [{ date: '2026-12-03', personId: p['吴律师'] }],
      },
      'federation-officer',
    ),
  );
}

/** 李娜 reports the bar (ent_030, no union of its own) owing 136 workers ¥700,000, ¥5,200 of it hers. */
const wageCase = (over: Partial<CallInput<'case', 'submit'>> = {}): CallInput<'case', 'submit'> => ({
  idempotencyKey: `ck_${randomBytes(6).toString('hex')}`,
  category: 'complaint',
  itemKey: 'wage_arrears',
  title: '酒吧停业拖欠全体员工工资',
  description: '园区内酒吧突然停业，老板失联，拖欠136名员工两个月工资约70万元。',
  enterpriseId: 'ent_030',
  collective: { workers: 136, amountOwed: 700_000, myAmount: 5_200 },
  ...over,
});

const stored = async () => (await queryAll<CaseDoc>(w.deps.store, CASES))[0];
const outbox = () => queryAll<OutboxMessage>(w.deps.store, OUTBOX);

/** The store fails once on the write `when` matches, as a process killed at that instant would leave it. */
function failOnce(when: (collection: string, doc: { _id: string }) => boolean) {
  const insert = w.deps.store.insert.bind(w.deps.store);
  let failed = false;
  jest.spyOn(w.deps.store, 'insert').mockImplementation((async (collection: string, doc: { _id: string }) => {
    if (!failed && when(collection, doc)) {
      failed = true;
      throw new Error('killed');
    }
    return insert(collection, doc as never);
  }) as typeof w.deps.store.insert);
}

describe('a report stopped half-way', () => {
  it('Given the process died right after the case was stored, When the worker retries with the same key, Then the lead, the duty lawyer and every message are completed, once', async () => {
    await aRota();
    w.clock.t = at('2026-12-01');
    const form = wageCase();
    failOnce((c) => c === CASE_CLAIMANTS);
    expect(await w.call('case', 'submit', form, 'member')).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(await stored()).toMatchObject({ status: 'received', version: 1, assigneeUid: null });

    const v = ok(await w.call('case', 'submit', form, 'member'));
    expect(v).toMatchObject({ status: 'assigned', assignee: { name: '周律师' }, collective: { claimants: 1, myAmount: 5_200 } });
    expect(await claimantsOf(w.deps, v.id)).toHaveLength(1);
    ok(await w.call('case', 'submit', form, 'member'));
    const msgs = await outbox();
    expect(msgs.filter((m) => m.to === 'uid:dev_lawyer')).toHaveLength(1);
    expect(msgs.filter((m) => m.to === 'uid:dev_member' && m.template === 'case_progress')).toHaveLength(1);
    expect((await stored()).version).toBe(2);
  });

  it('Given the process died after the duty assignment but before the lawyer was told, When the worker retries, Then the lawyer is told, once, and nothing is assigned again', async () => {
    await aRota();
    w.clock.t = at('2026-12-01');
    const form = wageCase();
    failOnce((c, doc) => c === OUTBOX && doc._id.includes('_assign_v2'));
    expect(await w.call('case', 'submit', form, 'member')).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect((await outbox()).filter((m) => m.to === 'uid:dev_lawyer')).toHaveLength(0);
    ok(await w.call('case', 'submit', form, 'member'));
    ok(await w.call('case', 'submit', form, 'member'));
    expect((await outbox()).filter((m) => m.to === 'uid:dev_lawyer')).toHaveLength(1);
    expect(await stored()).toMatchObject({ status: 'assigned', version: 2 });
  });

  it('Given a co-worker whose join died between their record and the count, When they open the card again (twice at once), Then they are counted once', async () => {
    await aRota();
    w.clock.t = at('2026-12-01');
    const v = ok(await w.call('case', 'submit', wageCase(), 'member'));
    const code = (await stored()).shareCode!;
    const update = w.deps.store.update.bind(w.deps.store);
    const spy = jest.spyOn(w.deps.store, 'update').mockImplementationOnce(async () => {
      throw new Error('killed');
    });
    expect(await w.call('case', 'join', { code, amountOwed: 4_800 }, 'uid:m0')).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    spy.mockImplementation(update);
    expect((await stored()).collective).toMatchObject({ claimants: 1, claimedTotal: 5_200 });
    const again = await Promise.all([0, 1].map(() => w.call('case', 'join', { code, amountOwed: 4_800 }, 'uid:m0')));
    for (const a of again) expect(ok(a).collective).toMatchObject({ myAmount: 4_800 });
    const d = await stored();
    expect(d.collective).toMatchObject({ claimants: 2, claimedTotal: 10_000 });
    expect(d.timeline.filter((e) => e.event === 'join')).toHaveLength(1);
    expect((await outbox()).filter((m) => m.to === 'uid:dev_member' && m.title === '有工友加入您的集体诉求')).toHaveLength(1);
    expect(v.id).toBe(d._id);
  });

  it('Given a case someone has acted on since, When the old request is retried, Then nothing is redone', async () => {
    await aRota();
    w.clock.t = at('2026-12-01');
    const form = wageCase();
    const v = ok(await w.call('case', 'submit', form, 'member'));
    ok(await w.call('case', 'sign', { caseId: v.id, version: v.version }, 'lawyer'));
    const before = (await outbox()).length;
    expect(ok(await w.call('case', 'submit', form, 'member')).status).toBe('handling');
    expect((await outbox()).length).toBe(before);
  });
});

describe('a collective report', () => {
  it('Given a Tuesday with 周律师 on duty, When 李娜 reports 136 workers owed ¥700,000, Then it is urgent and assigned to 周律师 at once, who is told; the desk and 李娜 are told', async () => {
    await aRota();
    const v = ok(await w.call('case', 'submit', wageCase(), 'member'));
    expect(v).toMatchObject({ status: 'assigned', urgent: true, assignee: { name: '周律师' } });
    expect(v.collective).toMatchObject({ workers: 136, amountOwed: 700_000, claimants: 1, claimedTotal: 5_200, myAmount: 5_200 });
    const d = await stored();
    expect(d).toMatchObject({ priority: 0, assigneeUid: 'dev_lawyer', owner: 'assignee', orgId: DEMO.park, unionOrgId: null });
    expect(d.shareCode).toBe(w.deps.crypto.hash(`caseshare|${d._id}`).slice(0, 16));
    expect(d.metrics.assignedAt).toBe(w.clock.now());
    expect(d.dueAt).toBe(calendarFor(w.deps.config.calendar).addWorkingDays(w.clock.now(), 1));
    expect(d.timeline.map((e) => [e.event, e.byName])).toEqual([
      ['submit', '李娜'],
      ['assign', '系统'],
    ]);
    expect(d.timeline[1].note).toBe('集体诉求，已自动派给今日值班律师周律师');

    const msgs = await outbox();
    const lawyer = msgs.find((m) => m.to === 'uid:dev_lawyer');
    expect(lawyer).toMatchObject({ template: 'case_todo', title: '集体诉求待签收', page: `/admin/case/detail?id=${d._id}` });
    expect(lawyer!.body).toContain('136名职工');
    expect(lawyer!.body).toContain('70万元');
    expect(msgs.find((m) => m.to === `org:${DEMO.park}`)).toMatchObject({ template: 'case_todo', title: '集体诉求已派给值班律师' });
    expect(msgs.find((m) => m.to === 'uid:dev_member')!.body).toContain('已派给驻点律师周律师办理');
    expect(msgs.some((m) => m.to === 'uid:dev_lawyer_wu')).toBe(false);
  });

  it('Given the clock on Thursday 2026-12-03, a dated exception, Then 吴律师 gets it instead of the Thursday’s 周律师', async () => {
    await aRota();
    w.clock.t = at('2026-12-03');
    ok(await w.call('case', 'submit', wageCase(), 'member'));
    expect((await stored()).assignee).toEqual({ uid: 'dev_lawyer_wu', name: '吴律师', role: 'lawyer' });
    expect((await outbox()).some((m) => m.to === 'uid:dev_lawyer_wu' && m.template === 'case_todo')).toBe(true);
  });

  it('Given a Wednesday with nobody on duty, Then the case stays at the desk, urgent, and the desk is told that no lawyer is on duty', async () => {
    await aRota();
    w.clock.t = at('2026-11-25');
    const v = ok(await w.call('case', 'submit', wageCase(), 'member'));
    expect(v).toMatchObject({ status: 'received', urgent: true, assignee: null });
    expect((await stored()).priority).toBe(0);
    const desk = (await outbox()).find((m) => m.to === `org:${DEMO.park}`);
    expect(desk).toMatchObject({ template: 'case_todo', title: '集体诉求待分派（今日无值班律师）' });
    expect(desk!.body).toContain('今日无值班律师，请立即分派承办人');
    expect((await outbox()).some((m) => m.to.startsWith('uid:dev_lawyer'))).toBe(false);
  });

  it('Given 5 workers, below the rules’ 10, Then the figures are kept but it is an ordinary case: not urgent, no share card, at the desk', async () => {
    await aRota();
    ok(await w.call('case', 'submit', wageCase({ collective: { workers: 5, amountOwed: 30_000, myAmount: 6_000 } }), 'member'));
    const d = await stored();
    expect(d).toMatchObject({ status: 'received', urgent: false, priority: 1, shareCode: null, collective: { workers: 5, claimants: 1 } });
  });

  it('Given the same collective form twice at once, Then one case, one assignment, one message to the lawyer', async () => {
    await aRota();
    const f = wageCase();
    const [a, b] = await Promise.all([w.call('case', 'submit', f, 'member'), w.call('case', 'submit', f, 'member')]);
    expect(ok(a).id).toBe(ok(b).id);
    expect((await stored()).timeline.filter((e) => e.event === 'assign')).toHaveLength(1);
    expect((await outbox()).filter((m) => m.to === 'uid:dev_lawyer')).toHaveLength(1);
    expect(await claimantsOf(w.deps, ok(a).id)).toHaveLength(1);
  });
});

describe('the share card and co-claimants', () => {
  async function aCollectiveCase() {
    await aRota();
    ok(await w.call('case', 'submit', wageCase(), 'member'));
    return stored();
  }

  it('Given the share card, Then a co-worker sees the employer, the matter and how many — nobody’s name or amount', async () => {
    const d = await aCollectiveCase();
    const p = ok(await w.call('case', 'sharePreview', { code: d.shareCode! }, 'uid:m0'));
    expect(p).toMatchObject({ itemLabel: '拖欠工资', workers: 136, claimants: 1, joined: false, caseId: null, open: true, statusLabel: '已分派，待签收' });
    expect(JSON.stringify(p)).not.toMatch(/李娜|5200|700000|周律师/);
    expect(ok(await w.call('case', 'sharePreview', { code: d.shareCode! }, 'member'))).toMatchObject({ joined: true, caseId: d._id });
    expect(await w.call('case', 'sharePreview', { code: '0123456789abcdef' }, 'uid:m0')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('Given a co-worker joins with ¥4,800, Then the case counts two claimants and ¥10,000 claimed, the timeline names them masked, the lead is told; joining again changes nothing', async () => {
    const d = await aCollectiveCase();
    const v = ok(await w.call('case', 'join', { code: d.shareCode!, amountOwed: 4_800 }, 'uid:m0'));
    expect(v.collective).toMatchObject({ claimants: 2, claimedTotal: 10_000, myAmount: 4_800 });
    const after = await stored();
    const join = after.timeline.find((e) => e.event === 'join')!;
    expect(join).toMatchObject({ byName: '会*0', note: '会*0加入集体诉求', internal: false });
    expect(JSON.stringify(join)).not.toContain('4800');
    expect((await outbox()).find((m) => m.to === 'uid:dev_member' && m.title === '有工友加入您的集体诉求')!.body).toContain('目前共2人');
    expect(after.version).toBe(d.version); // a join moves nothing: the lawyer's screen stays current

    const again = ok(await w.call('case', 'join', { code: d.shareCode!, amountOwed: 9_999 }, 'uid:m0'));
    expect(again.collective).toMatchObject({ claimants: 2, claimedTotal: 10_000, myAmount: 4_800 });
    expect(ok(await w.call('case', 'join', { code: d.shareCode!, amountOwed: 1 }, 'member')).collective).toMatchObject({ claimants: 2 });
    expect((await claimantsOf(w.deps, d._id)).map((c) => [c.name, c.amountOwed, c.lead])).toEqual([
      ['李娜', 5_200, true],
      ['会员0', 4_800, false],
    ]);
  });

  it('Given one co-worker tapping join five times at once, Then they count once', async () => {
    const d = await aCollectiveCase();
    const answers = await Promise.all(Array.from({ length: 5 }, () => w.call('case', 'join', { code: d.shareCode!, amountOwed: 3_000 }, 'uid:m1')));
    answers.forEach((a) => ok(a));
    expect((await stored()).collective).toMatchObject({ claimants: 2, claimedTotal: 8_200 });
    expect((await stored()).timeline.filter((e) => e.event === 'join')).toHaveLength(1);
    expect(await claimantsOf(w.deps, d._id)).toHaveLength(2);
  });

  it('Given twenty co-workers joining at once, Then all twenty count, with every amount in the total', async () => {
    const d = await aCollectiveCase();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => w.call('case', 'join', { code: d.shareCode!, amountOwed: 1_000 + i }, `uid:m${i}`)));
    answers.forEach((a) => ok(a));
    const after = await stored();
    const sum = Array.from({ length: 20 }, (_, i) => 1_000 + i).reduce((a, b) => a + b, 0);
    expect(after.collective).toMatchObject({ claimants: 21, claimedTotal: 5_200 + sum });
    expect(after.timeline.filter((e) => e.event === 'join')).toHaveLength(20);
    const all = await claimantsOf(w.deps, d._id);
    expect(all).toHaveLength(21);
    expect(all[0]).toMatchObject({ lead: true, name: '李娜' });
  });

  it('Given the case is closed, Then joining is refused saying so, and the card says it is no longer open', async () => {
    const d = await aCollectiveCase();
    await w.deps.store.update(CASES, d._id, { set: { status: 'closed', owner: null } });
    const r = await w.call('case', 'join', { code: d.shareCode!, amountOwed: 2_000 }, 'uid:m2');
    expect(r).toMatchObject({ ok: false, error: { code: 'ILLEGAL_TRANSITION', message: '该集体诉求已结案，不能再加入；如您有同样的诉求，请另行提交' } });
    expect(ok(await w.call('case', 'sharePreview', { code: d.shareCode! }, 'uid:m2')).open).toBe(false);
    expect((await stored()).collective!.claimants).toBe(1);
  });

  it('Given co-claimants stored, Then no ID number or mobile is in them or the case in clear', async () => {
    const d = await aCollectiveCase();
    ok(await w.call('case', 'join', { code: d.shareCode!, amountOwed: 2_000 }, 'uid:m3'));
    const text = [...(await w.storedDocuments(CASE_CLAIMANTS)), ...(await w.storedDocuments(CASES))].join('\n');
    const people = await queryAll<ClaimantDoc>(w.deps.store, CASE_CLAIMANTS);
    expect(people).toHaveLength(2);
    // no run of digits shaped like a mobile or an ID number (timestamps are longer runs), and not the lead's own (the test members carry no real ones)
    expect(text).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
    expect(text).not.toMatch(/(?<!\d)\d{17}[\dX](?!\d)/);
    for (const m of await queryAll<MemberDoc>(w.deps.store, MEMBERS, { where: { uid: 'dev_member' } })) {
      expect(text).not.toContain(w.deps.crypto.open(m.mobileSealed));
      expect(text).not.toContain(w.deps.crypto.open(m.idSealed));
    }
  });
});
