/** The `member` function's actions: joining (个人入会), the officer queue, the member card. */
import { z } from 'zod';
import type { Contract } from '../shared/contract';
import { cursor, docId, idNumber, idempotencyKey, mobile, pageLimit, personName, timestamp } from '../shared/schemas';
import { ACTORS, APPLICATION_STATUSES, HISTORY_EVENTS } from './machine';

/** The join form a worker fills in (field errors in Chinese, shown next to each field). */
export const JoinForm = z.object({
  name: personName,
  idNumber,
  mobile,
  enterpriseId: z.string({ error: '请选择工作单位' }).min(1, { error: '请选择工作单位' }),
  job: z.string({ error: '请填写工作岗位' }).trim().min(1, { error: '请填写工作岗位' }).max(30, { error: '岗位名称不能超过30个字' }),
  migrantWorker: z.boolean({ error: '请选择是否为农民工' }),
  consent: z.literal(true, { error: '请阅读并同意《个人信息保护说明》' }),
});
export type JoinForm = z.infer<typeof JoinForm>;

export const SlaState = z.enum(['ok', 'due_soon', 'overdue']);

/** A history entry as stored on the application. */
export const HistoryEntry = z.object({
  at: timestamp,
  actor: z.enum(ACTORS),
  event: z.enum(HISTORY_EVENTS),
  to: z.enum(APPLICATION_STATUSES),
  reason: z.string().nullable(),
});

/** A history entry as shown: with what happened and who did it in words. */
export const HistoryView = HistoryEntry.extend({ eventLabel: z.string(), actorLabel: z.string() });

/**
 * What the viewer may do with the application now, decided by the server (the page renders one
 * button per action): an officer in scope, the decisions the table allows; the applicant, withdraw,
 * resubmit, or apply again after a refusal or a withdrawal.
 */
export const APPLICATION_ACTIONS = ['approve', 'request_info', 'reject', 'resubmit', 'withdraw', 'apply_again'] as const;
export const ApplicationAction = z.object({ key: z.enum(APPLICATION_ACTIONS), label: z.string() });
export type ApplicationAction = z.infer<typeof ApplicationAction>;

export const ApplicationView = z.object({
  id: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  statusLabel: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  mobileMasked: z.string(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  job: z.string(),
  migrantWorker: z.boolean(),
  /** the union or federation that decides it */
  orgId: z.string(),
  orgName: z.string(),
  /** true when the employer has no union and the federation handles it (源头入会) */
  viaFederation: z.boolean(),
  submittedAt: timestamp,
  /** when it last entered the queue (submit or resubmit) */
  queuedAt: timestamp,
  dueAt: timestamp,
  ageWorkingDays: z.number().int(),
  sla: SlaState,
  /** the handling time runs (waiting for the union): the due time and `sla` mean something only then */
  slaActive: z.boolean(),
  escalated: z.boolean(),
  /** the officer's reason for a rejection or a request for information */
  reason: z.string().nullable(),
  memberNo: z.string().nullable(),
  version: z.number().int(),
  history: z.array(HistoryView),
  actions: z.array(ApplicationAction),
  /**
   * Another account filed an application with the same ID number, or it belongs to a member of
   * another account: the officer checks who the person really is before approving (officers only;
   * the applicant's own view never says so: it would tell them about someone else's ID number).
   */
  contested: z.boolean(),
  /** for the officer (getApplication, decide): the other applications with the same ID number and whether it is already a membership */
  competing: z
    .object({
      applications: z.array(
        z.object({
          id: z.string(),
          status: z.enum(APPLICATION_STATUSES),
          statusLabel: z.string(),
          orgName: z.string(),
          enterpriseName: z.string(),
          submittedAt: timestamp,
        }),
      ),
      isMember: z.boolean(),
    })
    .optional(),
});
export type ApplicationView = z.infer<typeof ApplicationView>;

export const QueueItem = ApplicationView.omit({ history: true, mobileMasked: true, competing: true, actions: true });
export type QueueItem = z.infer<typeof QueueItem>;

export const MemberView = z.object({
  memberNo: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  enterpriseName: z.string(),
  joinedAt: timestamp,
  /** 会龄: whole years since joining (kept across transfers), on the server's clock in Shanghai time */
  seniorityYears: z.number().int(),
  status: z.enum(['active']),
});
export type MemberView = z.infer<typeof MemberView>;

export const CardView = MemberView.extend({
  /** signed, short-lived code an officer scans; rotates every `ttlSeconds` */
  code: z.string(),
  expiresAt: timestamp,
  ttlSeconds: z.number().int(),
  /** the code as a PNG data URL, rendered by the function so the mini-program ships no QR library */
  qrDataUrl: z.string(),
});
export type CardView = z.infer<typeof CardView>;

export const CardCheck = z.object({
  valid: z.literal(true),
  memberNo: z.string(),
  nameMasked: z.string(),
  orgName: z.string(),
  joinedAt: timestamp,
  status: z.enum(['active']),
});

export const DECISIONS = ['approve', 'reject', 'request_info'] as const;

export const memberContract = {
  submitApplication: {
    summary: '提交入会申请（同一请求编号重复提交只生成一份申请）',
    roles: ['worker'],
    input: JoinForm.extend({ idempotencyKey }),
    output: ApplicationView,
  },
  resubmitApplication: {
    summary: '按工作人员要求补充信息后重新提交',
    roles: ['worker'],
    input: z.object({
      applicationId: docId,
      mobile,
      job: JoinForm.shape.job,
      note: z.string().trim().max(200, { error: '补充说明不能超过200个字' }).default(''),
    }),
    output: ApplicationView,
  },
  withdrawApplication: {
    summary: '撤回自己的入会申请',
    roles: ['worker'],
    input: z.object({ applicationId: docId }),
    output: ApplicationView,
  },
  myStatus: {
    summary: '我的入会进度与会员身份',
    roles: ['worker'],
    input: z.object({}).default({}),
    output: z.object({ application: ApplicationView.nullable(), member: MemberView.nullable() }),
  },
  myCard: {
    summary: '电子会员卡（含限时有效的签名二维码）',
    roles: ['member'],
    input: z.object({}).default({}),
    output: CardView,
  },
  listQueue: {
    summary: '入会审核队列：按组织筛选，最早提交的在前，游标分页（社会化工会工作者：所分管企业的申请）',
    roles: ['union_officer', 'federation_officer', 'social_worker', 'admin'],
    input: z.object({
      /** defaults to the officer's own org */
      orgId: z.string().optional(),
      /** for a federation: also the unions below it (default true) */
      includeSubtree: z.boolean().default(true),
      status: z.enum(['pending', 'needs_info', 'approved', 'rejected', 'withdrawn']).default('pending'),
      overdueOnly: z.boolean().default(false),
      migrantOnly: z.boolean().default(false),
      limit: pageLimit,
      after: cursor,
    }),
    output: z.object({ items: z.array(QueueItem), next: z.string().nullable(), orgId: z.string(), orgName: z.string() }),
  },
  getApplication: {
    summary: '入会申请详情（工作人员；社会化工会工作者限所分管企业）',
    roles: ['union_officer', 'federation_officer', 'social_worker', 'admin'],
    input: z.object({ applicationId: docId }),
    output: ApplicationView,
  },
  decide: {
    summary: '审核入会申请：通过、不予通过（须说明理由）或要求补充材料（须说明需要什么）',
    roles: ['union_officer', 'federation_officer', 'admin'],
    input: z
      .object({
        applicationId: docId,
        decision: z.enum(DECISIONS, { error: '请选择审核结果' }),
        reason: z.string().trim().max(200, { error: '理由不能超过200个字' }).default(''),
        /** the version the officer saw; a decision on a stale view is refused */
        expectedVersion: z.number().int().optional(),
      })
      .superRefine((v, ctx) => {
        if (v.decision !== 'approve' && v.reason.length < 2) {
          ctx.addIssue({
            code: 'custom',
            path: ['reason'],
            message: v.decision === 'reject' ? '不予通过时请填写理由' : '请说明需要补充哪些信息',
          });
        }
      }),
    output: ApplicationView,
  },
  verifyCard: {
    summary: '核验会员卡二维码（伪造、过期或失效的会员卡不能通过）',
    roles: ['union_officer', 'federation_officer', 'admin'],
    input: z.object({ code: z.string({ error: '请扫描或输入会员卡二维码' }).trim().min(1, { error: '请扫描或输入会员卡二维码' }).max(500) }),
    output: CardCheck,
  },
  escalateOverdue: {
    summary: '定时任务：超过时限未处理的申请升级到上级联合会',
    roles: ['system'],
    input: z.object({}).default({}),
    output: z.object({ escalated: z.number().int() }),
  },
} satisfies Contract;

/** The parsed input of one of the member actions, as its use case receives it. */
export type MemberInput<K extends keyof typeof memberContract> = z.output<(typeof memberContract)[K]['input']>;
