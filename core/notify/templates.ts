/**
 * Message kinds → WeChat subscribe-message templates (订阅消息).
 *
 * A subscribe message is not free text: it is a template the union picks from WeChat's public library
 * (微信公众平台 → 订阅消息), whose fields are typed and short. Each of our templates (`TEMPLATES`)
 * names its fields with their WeChat type and the keyword to look for in the library; the key a field
 * is sent under (`thing1`, `phrase2`, …) and the template id come from configuration
 * (config/notify.ts: `config/subscribe-templates.json` and `WX_TEMPLATE_*`), because they depend on
 * the library template chosen. Several kinds share one template, so one consent covers them
 * (each consent allows one message per template).
 *
 * Field rules (WeChat's, checked here with zod before anything is sent; a message that breaks them
 * would be refused with 47003):
 *   thing             ≤ 20 characters (longer text is cut with an ellipsis)
 *   phrase            ≤ 5 Chinese characters only
 *   time              24-hour date-time, e.g. 2026年11月24日 10:00 (from epoch ms, Asia/Shanghai)
 *   date              a date, optionally with the time
 *   character_string  ≤ 32 digits, letters or symbols
 *   number            ≤ 32 digits, optionally with decimals
 *   name              ≤ 10 Chinese characters, or ≤ 20 letters
 */
import { z } from 'zod';
import { formatShanghai } from '../shared/time';

export const FIELD_TYPES = ['thing', 'phrase', 'time', 'date', 'character_string', 'number', 'name'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

const chars = (s: string) => Array.from(s);

/** 2026年11月24日 10:00 in Asia/Shanghai */
export function wechatTime(epochMs: number): string {
  return formatShanghai(epochMs, 'YYYY年M月D日 HH:mm');
}

/** Cuts to `max` characters, the last one an ellipsis when something was cut; whitespace runs become one space. */
export function truncate(text: string, max: number): string {
  const c = chars(text.replace(/\s+/g, ' ').trim());
  return c.length <= max ? c.join('') : c.slice(0, max - 1).join('') + '…';
}

/** One zod schema per WeChat field type: what WeChat accepts, after our normalization. */
export const FIELD_SCHEMAS: Record<FieldType, z.ZodType<string>> = {
  thing: z.string().refine((v) => chars(v).length >= 1 && chars(v).length <= 20, { error: 'thing 须为 1–20 个字符' }),
  phrase: z.string().regex(/^[\u4e00-\u9fa5]{1,5}$/, { error: 'phrase 须为 5 个以内汉字' }),
  time: z.string().regex(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$|^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, { error: 'time 须为日期时间' }),
  date: z.string().regex(/^\d{4}年\d{1,2}月\d{1,2}日( \d{2}:\d{2})?$/, { error: 'date 须为日期' }),
  character_string: z.string().regex(/^[\x21-\x7e]{1,32}$/, { error: 'character_string 须为 32 位以内数字、字母或符号' }),
  number: z.string().regex(/^\d{1,32}(\.\d{1,8})?$/, { error: 'number 须为 32 位以内数字' }),
  name: z
    .string()
    .refine((v) => /^[\u4e00-\u9fa5]{1,10}$/.test(v) || /^[A-Za-z][A-Za-z .·-]{0,19}$/.test(v), { error: 'name 须为 10 个以内汉字或 20 个以内字母' }),
};

/** The value for a field of `type` from what a message carries (text, or epoch ms for times). */
export function normalizeField(type: FieldType, value: string | number): string {
  if (type === 'time' || type === 'date') {
    if (typeof value !== 'number') return value.trim();
    const t = wechatTime(value);
    return type === 'time' ? t : t.slice(0, t.indexOf('日') + 1);
  }
  const text = String(value).replace(/\s+/g, ' ').trim();
  return type === 'thing' ? truncate(text, 20) : text;
}

interface FieldSpec {
  type: FieldType;
  /** the keyword of the public-library template this field fills */
  keyword: string;
  /** key sent to WeChat unless configuration says otherwise */
  key: string;
}

/** Our templates: each a layout of typed fields that several kinds fill. */
export const TEMPLATES = {
  review: {
    title: '审核结果通知',
    fields: {
      item: { type: 'thing', keyword: '申请事项', key: 'thing1' },
      result: { type: 'phrase', keyword: '审核结果', key: 'phrase2' },
      time: { type: 'time', keyword: '审核时间', key: 'time3' },
      note: { type: 'thing', keyword: '备注', key: 'thing4' },
    },
  },
  todo: {
    title: '待办事项提醒',
    fields: {
      item: { type: 'thing', keyword: '待办事项', key: 'thing1' },
      applicant: { type: 'thing', keyword: '申请人', key: 'thing2' },
      time: { type: 'time', keyword: '提交时间', key: 'time3' },
      note: { type: 'thing', keyword: '备注', key: 'thing4' },
    },
  },
  progress: {
    title: '办理进度通知',
    fields: {
      item: { type: 'thing', keyword: '办理事项', key: 'thing1' },
      status: { type: 'thing', keyword: '当前进度', key: 'thing2' },
      time: { type: 'time', keyword: '更新时间', key: 'time3' },
      note: { type: 'thing', keyword: '温馨提示', key: 'thing4' },
    },
  },
  signup: {
    title: '报名结果通知',
    fields: {
      activity: { type: 'thing', keyword: '活动名称', key: 'thing1' },
      result: { type: 'phrase', keyword: '报名结果', key: 'phrase2' },
      time: { type: 'time', keyword: '活动时间', key: 'time3' },
      note: { type: 'thing', keyword: '备注', key: 'thing4' },
    },
  },
  activity_start: {
    title: '活动开始提醒',
    fields: {
      activity: { type: 'thing', keyword: '活动名称', key: 'thing1' },
      time: { type: 'time', keyword: '开始时间', key: 'time2' },
      place: { type: 'thing', keyword: '活动地点', key: 'thing3' },
      note: { type: 'thing', keyword: '温馨提示', key: 'thing4' },
    },
  },
  activity_cancel: {
    title: '活动取消通知',
    fields: {
      activity: { type: 'thing', keyword: '活动名称', key: 'thing1' },
      reason: { type: 'thing', keyword: '取消原因', key: 'thing2' },
      time: { type: 'time', keyword: '活动时间', key: 'time3' },
    },
  },
} as const satisfies Record<string, { title: string; fields: Record<string, FieldSpec> }>;

export type TemplateName = keyof typeof TEMPLATES;
export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as TemplateName[];
type FieldsOf<T extends TemplateName> = keyof (typeof TEMPLATES)[T]['fields'];

/** What a message gives its template: the outbox message's text, time and structured fields. */
export interface MessageFacts {
  template: string;
  title: string;
  body: string;
  createdAt: number;
  fields?: Record<string, string | number>;
}

type Value = string | number | undefined;
type Mapping<T extends TemplateName> = { template: T; values: (m: MessageFacts, f: Record<string, string | number>) => Record<FieldsOf<T>, Value> };
/** stands in for a name a message lacks (messages written before `fields` existed) */
const SEE_APP = '详见小程序';
const map = <T extends TemplateName>(template: T, values: Mapping<T>['values']): Mapping<T> => ({ template, values });

/**
 * Every kind the use cases enqueue, with the values of its template's fields. Structured fields come
 * from `enqueue({ fields })`; where a caller gives none, the message's title, body and time stand in.
 */
export const KINDS: Record<string, Mapping<TemplateName>> = {
  // officers (addressed org:<id>, fanned out to each officer)
  join_submitted: map('todo', (m, f) => ({ item: '入会申请待审核', applicant: f.applicant ?? SEE_APP, time: m.createdAt, note: f.note ?? m.body })),
  join_resubmitted: map('todo', (m, f) => ({ item: '入会申请已补充材料', applicant: f.applicant ?? SEE_APP, time: m.createdAt, note: '请继续审核' })),
  join_overdue: map('todo', (m, f) => ({ item: '入会申请超时未处理', applicant: f.applicant ?? SEE_APP, time: m.createdAt, note: f.note ?? m.body })),
  founding_todo: map('todo', (m, f) => ({ item: '建会申请待处理', applicant: f.applicant ?? SEE_APP, time: m.createdAt, note: f.note ?? m.body })),
  founding_overdue: map('todo', (m, f) => ({ item: '建会申请已超期', applicant: f.applicant ?? SEE_APP, time: m.createdAt, note: f.note ?? '请督办' })),
  transfer_out: map('todo', (m, f) => ({ item: '会员申请转出', applicant: f.applicant ?? SEE_APP, time: m.createdAt, note: f.note ?? m.body })),
  transfer_in: map('todo', (m, f) => ({ item: '会员待转入', applicant: f.applicant ?? SEE_APP, time: m.createdAt, note: f.note ?? m.body })),
  // aid: a review step to take, a file due for re-verification, an objection to rule on (the title says which)
  aid_todo: map('todo', (m, f) => ({ item: m.title, applicant: f.applicant ?? SEE_APP, time: m.createdAt, note: f.note ?? m.body })),
  aid_overdue: map('todo', (m, f) => ({ item: '帮扶申请超时未处理', applicant: f.applicant ?? SEE_APP, time: m.createdAt, note: f.note ?? '请督办' })),
  aid_withdrawn: map('todo', (m, f) => ({ item: '帮扶申请已撤回', applicant: f.applicant ?? SEE_APP, time: m.createdAt, note: f.note ?? '无需再办理' })),
  // cases: a case to assign, sign, handle, check or supervise (the title says which); an overdue one
  case_todo: map('todo', (m, f) => ({ item: f.item ?? m.title, applicant: f.applicant ?? SEE_APP, time: m.createdAt, note: f.note ?? m.body })),
  case_overdue: map('todo', (m, f) => ({ item: '案件超时未处理', applicant: f.applicant ?? SEE_APP, time: m.createdAt, note: f.note ?? '请督办' })),
  // a campaign's stage for each union taking part; it names no applicant (the campaign's title is the item)
  scholarship_todo: map('todo', (m, f) => ({ item: f.item ?? m.title, applicant: f.applicant ?? SEE_APP, time: m.createdAt, note: f.note ?? m.body })),
  // workers
  join_decision: map('review', (m, f) => ({
    item: '入会申请',
    result: f.result ?? m.title.replace(/^入会申请/, ''),
    time: m.createdAt,
    note: f.note ?? m.body,
  })),
  transfer_accepted: map('review', (m, f) => ({ item: '会员关系接转', result: '已转入', time: m.createdAt, note: f.note ?? m.body })),
  transfer_refused: map('review', (m, f) => ({ item: '会员关系接转', result: '未接收', time: m.createdAt, note: f.note ?? m.body })),
  founding_established: map('review', (m, f) => ({ item: '建会申请', result: '已成立', time: m.createdAt, note: f.note ?? m.body })),
  transfer_voucher: map('progress', (m, f) => ({ item: '会员关系接转', status: '接转凭证已开具', time: m.createdAt, note: f.note ?? m.body })),
  transfer_cancelled: map('progress', (m, f) => ({ item: '会员关系接转', status: '接转已取消', time: m.createdAt, note: f.note ?? m.body })),
  founding_progress: map('progress', (m, f) => ({ item: f.item ?? '建会申请', status: f.status ?? m.title, time: m.createdAt, note: f.note ?? m.body })),
  // every step of the worker's aid (decisions, notice, payment, escalation, objections ruled, the file's re-verification)
  aid_progress: map('progress', (m, f) => ({ item: f.item ?? '帮扶申请', status: f.status ?? m.title, time: m.createdAt, note: f.note ?? m.body })),
  // every step of the worker's case (accepted, assigned, something asked of them, resolved, closed, escalated)
  case_progress: map('progress', (m, f) => ({ item: f.item ?? '我的诉求', status: f.status ?? m.title, time: m.createdAt, note: f.note ?? m.body })),
  waitlist_promoted: map('signup', (m, f) => ({
    activity: f.activity ?? m.title,
    result: '候补成功',
    time: f.startAt ?? m.createdAt,
    note: '已为您报名，请准时参加',
  })),
  waitlist_closed: map('signup', (m, f) => ({
    activity: f.activity ?? m.title,
    result: '未递补',
    time: f.startAt ?? m.createdAt,
    note: '欢迎关注工会后续活动',
  })),
  activity_reminder: map('activity_start', (m, f) => ({
    activity: f.activity ?? m.title,
    time: f.startAt ?? m.createdAt,
    place: f.place ?? '见活动详情',
    note: '请准时参加',
  })),
  activity_cancelled: map('activity_cancel', (m, f) => ({ activity: f.activity ?? m.title, reason: f.reason ?? m.body, time: f.startAt ?? m.createdAt })),
};

/**
 * The moments a person is asked to subscribe (a tap that precedes a wait), with the templates asked
 * for: at most 3 per `requestSubscribeMessage` call.
 */
export const MOMENTS = {
  join: ['review'],
  signup: ['signup', 'activity_start', 'activity_cancel'],
  transfer: ['review', 'progress'],
  founding: ['progress', 'review'],
  /** submitting an aid application: each step after it (every aid message to the worker is a progress one) */
  aid: ['progress'],
  /** submitting a case (诉求): each step after it */
  case: ['progress'],
  officer: ['todo'],
} as const satisfies Record<string, readonly TemplateName[]>;
export type Moment = keyof typeof MOMENTS;
export const MOMENT_NAMES = Object.keys(MOMENTS) as Moment[];

/** Configured ids and keys per template (config/notify.ts builds it); an empty id means "not sent by WeChat". */
export type TemplateConfig = Record<TemplateName, { templateId: string; keys: Record<string, string> }>;

/** A template's field keys: configuration over the defaults; a key's prefix must be its type (`thing3` for a thing). */
export function keysOf(name: TemplateName, configured: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, spec] of Object.entries(TEMPLATES[name].fields) as Array<[string, FieldSpec]>) {
    const key = configured[field] ?? spec.key;
    if (key.replace(/\d+$/, '') !== spec.type) throw new Error(`template ${name}: field ${field} is a ${spec.type}, key ${key} is not`);
    out[field] = key;
  }
  return out;
}

export type Rendered =
  | { ok: true; template: TemplateName; templateId: string; data: Record<string, { value: string }> }
  | { ok: false; reason: 'unknown_kind' | 'no_template'; template?: TemplateName }
  | { ok: false; reason: 'bad_field'; template: TemplateName; issues: string[] };

/** The subscribe message for an outbox message, every field checked against WeChat's rules. */
export function render(m: MessageFacts, config: TemplateConfig): Rendered {
  const mapping = KINDS[m.template];
  if (!mapping) return { ok: false, reason: 'unknown_kind' };
  const name = mapping.template;
  const conf = config[name];
  if (!conf?.templateId) return { ok: false, reason: 'no_template', template: name };
  const keys = keysOf(name, conf.keys);
  const values = mapping.values(m, m.fields ?? {}) as Record<string, Value>;
  const data: Record<string, { value: string }> = {};
  const issues: string[] = [];
  for (const [field, spec] of Object.entries(TEMPLATES[name].fields) as Array<[string, FieldSpec]>) {
    const raw = values[field];
    if (raw === undefined || raw === '') {
      issues.push(`${field}: 缺少${spec.keyword}`);
      continue;
    }
    const value = normalizeField(spec.type, raw);
    const checked = FIELD_SCHEMAS[spec.type].safeParse(value);
    if (!checked.success) issues.push(`${field}: ${checked.error.issues[0]?.message ?? '格式不符'}（${value}）`);
    else data[keys[field]] = { value };
  }
  if (issues.length) return { ok: false, reason: 'bad_field', template: name, issues };
  return { ok: true, template: name, templateId: conf.templateId, data };
}

/** Template ids of a moment that are configured (what the client asks consent for). */
export function momentTemplateIds(config: TemplateConfig, moment: Moment): string[] {
  return [...new Set(MOMENTS[moment].map((t) => config[t]?.templateId).filter((id): id is string => !!id))].slice(0, 3);
}
