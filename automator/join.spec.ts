/**
 * The join journey in WeChat DevTools through miniprogram-automator: it drives the real weapp build
 * against a CloudBase environment (TARO_APP_CLOUD_ENV at build time, the functions deployed, the
 * DevTools user granted `union_officer` of org_union_001 in `staff`). DevTools runs on Windows and
 * macOS only; without WECHAT_DEVTOOLS_CLI this suite is reported as skipped, with the reason.
 * The steps follow e2e/join.spec.ts (the H5 journey): the 是/否 choice and the consent are controls
 * with WeChat's aria-role / aria-checked (config/weapp-template.ts), 我的 is a tab, the officer's
 * decisions are confirmed in a dialog (#confirm-ok); then 大字模式 on 我的 reaches each page's page-meta.
 */
import { button, confirmDialog, suite, type, useDevTools, withText } from './devtools';
import { makeIdNumber } from '../core/shared/idNumber';

jest.setTimeout(180_000);

suite('weapp: join the union in WeChat DevTools', () => {
  const devtools = useDevTools();

  it('submits the join form and shows the application as pending on 我的', async () => {
    const page = (await devtools().reLaunch('/pages/join/index'))!;
    await page.waitFor(1000);
    await type(page, '#name', '王小明');
    await type(page, '#idNumber', makeIdNumber('320506', '19980512', '431'));
    await type(page, '#mobile', '13812345678');
    await type(page, 'input#enterprise', '精密制造');
    await page.waitFor('.ent-item');
    await (await withText(page, '.ent-item', '星海精密制造有限公司')).tap();
    await type(page, '#job', '数控车工');
    const yes = (await page.$('#migrantWorker-true'))!;
    expect(await yes.attribute('aria-role')).toBe('radio'); // WeChat's accessibility attributes reach the WXML
    await yes.tap();
    const consent = (await page.$('#consent'))!;
    expect(await consent.attribute('aria-role')).toBe('checkbox');
    await consent.tap();
    await page.waitFor(300);
    expect(await consent.attribute('aria-checked')).toBe('true');
    await (await button(page, '提交入会申请')).tap();
    await page.waitFor(2500);
    const me = (await devtools().currentPage())!; // switchTab to the 我的 tab
    expect(me.path).toBe('pages/me/index');
    await me.waitFor('#status');
    expect(await (await me.$('#status'))!.text()).toContain('待审核');
  });

  it('an officer approves it, confirmed in the dialog, and the member card shows a QR', async () => {
    const queue = (await devtools().reLaunch('/admin/queue/index'))!;
    await queue.waitFor('.item');
    await (await withText(queue, '.item', '数控车工')).tap();
    await queue.waitFor(1500);
    const review = (await devtools().currentPage())!;
    expect(review.path).toBe('admin/review/index');
    await (await button(review, '通过')).tap();
    expect(await confirmDialog(review)).toContain('通过后将生成会员编号并通知申请人');
    await review.waitFor('#notice');
    expect(await (await review.$('#notice'))!.text()).toContain('已通过');
    const card = (await devtools().reLaunch('/pages/card/index'))!;
    await card.waitFor('.qr');
    expect(await (await card.$('#cardMemberNo'))!.text()).toMatch(/GH\d{10}/);
  });

  it('大字模式 switched on from 我的 sets --text-scale on every page it shows', async () => {
    const me = (await devtools().switchTab('/pages/me/index'))!;
    await me.waitFor('#large-text-setting');
    const title = (await me.$('.card-title'))!;
    const normal = parseFloat(await title.style('font-size'));
    await (await me.$('#large-text-setting .nut-switch'))!.tap();
    await me.waitFor(500);
    expect(await (await me.$('#large-text-state'))!.text()).toContain('已开启');
    expect(JSON.stringify(await me.data('pageMeta'))).toContain('--text-scale: 1.3'); // page-meta page-style
    expect(parseFloat(await title.style('font-size')) / normal).toBeGreaterThanOrEqual(1.2);
    const home = (await devtools().switchTab('/pages/index/index'))!;
    await home.waitFor(500);
    expect(JSON.stringify(await home.data('pageMeta'))).toContain('--text-scale: 1.3');
    const back = (await devtools().switchTab('/pages/me/index'))!;
    await (await back.$('#large-text-setting .nut-switch'))!.tap(); // off again, for the next spec
    await back.waitFor(500);
    expect(JSON.stringify(await back.data('pageMeta'))).not.toContain('--text-scale');
  });
});
