/**
 * The activity journey in WeChat DevTools through miniprogram-automator, on the real weapp build
 * against a CloudBase environment: the DevTools user holds `union_officer` of org_union_001 (see
 * join.spec.ts) and is a member of it (join.spec.ts approves the application). What only WeChat
 * does is exercised here: the share card (`onShareAppMessage`), picking a poster from the album
 * (`chooseMedia`, mocked) and its straight upload to cloud storage, and check-in by scanning the
 * rotating code (`scanCode`, mocked with the code of the officer's QR). The steps follow
 * e2e/activity.spec.ts: times are picked in NutUI's date-time picker (5-minute steps), the check-in
 * code is never printed (the QR carries it; here it is read the way the officer's page gets it, from
 * `activity.checkInCode` inside the mini-program), cancelling a signup is confirmed (#confirm-ok).
 * DevTools runs on Windows and macOS only; without WECHAT_DEVTOOLS_CLI this suite is reported as skipped.
 */
import { resolve } from 'node:path';
import { button, callInApp, confirmDialog, pickTime, suite, type, useDevTools, withText } from './devtools';

jest.setTimeout(240_000);

/** Shanghai time `minutes` from now, on the picker's 5-minute steps, as 'YYYY-MM-DD HH:mm' */
const at = (minutes: number) => {
  const ms = Math.floor((Date.now() + minutes * 60_000) / 300_000) * 300_000;
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
};

suite('weapp: publish with a poster, share, sign up, check in', () => {
  const devtools = useDevTools();
  let activityId = '';

  it('an officer publishes an activity with a poster picked from the album', async () => {
    const page = (await devtools().reLaunch('/admin/activity/publish'))!;
    await page.waitFor(1000);
    await type(page, '#title', '自动化测试·职工羽毛球赛');
    await type(page, '#place', '园区体育中心');
    await type(page, '#seats', '1');
    // it starts within the hour, so the journey can check in (check-in opens two hours before the start)
    await pickTime(page, 'signupClosesAt', at(40));
    await pickTime(page, 'startAt', at(60));
    await pickTime(page, 'endAt', at(240));
    expect(await (await page.$('#startAt'))!.text()).toContain(at(60).slice(11));
    // the album: a picture inside the project, as chooseMedia would hand back a temp file
    await devtools().mockWxMethod('chooseMedia', {
      errMsg: 'chooseMedia:ok',
      type: 'image',
      tempFiles: [{ tempFilePath: resolve(__dirname, 'fixtures/poster.png'), size: 1024, fileType: 'image' }],
    });
    await (await button(page, '选择海报图片')).tap();
    await page.waitFor('.poster-preview');
    await devtools().restoreWxMethod('chooseMedia');
    await (await button(page, '发布')).tap();
    await page.waitFor(2000);
    const roster = (await devtools().currentPage())!;
    expect(roster.path).toBe('admin/activity/roster');
    activityId = roster.query.id;
    expect(await (await roster.$('#counts'))!.text()).toContain('0/1');
  });

  it('the detail page shares a card that names the activity, shows its poster and carries who shared it', async () => {
    const page = (await devtools().reLaunch(`/pages/activity/detail?id=${activityId}`))!;
    await page.waitFor('#seatsLeft');
    const card = await page.callMethod('onShareAppMessage', { from: 'menu' });
    expect(card.title).toContain('自动化测试·职工羽毛球赛');
    expect(card.path).toMatch(new RegExp(`^/pages/activity/detail\\?id=${activityId}&from=.+`));
    expect(card.imageUrl).toMatch(/^cloud:\/\/.+\/public\/poster_/); // the poster picked above
  });

  it('a member signs up for the last seat, cancels (confirmed) and signs up again, and checks in by scanning the rotating code', async () => {
    const page = (await devtools().reLaunch(`/pages/activity/detail?id=${activityId}`))!;
    await page.waitFor('#seatsLeft');
    await (await button(page, '立即报名')).tap();
    await page.waitFor(1500);
    expect(await (await page.$('#mySignup'))!.text()).toContain('报名成功');
    expect(await (await page.$('#seatsLeft'))!.text()).toContain('剩余 0 / 共 1');
    // cancelling asks once, with the consequence (a NutUI Dialog, #confirm-ok), and frees the seat; then signed up again
    await (await withText(page, '.nut-button', '取消')).tap();
    expect(await confirmDialog(page)).toContain('取消后名额将让给候补的工友');
    await page.waitFor(1500);
    expect(await (await page.$('#seatsLeft'))!.text()).toContain('剩余 1 / 共 1');
    await (await button(page, '立即报名')).tap();
    await page.waitFor(1500);
    expect(await (await page.$('#mySignup'))!.text()).toContain('报名成功');

    const checkin = (await devtools().reLaunch(`/admin/activity/checkin?id=${activityId}`))!;
    await checkin.waitFor('#checkinQr');
    const { code } = await callInApp<{ code: string }>(devtools(), 'activity', 'checkInCode', { activityId });

    const detail = (await devtools().reLaunch(`/pages/activity/detail?id=${activityId}`))!;
    await detail.waitFor('#mySignup');
    await devtools().mockWxMethod('scanCode', { errMsg: 'scanCode:ok', result: code, scanType: 'QR_CODE' });
    await (await button(detail, '扫码签到')).tap();
    await detail.waitFor('#notice');
    await devtools().restoreWxMethod('scanCode');
    expect(await (await detail.$('#notice'))!.text()).toContain('签到成功');
  });
});
