/**
 * Hardship aid (困难职工帮扶) as explicit transition tables: the aid application, the hardship file
 * (困难职工档案), the public notice (公示) and an objection to it. Anything not in a table is an illegal
 * transition and an error, never a silent no-op. Zod-free: the mini-program imports the labels as
 * values.
 *
 * Application:
 *   draft ──submit──▶ first_check ──pass_first_check──▶ union_review ──recommend──▶ federation_review
 *   federation_review ──approve──▶ approved            (within the upper-approval threshold)
 *   federation_review ──refer_upper──▶ upper_review ──upper_approve──▶ approved
 *   first_check | union_review ──return──▶ returned ──resubmit──▶ first_check
 *   first_check | union_review | federation_review | upper_review ──reject──▶ rejected
 *   draft | first_check | union_review | returned ──withdraw──▶ withdrawn
 *   approved ──publish──▶ in_notice ──clear──▶ cleared (window closed, no upheld objection)
 *   in_notice ──stop──▶ stopped (objection upheld: aid stopped)
 *   in_notice ──revise──▶ approved (objection upheld: amount revised, to be noticed again)
 *   cleared ──pay──▶ paid        cleared ──bounce──▶ payment_returned ──reissue──▶ cleared
 * An overdue step escalates to the level above (`escalate`, no status change); it is never rejected
 * for the officer's delay.
 */
import { AppError } from '../shared/errors';

export const AID_STATUSES = [
  'draft',
  'first_check',
  'union_review',
  'federation_review',
  'upper_review',
  'returned',
  'approved',
  'in_notice',
  'cleared',
  'paid',
  'payment_returned',
  'rejected',
  'withdrawn',
  'stopped',
] as const;
export type AidStatus = (typeof AID_STATUSES)[number];

export const AID_EVENTS = [
  'submit',
  'pass_first_check',
  'recommend',
  'approve',
  'refer_upper',
  'upper_approve',
  'return',
  'resubmit',
  'reject',
  'withdraw',
  'publish',
  'clear',
  'stop',
  'revise',
  'pay',
  'bounce',
  'reissue',
] as const;
export type AidEvent = (typeof AID_EVENTS)[number];
/** What a history entry records: the table's events and the timer's escalation. */
export const AID_HISTORY_EVENTS = [...AID_EVENTS, 'escalate'] as const;
export type AidHistoryEvent = (typeof AID_HISTORY_EVENTS)[number];

export const AID_STATUS_LABEL: Record<AidStatus, string> = {
  draft: '草稿',
  first_check: '待初审',
  union_review: '待工会入户调查复核',
  federation_review: '待联合会审批',
  upper_review: '待上级工会审批',
  returned: '退回补正',
  approved: '已批准，待公示',
  in_notice: '公示中',
  cleared: '公示期满，待发放',
  paid: '已发放',
  payment_returned: '发放退回',
  rejected: '未获批准',
  withdrawn: '已撤回',
  stopped: '经异议核实，已停止帮扶',
};

export const AID_EVENT_LABEL: Record<AidHistoryEvent, string> = {
  submit: '提交帮扶申请',
  pass_first_check: '初审通过',
  recommend: '复核通过，报联合会审批',
  approve: '审批通过',
  refer_upper: '审批同意，金额超过本级权限，报上级工会审批',
  upper_approve: '上级工会审批通过',
  return: '退回补正',
  resubmit: '补正后重新提交',
  reject: '不予批准',
  withdraw: '撤回申请',
  publish: '列入公示',
  clear: '公示期满无异议',
  stop: '异议成立，停止帮扶',
  revise: '异议成立，调整帮扶金额后重新公示',
  pay: '已发放',
  bounce: '发放退回（账户有误）',
  reissue: '重新发放',
  escalate: '超时提醒上级督办',
};

/** Who must act while an application is in a status. */
export type AidOwner = 'worker' | 'union' | 'federation' | 'upper' | 'finance';
export const AID_STEP_OWNER: Partial<Record<AidStatus, AidOwner>> = {
  draft: 'worker',
  first_check: 'union',
  union_review: 'union',
  federation_review: 'federation',
  upper_review: 'upper',
  returned: 'worker',
  approved: 'federation',
  cleared: 'finance',
  payment_returned: 'finance',
};
/** Statuses an officer's step clock runs in (overdue ones escalate). */
export const AID_REVIEW_STATUSES = ['first_check', 'union_review', 'federation_review', 'upper_review'] as const satisfies readonly AidStatus[];
/** Statuses in which the application holds a budget reservation and a funding-ledger entry. */
export const AID_FUNDED_STATUSES: readonly AidStatus[] = ['upper_review', 'approved', 'in_notice', 'cleared', 'paid', 'payment_returned'];
/** Statuses that end the application. */
export const AID_CLOSED_STATUSES: readonly AidStatus[] = ['paid', 'rejected', 'withdrawn', 'stopped'];

const T: Record<AidStatus, Partial<Record<AidEvent, AidStatus>>> = {
  draft: { submit: 'first_check', withdraw: 'withdrawn' },
  first_check: { pass_first_check: 'union_review', return: 'returned', reject: 'rejected', withdraw: 'withdrawn' },
  union_review: { recommend: 'federation_review', return: 'returned', reject: 'rejected', withdraw: 'withdrawn' },
  federation_review: { approve: 'approved', refer_upper: 'upper_review', reject: 'rejected' },
  upper_review: { upper_approve: 'approved', reject: 'rejected' },
  returned: { resubmit: 'first_check', withdraw: 'withdrawn' },
  approved: { publish: 'in_notice' },
  in_notice: { clear: 'cleared', stop: 'stopped', revise: 'approved' },
  cleared: { pay: 'paid', bounce: 'payment_returned' },
  payment_returned: { reissue: 'cleared' },
  paid: {},
  rejected: {},
  withdrawn: {},
  stopped: {},
};
export const AID_TRANSITIONS: Readonly<Record<AidStatus, Readonly<Partial<Record<AidEvent, AidStatus>>>>> = T;

export function nextAidStatus(from: AidStatus, event: AidEvent): AidStatus {
  const to = T[from][event];
  if (!to) {
    throw new AppError('ILLEGAL_TRANSITION', `该帮扶申请当前为“${AID_STATUS_LABEL[from]}”，不能${AID_EVENT_LABEL[event]}`, undefined, { from, event });
  }
  return to;
}

/**
 * The queue's tab counts stop at this many (shown as 99+): a count costs the same at a thousand or a
 * million stored applications (scripts/bench-aid.ts), and nobody works a tab by its exact size past it.
 */
export const QUEUE_COUNT_CAP = 100;

/** The decisions an officer takes in the review queue, in button order, with their labels. */
export const AID_DECISIONS = ['pass_first_check', 'recommend', 'approve', 'upper_approve', 'return', 'reject'] as const satisfies readonly AidEvent[];
export type AidDecision = (typeof AID_DECISIONS)[number];
export const AID_DECISION_LABEL: Record<AidDecision, string> = {
  pass_first_check: '初审通过',
  recommend: '复核通过，报联合会',
  approve: '批准帮扶',
  upper_approve: '批准帮扶',
  return: '退回补正',
  reject: '不予批准',
};
/** Decisions the worker must be told the reason for. */
export const AID_NOTE_REQUIRED: readonly AidDecision[] = ['return', 'reject'];
/** Decisions that set the amount (checked against the caps and the budget). */
export const AID_AMOUNT_DECISIONS: readonly AidDecision[] = ['approve'];
/** Who takes each decision. */
export const AID_DECIDER: Record<AidDecision, AidOwner> = {
  pass_first_check: 'union',
  recommend: 'union',
  approve: 'federation',
  upper_approve: 'upper',
  return: 'union',
  reject: 'union',
};

/** The actions the table allows a viewer in `status`; `parties` are the owners the viewer acts as. */
export function aidDecisionsFor(status: AidStatus, parties: readonly AidOwner[]) {
  const owner = AID_STEP_OWNER[status];
  if (!owner || !parties.includes(owner)) return [];
  return AID_DECISIONS.filter((d) => {
    if (!T[status][d]) return false;
    // return and reject are taken by whoever owns the step (the union, the federation, the level above)
    return d === 'return' || d === 'reject' ? true : AID_DECIDER[d] === owner;
  }).map((key) => ({ key, label: AID_DECISION_LABEL[key], needsNote: AID_NOTE_REQUIRED.includes(key), needsAmount: AID_AMOUNT_DECISIONS.includes(key) }));
}

// ---------------------------------------------------------------------------------------------
// Kinds and tiers

export const AID_KINDS = ['living', 'medical', 'study', 'sudden'] as const;
export type AidKind = (typeof AID_KINDS)[number];
export const AID_KIND_LABEL: Record<AidKind, string> = { living: '生活救助', medical: '医疗救助', study: '助学', sudden: '意外致困救助' };

export const AID_TIERS = ['deep', 'relative', 'sudden'] as const;
export type AidTier = (typeof AID_TIERS)[number];
export const AID_TIER_LABEL: Record<AidTier, string> = { deep: '深度困难', relative: '相对困难', sudden: '意外致困' };

/** Attachments the file and each kind need (the checklist), with labels. */
export const ATTACHMENT_KINDS = [
  'id_card',
  'household_register',
  'employer_certificate',
  'income_proof',
  'diagnosis',
  'medical_bills',
  'admission_letter',
  'incident_proof',
  'other',
] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];
export const ATTACHMENT_LABEL: Record<AttachmentKind, string> = {
  id_card: '本人及家庭成员身份证',
  household_register: '户口簿',
  employer_certificate: '所在单位证明',
  income_proof: '家庭收入证明',
  diagnosis: '诊断证明',
  medical_bills: '医疗费用票据',
  admission_letter: '录取通知书或在读证明',
  incident_proof: '事故或灾害证明',
  other: '其他材料',
};
/** Every file needs these; each kind adds its own. */
export const FILE_ATTACHMENTS: readonly AttachmentKind[] = ['id_card', 'household_register', 'employer_certificate'];
export const KIND_ATTACHMENTS: Record<AidKind, readonly AttachmentKind[]> = {
  living: ['income_proof'],
  medical: ['diagnosis', 'medical_bills'],
  study: ['admission_letter'],
  sudden: ['incident_proof'],
};

// ---------------------------------------------------------------------------------------------
// The hardship file (一户一档)

export const FILE_STATUSES = ['draft', 'active', 'closed'] as const;
export type FileStatus = (typeof FILE_STATUSES)[number];
export const FILE_STATUS_LABEL: Record<FileStatus, string> = { draft: '填写中', active: '已建档', closed: '已销档' };
export const FILE_EVENTS = ['activate', 'reverify', 'close'] as const;
export type FileEvent = (typeof FILE_EVENTS)[number];
export const FILE_EVENT_LABEL: Record<FileEvent | 'create' | 'update', string> = {
  create: '开始建档',
  update: '更新档案',
  activate: '审批通过，正式建档',
  reverify: '年度复核',
  close: '销档',
};
const FT: Record<FileStatus, Partial<Record<FileEvent, FileStatus>>> = {
  draft: { activate: 'active' },
  active: { reverify: 'active', close: 'closed' },
  closed: {},
};
export const FILE_TRANSITIONS: Readonly<Record<FileStatus, Readonly<Partial<Record<FileEvent, FileStatus>>>>> = FT;
export function nextFileStatus(from: FileStatus, event: FileEvent): FileStatus {
  const to = FT[from][event];
  if (!to) throw new AppError('ILLEGAL_TRANSITION', `该档案当前为“${FILE_STATUS_LABEL[from]}”，不能${FILE_EVENT_LABEL[event]}`, undefined, { from, event });
  return to;
}
export const CLOSE_REASONS = ['recovered', 'retired', 'moved', 'deceased', 'ineligible'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];
export const CLOSE_REASON_LABEL: Record<CloseReason, string> = {
  recovered: '脱困',
  retired: '退休',
  moved: '调离',
  deceased: '死亡',
  ineligible: '不符合条件',
};

export const RELATIONS = ['self', 'spouse', 'child', 'parent', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];
export const RELATION_LABEL: Record<Relation, string> = { self: '本人', spouse: '配偶', child: '子女', parent: '父母', other: '其他' };
export const HEALTH = ['good', 'ill', 'disabled'] as const;
export type Health = (typeof HEALTH)[number];
export const HEALTH_LABEL: Record<Health, string> = { good: '良好', ill: '患病', disabled: '残疾' };
export const CAUSES = ['illness', 'disability', 'schooling', 'unemployment', 'accident', 'disaster', 'single_parent', 'low_income', 'other'] as const;
export type Cause = (typeof CAUSES)[number];
export const CAUSE_LABEL: Record<Cause, string> = {
  illness: '因病',
  disability: '因残',
  schooling: '子女上学',
  unemployment: '失业',
  accident: '意外事故',
  disaster: '自然灾害',
  single_parent: '单亲',
  low_income: '收入低',
  other: '其他',
};

// ---------------------------------------------------------------------------------------------
// Public notice (公示) and objections

export const NOTICE_STATUSES = ['open', 'archived'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];
export const NOTICE_STATUS_LABEL: Record<NoticeStatus, string> = { open: '公示中', archived: '公示期满，已归档' };
const NT: Record<NoticeStatus, Partial<Record<'archive', NoticeStatus>>> = { open: { archive: 'archived' }, archived: {} };
export const NOTICE_TRANSITIONS: Readonly<typeof NT> = NT;
export function nextNoticeStatus(from: NoticeStatus, event: 'archive'): NoticeStatus {
  const to = NT[from][event];
  if (!to) throw new AppError('ILLEGAL_TRANSITION', `该公示当前为“${NOTICE_STATUS_LABEL[from]}”，不能归档`, undefined, { from, event });
  return to;
}

export const OBJECTION_STATUSES = ['pending', 'upheld', 'dismissed'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];
export const OBJECTION_STATUS_LABEL: Record<ObjectionStatus, string> = { pending: '待核实', upheld: '异议成立', dismissed: '异议不成立' };
export const OBJECTION_RULINGS = ['uphold_stop', 'uphold_revise', 'dismiss'] as const;
export type ObjectionRuling = (typeof OBJECTION_RULINGS)[number];
export const OBJECTION_RULING_LABEL: Record<ObjectionRuling, string> = {
  uphold_stop: '异议成立，停止帮扶',
  uphold_revise: '异议成立，调整金额',
  dismiss: '异议不成立',
};
const OT: Record<ObjectionStatus, Partial<Record<ObjectionRuling, ObjectionStatus>>> = {
  pending: { uphold_stop: 'upheld', uphold_revise: 'upheld', dismiss: 'dismissed' },
  upheld: {},
  dismissed: {},
};
export const OBJECTION_TRANSITIONS: Readonly<typeof OT> = OT;
export function nextObjectionStatus(from: ObjectionStatus, ruling: ObjectionRuling): ObjectionStatus {
  const to = OT[from][ruling];
  if (!to) throw new AppError('ILLEGAL_TRANSITION', `该异议已“${OBJECTION_STATUS_LABEL[from]}”，不能再次裁定`, undefined, { from, ruling });
  return to;
}
