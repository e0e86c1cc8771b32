/** The `case` function's actions: rights cases (投诉建议 / 维权 / 法律援助) from the worker's report to 结案. */
import { z } from 'zod';
import type { Contract } from '../shared/contract';
import { cursor, docId, pageLimit, personName, timestamp } from '../shared/schemas';
import { CASE_CATEGORIES, COMPLEXITIES, LEGAL_OUTCOMES, OPEN_CASE_STATUSES } from './machine';
import { CaseRules } from './rules';
import { FileRef } from '../shared/files';
import {
  AssigneeOption,
  CaseForm,
  CaseRow,
  CaseStats,
  CaseView,
  CatalogueView,
  EntryForm,
  ResolveForm,
  RotaForm,
  RotaView,
  SharePreview,
  yuan,
} from './schemas';

const staff = ['union_officer', 'federation_officer', 'lawyer', 'social_worker', 'admin'] as const;
const officers = ['union_officer', 'federation_officer', 'admin'] as const;
const federation = ['federation_officer', 'admin'] as const;
const nothing = z.object({}).default({});
const reason = (what: string) =>
  z
    .string({ error: `请填写${what}` })
    .trim()
    .min(2, { error: `请填写${what}` })
    .max(500, { error: `${what}不超过500字` });
const versioned = { caseId: docId, version: z.number().int() };

export const caseContract = {
  // ---- the worker ----------------------------------------------------------------------------
  catalogue: {
    summary: '诉求类别与具体事项（按所在单位的上级工会配置），及各类答复时限',
    roles: ['worker'],
    input: z.object({ enterpriseId: docId.nullable().default(null) }).default({ enterpriseId: null }),
    output: CatalogueView,
  },
  submit: {
    summary: '提交诉求（按请求编号幂等；集体欠薪等集体诉求立即派给当日值班律师）',
    roles: ['worker'],
    input: CaseForm,
    output: CaseView,
  },
  myCases: {
    summary: '我的诉求：所处环节、由谁办理、已等待多久、需要我做什么（含我加入的集体诉求）',
    roles: ['worker'],
    input: nothing,
    output: z.object({ items: z.array(CaseView) }),
  },
  getCase: {
    summary: '一件诉求（诉求人看到公开的办理过程；经办人员另见内部记录）',
    roles: ['worker', ...staff],
    input: z.object({ caseId: docId }),
    output: CaseView,
  },
  file: {
    summary: '打开诉求的附件：只限本人所见的案件视图中列出的附件（诉求人看不到内部记录的附件）；答复短时有效的下载地址',
    roles: ['worker', ...staff],
    input: z.object({ caseId: docId, fileId: docId }),
    output: FileRef.extend({ url: z.string(), expiresAt: z.number().int() }),
  },
  reply: {
    summary: '答复经办人员的补充要求（说明情况、补充材料）',
    roles: ['worker'],
    input: z.object({
      caseId: docId,
      text: z.string().trim().min(2, { error: '请填写补充说明' }).max(1000, { error: '补充说明不超过1000字' }),
      fileIds: z.array(docId).max(9).default([]),
    }),
    output: CaseView,
  },
  rate: {
    summary: '办结后评价（1–5分；不满意则重新办理并报上级督办）',
    roles: ['worker'],
    input: z.object({
      ...versioned,
      score: z.number({ error: '请选择满意程度' }).int().min(1, { error: '请选择满意程度' }).max(5, { error: '请选择满意程度' }),
      comment: z.string().trim().max(500, { error: '评价不超过500字' }).default(''),
    }),
    output: CaseView,
  },
  withdraw: {
    summary: '撤回自己的诉求（办结前）',
    roles: ['worker'],
    input: z.object({ ...versioned, reason: reason('撤回原因') }),
    output: CaseView,
  },
  sharePreview: {
    summary: '集体诉求的邀请卡片：单位、事项、人数（不含任何个人信息）',
    roles: ['worker'],
    input: z.object({ code: z.string().regex(/^[0-9a-f]{16}$/, { error: '邀请码无效' }) }),
    output: SharePreview,
  },
  join: {
    summary: '通过邀请卡片加入集体诉求，填写本人被拖欠金额（每人一次，重复加入视为同一次）',
    roles: ['worker'],
    input: z.object({
      code: z.string().regex(/^[0-9a-f]{16}$/, { error: '邀请码无效' }),
      amountOwed: yuan('本人被拖欠金额'),
      /** a non-member's name (a member's comes from the membership) */
      name: personName.nullable().default(null),
    }),
    output: CaseView,
  },

  // ---- staff ---------------------------------------------------------------------------------
  queue: {
    summary: '案件队列：按环节分栏，紧急的在前，再按到期时间；显示时限标记；联合会可督办辖区；律师与社工只见派给自己的',
    roles: staff,
    input: z
      .object({
        orgId: z.string().optional(),
        /** a stage, or `mine` (assigned to me) or `overdue` */
        tab: z.enum([...OPEN_CASE_STATUSES, 'mine', 'overdue', 'closed']).default('received'),
        supervise: z.boolean().default(false),
        limit: pageLimit,
        after: cursor,
      })
      .default({ tab: 'received', supervise: false, limit: 20 }),
    output: z.object({
      items: z.array(CaseRow),
      next: z.string().nullable(),
      /** per tab, each stopping at CASE_QUEUE_COUNT_CAP (the page shows 99+) */
      counts: z.record(z.string(), z.number().int()),
      orgName: z.string(),
    }),
  },
  assignees: {
    summary: '可派单的人员：本组织的工会干部、社会化工会工作者、驻点律师（标明当日值班与在办件数）',
    roles: officers,
    input: z.object({ caseId: docId }),
    output: z.object({ items: z.array(AssigneeOption) }),
  },
  assign: {
    summary: '分派或改派案件（须在签收时限内签收，否则报上级督办）',
    roles: officers,
    input: z.object({ ...versioned, personId: z.string().min(1, { error: '请选择承办人' }), note: z.string().trim().max(500).nullable().default(null) }),
    output: CaseView,
  },
  sign: {
    summary: '承办人签收案件',
    roles: staff,
    input: z.object(versioned),
    output: CaseView,
  },
  returnAssignment: {
    summary: '承办人退回派单（写明原因，由分派人改派）',
    roles: staff,
    input: z.object({ ...versioned, reason: reason('退回原因') }),
    output: CaseView,
  },
  transfer: {
    summary: '转办到其他工会组织（写明原因）',
    roles: officers,
    input: z.object({ ...versioned, toOrgId: docId, reason: reason('转办原因') }),
    output: CaseView,
  },
  decline: {
    summary: '不予受理（写明原因，诉求人可见）',
    roles: officers,
    input: z.object({ ...versioned, reason: reason('不予受理的原因') }),
    output: CaseView,
  },
  classify: {
    summary: '确定问题复杂程度（一般 / 难点 / 特别复杂），按配置重算办结时限',
    roles: officers,
    input: z.object({ ...versioned, complexity: z.enum(COMPLEXITIES) }),
    output: CaseView,
  },
  addEntry: {
    summary: '记录办理过程：办理记录、走访、调解、电话沟通（可标为内部记录，诉求人看不到）',
    roles: staff,
    input: EntryForm,
    output: CaseView,
  },
  ask: {
    summary: '请诉求人补充说明或材料',
    roles: staff,
    input: z.object({ caseId: docId, text: reason('需要补充的内容') }),
    output: CaseView,
  },
  resolve: {
    summary: '办结：填写办理结果与依据（法律援助案件须先提交结案报告）',
    roles: staff,
    input: ResolveForm,
    output: CaseView,
  },
  callback: {
    summary: '电话回访：诉求人逾期未评价时，由工作人员记录回访结果',
    roles: officers,
    input: z.object({
      ...versioned,
      score: z.number({ error: '请选择满意程度' }).int().min(1).max(5),
      comment: z.string().trim().max(500).default(''),
    }),
    output: CaseView,
  },
  qualityCheck: {
    summary: '质检：通过则结案；不通过退回承办人重办（须写明原因）',
    roles: federation,
    input: z.object({ ...versioned, pass: z.boolean(), note: z.string().trim().max(500).default('') }),
    output: CaseView,
  },
  legalAidDecide: {
    summary: '法律援助审查：同意、紧急预审先行受理或不予援助（书面理由）',
    roles: federation,
    input: z.object({ ...versioned, event: z.enum(['pre_approve', 'approve', 'refuse']), note: z.string().trim().max(500).default('') }),
    output: CaseView,
  },
  appointLawyer: {
    summary: '出具《工会法律援助服务案件委派函》，委派律师承办',
    roles: federation,
    input: z.object({ ...versioned, personId: z.string().min(1, { error: '请选择委派的律师' }) }),
    output: CaseView,
  },
  legalAidReport: {
    summary: '法律援助结案报告：结果（判决、裁决、调解等）、追回金额与文书',
    roles: staff,
    input: z.object({
      ...versioned,
      outcome: z.enum(LEGAL_OUTCOMES, { error: '请选择结案方式' }),
      summary: z.string().trim().min(10, { error: '结案报告至少10个字' }).max(2000),
      recovered: yuan('追回金额').default(0),
      fileIds: z.array(docId).max(9).default([]),
    }),
    output: CaseView,
  },
  fromBooking: {
    summary: '律师把一次法律咨询预约转为案件（带入预约信息，由本人承办）',
    roles: ['lawyer', 'admin'],
    input: z.object({
      signupId: docId,
      category: z.enum(CASE_CATEGORIES).default('consult'),
      itemKey: z.string().min(1).max(40),
      title: z.string().trim().min(4, { error: '标题至少4个字' }).max(30, { error: '标题不超过30字' }),
      description: z.string().trim().min(10, { error: '情况说明至少10个字' }).max(2000),
    }),
    output: CaseView,
  },
  bookings: {
    summary: '我的法律咨询预约（律师：可转为案件的预约）',
    roles: ['lawyer', 'admin'],
    input: nothing,
    output: z.object({
      items: z.array(
        z.object({
          signupId: z.string(),
          title: z.string(),
          startAt: timestamp,
          place: z.string(),
          name: z.string(),
          checkedIn: z.boolean(),
          caseId: z.string().nullable(),
        }),
      ),
    }),
  },
  stats: {
    summary: '案件统计：受理量、派单率、按期签收率、按期办结率、满意率、追回金额（按组织及下级汇总）',
    roles: officers,
    input: z.object({ orgId: z.string().optional(), from: timestamp.optional(), to: timestamp.optional() }).default({}),
    output: CaseStats,
  },
  getRules: {
    summary: '案件办理规则：事项目录、各环节时限、集体案件人数、法律援助审查时限',
    roles: officers,
    input: z.object({ orgId: z.string().optional() }).default({}),
    output: z.object({ orgId: z.string(), orgName: z.string(), rules: CaseRules, inheritedFrom: z.string().nullable() }),
  },
  setRules: {
    summary: '设置本组织的案件办理规则（记入审计）',
    roles: federation,
    input: z.object({ orgId: docId, rules: CaseRules }),
    output: z.object({ orgId: z.string(), orgName: z.string(), rules: CaseRules, inheritedFrom: z.string().nullable() }),
  },
  getRota: {
    summary: '驻点律师值班表（每周固定与按日期调整）',
    roles: officers,
    input: z.object({ orgId: z.string().optional() }).default({}),
    output: RotaView,
  },
  setRota: {
    summary: '设置驻点律师值班表（记入审计）',
    roles: federation,
    input: RotaForm,
    output: RotaView,
  },

  // ---- timers --------------------------------------------------------------------------------
  escalateOverdue: {
    summary: '超过时限未分派、未签收、未办结或未质检的案件报上级督办（标红，不会被关闭）',
    roles: ['system'],
    input: nothing,
    output: z.object({ escalated: z.number().int() }),
  },
} satisfies Contract;

export type CaseContract = typeof caseContract;
