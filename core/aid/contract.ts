/** The `aid` function's actions: hardship aid (困难职工帮扶) from self-test to payment, with its public notice. */
import { z } from 'zod';
import type { Contract } from '../shared/contract';
import { cursor, docId, pageLimit, timestamp } from '../shared/schemas';
import { AID_DECISIONS, AID_REVIEW_STATUSES, OBJECTION_RULINGS } from './machine';
import { AidRules } from './rules';
import {
  ApplicationForm,
  ApplicationView,
  BudgetView,
  CloseFileInput,
  FileForm,
  FileView,
  NoticeView,
  ObjectionForm,
  ObjectionView,
  PaymentRow,
  SelfTestInput,
  SelfTestResult,
} from './schemas';

const officers = ['union_officer', 'federation_officer', 'admin'] as const;
const federation = ['federation_officer', 'admin'] as const;
const finance = ['finance_officer', 'admin'] as const;
const nothing = z.object({}).default({});

export const aidContract = {
  // ---- the worker ----------------------------------------------------------------------------
  selfTest: {
    summary: '困难自测：按本地低保标准估算可能的困难类别及理由，不保存任何信息',
    roles: ['member'],
    input: SelfTestInput,
    output: SelfTestResult,
  },
  myFile: {
    summary: '我的困难职工档案（没有则为空）',
    roles: ['member'],
    input: nothing,
    output: z.object({ file: FileView.nullable() }),
  },
  saveFile: {
    summary: '保存困难职工档案（边填边存；一户一档：家庭成员不能出现在两份档案中）',
    roles: ['member'],
    input: FileForm,
    output: FileView,
  },
  saveApplication: {
    summary: '保存帮扶申请草稿（按请求编号幂等）',
    roles: ['member'],
    input: ApplicationForm,
    output: ApplicationView,
  },
  submitApplication: {
    summary: '提交帮扶申请（档案与材料齐全才可提交；退回补正后再次提交）',
    roles: ['member'],
    input: z.object({ applicationId: docId, version: z.number().int() }),
    output: ApplicationView,
  },
  withdrawApplication: {
    summary: '撤回自己的帮扶申请（审批前）',
    roles: ['member'],
    input: z.object({ applicationId: docId }),
    output: ApplicationView,
  },
  myApplications: {
    summary: '我的帮扶申请及每一步的进度',
    roles: ['member'],
    input: nothing,
    output: z.object({ items: z.array(ApplicationView) }),
  },
  getApplication: {
    summary: '帮扶申请详情（申请人本人，或辖区内经办工会干部）',
    roles: ['member', ...officers, 'finance_officer'],
    input: z.object({ applicationId: docId }),
    output: ApplicationView,
  },
  notices: {
    summary: '本会及上级工会正在公示的帮扶名单（已脱敏）',
    roles: ['member', ...officers],
    input: z.object({ includeArchived: z.boolean().default(false) }).default({ includeArchived: false }),
    output: z.object({ items: z.array(NoticeView) }),
  },
  getNotice: {
    summary: '一份公示（公示文本已脱敏；干部另见异议数）',
    roles: ['member', ...officers],
    input: z.object({ noticeId: docId }),
    output: NoticeView,
  },
  object: {
    summary: '对公示名单提出异议（须写明原因，可附最多4个佐证材料；异议人身份不对外公开）',
    roles: ['member'],
    input: ObjectionForm,
    output: ObjectionView,
  },
  myObjections: {
    summary: '我提出的异议及核实结果',
    roles: ['member'],
    input: nothing,
    output: z.object({ items: z.array(ObjectionView) }),
  },

  // ---- officers ------------------------------------------------------------------------------
  queue: {
    summary: '帮扶审核队列：本组织待办的步骤，按到期时间排序，显示时限标记；联合会可督办辖区',
    roles: officers,
    input: z
      .object({
        orgId: z.string().optional(),
        status: z.enum(AID_REVIEW_STATUSES).optional(),
        /** federation officers: every open step in their subtree, not only their own */
        supervise: z.boolean().default(false),
        overdueOnly: z.boolean().default(false),
        limit: pageLimit,
        after: cursor,
      })
      .default({ supervise: false, overdueOnly: false, limit: 20 }),
    output: z.object({
      items: z.array(ApplicationView),
      next: z.string().nullable(),
      /** per tab; each stops at QUEUE_COUNT_CAP (machine.ts): the page shows 99+ */
      counts: z.object({
        first_check: z.number().int(),
        union_review: z.number().int(),
        federation_review: z.number().int(),
        upper_review: z.number().int(),
        approved: z.number().int(),
        overdue: z.number().int(),
      }),
    }),
  },
  decide: {
    summary: '审核帮扶申请：初审通过、复核报联合会、批准（金额受政策上限和预算约束）、退回补正、不予批准',
    roles: officers,
    input: z
      .object({
        applicationId: docId,
        event: z.enum(AID_DECISIONS, { error: '请选择审核结果' }),
        note: z.string().trim().max(300, { error: '意见不超过300字' }).default(''),
        /** approve: the amount in whole yuan */
        amount: z.number().int().min(1, { error: '帮扶金额至少1元' }).max(10_000_000).nullable().default(null),
        /** return: what the worker is to add */
        missing: z.array(z.string().trim().min(1).max(60)).max(10).default([]),
        version: z.number().int(),
      })
      .superRefine((v, ctx) => {
        if ((v.event === 'return' || v.event === 'reject') && !v.note) ctx.addIssue({ code: 'custom', path: ['note'], message: '请写明理由，申请人可以看到' });
        if (v.event === 'approve' && v.amount === null) ctx.addIssue({ code: 'custom', path: ['amount'], message: '请填写帮扶金额' });
      }),
    output: ApplicationView,
  },
  getRules: {
    summary: '帮扶政策（低保标准、各类上限、审批时限、公示期）：本组织当年的，或沿组织树向上最近的',
    roles: ['member', ...officers, 'finance_officer'],
    input: z.object({ orgId: z.string().optional(), year: z.number().int().optional() }).default({}),
    output: z.object({ rules: AidRules.nullable(), orgName: z.string(), inherited: z.boolean() }),
  },
  setRules: {
    summary: '设定本联合会某年度的帮扶政策（全部数值为本地配置）',
    roles: federation,
    input: AidRules,
    output: AidRules,
  },
  budgets: {
    summary: '帮扶资金预算与已使用',
    roles: [...federation, 'finance_officer'],
    input: z.object({ orgId: z.string().optional(), year: z.number().int().optional() }).default({}),
    output: z.object({ items: z.array(BudgetView) }),
  },
  setBudget: {
    summary: '设定某项目某年度的帮扶资金预算（不能低于已使用）',
    roles: federation,
    input: z.object({
      orgId: z.string().optional(),
      year: z.number().int(),
      programme: z.string().min(1).max(40),
      total: z.number().int().min(0).max(1_000_000_000),
    }),
    output: BudgetView,
  },
  publishNotice: {
    summary: '将已批准的帮扶列入公示（公示期按政策的工作日数）',
    roles: federation,
    input: z.object({
      orgId: z.string().optional(),
      applicationIds: z.array(docId).min(1, { error: '请选择要公示的名单' }).max(200),
      title: z.string().trim().max(60).default(''),
    }),
    output: NoticeView,
  },
  noticeBoard: {
    summary: '公示管理：本会发布的公示（含已归档）与待核实的异议',
    roles: federation,
    input: z.object({ orgId: z.string().optional(), limit: pageLimit, after: cursor }).default({ limit: 20 }),
    output: z.object({ items: z.array(NoticeView), next: z.string().nullable(), pendingObjections: z.array(ObjectionView) }),
  },
  ruleObjection: {
    summary: '核实异议：成立（停止帮扶或调整金额）或不成立，均记录',
    roles: federation,
    input: z
      .object({
        objectionId: docId,
        ruling: z.enum(OBJECTION_RULINGS, { error: '请选择核实结果' }),
        note: z.string().trim().min(2, { error: '请写明核实情况' }).max(300),
        newAmount: z.number().int().min(1).max(10_000_000).nullable().default(null),
        version: z.number().int(),
      })
      .superRefine((v, ctx) => {
        if (v.ruling === 'uphold_revise' && v.newAmount === null) ctx.addIssue({ code: 'custom', path: ['newAmount'], message: '请填写调整后的金额' });
      }),
    output: ObjectionView,
  },
  files: {
    summary: '辖区内的困难职工档案（可筛选待年度复核）',
    roles: officers,
    input: z
      .object({ orgId: z.string().optional(), reverifyDue: z.boolean().default(false), limit: pageLimit, after: cursor })
      .default({ reverifyDue: false, limit: 20 }),
    output: z.object({ items: z.array(FileView), next: z.string().nullable() }),
  },
  reverifyFile: {
    summary: '年度复核档案：确认仍符合条件，排定下次复核',
    roles: officers,
    input: z.object({ fileId: docId, note: z.string().trim().max(200).default(''), version: z.number().int() }),
    output: FileView,
  },
  closeFile: {
    summary: '销档（脱困、退休、调离、死亡、不符合条件），档案与历史保留',
    roles: officers,
    input: CloseFileInput,
    output: FileView,
  },

  // ---- finance -------------------------------------------------------------------------------
  paymentRoster: {
    summary: '发放名单：仅公示期满且无成立异议的已批准帮扶；银行卡号脱敏显示',
    roles: finance,
    input: z.object({ orgId: z.string().optional(), limit: pageLimit, after: cursor }).default({ limit: 20 }),
    output: z.object({ items: z.array(PaymentRow), next: z.string().nullable(), total: z.number().int() }),
  },
  exportPayments: {
    summary: '导出发放名单（xlsx，含完整银行卡号，仅财务；每次导出留痕）',
    roles: finance,
    input: z.object({ orgId: z.string().optional() }).default({}),
    output: z.object({ url: z.string(), filename: z.string(), rows: z.number().int(), expiresAt: timestamp }),
  },
  recordPayment: {
    summary: '回写发放结果：已发放、退回（账户有误）或重新发放',
    roles: finance,
    input: z.object({
      applicationId: docId,
      outcome: z.enum(['pay', 'bounce', 'reissue']),
      note: z.string().trim().max(200).default(''),
      version: z.number().int(),
    }),
    output: PaymentRow,
  },

  // ---- timer jobs ----------------------------------------------------------------------------
  escalateOverdue: {
    summary: '定时任务：超时的审核步骤提醒上级督办（从不自动驳回）',
    roles: ['system'],
    input: nothing,
    output: z.object({ escalated: z.number().int() }),
  },
  closeNotices: {
    summary: '定时任务：公示期满的公示归档，无成立或待核实异议的帮扶解锁发放',
    roles: ['system'],
    input: nothing,
    output: z.object({ archived: z.number().int(), cleared: z.number().int() }),
  },
  remindReverify: {
    summary: '定时任务：提醒即将到期的档案年度复核',
    roles: ['system'],
    input: nothing,
    output: z.object({ reminded: z.number().int() }),
  },
  reconcile: {
    summary: '定时任务：清理中断的审批留下的资金台账记录，并按台账重算预算已使用额',
    roles: ['system'],
    input: nothing,
    output: z.object({ released: z.number().int(), budgets: z.number().int() }),
  },
} satisfies Contract;
