/**
 * Founding a union in the H5 build: a worker applies for an enterprise without a union (a field
 * error first); the park federation approves preparation (a rejection without a reason is refused);
 * the organizer uploads the members' meeting results with a file; the federation approves the
 * establishment; the union appears in the org tree and the organizer sees 已成立.
 * Screenshots in e2e/screenshots.
 */
import { expect, test } from '@playwright/test';
import { shot, button, fill, fieldError, becomePersona } from './helpers';

/** A tiny valid PDF: the meeting minutes. */
const MINUTES = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

test('apply, approve preparation, upload the election, approve establishment, union in the tree', async ({ page }) => {
  // the enterprise: ent_019 has no union (covered by the park federation); its name comes from the seed
  const ent = (await (await page.request.post('/api/org', { data: { action: 'getEnterprise', data: { enterpriseId: 'ent_019' } } })).json()).data as {
    name: string;
    hasUnion: boolean;
  };
  expect(ent.hasUnion).toBe(false);
  const unionName = `${ent.name.replace(/(股份)?有限(责任)?公司$/, '')}工会`;

  // 1. the worker applies; a missing number is shown next to its field
  await becomePersona(page, '王小明');
  await page.locator('.tile', { hasText: '申请建会' }).click();
  await expect(page).toHaveURL(/\/pages\/founding\/index/);
  await fill(page, 'enterprise', ent.name.slice(0, 2));
  await page.locator('.ent-item', { hasText: ent.name }).click();
  await expect(page.getByText('由星海高新区工会联合会指导建会')).toBeVisible();
  await fill(page, 'headcount', '86');
  await fill(page, 'organizerName', '王小明');
  await fill(page, 'organizerMobile', '13912345678');
  await fill(page, 'organizerJob', '行政主管');
  await button(page, '提交建会申请').click();
  await expect(fieldError(page, 'intendedMembers')).toHaveText('请填写拟入会人数');
  await shot(page, '21-founding-apply-error');
  await fill(page, 'intendedMembers', '40');
  await button(page, '提交建会申请').click();
  await expect(page.locator('#notice')).toContainText(`已提交${ent.name}的建会申请`);
  const card = page.locator('.founding-item', { hasText: ent.name });
  await expect(card.locator('.founding-status')).toHaveText('待联合会审核筹备');
  await expect(card).toContainText('当前办理星海高新区工会联合会');
  await shot(page, '22-founding-submitted');

  // 2. the park federation finds it in 建会审批; rejecting needs a reason; it approves preparation
  await becomePersona(page, '刘芳');
  await page.getByText('建会审批').click();
  await expect(page).toHaveURL(/\/admin\/founding\/index/);
  const item = page.locator('.item', { hasText: ent.name });
  await expect(item).toContainText('正常');
  await expect(item).toContainText('已用 0 个工作日');
  await shot(page, '23-founding-queue');
  await item.click();
  await expect(page).toHaveURL(/\/admin\/founding\/detail\?id=/);
  await button(page, '不予批准').click();
  await expect(fieldError(page, 'note')).toHaveText('请写明理由');
  await fill(page, 'note', '材料齐全，同意筹备，请在期限内召开会员大会');
  await button(page, '同意筹备').click();
  await page.locator('#confirm-ok').click(); // asked once, with the consequence
  await expect(page.locator('#notice')).toContainText('已同意筹备');
  await expect(page.locator('#status')).toContainText('筹备中：待召开会员大会');
  await shot(page, '24-founding-preparing');

  // 3. the organizer uploads the election result with the minutes
  await becomePersona(page, '王小明');
  await page.locator('.tile', { hasText: '申请建会' }).click();
  await expect(card.locator('.founding-status')).toHaveText('筹备中：待召开会员大会');
  await fill(page, 'attendees', '35');
  await fill(page, 'chairName', '王小明');
  await fill(page, 'committee', '张伟、李强，赵敏');
  await page.locator('#electionFiles').setInputFiles({ name: '会员大会会议记录.pdf', mimeType: 'application/pdf', buffer: MINUTES });
  await expect(page.locator('.file-row')).toContainText('会员大会会议记录.pdf');
  await shot(page, '25-founding-election-form');
  await button(page, '提交选举结果').click();
  await expect(page.locator('#notice')).toContainText('选举结果已提交');
  await expect(card.locator('.founding-status')).toHaveText('待联合会批复成立');
  await expect(card).toContainText('张伟、李强、赵敏');

  // 4. the federation sees the result and the file, and approves the establishment
  await becomePersona(page, '刘芳');
  await page.getByText('建会审批').click();
  await page.locator('.tab', { hasText: '待批复' }).click();
  await page.locator('.item', { hasText: ent.name }).click();
  await expect(page.locator('#election')).toContainText('会员大会会议记录.pdf');
  await expect(page.locator('#election')).toContainText('张伟、李强、赵敏');
  const download = page.waitForEvent('download');
  await page.locator('.file-link', { hasText: '会员大会会议记录.pdf' }).click();
  expect((await download).suggestedFilename()).toBe('会员大会会议记录.pdf');
  await shot(page, '26-founding-election-review');
  await button(page, '批复成立').click();
  await expect(page.getByText('批复后该工会即告成立')).toBeVisible();
  await page.locator('#confirm-ok').click();
  await expect(page.locator('#notice')).toContainText('已批复成立');
  await expect(page.locator('#status')).toContainText('已成立');

  // 5. the union is in the org tree
  await button(page, '在组织树中查看').click();
  await expect(page).toHaveURL(/\/admin\/org\/index/);
  await expect(page.locator('#tree .tree-node', { hasText: unionName })).toContainText('工会');
  await shot(page, '27-founding-org-tree');

  // 6. the organizer sees 已成立
  await becomePersona(page, '王小明');
  await page.locator('.tile', { hasText: '申请建会' }).click();
  await expect(card.locator('.founding-status')).toHaveText('已成立');
  await expect(card).toContainText('工会已批复成立');
  await shot(page, '28-founding-established');
});
