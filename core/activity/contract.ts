/** The `activity` function: activities, training and bookings on one seat engine. */
import { z } from 'zod';
import type { Contract } from '../shared/contract';
import { cursor, docId, pageLimit, timestamp } from '../shared/schemas';
import { ACTIVITY_KINDS } from './model';
import { ACTIVITY_ACTION_KEYS, SIGNUP_ACTION_KEYS } from './actions';
import { Download } from '../shared/files';

/** What the viewer may do with a record (actions.ts): the page renders these, it decides none of them. */
const actions = <K extends string>(keys: readonly [K, ...K[]]) => z.array(z.object({ key: z.enum(keys), label: z.string() }));

const text = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, { error: `请填写${label}` })
    .max(max, { error: `${label}不能超过${max}个字` });

export const ActivityForm = z
  .object({
    kind: z.enum(ACTIVITY_KINDS, { error: '请选择类型' }),
    title: text('标题', 40),
    description: z.string().trim().max(2000, { error: '介绍不能超过2000个字' }).default(''),
    place: text('地点', 60),
    /** speaker, trainer, or the on-site lawyer of a consultation slot (驻点律师) */
    host: z.string().trim().max(30, { error: '主讲人/律师姓名不能超过30个字' }).default(''),
    /** an image on the web (https) … */
    posterUrl: z
      .string()
      .regex(/^https:\/\/[^\s/?#]+\S*$/, { error: '海报地址不正确（须以 https:// 开头）' })
      .max(500)
      .nullable()
      .default(null),
    /** … or an image the officer uploaded (`org.uploadFile`, or `uploadSlot` + `registerUpload` on WeChat): published for all to see */
    posterFileId: docId.nullable().default(null),
    startAt: timestamp,
    endAt: timestamp,
    signupOpensAt: timestamp,
    signupClosesAt: timestamp,
    /** defaults to the signup deadline */
    cancelCutoffAt: timestamp.optional(),
    seats: z.number({ error: '请填写名额' }).int({ error: '名额应为整数' }).min(1, { error: '名额至少为1' }).max(100_000, { error: '名额不能超过100000' }),
    waitlist: z.boolean().default(true),
    membersOnly: z.boolean().default(true),
    perPersonLimit: z.number().int().min(1, { error: '每人限报至少1个名额' }).max(10, { error: '每人限报不能超过10个名额' }).default(1),
    /** whose members may join; defaults to the officer's own org */
    orgId: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (v.endAt <= v.startAt) issue('endAt', '结束时间应晚于开始时间');
    if (v.signupClosesAt <= v.signupOpensAt) issue('signupClosesAt', '报名截止时间应晚于报名开始时间');
    if (v.signupClosesAt > v.startAt) issue('signupClosesAt', '报名应在活动开始前截止');
    if (v.cancelCutoffAt !== undefined && v.cancelCutoffAt > v.startAt) issue('cancelCutoffAt', '取消截止时间应早于活动开始');
  });

export const ActivityView = z.object({
  id: z.string(),
  kind: z.enum(ACTIVITY_KINDS),
  kindLabel: z.string(),
  title: z.string(),
  description: z.string(),
  place: z.string(),
  host: z.string(),
  posterUrl: z.string().nullable(),
  startAt: timestamp,
  endAt: timestamp,
  signupOpensAt: timestamp,
  signupClosesAt: timestamp,
  cancelCutoffAt: timestamp,
  seats: z.number().int(),
  left: z.number().int(),
  waitlist: z.boolean(),
  membersOnly: z.boolean(),
  perPersonLimit: z.number().int(),
  orgId: z.string(),
  orgName: z.string(),
  status: z.enum(['open', 'closed', 'cancelled']),
  /** where signup stands right now, for the button a worker sees */
  phase: z.enum(['not_open', 'open', 'full', 'waitlist', 'closed', 'cancelled']),
  phaseLabel: z.string(),
  /**
   * for this viewer: a worker's on the detail page (`get`, `mySignups`: sign up or join the waitlist,
   * share), an officer's on the management pages (`manage`, `roster`, `publish`, `close`,
   * `cancelActivity`); none in `list`, whose cards show no buttons
   */
  actions: actions(ACTIVITY_ACTION_KEYS),
});
export type ActivityView = z.infer<typeof ActivityView>;

export const SignupView = z.object({
  id: z.string(),
  activityId: z.string(),
  status: z.enum(['pending', 'confirmed', 'waitlisted', 'cancelled']),
  statusLabel: z.string(),
  seatCount: z.number().int(),
  /** 1-based place in the waitlist, when waitlisted (in `get` and `mySignups`; null in the signup answer) */
  waitlistPosition: z.number().int().nullable(),
  createdAt: timestamp,
  checkedInAt: timestamp.nullable(),
  /** not cancelled: the detail page shows it as the viewer's signup */
  current: z.boolean(),
  /** what its owner may do with it: cancel it, check in */
  actions: actions(SIGNUP_ACTION_KEYS),
});
export type SignupView = z.infer<typeof SignupView>;

const activityRef = z.object({ activityId: docId });

export const activityContract = {
  health: {
    summary: '空操作（压测基线）',
    roles: ['anonymous'],
    input: z.object({}).default({}),
    output: z.object({ up: z.literal(true) }),
  },
  publish: {
    summary: '发布活动、培训或服务预约时段',
    roles: ['union_officer', 'federation_officer', 'admin'],
    input: ActivityForm,
    output: ActivityView,
  },
  publishSlots: {
    summary: '按时段批量发布预约（法律咨询、服务预约）：每天若干个时段，连续若干个工作日，每段各有名额',
    roles: ['union_officer', 'federation_officer', 'admin'],
    input: z
      .object({
        /** the first slot: its times, and the signup window and cut-off that every slot keeps relative to its start */
        first: ActivityForm,
        slotsPerDay: z.number({ error: '请填写每天的时段数' }).int().min(1, { error: '每天至少1个时段' }).max(16, { error: '每天最多16个时段' }),
        /** minutes from one slot's start to the next one's, at least the slot's length */
        everyMinutes: z.number({ error: '请填写时段间隔' }).int().min(5, { error: '时段间隔至少5分钟' }).max(720),
        workingDays: z.number({ error: '请填写连续的工作日数' }).int().min(1, { error: '至少1个工作日' }).max(20, { error: '一次最多发布20个工作日' }),
      })
      .superRefine((v, ctx) => {
        if (v.everyMinutes * 60_000 < v.first.endAt - v.first.startAt)
          ctx.addIssue({ code: 'custom', path: ['everyMinutes'], message: '时段间隔不能短于每个时段的时长' });
        if (v.slotsPerDay * v.workingDays > 200) ctx.addIssue({ code: 'custom', path: ['workingDays'], message: '一次最多发布200个时段' });
      }),
    output: z.object({ items: z.array(ActivityView) }),
  },
  list: {
    summary: '可报名的活动（按开始时间），游标分页',
    roles: ['anonymous'],
    input: z.object({ kind: z.enum(ACTIVITY_KINDS).optional(), limit: pageLimit, after: cursor }),
    output: z.object({ items: z.array(ActivityView), next: z.string().nullable() }),
  },
  manage: {
    summary: '活动管理列表：本组织（联合会含下级工会）的全部活动，含已截止、已取消；未结束的按结束时间先后，已结束的最近的在前',
    roles: ['union_officer', 'federation_officer', 'admin'],
    input: z.object({
      /** defaults to the officer's own org */
      orgId: z.string().optional(),
      /** upcoming: not yet over (under way included, for check-in); past: over */
      when: z.enum(['upcoming', 'past']).default('upcoming'),
      limit: pageLimit,
      after: cursor,
    }),
    output: z.object({ items: z.array(ActivityView), next: z.string().nullable(), orgId: z.string(), orgName: z.string() }),
  },
  get: {
    summary: '活动详情与我的报名',
    roles: ['anonymous'],
    input: activityRef,
    /** sharerToken: the signed-in viewer's opaque token for their share card (never their uid), so signups can be counted per sharer */
    output: z.object({ activity: ActivityView, mySignup: SignupView.nullable(), sharerToken: z.string().nullable() }),
  },
  signup: {
    summary: '报名（每人一份，重复提交返回同一报名；名额已满时进入候补）',
    roles: ['worker'],
    input: activityRef.extend({
      seatCount: z.number().int().min(1, { error: '至少报名1个名额' }).default(1),
      /** the sharer token in the shared card's link (`from`): attribution only, never identity; one that does not check out is ignored */
      sharedBy: z.string().max(128).nullish(),
    }),
    output: SignupView,
  },
  cancel: {
    summary: '取消报名（释放名额，候补按顺序递补）',
    roles: ['worker'],
    input: activityRef,
    output: SignupView,
  },
  mySignups: {
    summary: '我的报名',
    roles: ['worker'],
    input: z.object({}).default({}),
    output: z.object({ items: z.array(z.object({ signup: SignupView, activity: ActivityView })) }),
  },
  roster: {
    summary: '报名名单、按分享人统计',
    roles: ['union_officer', 'federation_officer', 'admin'],
    input: activityRef,
    output: z.object({
      activity: ActivityView,
      counts: z.object({ confirmed: z.number().int(), waitlisted: z.number().int(), cancelled: z.number().int(), checkedIn: z.number().int() }),
      items: z.array(
        z.object({
          name: z.string(),
          memberNo: z.string().nullable(),
          status: z.string(),
          statusLabel: z.string(),
          seatCount: z.number().int(),
          checkedIn: z.boolean(),
          sharedByName: z.string().nullable(),
        }),
      ),
      bySharer: z.array(z.object({ sharer: z.string(), signups: z.number().int() })),
    }),
  },
  close: {
    summary: '截止报名',
    roles: ['union_officer', 'federation_officer', 'admin'],
    input: activityRef,
    output: ActivityView,
  },
  cancelActivity: {
    summary: '取消活动（通知所有报名人）',
    roles: ['union_officer', 'federation_officer', 'admin'],
    input: activityRef.extend({ reason: z.string().trim().min(2, { error: '请填写取消原因' }).max(200) }),
    output: ActivityView,
  },
  checkInCode: {
    summary: '现场签到码：工作人员设备上展示，约30秒轮换一次',
    roles: ['union_officer', 'federation_officer', 'admin'],
    input: activityRef,
    output: z.object({ code: z.string(), expiresAt: timestamp, qrDataUrl: z.string() }),
  },
  checkIn: {
    summary: '扫签到码签到（伪造或过期的签到码无效；重复签到只记一次）',
    roles: ['worker'],
    input: z.object({ code: z.string({ error: '请扫描现场签到码' }).trim().min(1, { error: '请扫描现场签到码' }).max(300) }),
    output: z.object({ activityTitle: z.string(), checkedInAt: timestamp, already: z.boolean() }),
  },
  checkInByCard: {
    summary: '工作人员扫会员卡为报名会员签到',
    roles: ['union_officer', 'federation_officer', 'admin'],
    input: activityRef.extend({ cardCode: z.string({ error: '请扫描会员卡' }).trim().min(1, { error: '请扫描会员卡' }).max(500) }),
    output: z.object({ name: z.string(), memberNo: z.string(), checkedInAt: timestamp, already: z.boolean() }),
  },
  exportRoster: {
    summary: '导出报名名单（xlsx，姓名脱敏）：答复短时有效的下载地址（5分钟）',
    roles: ['union_officer', 'federation_officer', 'admin'],
    input: activityRef,
    output: Download,
  },
  poster: {
    summary: '活动海报二维码（宣传栏、大屏）：扫码打开报名页',
    roles: ['anonymous'],
    input: activityRef.extend({
      /** where the H5 app is served, as the page showing the poster sees it; PUBLIC_BASE_URL wins when set */
      baseUrl: z
        .string()
        .regex(/^https?:\/\/[^/\s?#]+$/, { error: '地址格式不正确' })
        .optional(),
    }),
    output: z.object({ activity: ActivityView, path: z.string(), qrDataUrl: z.string() }),
  },
  remindUpcoming: {
    summary: '定时任务：开始前24小时提醒已报名的人',
    roles: ['system'],
    input: z.object({}).default({}),
    output: z.object({ reminded: z.number().int() }),
  },
  reconcile: {
    summary: '定时任务（启动时也运行）：补完中断的报名、取消、递补与通知，校正名额计数，空位递补给排得上的候补',
    roles: ['system'],
    input: z.object({ olderThanMs: z.number().int().min(0).default(60_000) }),
    output: z.object({
      activities: z.number().int(),
      resolved: z.number().int(),
      repaired: z.number().int(),
      recounted: z.number().int(),
      promoted: z.number().int(),
      notified: z.number().int(),
    }),
  },
} satisfies Contract;
