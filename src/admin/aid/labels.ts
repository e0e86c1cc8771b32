/**
 * What the aid officer pages say and how they colour it, beside the server's own labels (every
 * status, decision and action text on screen is the server's; these are only the look and the
 * consequences an officer is told before a decision). Labels from core/aid/machine.ts, which is
 * zod-free (core/architecture.test.ts).
 */
import { formatDate } from '../../components/format';
import { AID_KINDS, AID_KIND_LABEL, type AidDecision, type AidKind, type AidStatus } from '../../../core/aid/machine';

export const SLA_LABEL = { ok: '正常', due_soon: '即将到期', overdue: '已超时' } as const;
export const SLA_TYPE = { ok: 'success', due_soon: 'warning', overdue: 'danger' } as const;

/** a status's tag colour by what it means (plain grey for the closed ones that are nobody's failure) */
export const STATUS_TAG: Record<AidStatus, 'success' | 'warning' | 'danger' | 'info' | 'default'> = {
  draft: 'default',
  first_check: 'warning',
  union_review: 'warning',
  federation_review: 'warning',
  upper_review: 'warning',
  returned: 'warning',
  approved: 'info',
  in_notice: 'info',
  cleared: 'success',
  paid: 'success',
  payment_returned: 'danger',
  rejected: 'danger',
  withdrawn: 'default',
  stopped: 'danger',
};

/** the programmes of hardship aid, by kind (core/aid/funding.ts programmeOf), with their labels */
export const PROGRAMMES: ReadonlyArray<{ key: string; kind: AidKind; label: string }> = AID_KINDS.map((kind) => ({
  key: `hardship.${kind}`,
  kind,
  label: AID_KIND_LABEL[kind],
}));

/** how each decision's button looks (which ones there are is the server's answer) */
export const DECISION_LOOK: Record<AidDecision, { type: 'primary' | 'default' | 'danger'; fill?: 'outline' }> = {
  pass_first_check: { type: 'primary' },
  recommend: { type: 'primary' },
  approve: { type: 'primary' },
  upper_approve: { type: 'primary' },
  return: { type: 'default', fill: 'outline' },
  reject: { type: 'danger', fill: 'outline' },
};

/** what the officer is told before deciding (approve adds the amount, the cap and where it goes next) */
export const CONSEQUENCE: Record<AidDecision, string> = {
  pass_first_check: '初审通过后进入入户调查复核，仍由本会办理；申请人可以看到进度。',
  recommend: '复核通过后报送联合会审批，并通知联合会；申请人可以看到进度。',
  approve: '批准后将从本年度预算中预留这笔资金，申请人列入待公示名单；公示期满无成立的异议方可发放。',
  upper_approve: '批准后申请人列入联合会的待公示名单；公示期满无成立的异议方可发放。',
  return: '申请将退回申请人补正，并通知申请人；意见和需补充的材料申请人可以看到。',
  reject: '不予批准后本次申请即告结束（已预留的资金随即释放），并通知申请人；理由申请人可以看到。此决定不能撤回。',
};

/** whole yuan, grouped: ¥12,240 */
export const yuan = (n: number) => `¥${n.toLocaleString('en-US')}`;

/** a whole-yuan amount typed by the officer: digits only (commas and ¥ tolerated), else NaN */
export const parseYuan = (text: string) => {
  const t = text.replace(/[,，¥￥\s]/g, '');
  return /^\d{1,9}$/.test(t) ? Number(t) : NaN;
};

/** the current year on the Shanghai calendar */
export const shanghaiYear = (ms = Date.now()) => Number(formatDate(ms).slice(0, 4));
