/** The `notify` function's actions: consent to subscribe messages, the inbox (我的消息), the sender. */
import { z } from 'zod';
import type { Contract } from '../shared/contract';
import { cursor, docId, pageLimit, timestamp } from '../shared/schemas';
import { MOMENT_NAMES } from './templates';

const templateId = z.string({ error: '缺少模板编号' }).min(1, { error: '缺少模板编号' }).max(128);
const remaining = z.record(z.string(), z.number().int().min(0));

export const InboxItem = z.object({
  id: z.string(),
  /** the message kind (join_decision, waitlist_promoted, …) */
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  /** mini-program page the message opens */
  page: z.string(),
  createdAt: timestamp,
  read: z.boolean(),
});

const SendStats = z.object({
  fannedOut: z.number().int(),
  sent: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  retrying: z.number().int(),
  busy: z.number().int(),
});

export const notifyContract = {
  templates: {
    summary: '订阅消息模板：每个时机（入会、报名、接转、建会、工作人员待办）要请求授权的模板编号（每次最多3个，未配置的不列出），以及本人各模板剩余可接收条数',
    roles: ['worker'],
    input: z.object({}),
    output: z.object({ moments: z.record(z.enum(MOMENT_NAMES as [string, ...string[]]), z.array(z.string()).max(3)), remaining }),
  },
  subscribe: {
    summary: '记录本人在 requestSubscribeMessage 中同意的模板：每同意一次可接收该模板一条消息',
    roles: ['worker'],
    input: z.object({ accepted: z.array(templateId).min(1, { error: '没有同意的模板' }).max(3, { error: '每次最多订阅3个模板' }) }),
    output: z.object({ remaining }),
  },
  inbox: {
    summary: '我的消息：本人的全部通知，最新在前，分页；工作人员所在组织的待办消息同时分发到本人',
    roles: ['worker'],
    input: z.object({ limit: pageLimit, after: cursor }),
    output: z.object({ items: z.array(InboxItem), next: z.string().nullable(), unread: z.number().int() }),
  },
  unreadCount: {
    summary: '我的消息中未读的条数和最新一条未读消息（首页角标）',
    roles: ['worker'],
    input: z.object({}),
    output: z.object({ count: z.number().int(), latest: InboxItem.nullable() }),
  },
  markRead: {
    summary: '把本人的消息标为已读：指定的几条，或全部',
    roles: ['worker'],
    input: z.object({ ids: z.array(docId).max(100).default([]), all: z.boolean().default(false) }),
    output: z.object({ marked: z.number().int(), unread: z.number().int() }),
  },
  send: {
    summary: '定时任务：发送待发消息（组织消息分发到每位工作人员；有模板且有授权的经微信订阅消息送达；暂时失败的按指数退避重试，最多5次）',
    roles: ['system'],
    input: z.object({}),
    output: SendStats,
  },
} satisfies Contract;
