/** The `transfer` function's actions: membership follows the job (源头入会、凭证接转、属地管理). */
import { z } from 'zod';
import type { Contract } from '../shared/contract';
import { docId, timestamp } from '../shared/schemas';
import { TRANSFER_ACTIONS, TRANSFER_EVENTS, TRANSFER_STATUSES } from './machine';

export const TransferView = z.object({
  id: z.string(),
  code: z.string(),
  memberNo: z.string(),
  nameMasked: z.string(),
  joinedAt: timestamp,
  /** 会龄: whole years since joining, kept across transfers */
  seniorityYears: z.number().int(),
  fromOrgId: z.string(),
  fromOrgName: z.string(),
  toEnterpriseName: z.string(),
  toOrgId: z.string(),
  toOrgName: z.string(),
  toViaFederation: z.boolean(),
  status: z.enum(TRANSFER_STATUSES),
  statusLabel: z.string(),
  startedBy: z.enum(['member', 'union']),
  releaseDueAt: timestamp,
  /** the old union is past its working days: the federation above may complete the release */
  releaseOverdue: z.boolean(),
  reason: z.string().nullable(),
  createdAt: timestamp,
  releasedAt: timestamp.nullable(),
  closedAt: timestamp.nullable(),
  history: z.array(
    z.object({
      at: timestamp,
      event: z.enum(TRANSFER_EVENTS),
      eventLabel: z.string(),
      byName: z.string(),
      to: z.enum(TRANSFER_STATUSES),
      note: z.string().nullable(),
    }),
  ),
  /** still open (awaiting release or released): the member may not start another */
  open: z.boolean(),
  /** 原工会发起 / 会员申请 */
  startedByLabel: z.string(),
  /** the voucher code once the voucher is issued */
  voucherCode: z.string().nullable(),
  /** while awaiting release: the old union's deadline, and what the member may do once it has passed */
  releaseDeadline: z.object({ at: timestamp, overdueNote: z.string().nullable() }).nullable(),
  /** what this viewer may do now, in button order (the server checks again); needsReason: ask for a reason first */
  actions: z.array(z.object({ key: z.enum(TRANSFER_ACTIONS), label: z.string(), needsReason: z.boolean() })),
});
export type TransferView = z.infer<typeof TransferView>;

export const Voucher = z.object({ code: z.string(), qrPayload: z.string() });

const officers = ['union_officer', 'federation_officer', 'admin'] as const;
const transferId = z.object({ transferId: docId });

export const transferContract = {
  start: {
    summary: '会员换工作后申请转出到新单位的工会（新单位未建会的转入所在联合会）',
    roles: ['member'],
    input: z.object({ toEnterpriseId: z.string({ error: '请选择新工作单位' }).min(1, { error: '请选择新工作单位' }) }),
    output: TransferView,
  },
  startForMember: {
    summary: '原工会为调离的会员办理转出，直接开具接转凭证',
    roles: officers,
    input: z.object({
      memberNo: z.string({ error: '请填写会员编号' }).trim().min(6, { error: '请填写会员编号' }).max(20),
      toEnterpriseId: z.string({ error: '请选择新工作单位' }).min(1, { error: '请选择新工作单位' }),
    }),
    output: TransferView,
  },
  mine: {
    summary: '我的接转记录；已开具的附接转凭证（凭证号与二维码）',
    roles: ['member', 'worker'],
    input: z.object({}).default({}),
    output: z.object({ items: z.array(TransferView.extend({ voucher: Voucher.extend({ qrDataUrl: z.string() }).nullable() })) }),
  },
  cancel: {
    summary: '会员取消尚未接收的接转',
    roles: ['member'],
    input: transferId,
    output: TransferView,
  },
  release: {
    summary: '原工会办理转出并开具凭证；原工会超期未办的，上级联合会可代为办理',
    roles: officers,
    input: transferId,
    output: TransferView,
  },
  accept: {
    summary: '新工会接收转入：会员编号与会龄不变，原子地转到新工会',
    roles: officers,
    input: transferId,
    output: TransferView,
  },
  refuse: {
    summary: '新工会不予接收（须写理由），会员仍留在原工会',
    roles: officers,
    input: transferId.extend({ reason: z.string({ error: '请写明理由' }).trim().min(2, { error: '请写明理由' }).max(200, { error: '理由不能超过200个字' }) }),
    output: TransferView,
  },
  queue: {
    summary: '接转待办：转出（本级及下级会员调离）与转入（调入本级及下级）',
    roles: officers,
    input: z.object({ side: z.enum(['out', 'in']), status: z.enum(TRANSFER_STATUSES).optional(), limit: z.number().int().min(1).max(100).default(50) }),
    output: z.object({ items: z.array(TransferView) }),
  },
  get: {
    summary: '接转详情（转出或转入一方的工作人员）',
    roles: officers,
    input: transferId,
    output: TransferView,
  },
  lookup: {
    summary: '凭接转凭证号或扫描凭证二维码查找接转',
    roles: officers,
    input: z.object({ code: z.string({ error: '请输入凭证号或扫描二维码' }).trim().min(6, { error: '请输入凭证号或扫描二维码' }).max(300) }),
    output: TransferView,
  },
  repair: {
    summary: '定时任务：补完被中断的接转（进程中途退出时），清理未锁定的接转',
    roles: ['system'],
    input: z.object({}).default({}),
    output: z.object({ finished: z.number().int(), cancelled: z.number().int() }),
  },
} satisfies Contract;
