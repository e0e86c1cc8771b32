/** The `activity` function: activities, training and bookings on one seat engine. */
import { excel, qrDataUrl } from '../_runtime/lazy';
import { defineFunction } from '../_runtime/define';
import { activityContract } from '../../core/activity/contract';
import * as views from '../../core/activity/views';
import * as publishing from '../../core/activity/publish';
import * as manage from '../../core/activity/manage';
import * as seats from '../../core/activity/seats';
import * as checkin from '../../core/activity/checkin';
import { roster, rosterRows } from '../../core/activity/roster';
import { remindUpcoming } from '../../core/activity/reminders';
import { reconcile } from '../../core/activity/recovery';
import { downloadOf, XLSX_TYPE } from '../../core/shared/files';

export const activity = defineFunction('activity', activityContract, {
  health: async () => ({ up: true as const }),
  publish: ({ deps, caller }, input) => publishing.publish(deps, caller, input),
  publishSlots: ({ deps, caller }, input) => publishing.publishSlots(deps, caller, input),
  list: ({ deps, caller }, input) => views.list(deps, caller, input),
  manage: ({ deps, caller }, input) => manage.manage(deps, caller, input),
  get: ({ deps, caller }, input) => views.get(deps, caller, input),
  signup: ({ deps, caller }, input) => seats.signup(deps, caller, input),
  cancel: ({ deps, caller }, input) => seats.cancel(deps, caller, input),
  mySignups: ({ deps, caller }) => views.mySignups(deps, caller),
  roster: ({ deps, caller }, input) => roster(deps, caller, input),
  close: ({ deps, caller }, input) => manage.closeActivity(deps, caller, input),
  cancelActivity: ({ deps, caller }, input) => manage.cancelActivity(deps, caller, input),
  checkInCode: async ({ deps, caller }, input) => {
    const c = await checkin.checkInCode(deps, caller, input);
    return { ...c, qrDataUrl: await qrDataUrl(c.code) };
  },
  checkIn: ({ deps, caller }, input) => checkin.checkIn(deps, caller, input),
  checkInByCard: ({ deps, caller }, input) => checkin.checkInByCard(deps, caller, input),
  exportRoster: async ({ deps, caller }, input) => {
    const { activity, rows, note } = await rosterRows(deps, caller, input.activityId);
    // loaded on first use: exceljs would add ~100 ms to every cold start of this function
    const ExcelJS = await excel();
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('报名名单');
    sheet.columns = [
      { header: '姓名', key: 'name', width: 12 },
      { header: '手机号（已脱敏）', key: 'mobile', width: 16 },
      { header: '会员编号', key: 'memberNo', width: 16 },
      { header: '状态', key: 'status', width: 10 },
      { header: '名额', key: 'seats', width: 6 },
      { header: '签到', key: 'checkedIn', width: 8 },
      { header: '分享人', key: 'sharedBy', width: 10 },
    ];
    sheet.getCell('B1').note = note;
    sheet.addRows(rows);
    // the masking rule, said on the sheet itself (core/shared/mask.ts, purpose `roster`)
    sheet.addRow([]);
    sheet.addRow([note]);
    const buffer = Buffer.from(await book.xlsx.writeBuffer());
    // stored under exports/ and handed out as a short-lived address: a roster can outgrow callFunction's 6 MB
    const ref = await deps.files.putExport(`roster_${activity.id}_${deps.clock.now().toString(36)}${deps.crypto.randomId(6)}.xlsx`, new Uint8Array(buffer));
    return downloadOf(deps, ref, `${activity.title}-报名名单.xlsx`, XLSX_TYPE);
  },
  poster: async ({ deps, caller }, input) => {
    const { activity } = await views.get(deps, caller, { activityId: input.activityId });
    const path = `/pages/activity/detail?id=${activity.id}`;
    // PUBLIC_BASE_URL: where the H5 app is served, so a phone camera can open the poster's QR; else
    // the address the officer's own browser shows (the local gateway), else the bare path
    const target = `${process.env.PUBLIC_BASE_URL || input.baseUrl || ''}${path}`;
    return { activity, path, qrDataUrl: await qrDataUrl(target) };
  },
  remindUpcoming: ({ deps }) => remindUpcoming(deps),
  reconcile: ({ deps }, input) => reconcile(deps, input),
});
