/**
 * The payment roster (发放名单) of a federation's finance officer: only aid whose public notice has
 * closed with no objection standing (status cleared), and what became of it (paid, returned by the
 * bank). On screen the bank account shows only its tail (mask purpose `payment`); the full account
 * leaves the system only in the xlsx export (purpose `paymentExport`), and every export is audited.
 * Paid / returned / reissued go through the transition table like every other change, so nothing
 * in a notice window or stopped on an objection can be marked paid.
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { Caller, SignedInCaller } from '../shared/caller';
import { AppError, conflict, forbidden } from '../shared/errors';
import { recordAudit } from '../shared/audit';
import { enqueue } from '../shared/outbox';
import { maskFor, maskNote } from '../shared/mask';
import { XLSX_TYPE, downloadOf } from '../shared/files';
import { formatShanghai } from '../shared/time';
import { getOrg, officerOrgId, type Org } from '../org';
import type { aidContract } from './contract';
import { AID_APPLICATIONS, AID_FILES, type AidApplicationDoc, type AidFileDoc, type PaymentEvent } from './model';
import { AID_EVENT_LABEL, AID_STATUS_LABEL, AID_TRANSITIONS, type AidStatus } from './machine';
import type { PaymentRow } from './schemas';
import { isFinanceFor, transition } from './step';
import { actorFor, orgNameOf, rulesOfApplication } from './notice-support';
import { applicationLabel, bankOf } from './programme';

type In<K extends keyof typeof aidContract> = z.output<(typeof aidContract)[K]['input']>;

/** What the roster lists: cleared for payment, paid, returned by the bank. */
export const PAYABLE_STATUSES: readonly AidStatus[] = ['cleared', 'payment_returned', 'paid'];
const PAYMENT_EVENTS: readonly PaymentEvent[] = ['pay', 'bounce', 'reissue'];
const PAYMENT_ACTION_LABEL: Record<PaymentEvent, string> = { pay: '已发放', bounce: '退回（账户有误）', reissue: '重新发放' };

/** The federation whose roster the caller keeps: a finance officer of it (or of the city above it), or an admin. */
async function financeOrg(deps: Dependencies, caller: Caller, requested?: string): Promise<Org> {
  const org = await getOrg(deps, officerOrgId(caller, requested));
  const ok = caller.grants.some((g) => g.role === 'admin' || (g.role === 'finance_officer' && (g.orgId === org._id || org.ancestors.includes(g.orgId))));
  if (!ok) throw forbidden('发放名单仅限本会财务人员办理');
  return org;
}

/** The account the approval is paid to: the application's own (scholarship), else the household file's. */
async function bankFor(deps: Dependencies, app: AidApplicationDoc) {
  return bankOf(app, app.fileId ? await deps.store.get<AidFileDoc>(AID_FILES, app.fileId) : null);
}

async function rowOf(deps: Dependencies, app: AidApplicationDoc): Promise<z.input<typeof PaymentRow>> {
  const bank = await bankFor(deps, app);
  return {
    applicationId: app._id,
    name: maskFor('payment', 'name', app.name),
    orgName: app.orgName,
    kindLabel: applicationLabel(app),
    amount: app.amount ?? 0,
    bankName: bank?.bankName ?? '未填写',
    accountMasked: bank ? maskFor('payment', 'bankAccount', bank.accountLast4) : '未填写',
    status: app.status,
    statusLabel: AID_STATUS_LABEL[app.status],
    exportedAt: app.payment?.exportedAt ?? null,
    actions: PAYMENT_EVENTS.filter((e) => AID_TRANSITIONS[app.status][e]).map((key) => ({ key, label: PAYMENT_ACTION_LABEL[key] })),
    version: app.version,
  };
}

/** Action (finance): the federation's roster, cleared first; the account masked. */
export async function paymentRoster(deps: Dependencies, caller: SignedInCaller, input: In<'paymentRoster'>) {
  const org = await financeOrg(deps, caller, input.orgId);
  const where = { federationId: org._id, status: { $in: [...PAYABLE_STATUSES] } };
  // status then due date: the federation_status_due index (cleared < paid < payment_returned)
  const page = await deps.store.query<AidApplicationDoc>(AID_APPLICATIONS, {
    where,
    orderBy: [
      ['status', 'asc'],
      ['dueAt', 'asc'],
    ],
    limit: input.limit,
    after: input.after,
  });
  const items = [];
  for (const app of page.items) items.push(await rowOf(deps, app));
  return { items, next: page.next, total: await deps.store.count(AID_APPLICATIONS, where) };
}

/** Every application of the federation cleared for payment, page by page. */
async function clearedOf(deps: Dependencies, orgId: string): Promise<AidApplicationDoc[]> {
  const out: AidApplicationDoc[] = [];
  let after: string | null = null;
  do {
    const page: { items: AidApplicationDoc[]; next: string | null } = await deps.store.query<AidApplicationDoc>(AID_APPLICATIONS, {
      where: { federationId: orgId, status: 'cleared' },
      orderBy: [
        ['status', 'asc'],
        ['dueAt', 'asc'],
      ],
      limit: 500,
      after,
    });
    out.push(...page.items);
    after = page.next;
  } while (after);
  return out;
}

/** A sealed account that cannot be opened (a damaged record) leaves its cell saying so, not the whole export failed. */
function openAccount(deps: Dependencies, sealed: string): string | null {
  try {
    return deps.crypto.open(sealed);
  } catch {
    return null;
  }
}

/**
 * Action (finance): the xlsx a bank transfer is made from — the cleared rows only, each with its full
 * account — as a short-lived download; audited before the address is handed out.
 */
export async function exportPayments(deps: Dependencies, caller: SignedInCaller, input: In<'exportPayments'>) {
  const org = await financeOrg(deps, caller, input.orgId);
  const apps = await clearedOf(deps, org._id);
  if (apps.length === 0) throw new AppError('CONFLICT', '目前没有公示期满待发放的帮扶，无需导出');
  const now = deps.clock.now();
  // loaded on first use: the function bundles keep exceljs in its own file (scripts/build-functions.ts LAZY_LIBS)
  const ExcelJS = (await import('exceljs')).default;
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('帮扶发放名单');
  sheet.columns = [
    { header: '序号', key: 'n', width: 6 },
    { header: '姓名', key: 'name', width: 10 },
    { header: '所在工会', key: 'orgName', width: 28 },
    { header: '帮扶类别', key: 'kind', width: 12 },
    { header: '金额（元）', key: 'amount', width: 12 },
    { header: '开户银行', key: 'bankName', width: 20 },
    { header: '银行卡号', key: 'account', width: 24 },
    { header: '申请编号', key: 'id', width: 30 },
  ];
  let total = 0;
  for (const [i, app] of apps.entries()) {
    const bank = await bankFor(deps, app);
    const account = bank ? openAccount(deps, bank.accountSealed) : null;
    total += app.amount ?? 0;
    sheet.addRow({
      n: i + 1,
      name: maskFor('paymentExport', 'name', app.name),
      orgName: app.orgName,
      kind: applicationLabel(app),
      amount: app.amount ?? 0,
      bankName: bank?.bankName ?? '未填写',
      // a string cell: a card number as a number would lose its last digits in a spreadsheet
      account: account ? maskFor('paymentExport', 'bankAccount', account) : '卡号缺失，请核对档案',
      id: app._id,
    });
  }
  sheet.addRow({ n: '合计', amount: total });
  sheet.addRow([]);
  sheet.addRow([`说明：${maskNote('paymentExport')}导出人：${(await actorFor(deps, caller.uid, '财务')).name}，导出时间：${formatShanghai(now)}。`]);
  const bytes = new Uint8Array(Buffer.from(await book.xlsx.writeBuffer()));
  const ref = await deps.files.putExport(`aidpay_${org._id}_${now.toString(36)}${deps.crypto.randomId(6)}.xlsx`, bytes);
  await recordAudit(deps, {
    actorUid: caller.uid,
    action: 'aid.exportPayments',
    target: { collection: AID_APPLICATIONS, id: org._id },
    before: null,
    after: { rows: apps.length, total, applicationIds: apps.map((a) => a._id) },
    reason: null,
  });
  for (const app of apps) {
    // when it was exported is a record, not a state: no version bump, and a row changed meanwhile is left alone
    const payment = { paidAt: null, returnedAt: null, note: null, ...app.payment, exportedAt: now };
    await deps.store.update(AID_APPLICATIONS, app._id, { set: { payment } }, { version: app.version });
  }
  const filename = `${org.name}-帮扶发放名单-${formatShanghai(now, 'YYYYMMDD')}.xlsx`;
  const d = await downloadOf(deps, ref, filename, XLSX_TYPE);
  return { url: d.url, filename: d.filename, rows: apps.length, expiresAt: d.expiresAt };
}

/** Action (finance): writes one row's outcome back — paid, returned by the bank (with why), reissued. */
export async function recordPayment(deps: Dependencies, caller: SignedInCaller, input: In<'recordPayment'>) {
  const app = await deps.store.get<AidApplicationDoc>(AID_APPLICATIONS, input.applicationId);
  if (!app) throw new AppError('NOT_FOUND', '帮扶申请不存在或已被删除');
  if (!isFinanceFor(caller, app)) throw forbidden('发放结果只能由本会财务人员回写');
  if (app.version !== input.version) throw conflict('该笔发放刚刚已被他人处理，请刷新后查看', { applicationId: app._id });
  if (input.outcome === 'bounce' && !input.note)
    throw new AppError('VALIDATION', '请写明退回原因（如账户有误）', [{ path: ['note'], message: '请写明退回原因' }]);
  const now = deps.clock.now();
  const was = { exportedAt: null, paidAt: null, returnedAt: null, note: null, ...app.payment };
  const payment =
    input.outcome === 'pay'
      ? { ...was, paidAt: now, note: input.note || null }
      : input.outcome === 'bounce'
        ? { ...was, returnedAt: now, note: input.note }
        : // reissued: to be exported and paid again
          { ...was, exportedAt: null, paidAt: null, note: input.note || was.note };
  const by = await actorFor(deps, caller.uid, '财务');
  const after = await transition(deps, app, input.outcome, by, input.note || null, {
    rules: await rulesOfApplication(deps, app),
    ownerOrgName: orgNameOf(deps),
    extra: { payment },
  });
  await recordAudit(deps, {
    actorUid: caller.uid,
    action: `aid.recordPayment.${input.outcome}`,
    target: { collection: AID_APPLICATIONS, id: app._id },
    before: { status: app.status },
    after: { status: after.status, amount: app.amount },
    reason: input.note || null,
  });
  if (input.outcome !== 'reissue') {
    const label = applicationLabel(app);
    await enqueue(deps, `${after._id}_v${after.version}`, {
      to: `uid:${after.uid}`,
      template: 'aid_progress',
      title: input.outcome === 'pay' ? '帮扶金已发放' : '帮扶金发放退回',
      body:
        input.outcome === 'pay'
          ? `您的${label}${app.amount}元已发放至您登记的银行账户，请注意查收。`
          : `您的${label}发放被银行退回：${input.note}。请在“我的档案”中核对银行账户，财务将重新发放。`,
      page: `/pages/aid/application?id=${after._id}`,
      fields: { item: label, status: AID_STATUS_LABEL[after.status], note: AID_EVENT_LABEL[input.outcome] },
    });
  }
  return rowOf(deps, after);
}
