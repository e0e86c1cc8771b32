/** The `scholarship` function: the autumn scholarship campaign (金秋助学). Thin: contract → use case; the xlsx is built here. */
import { excel } from '../_runtime/lazy';
import { defineFunction } from '../_runtime/define';
import { scholarshipContract } from '../../core/scholarship/contract';
import { advance, campaigns, createCampaign, getCampaign, savePlan } from '../../core/scholarship/campaign';
import { submitSurvey, surveyBoard } from '../../core/scholarship/survey';
import { apply, myApplications } from '../../core/scholarship/apply';
import { report } from '../../core/scholarship/report';
import { AID_PIPELINE, type ScholarshipPipeline } from '../../core/scholarship/pipeline';
import { downloadOf, XLSX_TYPE } from '../../core/shared/files';

/**
 * What the review pipeline made of the applications (approved, paid), read by the stage checks and
 * the report: the aid pipeline, which every application is handed to on 申报.
 */
const pipeline: ScholarshipPipeline = AID_PIPELINE;

export const scholarship = defineFunction('scholarship', scholarshipContract, {
  createCampaign: ({ deps, caller }, input) => createCampaign(deps, caller, input),
  campaigns: ({ deps, caller }, input) => campaigns(deps, caller, input, pipeline),
  getCampaign: ({ deps, caller }, input) => getCampaign(deps, caller, input, pipeline),
  savePlan: ({ deps, caller }, input) => savePlan(deps, caller, input),
  advance: ({ deps, caller }, input) => advance(deps, caller, input, pipeline),
  submitSurvey: ({ deps, caller }, input) => submitSurvey(deps, caller, input),
  surveyBoard: ({ deps, caller }, input) => surveyBoard(deps, caller, input, pipeline),
  apply: ({ deps, caller }, input) => apply(deps, caller, input),
  myApplications: ({ deps, caller }) => myApplications(deps, caller),
  report: ({ deps, caller }, input) => report(deps, caller, input, pipeline),
  exportReport: async ({ deps, caller }, input) => {
    const r = await report(deps, caller, input, pipeline);
    // loaded on first use: exceljs would add ~100 ms to every cold start of this function
    const ExcelJS = await excel();
    const book = new ExcelJS.Workbook();
    const summary = book.addWorksheet('总体情况');
    summary.columns = [
      { header: '项目', key: 'item', width: 18 },
      { header: '数值', key: 'value', width: 16 },
    ];
    summary.addRows([
      { item: '活动', value: r.campaign.title },
      { item: '主办工会', value: r.campaign.orgName },
      { item: '当前阶段', value: r.campaign.stageLabel },
      { item: '申请人数', value: r.applicants },
      { item: '获批人数', value: r.approved },
      { item: '已发放人数', value: r.paid },
      { item: '已发放金额（元）', value: r.amountPaid },
      { item: '助学预算（元）', value: r.budget },
      { item: '已批准金额（元）', value: r.committed },
      { item: '预算余额（元）', value: r.budgetLeft },
    ]);
    summary.addRow([]);
    summary.addRow([r.note]);
    const tally = [
      { header: '摸底人数', key: 'surveyed', width: 10 },
      { header: '申请人数', key: 'applicants', width: 10 },
      { header: '获批人数', key: 'approved', width: 10 },
      { header: '已发放人数', key: 'paid', width: 10 },
      { header: '已发放金额（元）', key: 'amountPaid', width: 16 },
    ];
    const cats = book.addWorksheet('按类别');
    cats.columns = [{ header: '类别', key: 'label', width: 14 }, ...tally];
    cats.addRows(r.byCategory);
    const unions = book.addWorksheet('按工会');
    unions.columns = [{ header: '工会', key: 'unionName', width: 30 }, ...tally];
    unions.addRows(r.byUnion);
    const buffer = Buffer.from(await book.xlsx.writeBuffer());
    // stored under exports/ and handed out as a short-lived address, like every export
    const ref = await deps.files.putExport(
      `scholarship_${r.campaign.id}_${deps.clock.now().toString(36)}${deps.crypto.randomId(6)}.xlsx`,
      new Uint8Array(buffer),
    );
    return downloadOf(deps, ref, `${r.campaign.title}-总结报告.xlsx`, XLSX_TYPE);
  },
});
