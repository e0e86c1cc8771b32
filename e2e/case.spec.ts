/**
 * The seed's wage case in the H5 build, over a week of working days: 李娜 reports that the bar she
 * worked at (诚航餐饮管理有限公司, no union of its own) closed owing 136 workers ¥700,000, as a
 * collective case; 王小明 joins through the share link and eleven more co-workers join from the card;
 * the park's duty lawyer (周律师) has it at once, on top of her queue, and signs; she records a
 * visit, an internal note (which no worker screen shows) and two mediation sessions over the
 * following days, and resolves it with ¥700,000 recovered; 李娜 rates it; the federation (刘芳)
 * quality-checks it and it closes. Screenshots e2e/screenshots/case-*.png.
 *
 * Time: the ordered run's gateway keeps real time, and the gateway has no dev clock. So this journey
 * is served by a second gateway in this process, on the same e2e store and the same H5 build, whose
 * clock the spec moves from day to day (server/gateway createGateway with openLocalDeps' store and a
 * movable clock; the SQLite store takes both connections, as aid-2-officer.spec.ts's timer job does).
 * Day 0 is six working days before today and the last step is yesterday, so the specs after this one
 * see a case closed in the past, and nothing here is dated in the future.
 */
import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import { expect, test, type Page } from '@playwright/test';
import { fill, shot } from './helpers';
import { openLocalDeps } from '../server/deps';
import { createGateway } from '../server/gateway';
import { createRateLimiter } from '../cloudfunctions/_runtime/limits';
import { functions } from '../cloudfunctions/registry';
import { calendarFor } from '../core/shared/workdays';
import { shanghaiDate, startOfShanghaiDay } from '../core/shared/time';
import { MEMBERS, type MemberDoc } from '../core/member/model';
import type { Dependencies } from '../core/shared/ports';

const ROOT = resolve(__dirname, '..');
const PORT = Number(process.env.E2E_PORT ?? 3123) + 1;
const DAY = 86400_000;
const HOUR = 3600_000;
const MINUTE = 60_000;
const TITLE = '酒吧关停，136名员工工资被拖欠';
const INTERNAL = '公司股东名下另有两家门店仍在营业，调解不成即申请劳动仲裁并同时申请财产保全。';

test.use({ baseURL: `http://127.0.0.1:${PORT}` });
test.describe.configure({ mode: 'serial' });

/** a clock that runs from wherever it was last set, at real speed (the rate limits and the UI's "now" see time pass) */
const clock = {
  base: Date.now(),
  setAt: Date.now(),
  set(t: number) {
    this.base = t;
    this.setAt = Date.now();
  },
  now() {
    return this.base + (Date.now() - this.setAt);
  },
};
let deps: Dependencies;
let server: Server;
/** `n` working days after day 0 (six working days before today), at h:mm Shanghai time */
let day: (n: number, h: number, m?: number) => number;

test.beforeAll(async () => {
  const local = await openLocalDeps(process.env.E2E_DATA_DIR ?? '.data-e2e');
  deps = { ...local, clock, limiter: createRateLimiter({ clock, store: local.store }) };
  const cal = calendarFor(deps.config.calendar);
  let d0 = startOfShanghaiDay(Date.now());
  for (let left = 6; left > 0;) {
    d0 -= DAY;
    if (cal.isWorkingDay(shanghaiDate(d0))) left--;
  }
  day = (n, h, m = 0) => {
    let d = d0;
    for (let left = n; left > 0;) {
      d += DAY;
      if (cal.isWorkingDay(shanghaiDate(d))) left--;
    }
    return d + h * HOUR + m * MINUTE;
  };
  server = createGateway({ deps, devLogin: true, staticDir: join(ROOT, 'dist', 'h5'), precompress: false });
  await new Promise<void>((done) => server.listen(PORT, '127.0.0.1', done));
});
test.afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
  await deps.store.close();
});

/** dev login on this gateway (helpers' becomePersona, with the clock's day in the token) */
async function become(page: Page, name: string) {
  await page.goto('/');
  await page.getByText('体验身份（开发登录）').waitFor();
  await page.locator('.persona', { hasText: name }).click();
  await expect(page.locator('.persona.active', { hasText: name })).toBeVisible();
  await expect(page.getByText('已切换身份')).toBeHidden();
}

/** the staff detail page's action: its button, then (when it has fields) the form's own button, then the confirmation */
async function act(page: Page, label: string, fillForm?: () => Promise<void>) {
  await page.locator('#actions .nut-button', { hasText: new RegExp(`^${label}$`) }).click();
  if (fillForm) {
    await fillForm();
    await page.locator('#action-form .btn-row .nut-button', { hasText: new RegExp(`^${label}$`) }).click();
  }
  await page.locator('#confirm-ok').click();
  await expect(page.locator('#notice')).toContainText(`已${label}`);
}

async function entry(page: Page, kind: 'visit' | 'mediation' | 'note', text: string, internal = false) {
  await act(page, '记录办理过程', async () => {
    await page.locator(`#action-kind-${kind}`).click();
    await fill(page, 'action-text', text);
    if (internal) await page.locator('#action-form .switch-row .nut-switch').click();
  });
}

test("the seed's wage case: reported, joined, the duty lawyer at once, mediated, resolved, rated, checked, closed in a week of working days", async ({
  page,
}) => {
  test.setTimeout(240_000);

  // ---- day 0, 09:30: 李娜 reports it as a collective case
  clock.set(day(0, 9, 30));
  await become(page, '李娜');
  await page.goto('/pages/case/new');
  await page.locator('#category-complaint').click();
  await page.locator('#itemKey-wage_arrears').click();
  await fill(page, 'title', TITLE);
  await fill(
    page,
    'description',
    '我在诚航餐饮管理有限公司经营的星海酒吧街门店做服务员。门店上周突然关门停业，老板联系不上，全店136名员工9月至11月的工资都没发，合计约70万元。',
  );
  await fill(page, 'enterprise', '诚航');
  await page.locator('.ent-item', { hasText: '诚航餐饮管理有限公司' }).click();
  await page.locator('#collective-row .nut-switch').click();
  await expect(page.locator('#collective-note')).toContainText('立即派给当日值班律师');
  await fill(page, 'workers', '136');
  await fill(page, 'amountOwed', '700000');
  await fill(page, 'myAmount', '6800');
  await shot(page, 'case-01-report');
  await page.locator('#case-submit').click();
  await expect(page.locator('.confirm-message')).toContainText('集体诉求按紧急件办理');
  await page.locator('#confirm-ok').click();
  await expect(page).toHaveURL(/\/pages\/case\/detail\?id=.+&submitted=1/);
  const caseId = new URL(page.url()).searchParams.get('id')!;
  await expect(page.locator('#case-submitted')).toBeVisible();
  await expect(page.locator('#case-owner')).toContainText('周律师');
  const code = (await page.locator('#case-share-code').innerText()).trim();
  expect(code).toMatch(/^[0-9a-f]{16}$/);
  await shot(page, 'case-02-submitted');

  // ---- 09:45: 王小明 opens the share link: nothing personal on the card, then his own amount
  clock.set(day(0, 9, 45));
  await become(page, '王小明');
  await page.goto(`/pages/case/join?code=${code}`);
  await expect(page.locator('#join-preview')).toContainText('诚航餐饮管理有限公司');
  await expect(page.locator('#join-preview')).not.toContainText('李娜');
  await expect(page.locator('#join-preview')).not.toContainText('6,800');
  // not a member: he gives his name (a member's comes from the membership)
  await fill(page, 'join-name', '王小明');
  await fill(page, 'join-amount', '5200');
  await shot(page, 'case-03-join');
  await page.locator('#join-send').click();
  await expect(page).toHaveURL(/\/pages\/case\/detail\?id=.+&joined=1/);
  await expect(page.locator('#case-claimants')).toContainText('2');
  await shot(page, 'case-04-joined');

  // (workers who are not members give their names)
  const NON_MEMBER_NAMES = ['高建华', '罗春燕', '梁志明', '宋美霞', '谢东升', '韦秀兰', '叶国强', '方丽萍', '石磊', '郝文静', '龚志刚'];
  // ---- 09:50–10:30: eleven more co-workers join from the card (the bar's workers in the park's data)
  const barWorkers = (await deps.store.query<MemberDoc>(MEMBERS, { where: { enterpriseId: 'ent_143' }, orderBy: [['joinedAt', 'desc']], limit: 11 })).items;
  for (const [i, uid] of Array.from({ length: 11 }, (_, i) => barWorkers[i]?.uid ?? `wx_e2e_bar${i}`).entries()) {
    clock.set(day(0, 9, 50 + i * 4));
    const env = await functions.case.invoke(
      { action: 'join', data: { code, amountOwed: 4_000 + i * 300, name: barWorkers[i] ? null : NON_MEMBER_NAMES[i] } },
      { uid },
      deps,
    );
    expect(env.ok).toBe(true);
  }

  // ---- 10:35: 周律师, the lawyer on duty, finds it on top of her queue, urgent, and signs
  clock.set(day(0, 10, 35));
  await become(page, '周律师');
  await page.locator('#case-desk-entry').click();
  await expect(page).toHaveURL(/\/admin\/case\/index/);
  const first = page.locator('.case-item').first();
  await expect(first).toContainText(TITLE);
  await expect(first.locator('.case-badge-urgent')).toHaveText('紧急');
  await expect(first).toContainText('136 人');
  await shot(page, 'case-05-lawyer-queue');
  await first.click();
  await expect(page).toHaveURL(new RegExp(`/admin/case/detail\\?id=${caseId}`));
  await expect(page.locator('#collective')).toContainText('李娜');
  await act(page, '签收');
  await expect(page.locator('#status')).toContainText('办理中');
  await shot(page, 'case-06-signed');

  // ---- the days that follow: a visit, an internal note, two mediation sessions
  clock.set(day(0, 16, 0));
  await become(page, '周律师');
  await page.goto(`/admin/case/detail?id=${caseId}`);
  await entry(page, 'visit', '与园区工联会刘芳到门店现场走访：门店已停业，核对员工名单136人，收集了考勤表、排班表和工资转账记录。');
  clock.set(day(1, 10, 0));
  await page.reload();
  await entry(page, 'note', INTERNAL, true);
  clock.set(day(2, 16, 30));
  await page.reload();
  await entry(page, 'mediation', '第一次调解：公司确认拖欠工资总额70万元，提出分六个月支付；员工代表要求一次付清，未达成一致。');
  clock.set(day(4, 16, 0));
  await page.reload();
  await entry(page, 'mediation', '第二次调解（区劳动监察大队参加）：达成调解协议，公司处置门店设备并由股东筹款，三个工作日内一次性支付全部拖欠工资。');
  await expect(page.locator('#timeline .case-entry.internal')).toContainText(INTERNAL);
  await expect(page.locator('#timeline .case-entry.internal .case-internal')).toHaveText('内部记录');
  await shot(page, 'case-07-entries');

  // ---- day 4, 17:30: resolved, ¥700,000 recovered
  clock.set(day(4, 17, 30));
  await page.reload();
  await act(page, '办结', async () => {
    await page.locator('#action-kind-recovered').click();
    await fill(page, 'action-text', '经现场走访和两次调解，公司一次性支付拖欠的全部工资70万元，已按名单发放到136名员工本人账户。');
    await fill(page, 'action-recovered', '700000');
  });
  await expect(page.locator('#status')).toContainText('已办结');
  await shot(page, 'case-08-resolved');

  // ---- day 5, 09:30: 李娜 reads the public timeline (never the internal note) and rates it
  clock.set(day(5, 9, 30));
  await become(page, '李娜');
  await page.goto(`/pages/case/detail?id=${caseId}`);
  await expect(page.locator('#case-resolution')).toContainText('¥700,000');
  await expect(page.locator('#case-timeline')).toContainText('调解');
  await expect(page.locator('#case-timeline')).toContainText('走访');
  await expect(page.locator('body')).not.toContainText(INTERNAL);
  await expect(page.locator('body')).not.toContainText('财产保全');
  await expect(page.locator('body')).not.toContainText('内部记录');
  await shot(page, 'case-09-worker-timeline');
  await page.locator('#rate-5').click();
  await fill(page, 'rate-comment', '律师当天就来了，不到一周就拿回了工资，谢谢工会！');
  await page.locator('#rate-send').click();
  if (await page.locator('#confirm-ok').isVisible()) await page.locator('#confirm-ok').click();
  await expect(page.locator('#case-rating')).toContainText('5星');
  await expect(page.locator('#case-status')).toContainText('待质检');
  await expect(page.getByText('感谢您的评价')).toBeHidden(); // the toast, out of the screenshot
  await shot(page, 'case-10-rated');

  // ---- day 5, 14:00: 刘芳's quality check closes it
  clock.set(day(5, 14, 0));
  await become(page, '刘芳');
  await page.locator('.officer-entry', { hasText: '案件办理' }).click();
  await expect(page).toHaveURL(/\/admin\/case\/index/);
  await page.locator('.adm-tab', { hasText: '待质检' }).click();
  await page.locator('.case-item', { hasText: TITLE }).first().click();
  await expect(page).toHaveURL(new RegExp(`/admin/case/detail\\?id=${caseId}`));
  await expect(page.locator('#outcome')).toContainText('5');
  await act(page, '质检通过，结案', async () => undefined);
  await expect(page.locator('#status')).toContainText('已结案');
  await shot(page, 'case-11-closed-staff');

  // ---- day 5, 15:00: what 李娜 reads at the end: closed, the steps done, the week it took
  clock.set(day(5, 15, 0));
  await become(page, '李娜');
  await page.goto(`/pages/case/detail?id=${caseId}`);
  await expect(page.locator('#case-status')).toContainText('已结案');
  await expect(page.locator('body')).not.toContainText(INTERNAL);
  await shot(page, 'case-12-closed-worker');

  // the record: the duty lawyer had it the minute it came in, signed the same morning, resolved on time within a week
  const view = await functions.case.invoke({ action: 'getCase', data: { caseId } }, { uid: 'dev_federation_officer' }, deps);
  expect(view.ok).toBe(true);
  const v = (
    view as { data: { collective: { claimants: number }; timeline: Array<{ eventLabel: string; at: number; internal: boolean; note: string | null }> } }
  ).data;
  expect(v.collective.claimants).toBe(13);
  const at = (label: string) => v.timeline.find((e) => e.eventLabel === label)!.at;
  expect(at('分派') - at('提交诉求')).toBeLessThan(MINUTE);
  expect(at('签收') - at('提交诉求')).toBeLessThan(2 * HOUR);
  expect(shanghaiDate(at('质检通过，结案'))).toBe(shanghaiDate(day(5, 12)));
  expect(v.timeline.filter((e) => e.note === INTERNAL).map((e) => e.internal)).toEqual([true]);
});
