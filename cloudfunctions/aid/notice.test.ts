/**
 * The public notice (公示) of hardship aid and its objections (issue 13.5): the notice opens for the
 * rules' working days to the members under the federation; its stored text is public text only (a
 * masked name, the union, amount and kind only if the rules say so); members in scope object with a
 * reason and up to 4 of their own files, never named to anyone; the federation rules on each; payment
 * is unlocked only when the window has closed with no objection pending or upheld.
 */
import { makeWorld, ok, TEST_NOW, type TestWorld } from '../../server/testing';
import { aMember } from '../../server/builders.testkit';
import { MEMBERS } from '../../core/member/model';
import { AUDIT } from '../../core/shared/audit';
import { OUTBOX, type OutboxMessage } from '../../core/shared/outbox';
import { calendarFor } from '../../core/shared/workdays';
import { AID_LEDGER, AID_NOTICES, AID_OBJECTIONS, type NoticeDoc, type ObjectionDoc } from '../../core/aid/model';
import { appNow, budgetNow, PARK, PNG_BASE64, seedApproved, setParkRules } from './notice.testkit';

let w: TestWorld;
beforeEach(async () => {
  w = await makeWorld({ members: 8 });
  await setParkRules(w);
});
afterEach(() => w.close());

const key = (s: string) => `obj_${s}_key`;
const upload = async (as: string, name = '佐证.png') => ok(await w.call('org', 'uploadFile', { name, contentType: 'image/png', base64: PNG_BASE64 }, as)).id;
const publish = async (ids: string[], as = 'federation-officer') => ok(await w.call('aid', 'publishNotice', { applicationIds: ids }, as));
/** a member of the logistics federation's union: outside the park's notices */
async function outsider() {
  await w.deps.store.insert(
    MEMBERS,
    aMember({
      _id: 'm_aid_out',
      memberNo: 'GH2026999001',
      uid: 'wx_out',
      idHash: 'h_out',
      orgId: 'org_union_l1',
      orgName: '物流工会',
      federationId: 'org_fed_logistics',
    }),
  );
  return 'uid:wx_out';
}

describe('publishing a notice', () => {
  it('lists approved aid for the rules’ working days, to the members under the federation', async () => {
    const a = await seedApproved(w, { tag: 'a', name: '张建国', amount: 6000 });
    const b = await seedApproved(w, { tag: 'b', name: '欧阳小明', amount: 3000, kind: 'medical' });
    const n = await publish([a._id, b._id]);
    expect(n).toMatchObject({
      orgName: '星海高新区工会联合会',
      title: '星海高新区工会联合会2026年度困难职工帮扶名单公示',
      status: 'open',
      opensAt: TEST_NOW,
      closesAt: calendarFor(w.deps.config.calendar).addWorkingDays(TEST_NOW, 5),
      periodText: '公示期5个工作日（11月24日至12月1日）',
      objections: { pending: 0, upheld: 0, dismissed: 0 },
      canObject: false,
    });
    // the default rules show neither amount nor kind
    expect(n.entries).toEqual([
      { applicationId: a._id, publicName: '张*国', unionName: '星海精密制造工会', kindLabel: null, amount: null, stateLabel: '公示中', mine: false },
      { applicationId: b._id, publicName: '欧**明', unionName: '星海精密制造工会', kindLabel: null, amount: null, stateLabel: '公示中', mine: false },
    ]);
    for (const id of [a._id, b._id]) expect(await appNow(w, id)).toMatchObject({ status: 'in_notice', noticeId: n.id, owner: null });
    // a member under the park sees it and may object; a member of another federation does not
    const mine = ok(await w.call('aid', 'notices', {}, 'member'));
    expect(mine.items.map((x) => [x.id, x.canObject, x.objections])).toEqual([[n.id, true, null]]);
    const out = await outsider();
    expect(ok(await w.call('aid', 'notices', {}, out)).items).toEqual([]);
    expect(await w.call('aid', 'getNotice', { noticeId: n.id }, out)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await w.call('aid', 'getNotice', { noticeId: n.id }, 'federation-officer-b')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // the enterprise union's officer (below the federation) reads it, without the objection counts
    expect(ok(await w.call('aid', 'getNotice', { noticeId: n.id }, 'union-officer')).objections).toBeNull();
    // the worker is told; the officer's publishing is audited
    const told = (await w.deps.store.query<OutboxMessage>(OUTBOX, { where: { to: `uid:${a.uid}` }, limit: 10 })).items;
    expect(told.map((m) => m.body)).toEqual([expect.stringContaining('公示期至12月1日')]);
    expect(await w.deps.store.count(AUDIT, { action: 'aid.publishNotice' })).toBe(1);
  });

  it('shows amount and kind only where the federation’s rules say so', async () => {
    await setParkRules(w, { noticeShows: { amount: true, kind: true } });
    const a = await seedApproved(w, { tag: 'a', name: '张建国', amount: 6000, kind: 'medical' });
    const n = await publish([a._id]);
    expect(n.entries[0]).toMatchObject({ publicName: '张*国', kindLabel: '医疗救助', amount: 6000 });
  });

  it('stores only public text: no ID number, phone, address, illness or full name in any notice document', async () => {
    await setParkRules(w, { noticeShows: { amount: true, kind: true } });
    const people = [
      { tag: 'p1', name: '王秀英', kind: 'medical' as const },
      { tag: 'p2', name: '李建', kind: 'living' as const },
      { tag: 'p3', name: '司马相如', kind: 'sudden' as const },
      { tag: 'p4', name: '陈', kind: 'study' as const },
    ];
    const apps = [];
    for (const p of people) apps.push(await seedApproved(w, { ...p, amount: 5000 }));
    const n = await publish(apps.map((a) => a._id));
    // an objection and a ruling rewrite the entries: the stored text must stay public after those too
    const o = ok(
      await w.call('aid', 'object', { idempotencyKey: key('p1'), noticeId: n.id, applicationId: apps[0]._id, reason: '该职工家中另有商铺出租收入' }, 'member'),
    );
    ok(
      await w.call(
        'aid',
        'ruleObjection',
        { objectionId: o.id, ruling: 'dismiss', note: '经入户核实，商铺已于去年转让', version: o.version },
        'federation-officer',
      ),
    );
    const stored = await w.storedDocuments(AID_NOTICES);
    expect(stored).toHaveLength(1);
    // every value as stored, but the notice's own instants (epoch milliseconds, which any digit pattern would match)
    const TIMES = ['opensAt', 'closesAt', 'archivedAt'];
    for (const text of stored.map((doc) => JSON.stringify(JSON.parse(doc), (k, v) => (TIMES.includes(k) ? undefined : v)))) {
      expect(text).not.toMatch(/\d{17}[\dXx]|\d{15}/); // ID numbers (18 or 15 digits)
      expect(text).not.toMatch(/1[3-9]\d{9}/); // mobiles
      expect(text).not.toMatch(/\d{12,19}/); // bank accounts
      expect(text).not.toMatch(/[路街巷弄]\d+号|\d+栋|\d+室/); // addresses
      expect(text).not.toMatch(/病|癌|肿瘤|诊断|化疗|住院|残疾|患/); // illnesses
      for (const p of people) if (Array.from(p.name).length > 1) expect(text).not.toContain(p.name);
      expect(text).not.toContain('dev_member'); // nor who objected
      expect(text).not.toContain('李娜');
    }
    expect(stored[0]).toContain('opensAt');
    expect(JSON.parse(stored[0]).entries.map((e: { publicName: string }) => e.publicName)).toEqual(['王*英', '李*', '司**如', '*']);
  });

  it('refuses what is not the federation’s approved aid, and officers who are not the federation’s', async () => {
    const a = await seedApproved(w, { tag: 'a', name: '张建国', amount: 6000 });
    const draft = await seedApproved(w, { tag: 'd', name: '刘德华', amount: 6000, status: 'federation_review' });
    expect(await w.call('aid', 'publishNotice', { applicationIds: [a._id, draft._id] }, 'federation-officer')).toMatchObject({
      ok: false,
      error: { code: 'ILLEGAL_TRANSITION', message: expect.stringContaining('待联合会审批') },
    });
    expect(await w.call('aid', 'publishNotice', { applicationIds: [a._id] }, 'federation-officer-b')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await w.call('aid', 'publishNotice', { applicationIds: [a._id] }, 'union-officer')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await w.call('aid', 'publishNotice', { applicationIds: [a._id] }, 'member')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const lastYear = await seedApproved(w, { tag: 'y', name: '赵丽', amount: 6000, year: 2025 });
    expect(await w.call('aid', 'publishNotice', { applicationIds: [a._id, lastYear._id] }, 'federation-officer')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('同一年度') },
    });
    // nothing was published by the refusals
    expect(await w.deps.store.count(AID_NOTICES, {})).toBe(0);
    expect((await appNow(w, a._id)).status).toBe('approved');
  });

  it('two officers publishing the same aid at once: it is on one notice only', async () => {
    const a = await seedApproved(w, { tag: 'a', name: '张建国', amount: 6000 });
    const [x, y] = await Promise.all([
      w.call('aid', 'publishNotice', { applicationIds: [a._id] }, 'federation-officer'),
      w.call('aid', 'publishNotice', { applicationIds: [a._id] }, 'federation-officer'),
    ]);
    const wins = [x, y].filter((r) => r.ok);
    expect(wins).toHaveLength(1);
    expect([x, y].find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: expect.stringMatching(/CONFLICT|ILLEGAL_TRANSITION/) } });
    const notices = await w.deps.store.query<NoticeDoc>(AID_NOTICES, { where: {}, limit: 10 });
    expect(notices.items.flatMap((n) => n.entries.map((e) => e.applicationId))).toEqual([a._id]);
    expect((await appNow(w, a._id)).noticeId).toBe(notices.items[0]._id);
  });
});

describe('objections', () => {
  it('a member in scope objects with a reason and their own files; idempotent by key; never named to others', async () => {
    const a = await seedApproved(w, { tag: 'a', name: '张建国', amount: 6000 });
    const n = await publish([a._id]);
    const files = [await upload('member', '租赁合同.png'), await upload('member', '照片.png')];
    const input = { idempotencyKey: key('a'), noticeId: n.id, applicationId: a._id, reason: '该职工名下有两套住房出租', fileIds: files };
    const o = ok(await w.call('aid', 'object', input, 'member'));
    expect(o).toMatchObject({
      status: 'pending',
      statusLabel: '待核实',
      publicName: '张*国',
      rulings: [],
      files: [{ name: '租赁合同.png' }, { name: '照片.png' }],
    });
    // the same request again: the same objection, not a second one
    expect(ok(await w.call('aid', 'object', input, 'member')).id).toBe(o.id);
    expect(await w.deps.store.count(AID_OBJECTIONS, {})).toBe(1);
    // the public reads the entry as before; the officer sees one pending objection and may rule
    expect(ok(await w.call('aid', 'getNotice', { noticeId: n.id }, 'member')).entries[0].stateLabel).toBe('公示中');
    const board = ok(await w.call('aid', 'noticeBoard', {}, 'federation-officer'));
    expect(board.items[0]).toMatchObject({ objections: { pending: 1, upheld: 0, dismissed: 0 }, entries: [{ stateLabel: '有异议，待核实' }] });
    expect(board.pendingObjections.map((x) => [x.id, x.reason, x.rulings.map((r) => r.key)])).toEqual([
      [o.id, '该职工名下有两套住房出租', ['uphold_stop', 'uphold_revise', 'dismiss']],
    ]);
    // nobody's view names the objector: not the notice, not the officer's objection view
    for (const view of [board, ok(await w.call('aid', 'getNotice', { noticeId: n.id }, 'union-officer')), ok(await w.call('aid', 'notices', {}, 'member'))]) {
      expect(JSON.stringify(view)).not.toMatch(/dev_member|李娜|objector/);
    }
    // the officers were told which entry, not by whom
    const told = (await w.deps.store.query<OutboxMessage>(OUTBOX, { where: { to: `org:${PARK}` }, limit: 10 })).items;
    expect(told.map((m) => m.body)).toEqual([expect.stringContaining('张*国')]);
    expect(JSON.stringify(told)).not.toMatch(/李娜|dev_member/);
    // the objector's own list
    expect(ok(await w.call('aid', 'myObjections', {}, 'member')).items.map((x) => x.id)).toEqual([o.id]);
    expect(ok(await w.call('aid', 'myObjections', {}, 'union-officer')).items).toEqual([]);
  });

  it('refuses: more than 4 files, files not their own, out of scope, the applicant themselves, after the window', async () => {
    const a = await seedApproved(w, { tag: 'a', name: '张建国', amount: 6000, uid: 'dev_member' });
    const b = await seedApproved(w, { tag: 'b', name: '刘德华', amount: 6000 });
    const n = await publish([a._id, b._id]);
    const base = { noticeId: n.id, applicationId: b._id, reason: '该职工家庭收入不实' };
    const five = await Promise.all([1, 2, 3, 4, 5].map((i) => upload('member', `f${i}.png`)));
    expect(await w.call('aid', 'object', { ...base, idempotencyKey: key('5'), fileIds: five }, 'member')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: '佐证材料最多4个' },
    });
    const theirs = await upload('federation-officer');
    expect(await w.call('aid', 'object', { ...base, idempotencyKey: key('t'), fileIds: [theirs] }, 'member')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: '附件不存在或不是您上传的' },
    });
    expect(await w.call('aid', 'object', { ...base, idempotencyKey: key('s') }, 'member')).toMatchObject({ ok: true });
    expect(await w.call('aid', 'object', { ...base, idempotencyKey: key('o') }, await outsider())).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await w.call('aid', 'object', { ...base, idempotencyKey: key('u') }, 'union-officer')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await w.call('aid', 'object', { ...base, applicationId: a._id, idempotencyKey: key('m') }, 'member')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: '不能对本人的帮扶提出异议' },
    });
    w.clock.t = n.closesAt;
    expect(await w.call('aid', 'object', { ...base, idempotencyKey: key('l') }, 'member')).toMatchObject({
      ok: false,
      error: { code: 'DEADLINE_PASSED', message: expect.stringContaining('公示期已于12月1日') },
    });
    expect(ok(await w.call('aid', 'getNotice', { noticeId: n.id }, 'member')).canObject).toBe(false);
  });
});

describe('the window closes', () => {
  it('unlocks payment only for entries no objection stands against; a pending one waits for its ruling', async () => {
    const a = await seedApproved(w, { tag: 'a', name: '张建国', amount: 6000 });
    const b = await seedApproved(w, { tag: 'b', name: '刘德华', amount: 3000 });
    const n = await publish([a._id, b._id]);
    const o = ok(await w.call('aid', 'object', { idempotencyKey: key('b'), noticeId: n.id, applicationId: b._id, reason: '该职工配偶有稳定高收入' }, 'member'));
    // in the window nothing moves
    expect(ok(await w.asSystem('aid', 'closeNotices'))).toEqual({ archived: 0, cleared: 0 });
    w.clock.t = n.closesAt + 2 * 60_000;
    expect(ok(await w.asSystem('aid', 'closeNotices'))).toEqual({ archived: 1, cleared: 1 });
    expect((await appNow(w, a._id)).status).toBe('cleared');
    expect((await appNow(w, b._id)).status).toBe('in_notice');
    const archived = ok(await w.call('aid', 'getNotice', { noticeId: n.id }, 'federation-officer'));
    expect(archived).toMatchObject({ status: 'archived', statusLabel: '公示期满，已归档' });
    expect(archived.entries.map((e) => e.stateLabel)).toEqual(['公示期满无异议', '有异议，待核实']);
    // the open list no longer has it; the archive does
    expect(ok(await w.call('aid', 'notices', {}, 'member')).items).toEqual([]);
    expect(ok(await w.call('aid', 'notices', { includeArchived: true }, 'member')).items.map((x) => x.id)).toEqual([n.id]);
    // a second run changes nothing
    expect(ok(await w.asSystem('aid', 'closeNotices'))).toEqual({ archived: 0, cleared: 0 });
    // the dismissal after the window clears it then
    const r = ok(
      await w.call(
        'aid',
        'ruleObjection',
        { objectionId: o.id, ruling: 'dismiss', note: '经核实，配偶已于今年失业', version: o.version },
        'federation-officer',
      ),
    );
    expect(r).toMatchObject({ status: 'dismissed', rulingLabel: '异议不成立', rulings: [] });
    expect((await appNow(w, b._id)).status).toBe('cleared');
    // the objector learns the result
    const told = (await w.deps.store.query<OutboxMessage>(OUTBOX, { where: { to: 'uid:dev_member' }, limit: 10 })).items;
    expect(told.map((m) => m.body)).toEqual([expect.stringContaining('异议不成立')]);
    expect(ok(await w.call('aid', 'myObjections', {}, 'member')).items[0]).toMatchObject({ status: 'dismissed', rulingNote: '经核实，配偶已于今年失业' });
  });

  it('a dismissal inside the window puts the entry back; it clears with the others when the window closes', async () => {
    const a = await seedApproved(w, { tag: 'a', name: '张建国', amount: 6000 });
    const n = await publish([a._id]);
    const o = ok(await w.call('aid', 'object', { idempotencyKey: key('a'), noticeId: n.id, applicationId: a._id, reason: '该职工家庭收入不实' }, 'member'));
    ok(await w.call('aid', 'ruleObjection', { objectionId: o.id, ruling: 'dismiss', note: '经核实收入属实', version: o.version }, 'federation-officer'));
    expect((await appNow(w, a._id)).status).toBe('in_notice');
    w.clock.t = n.closesAt + 2 * 60_000;
    expect(ok(await w.asSystem('aid', 'closeNotices'))).toEqual({ archived: 1, cleared: 1 });
  });

  it('a dismissal and the closing job at the same moment clear the entry once', async () => {
    const a = await seedApproved(w, { tag: 'a', name: '张建国', amount: 6000 });
    const n = await publish([a._id]);
    const o = ok(await w.call('aid', 'object', { idempotencyKey: key('a'), noticeId: n.id, applicationId: a._id, reason: '该职工家庭收入不实' }, 'member'));
    w.clock.t = n.closesAt + 2 * 60_000;
    const [rule, job] = await Promise.all([
      w.call('aid', 'ruleObjection', { objectionId: o.id, ruling: 'dismiss', note: '经核实收入属实', version: o.version }, 'federation-officer'),
      w.asSystem('aid', 'closeNotices'),
    ]);
    expect(rule.ok && job.ok).toBe(true);
    const d = await appNow(w, a._id);
    expect(d.status).toBe('cleared');
    expect(d.history.filter((h) => h.event === 'clear')).toHaveLength(1);
    // whichever order they ran in, the job archives the notice once the window has closed
    ok(await w.asSystem('aid', 'closeNotices'));
    expect((await w.deps.store.get<NoticeDoc>(AID_NOTICES, n.id))!.status).toBe('archived');
  });
});

describe('ruling on objections', () => {
  it('upheld, stop: the aid stops, its funds go back to the budget, and it never reaches payment', async () => {
    const a = await seedApproved(w, { tag: 'a', name: '张建国', amount: 6000 });
    const before = await budgetNow(w, a.budgetId!);
    const n = await publish([a._id]);
    const o = ok(await w.call('aid', 'object', { idempotencyKey: key('a'), noticeId: n.id, applicationId: a._id, reason: '该职工已于上月离职' }, 'member'));
    const r = ok(
      await w.call('aid', 'ruleObjection', { objectionId: o.id, ruling: 'uphold_stop', note: '经核实已离职', version: o.version }, 'federation-officer'),
    );
    expect(r).toMatchObject({ status: 'upheld', rulingLabel: '异议成立，停止帮扶' });
    expect(await appNow(w, a._id)).toMatchObject({ status: 'stopped', closedAt: TEST_NOW });
    expect((await budgetNow(w, a.budgetId!)).committed).toBe(before.committed - 6000);
    expect(await w.deps.store.get(AID_LEDGER, a.ledgerId!)).toBeNull();
    const view = ok(await w.call('aid', 'getNotice', { noticeId: n.id }, 'member'));
    expect(view.entries[0].stateLabel).toBe('经核实，已撤销');
    // the window closes: nothing to clear; the ruling is audited with the officer's note
    w.clock.t = n.closesAt + 2 * 60_000;
    expect(ok(await w.asSystem('aid', 'closeNotices'))).toEqual({ archived: 1, cleared: 0 });
    expect((await appNow(w, a._id)).status).toBe('stopped');
    expect(await w.deps.store.count(AUDIT, { action: 'aid.ruleObjection.uphold_stop', reason: '经核实已离职' })).toBe(1);
    // the worker is told why
    const told = (await w.deps.store.query<OutboxMessage>(OUTBOX, { where: { to: `uid:${a.uid}` }, limit: 10 })).items.map((m) => m.body);
    expect(told).toContainEqual(expect.stringContaining('停止帮扶。核实情况：经核实已离职'));
  });

  it('upheld, revise: a new amount within the cap, funds adjusted, back to approved for a new notice', async () => {
    const a = await seedApproved(w, { tag: 'a', name: '张建国', amount: 6000 });
    const before = await budgetNow(w, a.budgetId!);
    const n = await publish([a._id]);
    const o = ok(
      await w.call('aid', 'object', { idempotencyKey: key('a'), noticeId: n.id, applicationId: a._id, reason: '该职工另有兼职收入未申报' }, 'member'),
    );
    // the demo rules cap 深度困难 生活救助 at 12 months of the 低保 line (12 × 1,020 = 12,240)
    expect(
      await w.call(
        'aid',
        'ruleObjection',
        { objectionId: o.id, ruling: 'uphold_revise', note: '兼职收入属实', newAmount: 20_000, version: o.version },
        'federation-officer',
      ),
    ).toMatchObject({ ok: false, error: { code: 'CAP_EXCEEDED' } });
    expect((await appNow(w, a._id)).status).toBe('in_notice');
    const r = ok(
      await w.call(
        'aid',
        'ruleObjection',
        { objectionId: o.id, ruling: 'uphold_revise', note: '兼职收入属实，酌减', newAmount: 4000, version: o.version },
        'federation-officer',
      ),
    );
    expect(r.status).toBe('upheld');
    expect(await appNow(w, a._id)).toMatchObject({ status: 'approved', amount: 4000, noticeId: null, owner: 'federation' });
    expect((await budgetNow(w, a.budgetId!)).committed).toBe(before.committed - 2000);
    expect(ok(await w.call('aid', 'getNotice', { noticeId: n.id }, 'federation-officer')).entries[0].stateLabel).toBe('异议成立，调整金额后重新公示');
    // noticed again, with the new amount on record
    const again = await publish([a._id]);
    expect(again.entries).toHaveLength(1);
    expect(await appNow(w, a._id)).toMatchObject({ status: 'in_notice', noticeId: again.id });
  });

  it('two officers ruling the same objection at once: one ruling stands', async () => {
    const a = await seedApproved(w, { tag: 'a', name: '张建国', amount: 6000 });
    const n = await publish([a._id]);
    const o = ok(await w.call('aid', 'object', { idempotencyKey: key('a'), noticeId: n.id, applicationId: a._id, reason: '该职工已于上月离职' }, 'member'));
    const [x, y] = await Promise.all([
      w.call('aid', 'ruleObjection', { objectionId: o.id, ruling: 'uphold_stop', note: '经核实已离职', version: o.version }, 'federation-officer'),
      w.call('aid', 'ruleObjection', { objectionId: o.id, ruling: 'dismiss', note: '经核实仍在职', version: o.version }, 'federation-officer'),
    ]);
    expect([x, y].filter((r) => r.ok)).toHaveLength(1);
    const stored = (await w.deps.store.get<ObjectionDoc>(AID_OBJECTIONS, o.id))!;
    expect((await appNow(w, a._id)).status).toBe(stored.ruling === 'uphold_stop' ? 'stopped' : 'in_notice');
    // ruled once, it cannot be ruled again
    expect(await w.call('aid', 'ruleObjection', { objectionId: o.id, ruling: 'dismiss', note: '再次核实', version: 1 }, 'federation-officer')).toMatchObject({
      ok: false,
      error: { code: 'ILLEGAL_TRANSITION' },
    });
    expect(await w.call('aid', 'ruleObjection', { objectionId: o.id, ruling: 'dismiss', note: '越权核实', version: 1 }, 'federation-officer-b')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('an entry with two objections stays held until the last is ruled', async () => {
    const a = await seedApproved(w, { tag: 'a', name: '张建国', amount: 6000 });
    const n = await publish([a._id]);
    await w.deps.store.insert(MEMBERS, aMember({ _id: 'm_aid_2', memberNo: 'GH2026999002', uid: 'wx_second', idHash: 'h_second' }));
    const o1 = ok(await w.call('aid', 'object', { idempotencyKey: key('1'), noticeId: n.id, applicationId: a._id, reason: '该职工家庭收入不实' }, 'member'));
    const o2 = ok(
      await w.call('aid', 'object', { idempotencyKey: key('2'), noticeId: n.id, applicationId: a._id, reason: '该职工有车辆两部' }, 'uid:wx_second'),
    );
    w.clock.t = n.closesAt + 2 * 60_000;
    ok(await w.asSystem('aid', 'closeNotices'));
    ok(await w.call('aid', 'ruleObjection', { objectionId: o1.id, ruling: 'dismiss', note: '收入属实', version: o1.version }, 'federation-officer'));
    expect((await appNow(w, a._id)).status).toBe('in_notice');
    ok(await w.call('aid', 'ruleObjection', { objectionId: o2.id, ruling: 'dismiss', note: '车辆为单位所有', version: o2.version }, 'federation-officer'));
    expect((await appNow(w, a._id)).status).toBe('cleared');
  });
});
