/**
 * The cap on one aid decision under the rules (research §1d): every limit the rules set for the
 * tier and kind applies and the smallest wins — months of the 低保 line per household and year,
 * a share of the out-of-pocket cost, a per-application maximum, a lifetime total of the kind — and a
 * tier limited to one kind of aid a year refuses a second kind. Pure: the caller reads the ledger.
 */
import { AppError } from '../shared/errors';
import type { AidRules } from './rules';
import type { LedgerDoc } from './model';
import { AID_KIND_LABEL, AID_TIER_LABEL, type AidKind, type AidTier } from './machine';

export interface CapInput {
  tier: AidTier;
  kind: AidKind;
  /** the amount asked for or about to be approved (yuan) */
  requested: number;
  /** medical: the out-of-pocket cost after insurance (yuan) */
  outOfPocket: number | null;
  /** the household file's funding-ledger entries this year (any programme) */
  priorThisYear: Array<Pick<LedgerDoc, 'kind' | 'programme' | 'amount' | 'applicationId'>>;
  /** this kind's total already received by the household over all years (yuan) */
  lifetimeOfKind: number;
  /** the application being decided: its own ledger entry (a revision) is not an earlier aid */
  applicationId?: string;
}

export interface CapResult {
  max: number;
  allowed: boolean;
  reasons: string[];
}

const yuan = (n: number) => `${n.toLocaleString('zh-CN')}元`;
const programmeLabel = (p: string) => (p === 'scholarship' ? '金秋助学' : (AID_KIND_LABEL[p.replace(/^hardship\./, '') as AidKind] ?? p));

export function capFor(rules: Pick<AidRules, 'dibaoMonthly' | 'caps' | 'oneKindPerYear'>, input: CapInput): CapResult {
  const { tier, kind } = input;
  const cap = rules.caps[tier][kind];
  const what = `${AID_TIER_LABEL[tier]}家庭的${AID_KIND_LABEL[kind]}`;
  if (!cap.allowed) return { max: 0, allowed: false, reasons: [`按本地帮扶政策，${AID_TIER_LABEL[tier]}家庭不享受${AID_KIND_LABEL[kind]}`] };

  const prior = input.priorThisYear.filter((e) => !input.applicationId || e.applicationId !== input.applicationId);
  if (rules.oneKindPerYear[tier]) {
    const other = prior.find((e) => e.kind !== kind);
    if (other) {
      return {
        max: 0,
        allowed: false,
        reasons: [`按本地帮扶政策，${AID_TIER_LABEL[tier]}家庭每年只能享受一类帮扶，今年已获${programmeLabel(other.programme)}`],
      };
    }
  }

  const limits: Array<{ value: number; reason: string }> = [];
  if (cap.monthsOfDibao !== null) {
    const yearly = Math.floor(cap.monthsOfDibao * rules.dibaoMonthly);
    const already = prior.filter((e) => e.kind === kind).reduce((n, e) => n + e.amount, 0);
    const left = Math.max(0, yearly - already);
    limits.push({
      value: left,
      reason:
        already > 0
          ? `${what}每年不超过${cap.monthsOfDibao}个月低保（${cap.monthsOfDibao} × ${yuan(rules.dibaoMonthly)} = ${yuan(yearly)}），今年已获${yuan(already)}，还可${yuan(left)}`
          : `${what}每年不超过${cap.monthsOfDibao}个月低保（${cap.monthsOfDibao} × ${yuan(rules.dibaoMonthly)} = ${yuan(yearly)}）`,
    });
  }
  if (cap.shareOfCost !== null) {
    if (input.outOfPocket === null) {
      limits.push({ value: 0, reason: `${what}按自付费用的比例核定，请先填写自付医疗费用` });
    } else {
      const v = Math.floor(cap.shareOfCost * input.outOfPocket);
      limits.push({
        value: v,
        reason: `${what}不超过自付费用的${Math.round(cap.shareOfCost * 100)}%（${yuan(input.outOfPocket)} × ${Math.round(cap.shareOfCost * 100)}% = ${yuan(v)}）`,
      });
    }
  }
  if (cap.maxAmount !== null) limits.push({ value: cap.maxAmount, reason: `${what}每次不超过${yuan(cap.maxAmount)}` });
  if (cap.lifetimeCap !== null) {
    const left = Math.max(0, cap.lifetimeCap - input.lifetimeOfKind);
    limits.push({
      value: left,
      reason: `${AID_KIND_LABEL[kind]}累计不超过${yuan(cap.lifetimeCap)}，已累计获得${yuan(input.lifetimeOfKind)}，还可${yuan(left)}`,
    });
  }

  if (limits.length === 0) {
    // no limit configured for this tier and kind: the budget is the only bound
    return { max: input.requested, allowed: true, reasons: [`本地帮扶政策未设${what}的金额上限，以预算为限`] };
  }
  const smallest = limits.reduce((a, b) => (b.value < a.value ? b : a));
  const max = smallest.value;
  const reasons = limits.map((l) => l.reason);
  reasons.push(`本次最多可批${yuan(max)}`);
  const allowed = max > 0 && input.requested <= max;
  if (!allowed) reasons.push(max === 0 ? `已达上限：${smallest.reason}` : `拟批金额${yuan(input.requested)}超过上限${yuan(max)}：${smallest.reason}`);
  return { max, allowed, reasons };
}

/** `capFor`, throwing CAP_EXCEEDED with the reason when the amount is not allowed. */
export function assertWithinCap(rules: Pick<AidRules, 'dibaoMonthly' | 'caps' | 'oneKindPerYear'>, input: CapInput): CapResult {
  const r = capFor(rules, input);
  if (!r.allowed) {
    throw new AppError('CAP_EXCEEDED', r.reasons[r.reasons.length - 1], [{ path: ['amount'], message: r.reasons[r.reasons.length - 1] }], {
      max: r.max,
      reasons: r.reasons,
    });
  }
  return r;
}
