/**
 * The activity journey in WeChat DevTools through miniprogram-automator, on the real weapp build
 * against a CloudBase environment: the DevTools user holds `union_officer` of org_union_001 (see
 * join.spec.ts) and is a member of it (join.spec.ts approves the application). What only WeChat
 * does is exercised here: the share card (`onShareAppMessage`), picking a poster from the album
 * (`chooseMedia`, mocked) and its straight upload to cloud storage, and check-in by scanning the
 * rotating code (`scanCode`, mocked with the code the officer's page shows). DevTools runs on
 * Windows and macOS only; without WECHAT_DEVTOOLS_CLI this suite is reported as skipped.
 */
import { resolve } from 'node:path';
import { suite, type, useDevTools, type AutoPage } from './devtools';

jest.setTimeout(240_000);

/** The NutUI button whose text is `label`. */
async function button(page: AutoPage, label: string) {
  for (const b of (await page.$$('.nut-button')) as Array<{ text(): Promise<string>; tap(): Promise<void> }>) {
    if ((await b.text()).trim() === label) return b;
  }
  throw new Error(`no button ${label} on ${page.path}`);
}

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
    const at = (minutes: number) => new Date(Date.now() + minutes * 60_000 + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
    await type(page, '#signupClosesAt', at(40));
    await type(page, '#startAt', at(60));
    await type(page, '#endAt', at(240));
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

  it('a member signs up for the last seat and checks in by scanning the rotating code', async () => {
    const page = (await devtools().reLaunch(`/pages/activity/detail?id=${activityId}`))!;
    await page.waitFor('#seatsLeft');
    await (await button(page, '立即报名')).tap();
    await page.waitFor(1500);
    expect(await (await page.$('#mySignup'))!.text()).toContain('报名成功');
    expect(await (await page.$('#seatsLeft'))!.text()).toContain('剩余 0 / 共 1');

    const checkin = (await devtools().reLaunch(`/admin/activity/checkin?id=${activityId}`))!;
    await checkin.waitFor('#checkinCodeText');
    const code = (await (await checkin.$('#checkinCodeText'))!.text()).trim();

    const detail = (await devtools().reLaunch(`/pages/activity/detail?id=${activityId}`))!;
    await detail.waitFor('#mySignup');
    await devtools().mockWxMethod('scanCode', { errMsg: 'scanCode:ok', result: code, scanType: 'QR_CODE' });
    await (await button(detail, '扫码签到')).tap();
    await detail.waitFor('#notice');
    await devtools().restoreWxMethod('scanCode');
    expect(await (await detail.$('#notice'))!.text()).toContain('签到成功');
  });
});
