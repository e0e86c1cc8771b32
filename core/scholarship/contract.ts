/** The `scholarship` function's actions: the autumn scholarship campaign (金秋助学) through its five stages. */
import { z } from 'zod';
import type { Contract } from '../shared/contract';
import { docId } from '../shared/schemas';
import { Download } from '../shared/files';
import { CAMPAIGN_STAGES } from './machine';
import {
  CampaignForm,
  CampaignView,
  PlanForm,
  ReportView,
  ScholarshipApplicationForm,
  ScholarshipApplicationView,
  SurveyBoard,
  SurveyForm,
  SurveyView,
} from './schemas';

const officers = ['union_officer', 'federation_officer', 'admin'] as const;
const federation = ['federation_officer', 'admin'] as const;
const campaignRef = z.object({ campaignId: docId });

export const scholarshipContract = {
  createCampaign: {
    summary: '创建金秋助学活动：主办工会、年度、五个阶段的起止日期和责任方（每个组织每年一次）',
    roles: federation,
    input: CampaignForm,
    output: CampaignView,
  },
  campaigns: {
    summary: '金秋助学活动列表：会员看本会上级主办的活动，干部看辖区及上级的活动',
    roles: ['member', ...officers],
    input: z.object({ year: z.number().int().optional() }).default({}),
    output: z.object({ items: z.array(CampaignView) }),
  },
  getCampaign: {
    summary: '一次金秋助学活动：各阶段日期、资助标准、申报是否开放；主办方另见下一阶段及尚缺的条件',
    roles: ['member', ...officers],
    input: campaignRef,
    output: CampaignView,
  },
  savePlan: {
    summary: '制订方案：助学预算、各类别及特殊群体资助标准、申请条件（低保标准的倍数）',
    roles: federation,
    input: PlanForm,
    output: CampaignView,
  },
  advance: {
    summary: '进入下一阶段（只能按顺序；本阶段条件未满足时说明原因）',
    roles: federation,
    input: z.object({ campaignId: docId, to: z.enum(CAMPAIGN_STAGES, { error: '请选择下一阶段' }), version: z.number().int() }),
    output: CampaignView,
  },
  submitSurvey: {
    summary: '基层工会上报摸底人数（按学生类别；截止前可更正，以最后一次为准）',
    roles: officers,
    input: SurveyForm,
    output: SurveyView,
  },
  surveyBoard: {
    summary: '摸底看板：各工会上报情况（未上报的排在前面）、各类别合计',
    roles: federation,
    input: campaignRef,
    output: SurveyBoard,
  },
  apply: {
    summary: '为子女申报金秋助学（申报期内；逾期不予受理）：在档困难职工家庭或符合本次收入条件的家庭；提交后进入所在工会初审，审核、公示、发放与困难帮扶相同',
    roles: ['member'],
    input: ScholarshipApplicationForm,
    output: ScholarshipApplicationView,
  },
  myApplications: {
    summary: '我提交的金秋助学申请及其审核进度（待初审、公示中、已发放等）',
    roles: ['member'],
    input: z.object({}).default({}),
    output: z.object({ items: z.array(ScholarshipApplicationView) }),
  },
  report: {
    summary: '总结报告：申请、获批、发放人数及金额，按类别、按工会，预算使用',
    roles: federation,
    input: campaignRef,
    output: ReportView,
  },
  exportReport: {
    summary: '导出总结报告（xlsx）：答复短时有效的下载地址（5分钟）',
    roles: federation,
    input: campaignRef,
    output: Download,
  },
} satisfies Contract;
