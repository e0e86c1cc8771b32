/**
 * The payment roster (发放名单, issue 13.6): only aid whose notice closed with no objection standing
 * reaches the finance officer (吴会计 at the park); the bank account shows as 尾号1234 on screen and
 * in full only in the xlsx export, which is audited every time; paid / returned / reissued are
 * written back per row through the transition table, so nothing in a notice window or stopped on an
 * objection can be paid.
 */
import { makeWorld, ok, TEST_NOW, type TestWorld } from '../../server/testing';
import { openDownloadUrl } from '../../adapters/files/local';
import { AUDIT, type AuditEntry } from '../../core/shared/audit';
import { OUTBOX, type OutboxMessage } from '../../core/shared/outbox';
import { STAFF, type Staff } from '../../core/org/model';
import { appNow, PARK, seedApproved, setParkRules } from './notice.testkit';

let w: TestWorld;
beforeEach(async () => {
  w = await makeWorld({ members: 8 });
  await setParkRules(w);
});
afterEach(() => w.close());

const ACCOUNTS = { a: '6222021001000011234', b: '6222021001000025678', c: '6222021001000039012' };

/** a and b noticed; an objection to b upheld (stopped) or left pending as asked; the window closed and the job run */
async function throughNotice(opts: { uphold: boolean }) {
  const a = await seedApproved(w, { tag: 'a', name: '张建国', amount: 6000, account: ACCOUNTS.a });
  const b = await seedApproved(w, { tag: 'b', name: '刘德华', amount: 3000, account: ACCOUNTS.b });
  const n = ok(await w.call('aid', 'publishNotice', { applicationIds: [a._id, b._id] }, 'federation-officer'));
  const o = ok(
    await w.call('aid', 'object', { idempotencyKey: 'obj_pay_b_key', noticeId: n.id, applicationId: b._id, reason: '该职工已于上月离职' }, 'member'),
  );
  if (opts.uphold)
    ok(await w.call('aid', 'ruleObjection', { objectionId: o.id, ruling: 'uphold_stop', note: '经核实已离职', version: o.version }, 'federation-officer'));
  return { a, b, n, o };
}
const closeWindow = async (closesAt: number) => {
  w.clock.t = closesAt + 2 * 60_000;
  ok(await w.asSystem('aid', 'closeNotices'));
};
const roster = async () => ok(await w.call('aid', 'paymentRoster', {}, 'finance'));

describe('the payment roster', () => {
  it('is empty during the window, and payment is refused then', async () => {
    const { a } = await throughNotice({ uphold: false });
    expect(await roster()).toEqual({ items: [], next: null, total: 0 });
    const d = await appNow(w, a._id);
    expect(await w.call('aid', 'recordPayment', { applicationId: a._id, outcome: 'pay', version: d.version }, 'finance')).toMatchObject({
      ok: false,
      error: { code: 'ILLEGAL_TRANSITION', message: '该帮扶申请当前为“公示中”，不能已发放' },
    });
    expect(await w.call('aid', 'exportPayments', {}, 'finance')).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('没有公示期满待发放') },
    });
    expect((await appNow(w, a._id)).status).toBe('in_notice');
  });

  it('lists only cleared aid after the window: an upheld objection keeps it out for good; the account masked', async () => {
    const { a, b, n } = await throughNotice({ uphold: true });
    await closeWindow(n.closesAt);
    const r = await roster();
    expect(r.total).toBe(1);
    expect(r.items).toEqual([
      {
        applicationId: a._id,
        name: '张建国',
        orgName: '星海精密制造工会',
        kindLabel: '生活救助',
        amount: 6000,
        bankName: '中国工商银行星海分行',
        accountMasked: '尾号1234',
        status: 'cleared',
        statusLabel: '公示期满，待发放',
        exportedAt: null,
        actions: [
          { key: 'pay', label: '已发放' },
          { key: 'bounce', label: '退回（账户有误）' },
        ],
        version: expect.any(Number),
      },
    ]);
    expect(JSON.stringify(r)).not.toContain(ACCOUNTS.a);
    const stopped = await appNow(w, b._id);
    expect(stopped.status).toBe('stopped');
    expect(await w.call('aid', 'recordPayment', { applicationId: b._id, outcome: 'pay', version: stopped.version }, 'finance')).toMatchObject({
      ok: false,
      error: { code: 'ILLEGAL_TRANSITION' },
    });
  });

  it('is the finance officer’s: officers and members are refused, another federation’s finance sees none of it', async () => {
    const { n, a } = await throughNotice({ uphold: false });
    await closeWindow(n.closesAt);
    for (const as of ['federation-officer', 'union-officer', 'member']) {
      expect(await w.call('aid', 'paymentRoster', {}, as)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await w.call('aid', 'exportPayments', {}, as)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    await w.deps.store.insert<Staff>(STAFF, { _id: 'wx_fin_log', name: '物流财务', grants: [{ role: 'finance_officer', orgId: 'org_fed_logistics' }] });
    expect(await w.call('aid', 'paymentRoster', { orgId: PARK }, 'uid:wx_fin_log')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(ok(await w.call('aid', 'paymentRoster', {}, 'uid:wx_fin_log')).items).toEqual([]);
    const d = await appNow(w, a._id);
    expect(await w.call('aid', 'recordPayment', { applicationId: a._id, outcome: 'pay', version: d.version }, 'uid:wx_fin_log')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});

describe('the export', () => {
  it('has the full account of cleared rows only, and is audited every time', async () => {
    const { a, n } = await throughNotice({ uphold: false });
    // c: cleared, then paid, so no longer to export
    const c = await seedApproved(w, { tag: 'c', name: '王秀英', amount: 2000, account: ACCOUNTS.c });
    ok(await w.call('aid', 'publishNotice', { applicationIds: [c._id] }, 'federation-officer'));
    await closeWindow(n.closesAt + 3 * 86400_000);
    const cNow = await appNow(w, c._id);
    ok(await w.call('aid', 'recordPayment', { applicationId: c._id, outcome: 'pay', version: cNow.version }, 'finance'));
    const file = ok(await w.call('aid', 'exportPayments', {}, 'finance'));
    expect(file).toMatchObject({
      rows: 1,
      filename: expect.stringMatching(/^星海高新区工会联合会-帮扶发放名单-\d{8}\.xlsx$/),
      url: expect.stringMatching(/^\/files\/dl\/exports\/aidpay_/),
    });
    expect(file.expiresAt).toBe(w.clock.t + 300_000);
    const got = await openDownloadUrl(w.deps.files, file.url);
    if (!got.ok) throw new Error(`download ${got.reason}`);
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(got.bytes) as never);
    const rows = book
      .getWorksheet('帮扶发放名单')!
      .getSheetValues()
      .filter(Boolean)
      .map((r) => (r as unknown[]).slice(1));
    expect(rows[0]).toEqual(['序号', '姓名', '所在工会', '帮扶类别', '金额（元）', '开户银行', '银行卡号', '申请编号']);
    expect(rows[1]).toEqual([1, '张建国', '星海精密制造工会', '生活救助', 6000, '中国工商银行星海分行', ACCOUNTS.a, a._id]);
    expect(rows[2]).toEqual(['合计', undefined, undefined, undefined, 6000]);
    expect(String(rows[rows.length - 1][0])).toContain('完整银行卡号');
    const text = JSON.stringify(rows);
    // b is still held by its pending objection; c is paid: neither account is in the file
    expect(text).not.toContain(ACCOUNTS.b);
    expect(text).not.toContain(ACCOUNTS.c);
    // audited, with who and what; the row records when it was exported
    const audits = (await w.deps.store.query<AuditEntry>(AUDIT, { where: { action: 'aid.exportPayments' }, limit: 10 })).items;
    expect(audits).toEqual([expect.objectContaining({ actorUid: 'dev_finance', after: { rows: 1, total: 6000, applicationIds: [a._id] } })]);
    expect((await roster()).items.find((r) => r.applicationId === a._id)!.exportedAt).toBe(w.clock.t);
    ok(await w.call('aid', 'exportPayments', {}, 'finance'));
    expect(await w.deps.store.count(AUDIT, { action: 'aid.exportPayments' })).toBe(2);
  });
});

describe('writing back', () => {
  it('paid closes it; returned asks why, then reissued goes back to be exported and paid', async () => {
    const { a, n } = await throughNotice({ uphold: false });
    await closeWindow(n.closesAt);
    const v = (await appNow(w, a._id)).version;
    expect(await w.call('aid', 'recordPayment', { applicationId: a._id, outcome: 'bounce', version: v }, 'finance')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: '请写明退回原因（如账户有误）' },
    });
    const bounced = ok(await w.call('aid', 'recordPayment', { applicationId: a._id, outcome: 'bounce', note: '户名与卡号不符', version: v }, 'finance'));
    expect(bounced).toMatchObject({ status: 'payment_returned', statusLabel: '发放退回', actions: [{ key: 'reissue', label: '重新发放' }] });
    expect((await appNow(w, a._id)).payment).toMatchObject({ returnedAt: w.clock.t, note: '户名与卡号不符' });
    // a stale version is refused
    expect(await w.call('aid', 'recordPayment', { applicationId: a._id, outcome: 'reissue', version: v }, 'finance')).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    // a returned row is not exported until reissued
    expect(await w.call('aid', 'exportPayments', {}, 'finance')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const reissued = ok(await w.call('aid', 'recordPayment', { applicationId: a._id, outcome: 'reissue', version: bounced.version }, 'finance'));
    expect(reissued).toMatchObject({ status: 'cleared', exportedAt: null });
    expect(ok(await w.call('aid', 'exportPayments', {}, 'finance')).rows).toBe(1);
    const paid = ok(await w.call('aid', 'recordPayment', { applicationId: a._id, outcome: 'pay', version: (await appNow(w, a._id)).version }, 'finance'));
    expect(paid).toMatchObject({ status: 'paid', statusLabel: '已发放', actions: [] });
    expect(await appNow(w, a._id)).toMatchObject({ status: 'paid', closedAt: w.clock.t, payment: { paidAt: w.clock.t } });
    // each write-back audited, the worker told of the payment and of the return
    for (const outcome of ['bounce', 'reissue', 'pay']) expect(await w.deps.store.count(AUDIT, { action: `aid.recordPayment.${outcome}` })).toBe(1);
    const told = (await w.deps.store.query<OutboxMessage>(OUTBOX, { where: { to: `uid:${a.uid}` }, limit: 20 })).items.map((m) => m.title);
    expect(told).toEqual(expect.arrayContaining(['帮扶金发放退回', '帮扶金已发放']));
    // paid is final
    expect(await w.call('aid', 'recordPayment', { applicationId: a._id, outcome: 'bounce', note: '重复', version: paid.version }, 'finance')).toMatchObject({
      ok: false,
      error: { code: 'ILLEGAL_TRANSITION' },
    });
    expect(TEST_NOW).toBeLessThan(w.clock.t);
  });

  it('two finance officers writing back the same row at once: one write stands', async () => {
    const { a, n } = await throughNotice({ uphold: false });
    await closeWindow(n.closesAt);
    const v = (await appNow(w, a._id)).version;
    const [x, y] = await Promise.all([
      w.call('aid', 'recordPayment', { applicationId: a._id, outcome: 'pay', version: v }, 'finance'),
      w.call('aid', 'recordPayment', { applicationId: a._id, outcome: 'bounce', note: '账户已注销', version: v }, 'finance'),
    ]);
    expect([x, y].filter((r) => r.ok)).toHaveLength(1);
    const d = await appNow(w, a._id);
    expect(d.history.filter((h) => h.event === 'pay' || h.event === 'bounce')).toHaveLength(1);
  });
});
