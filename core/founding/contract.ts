/** The `founding` function's actions: an enterprise applies to found its union, the federation guides it to established. */
import { z } from 'zod';
import type { Contract } from '../shared/contract';
import { docId, idempotencyKey, mobile, personName, timestamp } from '../shared/schemas';
import { FileRef } from '../shared/files';
import { FOUNDING_ACTIONS, FOUNDING_EVENTS, FOUNDING_STATUSES, NOTE_REQUIRED } from './machine';

export const FoundingForm = z
  .object({
    idempotencyKey,
    enterpriseId: z.string({ error: '请选择企业' }).min(1, { error: '请选择企业' }),
    headcount: z
      .number({ error: '请填写职工人数' })
      .int({ error: '职工人数须为整数' })
      .min(1, { error: '职工人数至少1人' })
      .max(500_000, { error: '职工人数不合理' }),
    intendedMembers: z.number({ error: '请填写拟入会人数' }).int().min(3, { error: '建会须有至少3名拟入会职工' }),
    organizerName: personName,
    organizerMobile: mobile,
    organizerJob: z.string({ error: '请填写职务' }).trim().min(1, { error: '请填写职务' }).max(30, { error: '职务不能超过30个字' }),
  })
  .superRefine((v, ctx) => {
    if (v.intendedMembers > v.headcount) ctx.addIssue({ code: 'custom', path: ['intendedMembers'], message: '拟入会人数不能超过职工人数' });
  });

export const ElectionForm = z.object({
  foundingId: docId,
  meetingDate: z.string({ error: '请填写会员大会日期' }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式为 2026-11-24' }),
  attendees: z.number({ error: '请填写到会人数' }).int().min(3, { error: '到会人数至少3人' }),
  chairName: personName,
  committee: z.array(personName).min(2, { error: '委员会至少还需2名委员' }).max(21, { error: '委员不超过21名' }),
  fileIds: z.array(docId).min(1, { error: '请上传选举结果（会议记录、选票统计）' }).max(10),
});

export const FoundingView = z.object({
  id: z.string(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  headcount: z.number().int(),
  intendedMembers: z.number().int(),
  federationId: z.string(),
  federationName: z.string(),
  organizerName: z.string(),
  organizerMobileMasked: z.string(),
  organizerJob: z.string(),
  status: z.enum(FOUNDING_STATUSES),
  statusLabel: z.string(),
  owner: z.enum(['federation', 'organizer']).nullable(),
  ownerLabel: z.string(),
  dueAt: timestamp.nullable(),
  sla: z.enum(['ok', 'due_soon', 'overdue', 'done']),
  escalated: z.boolean(),
  /** working days from application to now (open) or to the last step (closed) */
  elapsedWorkingDays: z.number().int(),
  election: z
    .object({ meetingDate: z.string(), attendees: z.number().int(), chairName: z.string(), committee: z.array(z.string()), files: z.array(FileRef) })
    .nullable(),
  unionId: z.string().nullable(),
  submittedAt: timestamp,
  closedAt: timestamp.nullable(),
  version: z.number().int(),
  history: z.array(
    z.object({
      at: timestamp,
      event: z.enum(FOUNDING_EVENTS),
      eventLabel: z.string(),
      byName: z.string(),
      to: z.enum(FOUNDING_STATUSES),
      note: z.string().nullable(),
    }),
  ),
  /** what this viewer may do now, in button order (the server checks again); needsNote: the note is required */
  actions: z.array(z.object({ key: z.enum(FOUNDING_ACTIONS), label: z.string(), needsNote: z.boolean() })),
  /** the federation officer's decision card, when they decide now: its title and the note's hint */
  decision: z.object({ title: z.string(), notePlaceholder: z.string() }).nullable(),
  /** a line for this viewer about where the founding stands (waiting for the other side, or done) */
  statusNote: z.object({ kind: z.enum(['ok', 'info']), text: z.string() }).nullable(),
});
export type FoundingView = z.infer<typeof FoundingView>;

const officers = ['federation_officer', 'admin'] as const;

export const foundingContract = {
  apply: {
    summary: '企业申请建会（组织者填写企业、职工人数、联系人）',
    roles: ['worker'],
    input: FoundingForm,
    output: FoundingView,
  },
  mine: {
    summary: '我提交的建会申请及进度',
    roles: ['worker'],
    input: z.object({}).default({}),
    output: z.object({ items: z.array(FoundingView) }),
  },
  get: {
    summary: '建会申请详情（组织者本人或辖区联合会）',
    roles: ['worker'],
    input: z.object({ foundingId: docId }),
    output: FoundingView,
  },
  queue: {
    summary: '联合会的建会待办：按到期时间排序，可只看超时',
    roles: officers,
    input: z
      .object({ status: z.enum(FOUNDING_STATUSES).optional(), overdueOnly: z.boolean().default(false), limit: z.number().int().min(1).max(100).default(50) })
      .default({ overdueOnly: false, limit: 50 }),
    output: z.object({
      items: z.array(FoundingView),
      counts: z.object({ submitted: z.number().int(), preparing: z.number().int(), elected: z.number().int(), overdue: z.number().int() }),
    }),
  },
  decide: {
    summary: '联合会审批：同意筹备、批复成立、退回补正、不予批准（须写理由）',
    roles: officers,
    input: z
      .object({
        foundingId: docId,
        event: z.enum(['approve_preparation', 'approve_establishment', 'return', 'reject'], { error: '请选择审批结果' }),
        note: z.string().trim().max(200, { error: '意见不能超过200个字' }).default(''),
        version: z.number().int(),
      })
      .superRefine((v, ctx) => {
        if (NOTE_REQUIRED.includes(v.event) && !v.note) ctx.addIssue({ code: 'custom', path: ['note'], message: '请写明理由' });
      }),
    output: FoundingView,
  },
  submitElection: {
    summary: '组织者上传会员大会选举结果（主席、委员、会议材料）',
    roles: ['worker'],
    input: ElectionForm,
    output: FoundingView,
  },
  withdraw: {
    summary: '组织者撤回建会申请',
    roles: ['worker'],
    input: z.object({ foundingId: docId }),
    output: FoundingView,
  },
  escalateOverdue: {
    summary: '定时任务：标记超时的建会步骤并提醒上级；补完中断的成立手续',
    roles: ['system'],
    input: z.object({}).default({}),
    output: z.object({ escalated: z.number().int(), completed: z.number().int() }),
  },
} satisfies Contract;
