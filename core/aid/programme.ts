/**
 * What differs between the programmes an aid application belongs to: hardship aid (困难帮扶) and the
 * autumn scholarship (金秋助学). The scholarship goes through the same review, notice and payment;
 * only these differ — the funding programme and its budget, the cap (the campaign plan's amount
 * for the student, not the caps by tier), the label, and whose account is paid.
 */
import type { AidRules } from './rules';
import type { AidApplicationDoc, AidFileDoc, AidProgramme, LedgerDoc } from './model';
import { AID_KIND_LABEL } from './machine';
import { assertWithinCap, capFor, type CapResult } from './caps';
import { AppError } from '../shared/errors';

/** The programme of an application; documents written before the scholarship joined have none and are hardship aid. */
export const programmeOfApp = (d: Pick<AidApplicationDoc, 'programme'>): AidProgramme => d.programme ?? 'hardship';
export const isScholarship = (d: Pick<AidApplicationDoc, 'programme'>) => programmeOfApp(d) === 'scholarship';

/** The funding programme (ledger and budget key): `hardship.<kind>` or `scholarship`. */
export const fundingProgrammeOf = (d: Pick<AidApplicationDoc, 'programme' | 'kind'>) => (isScholarship(d) ? 'scholarship' : `hardship.${d.kind}`);

/** The org whose budget funds it: the campaign's org for the scholarship, else the federation. */
export const fundOrgOf = (d: Pick<AidApplicationDoc, 'fundOrgId' | 'federationId'>) => d.fundOrgId ?? d.federationId;

export const budgetIdOfApp = (d: Pick<AidApplicationDoc, 'programme' | 'kind' | 'fundOrgId' | 'federationId' | 'year'>) =>
  `ab_${fundOrgOf(d)}_${d.year}_${fundingProgrammeOf(d)}`;

/** 金秋助学, or the kind of hardship aid (医疗救助, …): what the worker, the officers and the roster call it. */
export const applicationLabel = (d: Pick<AidApplicationDoc, 'programme' | 'kind'>) => (isScholarship(d) ? '金秋助学' : AID_KIND_LABEL[d.kind]);

const yuan = (n: number) => `${n.toLocaleString('zh-CN')}元`;

/** The scholarship's cap: the plan's amount for this student (category and special group), and nothing above it. */
function planCap(d: Pick<AidApplicationDoc, 'planAmount'>, requested: number): CapResult {
  const max = d.planAmount ?? 0;
  const reasons = [`按金秋助学活动方案，该学生的资助标准为${yuan(max)}`];
  if (requested > max) reasons.push(`批准金额${yuan(requested)}超过活动方案的资助标准${yuan(max)}`);
  return { max, allowed: requested <= max, reasons };
}

export interface CapHistory {
  priorThisYear: LedgerDoc[];
  lifetimeOfKind: number;
}

/** The cap of `d` at `requested`: the plan's amount for the scholarship, the rules' caps by tier and kind for hardship aid. */
export function capOf(rules: AidRules, d: AidApplicationDoc, requested: number, history: CapHistory): CapResult | null {
  if (isScholarship(d)) return planCap(d, requested);
  if (!d.tier) return null;
  return capFor(rules, { tier: d.tier, kind: d.kind, requested, outOfPocket: d.outOfPocket, applicationId: d._id, ...history });
}

/** `capOf`, throwing CAP_EXCEEDED with the reason (VALIDATION when a hardship application has no tier to decide by). */
export function assertCapOf(rules: AidRules, d: AidApplicationDoc, requested: number, history: CapHistory): CapResult {
  if (isScholarship(d)) {
    const r = planCap(d, requested);
    if (!r.allowed) {
      const why = r.reasons[r.reasons.length - 1];
      throw new AppError('CAP_EXCEEDED', why, [{ path: ['amount'], message: why }], { max: r.max });
    }
    return r;
  }
  if (!d.tier) throw new AppError('VALIDATION', '该申请尚未认定困难类别，不能批准');
  return assertWithinCap(rules, { tier: d.tier, kind: d.kind, requested, outOfPocket: d.outOfPocket, applicationId: d._id, ...history });
}

/** The account an approval is paid to: the one given with the application (scholarship), else the file's. */
export const bankOf = (d: Pick<AidApplicationDoc, 'bank'>, file: Pick<AidFileDoc, 'bank'> | null) => d.bank ?? file?.bank ?? null;
