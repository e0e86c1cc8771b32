/**
 * The aid rules as data (帮扶政策), one document per federation (or city) and year: the local 低保
 * line, the tier multipliers, the caps per tier and kind, the per-year limits, the approval
 * threshold, the step deadlines, the notice period and what a notice may show. Every figure here is
 * local (../shared/research/aid-scholarship-cases-outreach.md §1d: the sources disagree by city and
 * year), so none is a constant in code: a federation officer sets them (`aid.setRules`), the demo seed
 * writes the defaults of `DEMO_AID_RULES` for the city, and a worker's rules are the nearest ones up
 * their org tree for the year.
 */
import { z } from 'zod';
import { AID_KINDS, AID_TIERS } from './machine';

const yuan = z.number({ error: '请填写金额' }).int({ error: '金额须为整数元' }).min(0, { error: '金额不能为负' }).max(10_000_000, { error: '金额不合理' });
const share = z.number({ error: '请填写比例' }).min(0, { error: '比例须在0到1之间' }).max(1, { error: '比例须在0到1之间' });
const days = z
  .number({ error: '请填写工作日数' })
  .int({ error: '工作日数须为整数' })
  .min(1, { error: '期限至少1个工作日' })
  .max(60, { error: '期限不超过60个工作日' });

/** The cap of one kind of aid for one tier; every limit that is set applies, the smallest wins. */
export const KindCap = z.object({
  allowed: z.boolean(),
  /** at most this many months of the 低保 line per household per year (生活救助: 12 for 深度, 8 for 相对 in one rule) */
  monthsOfDibao: z.number({ error: '请填写月数' }).min(0, { error: '月数不能为负' }).max(36, { error: '月数不超过36个月' }).nullable().default(null),
  /** at most this share of the out-of-pocket cost (医疗救助: 1 for 深度, 0.8 for 相对) */
  shareOfCost: share.nullable().default(null),
  /** at most this amount per application */
  maxAmount: yuan.nullable().default(null),
  /** at most this total for this kind per person over all years (医疗救助: ¥150,000 in one rule) */
  lifetimeCap: yuan.nullable().default(null),
});
export type KindCap = z.infer<typeof KindCap>;

const capsOfTier = z.object(Object.fromEntries(AID_KINDS.map((k) => [k, KindCap])) as Record<(typeof AID_KINDS)[number], typeof KindCap>);

export const AidRules = z.object({
  /** the federation or city these rules are for, and the Shanghai calendar year */
  orgId: z.string({ error: '缺少组织' }).min(1, { error: '缺少组织' }),
  year: z.number({ error: '请选择年度' }).int().min(2000, { error: '年度不合理' }).max(2100, { error: '年度不合理' }),
  /** the local 最低生活保障标准, yuan per person per month */
  dibaoMonthly: yuan.refine((v) => v > 0, { error: '请填写本地低保标准' }),
  /** 相对困难: per-head monthly income below this many times the 低保 line */
  relativeMultiplier: z.number({ error: '请填写倍数' }).min(1, { error: '倍数不小于1' }).max(5, { error: '倍数不超过5' }),
  /** 意外致困: a year's hardship costs above this share of the household's yearly income */
  suddenCostShare: share,
  caps: z.object(Object.fromEntries(AID_TIERS.map((t) => [t, capsOfTier])) as Record<(typeof AID_TIERS)[number], typeof capsOfTier>),
  /** tiers that may receive only one kind of aid a year (相对困难 in one rule) */
  oneKindPerYear: z.object(Object.fromEntries(AID_TIERS.map((t) => [t, z.boolean()])) as Record<(typeof AID_TIERS)[number], z.ZodBoolean>),
  /** an approved amount above this goes to the level above for approval; null: the federation decides alone */
  upperApprovalAbove: yuan.nullable(),
  /** working days each review step may take before it escalates */
  stepWorkingDays: z.object({ first_check: days, union_review: days, federation_review: days, upper_review: days }),
  /** working days a public notice stays open */
  noticeWorkingDays: days,
  /** what a notice shows besides the masked name and the union: the amount, the kind of aid */
  noticeShows: z.object({ amount: z.boolean(), kind: z.boolean() }),
  /** months between re-verifications of an active file */
  reverifyMonths: z
    .number({ error: '请填写复核间隔' })
    .int({ error: '复核间隔须为整月' })
    .min(1, { error: '复核间隔至少1个月' })
    .max(36, { error: '复核间隔不超过36个月' }),
  /**
   * Programmes that fund the same need and so share one funding-ledger key per beneficiary and year
   * (a student gets 助学 from hardship aid or the autumn scholarship, not both). Programme keys:
   * `hardship.<kind>`, `scholarship`.
   */
  exclusive: z.array(z.array(z.string().min(1)).min(2, { error: '互斥项目至少2个' })).default([]),
});
export type AidRules = z.infer<typeof AidRules>;

/**
 * The demo seed's rules for the demo city: figures from the sources in the research (§1d), as
 * defaults a federation replaces. Used only to seed; the use cases read stored rules.
 */
export function demoAidRules(orgId: string, year: number): AidRules {
  const cap = (c: Partial<KindCap>): KindCap => ({ allowed: true, monthsOfDibao: null, shareOfCost: null, maxAmount: null, lifetimeCap: null, ...c });
  return {
    orgId,
    year,
    dibaoMonthly: 1_020,
    relativeMultiplier: 2,
    suddenCostShare: 0.8,
    caps: {
      deep: {
        living: cap({ monthsOfDibao: 12 }),
        medical: cap({ shareOfCost: 1, lifetimeCap: 150_000 }),
        study: cap({ maxAmount: 10_000 }),
        sudden: cap({ maxAmount: 10_000 }),
      },
      relative: {
        living: cap({ monthsOfDibao: 8 }),
        medical: cap({ shareOfCost: 0.8, lifetimeCap: 150_000 }),
        study: cap({ maxAmount: 8_000 }),
        sudden: cap({ maxAmount: 10_000 }),
      },
      sudden: {
        living: cap({ monthsOfDibao: 6 }),
        medical: cap({ shareOfCost: 0.8, lifetimeCap: 150_000 }),
        study: cap({ allowed: false }),
        sudden: cap({ maxAmount: 10_000 }),
      },
    },
    oneKindPerYear: { deep: false, relative: true, sudden: false },
    upperApprovalAbove: 20_000,
    stepWorkingDays: { first_check: 1, union_review: 5, federation_review: 5, upper_review: 5 },
    noticeWorkingDays: 5,
    noticeShows: { amount: false, kind: false },
    reverifyMonths: 12,
    exclusive: [['hardship.study', 'scholarship']],
  };
}
