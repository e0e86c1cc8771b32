/**
 * The join journey in WeChat DevTools through miniprogram-automator: it drives the real weapp build
 * against a CloudBase environment (TARO_APP_CLOUD_ENV at build time, the functions deployed, the
 * DevTools user granted `union_officer` of org_union_001 in `staff`). DevTools runs on Windows and
 * macOS only; without WECHAT_DEVTOOLS_CLI this suite is reported as skipped, with the reason.
 */
import { suite, type, useDevTools } from './devtools';

jest.setTimeout(180_000);

suite('weapp: join the union in WeChat DevTools', () => {
  const devtools = useDevTools();

  it('submits the join form and shows the application as pending', async () => {
    const page = (await devtools().reLaunch('/pages/join/index'))!;
    await page.waitFor(1000);
    await type(page, '#name', '王小明');
    await type(page, '#idNumber', '11010519491231002X');
    await type(page, '#mobile', '13812345678');
    await type(page, '#enterprise', '精密制造');
    await page.waitFor(1500);
    await (await page.$('.ent-item'))!.tap();
    await type(page, '#job', '数控车工');
    await (await page.$('.choice'))!.tap();
    await (await page.$('.consent'))!.tap();
    await (await page.$('.nut-button'))!.tap();
    await page.waitFor(2000);
    const status = (await devtools().currentPage())!;
    expect(status.path).toBe('pages/me/index');
    expect(await (await status.$('#status'))!.text()).toContain('待审核');
  });

  it('an officer approves it in the admin subpackage and the member card shows a QR', async () => {
    const queue = (await devtools().reLaunch('/admin/queue/index'))!;
    await queue.waitFor('.item');
    const items = await queue.$$('.item');
    await items[items.length - 1].tap();
    await queue.waitFor(1500);
    const review = (await devtools().currentPage())!;
    const buttons = await review.$$('.nut-button');
    await buttons[0].tap(); // 通过
    await review.waitFor('#notice');
    expect(await (await review.$('#notice'))!.text()).toContain('已通过');
    const card = (await devtools().reLaunch('/pages/card/index'))!;
    await card.waitFor('.qr');
    expect(await (await card.$('#cardMemberNo'))!.text()).toMatch(/GH\d{10}/);
  });
});
