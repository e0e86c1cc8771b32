/**
 * Hardship aid, the officers' side, in the H5 build: 李娜 (member) has filed (in the worker journey, aid-1-worker.spec.ts) and applies for 意外致困救助
 * through the API; the enterprise union (陈静) passes the first check and the home-visit review; the
 * park federation (刘芳) is refused above the cap, approves within it and publishes the notice;
 * the demo data's objection is checked and dismissed; the notice window passes (the closeNotices timer job run on the e2e store with a clock two weeks on:
 * the gateway has no dev clock); finance (吴会计) exports the roster and records the payment.
 * Screenshots e2e/screenshots/aid-admin-*.png.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { becomePersona, button, fill, shot } from './helpers';
import { openLocalDeps } from '../server/deps';
import { closeNotices } from '../core/aid/notice';

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
).toString('base64');

/** a valid mainland ID number (the check digit of GB 11643) for the 17 digits given */
function idNumber(first17: string) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((a, c, i) => a + Number(c) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

async function as(request: APIRequestContext, persona: string) {
  const login = (await (await request.post('/api/dev/login', { data: { persona } })).json()) as { data: { token: string } };
  return async <T = any>(fn: string, action: string, data: unknown): Promise<T> => {
    const r = (await (await request.post(`/api/${fn}`, { headers: { authorization: `Bearer ${login.data.token}` }, data: { action, data } })).json()) as {
      ok: boolean;
      data: T;
      error?: { message: string };
    };
    if (!r.ok) throw new Error(`${fn}.${action}: ${r.error?.message}`);
    return r.data;
  };
}

/** 李娜's file (made when missing) and her 意外致困救助 application, submitted (the worker's screens have their own journey) */
async function memberApplies(request: APIRequestContext) {
  const member = await as(request, 'member');
  const upload = (name: string) => member<{ id: string }>('org', 'uploadFile', { name, contentType: 'application/pdf', base64: PDF });
  const kinds = ['id_card', 'household_register', 'employer_certificate', 'incident_proof'] as const;
  const attachments = [];
  for (const kind of kinds) attachments.push({ kind, fileId: (await upload(`${kind}.pdf`)).id });
  // the worker's journey (aid-1-worker.spec.ts, run before this one on the same data) has filed her household already: use that file
  const existing = (await member<{ file: { version: number; status: string } | null }>('aid', 'myFile', {})).file;
  if (!existing || existing.status === 'draft')
    await member('aid', 'saveFile', {
      household: [
        { name: '李娜', relation: 'self', idNumber: null, birthYear: 1986, monthlyIncome: 1500, health: 'good', schoolOrWork: '星海精密制造有限公司' },
        { name: '张强', relation: 'spouse', idNumber: idNumber('31011519840312123'), birthYear: 1984, monthlyIncome: 0, health: 'ill', schoolOrWork: '' },
        { name: '张小雨', relation: 'child', idNumber: null, birthYear: 2014, monthlyIncome: 0, health: 'good', schoolOrWork: '星海实验小学' },
      ],
      yearlyIncome: 18_000,
      rigidCosts: 6_000,
      causes: { primary: 'illness', secondary: 'low_income', story: '配偶患病长期治疗，家中只有本人收入。' },
      bank: { bankName: '中国工商银行星海支行', account: '6222020200112233445' },
      attachments: attachments.slice(0, 3),
      consentHousehold: true,
      consentSensitive: true,
      version: existing?.version ?? null,
    });
  const draft = await member<{ id: string; version: number }>('aid', 'saveApplication', {
    idempotencyKey: `e2e-aid-${Date.now()}`,
    // a kind of its own: the worker's journey left her 生活救助 application on its notice
    kind: 'sudden',
    reason: '家中突发火灾，财物损失严重，申请意外致困救助。',
    requestedAmount: 6_000,
    attachments: attachments.slice(3),
  });
  return member<{ id: string; status: string }>('aid', 'submitApplication', { applicationId: draft.id, version: draft.version });
}

// one story in order: the second test works on the file the first one's approval activated
test.describe.configure({ mode: 'serial' });

test('union first check and review, federation approves within the cap, publishes, finance exports and pays', async ({ page, request }) => {
  test.setTimeout(120_000);
  const app = await memberApplies(request);
  expect(app.status).toBe('first_check');

  // 1. the enterprise union: 帮扶审核 from the home page, the 初审 tab, the application with its SLA badge
  await becomePersona(page, '陈静');
  await page.locator('.officer-entry', { hasText: '帮扶审核' }).click();
  await expect(page).toHaveURL(/\/admin\/aid\/index/);
  await page.locator('.adm-tab', { hasText: '初审' }).click();
  const item = page.locator('.item', { hasText: '李娜' }).first();
  await expect(item).toContainText('意外致困救助');
  await expect(item.locator('.nut-tag').last()).toHaveText(/正常|即将到期|已超时/);
  await shot(page, 'aid-admin-01-queue-union');
  await item.click();
  await expect(page).toHaveURL(/\/admin\/aid\/detail\?id=/);
  await expect(page.locator('#status')).toContainText('待初审');
  // returning without a reason is refused under the box, no question asked
  await button(page, '退回补正').click();
  await expect(page.locator('.field', { has: page.locator('#note') }).locator('.field-error')).toHaveText('请写明理由，申请人可以看到');
  await shot(page, 'aid-admin-02-detail-first-check');
  await button(page, '初审通过').click();
  await expect(page.locator('.confirm-message')).toContainText('入户调查复核');
  await page.locator('#confirm-ok').click();
  await expect(page.locator('#notice')).toContainText('待工会入户调查复核');
  await fill(page, 'note', '已入户走访，家庭情况属实');
  await button(page, '复核通过，报联合会').click();
  await page.locator('#confirm-ok').click();
  await expect(page.locator('#notice')).toContainText('待联合会审批');
  await shot(page, 'aid-admin-03-recommended');

  // 2. the park federation: the cap and the budget before approving; above the cap is refused in the server's words
  await becomePersona(page, '刘芳');
  await page.locator('.officer-entry', { hasText: '帮扶审核' }).click();
  await page.locator('.adm-tab', { hasText: '联合会审批' }).click();
  await page.locator('.item', { hasText: '李娜' }).first().click();
  await expect(page.locator('#cap')).toContainText('按政策最多可批');
  await expect(page.locator('#cap')).toContainText('预算剩余');
  const max = Number(((await page.locator('#cap .aid-cap-max').textContent()) ?? '').replace(/[^\d]/g, ''));
  expect(max).toBeGreaterThan(0);
  await fill(page, 'amount', String(max + 1000));
  await expect(page.locator('.field', { has: page.locator('#amount') })).toContainText('超过政策上限');
  await button(page, '批准帮扶').click();
  await page.locator('#confirm-ok').click();
  await expect(page.locator('.field', { has: page.locator('#amount') }).locator('.field-error')).not.toBeEmpty();
  await shot(page, 'aid-admin-04-approve-cap-refused');
  const amount = Math.min(max, 6_000);
  await fill(page, 'amount', String(amount));
  await button(page, '批准帮扶').click();
  await expect(page.locator('.confirm-message')).toContainText(`¥${amount.toLocaleString('en-US')}`);
  await page.locator('#confirm-ok').click();
  await expect(page.locator('#notice')).toContainText('已批准');
  await shot(page, 'aid-admin-05-approved');

  // 3. publish the notice: choose, confirm with the period
  await page.goto('/admin/aid/notices');
  const pick = page.locator('#to-publish .check-row', { hasText: '李娜' });
  await pick.click();
  await shot(page, 'aid-admin-06-notices-pick');
  await button(page, '发布公示（1人）').click();
  await expect(page.locator('.confirm-message')).toContainText('公示期');
  await page.locator('#confirm-ok').click();
  await expect(page.locator('#notice')).toContainText('已发布公示');
  await expect(page.locator('#board')).toContainText('公示中');
  await shot(page, 'aid-admin-07-notice-published');

  // an objection to rule on (the demo data's, on the park's open notice): the officer checks and dismisses it, on the record
  const objection = page.locator('#objections [id^="objection-"]').first();
  await expect(objection).toContainText('异议人已核实身份');
  const publicName = (await objection.locator('.item-name').innerText()).trim();
  await objection.locator('.nut-button', { hasText: /^异议不成立$/ }).click();
  await expect(objection).toContainText('请写明核实情况');
  await objection.locator('textarea').first().fill('经入户走访及向其所在单位核实，配偶尚未重新就业，异议不成立。');
  await objection.locator('.nut-button', { hasText: /^异议不成立$/ }).click();
  await expect(page.locator('.confirm-message')).toContainText('记录在案');
  await page.locator('#confirm-ok').click();
  await expect(page.locator('#notice')).toContainText(`已核实：${publicName}，异议不成立`);
  await shot(page, 'aid-admin-07b-objection-dismissed');

  // 4. the window passes: the timer job, on the same store, two weeks on
  const deps = await openLocalDeps(process.env.E2E_DATA_DIR ?? '.data-e2e');
  const later = Date.now() + 14 * 86400_000;
  const closed = await closeNotices({ ...deps, clock: { now: () => later } });
  expect(closed.cleared).toBeGreaterThanOrEqual(1);
  await deps.store.close();

  // 5. finance: the roster (account masked), the export (a download), paid
  await becomePersona(page, '吴会计');
  await page.locator('#aid-payments-entry').click();
  await expect(page).toHaveURL(/\/admin\/aid\/payments/);
  // her 意外致困救助 (the worker journey's 生活救助 cleared with it); the account as on her file, masked
  const row = page.locator('.item', { hasText: '李娜' }).filter({ hasText: '意外致困救助' }).first();
  await expect(row).toContainText(/尾号\d{4}/);
  await expect(row).not.toContainText(/\d{12,}/);
  const xlsx = page.waitForEvent('download');
  await button(page, '导出发放名单').click();
  const saved = await xlsx;
  expect(saved.suggestedFilename()).toMatch(/\.xlsx$/);
  await expect(page.locator('#notice')).toContainText('已导出发放名单');
  await shot(page, 'aid-admin-08-payments-exported');
  await row.locator('.nut-button', { hasText: /^已发放$/ }).click();
  await expect(page.locator('.confirm-message')).toContainText(/尾号\d{4}/);
  await page.locator('#confirm-ok').click();
  await expect(page.locator('#notice')).toContainText('已发放');
  await shot(page, 'aid-admin-09-paid');
});

test('rules refused with the server message next to the field; budgets; a file re-verified', async ({ page, request }) => {
  await memberApplies(request).catch(() => undefined); // 李娜's file exists either way (one file per household)
  await becomePersona(page, '刘芳');
  await page.goto('/admin/aid/rules');
  await expect(page.locator('#budget-living')).toContainText('剩余');
  await shot(page, 'aid-admin-10-rules');
  await fill(page, 'dibaoMonthly', '');
  await button(page, '保存\\d{4}年政策').click();
  await page.locator('#confirm-ok').click();
  await expect(page.locator('#notice')).toContainText('请按提示修改标红的项目');
  await expect(page.locator('.field', { has: page.locator('#dibaoMonthly') }).locator('.field-error')).not.toBeEmpty();
  await shot(page, 'aid-admin-11-rules-error');

  await page.goto('/admin/aid/files');
  const file = page.locator('.item', { hasText: '李娜' }).first();
  await file.locator('.nut-button', { hasText: /^年度复核$/ }).click();
  await fill(page, `note-${((await file.getAttribute('id')) ?? '').replace(/^file-/, '')}`, '入户回访，家庭情况未变');
  await shot(page, 'aid-admin-12-files-reverify');
  await button(page, '确认复核').click();
  await expect(page.locator('.confirm-message')).toContainText('仍符合困难职工条件');
  await page.locator('#confirm-ok').click();
  await expect(page.locator('#notice')).toContainText('已复核李娜的档案');
});
