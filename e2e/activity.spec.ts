/**
 * Activities in the H5 build: an officer publishes an activity with 2 seats and a waitlist; a member
 * shares it; a worker opens the shared link and signs up; the seats fill; a third person joins the
 * waitlist; a cancellation promotes them; the officer's roster counts signups per sharer; a member
 * checks in with the rotating code. Screenshots in e2e/screenshots.
 */
import { expect, test, type Page } from '@playwright/test';
import { shot, button, fill, becomePersona } from './helpers';

/**
 * Sets `text` (YYYY-MM-DD HH:mm, Shanghai) in the publish form's time field: on H5 the browser's own
 * date-time input (src/admin/pick.tsx), typed from the keyboard as an officer without touch would.
 */
async function pickTime(page: Page, id: string, text: string) {
  const input = page.locator(`input#${id}[type="datetime-local"]`);
  await input.focus();
  await input.fill(text.replace(' ', 'T'));
  await expect(input).toHaveValue(text.replace(' ', 'T'));
}

test('publish, share, fill, waitlist, cancel, promotion, roster by sharer, check-in', async ({ page }) => {
  // 1. the federation officer publishes an open activity with 2 seats
  await becomePersona(page, '刘芳');
  await page.getByText('活动管理').click();
  await button(page, '发布活动 / 培训 / 预约时段').click();
  await fill(page, 'title', '');
  await button(page, '发布').click();
  await expect(page.getByText('请填写标题')).toBeVisible();
  await fill(page, 'title', '职工羽毛球友谊赛');
  await fill(page, 'place', '园区体育中心');
  await fill(page, 'seats', '2');
  // it starts within the hour, so the journey can check in (check-in opens two hours before the start);
  // Shanghai times, on 5-minute steps
  const at = (minutes: number) => {
    const ms = Math.floor((Date.now() + minutes * 60_000) / 300_000) * 300_000;
    return new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
  };
  await pickTime(page, 'signupClosesAt', at(40));
  await pickTime(page, 'startAt', at(60));
  await pickTime(page, 'endAt', at(240));
  await expect(page.locator('#startAt')).toHaveValue(at(60).replace(' ', 'T'));
  await page.locator('#membersOnly .nut-switch').click(); // open to every worker
  await expect(page.locator('#membersOnly')).toContainText('所有职工可报名');
  // a poster drawn on the spot, uploaded through the file input
  const poster = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 600;
    c.height = 300;
    const g = c.getContext('2d')!;
    g.fillStyle = '#c8161d';
    g.fillRect(0, 0, 600, 300);
    g.fillStyle = '#fff';
    g.font = 'bold 44px sans-serif';
    g.fillText('职工羽毛球友谊赛', 60, 150);
    g.font = '26px sans-serif';
    g.fillText('园区体育中心 · 欢迎报名', 60, 210);
    return c.toDataURL('image/png').split(',')[1];
  });
  await page.setInputFiles('#posterFile', { name: '羽毛球海报.png', mimeType: 'image/png', buffer: Buffer.from(poster, 'base64') });
  await expect(page.locator('.poster-preview')).toBeVisible();
  await expect(page.getByText('羽毛球海报.png')).toBeVisible();
  await shot(page, '11-activity-publish');
  await button(page, '发布').click();
  await expect(page).toHaveURL(/\/admin\/activity\/roster\?id=/);
  const activityId = new URL(page.url()).searchParams.get('id')!;

  // 2. a member signs up and copies the share link
  await becomePersona(page, '李娜');
  await page.getByText('活动报名').click();
  await expect(page.locator('.activity-card', { hasText: '园区职工篮球联赛' })).toBeVisible(); // the demo data's
  await expect(page.locator('.slot-series', { hasText: '法律咨询预约' })).toContainText('8个时段可约'); // 9 slots, the first one full
  await shot(page, '10-activity-list');
  const card = page.locator('.activity-card', { hasText: '职工羽毛球友谊赛' });
  await card.scrollIntoViewIfNeeded(); // list images load lazily, as they scroll into view
  await expect(card.locator('img')).toHaveAttribute('src', /\/files\/public\/poster_/);
  await card.click();
  await expect(page.locator('img.taro-img__mode-widthfix[src*="/files/public/poster_"]')).toBeVisible(); // the poster, served to everyone
  expect(await page.locator('img.taro-img__mode-widthfix').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(600);
  await button(page, '立即报名').click();
  await expect(page.locator('#mySignup')).toContainText('我的报名：报名成功');
  const shareLink = (await page.locator('#shareLink').getAttribute('data-url')) ?? ''; // the box offers a copy button, not the raw path
  expect(shareLink).toMatch(new RegExp(`id=${activityId}&from=[0-9a-f]{20}$`)); // an opaque sharer token, not the member's uid
  expect(shareLink).not.toContain('dev_member');
  await shot(page, '12-activity-detail-member');

  // 3. a worker who is not a member opens the shared link and takes the last seat
  await becomePersona(page, '王小明');
  await page.goto(shareLink);
  await expect(page.locator('#seatsLeft')).toContainText('剩余 1 / 共 2');
  await button(page, '立即报名').click();
  await expect(page.locator('#mySignup')).toContainText('报名成功');
  await expect(page.locator('#seatsLeft')).toContainText('剩余 0 / 共 2（已满，可候补）');

  // 4. the next person joins the waitlist
  await becomePersona(page, '赵磊');
  await page.goto(`/pages/activity/detail?id=${activityId}`);
  await button(page, '名额已满，加入候补').click();
  await expect(page.locator('#mySignup')).toContainText('候补中');
  await page.reload();
  await expect(page.locator('#mySignup')).toContainText('候补第 1 位');
  await shot(page, '13-activity-waitlisted');

  // 5. the worker cancels; the waitlisted person is promoted and notified
  await becomePersona(page, '王小明');
  await page.goto(`/pages/activity/detail?id=${activityId}`);
  await button(page, '取消报名').click();
  await expect(page.locator('.nut-dialog')).toContainText('取消后名额将让给候补的工友');
  await page.locator('#confirm-ok').click();
  await expect(page.locator('#notice')).toContainText('已取消报名');
  await becomePersona(page, '赵磊');
  await expect(page.locator('#inbox-latest')).toContainText('候补成功');
  await page.goto(`/pages/activity/detail?id=${activityId}`);
  await expect(page.locator('#mySignup')).toContainText('报名成功');

  // 6. the officer sees the roster with signups per sharer, and shows the check-in code
  await becomePersona(page, '刘芳');
  await page.goto('/admin/activity/index');
  await expect(page.getByText('星海高新区工会联合会的活动')).toBeVisible();
  await expect(page.locator('.activity-card', { hasText: '职工羽毛球友谊赛' })).toBeVisible();
  await shot(page, '17-activity-admin-list');
  await page.goto(`/admin/activity/roster?id=${activityId}`);
  await expect(page.locator('#counts')).toContainText('2/2');
  await expect(page.locator('#bySharer')).toContainText('李娜'); // the officer's own members, in full (issue 12.7)
  await shot(page, '14-activity-roster');
  // the export comes as a short-lived download link (never base64 through the API), saved under its name
  const xlsx = page.waitForEvent('download');
  await button(page, '导出名单').click();
  const saved = await xlsx;
  expect(saved.suggestedFilename()).toBe('职工羽毛球友谊赛-报名名单.xlsx');
  expect(saved.url()).toMatch(/\/files\/dl\/exports\/roster_[^?]+\.xlsx\?exp=\d+&/);
  await button(page, '宣传海报').click();
  await expect(page.locator('.poster-scan')).toHaveText('扫一扫 立即报名');
  await expect(page.locator('.poster-image img')).toHaveAttribute('src', /\/files\/public\/poster_/);
  await shot(page, '18-activity-poster');
  await page.goto(`/admin/activity/checkin?id=${activityId}`);
  const code = (await page.locator('#checkinQr').getAttribute('data-code'))!; // never printed: the QR carries it
  await shot(page, '15-activity-checkin-code');

  // 7. the member checks in with it; a forged code fails
  await becomePersona(page, '李娜');
  await page.goto(`/pages/activity/detail?id=${activityId}`);
  await fill(page, 'checkinCode', code.slice(0, -3) + 'abc');
  await button(page, '签到').click();
  await expect(page.locator('#notice')).toContainText('签到码无效');
  await fill(page, 'checkinCode', code);
  await button(page, '签到').click();
  await expect(page.locator('#notice')).toContainText('签到成功');
  await expect(page.locator('#mySignup')).toContainText('已于');
  await shot(page, '16-activity-checked-in');
});
