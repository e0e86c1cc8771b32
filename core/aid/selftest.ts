/**
 * The self-test (困难自测) before applying, after 青岛市总's 自测小程序 (research §1a, §1h):
 * (the household's yearly disposable income − rigid costs) ÷ 12 ÷ household size against the local
 * 低保 line of the worker's rules. It only estimates: the union's home visit and review decide, and
 * nothing the worker types here is stored (the action writes no document).
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { SignedInCaller } from '../shared/caller';
import { AppError } from '../shared/errors';
import { shanghaiYear } from '../shared/time';
import { findMember } from '../member';
import { getOrg } from '../org';
import type { AidRules } from './rules';
import type { SelfTestInput, SelfTestResult } from './schemas';
import { AID_TIER_LABEL, type AidTier } from './machine';
import { requireRulesFor } from './rules-store';

export interface TierFacts {
  householdSize: number;
  /** yuan per year, the whole household */
  yearlyIncome: number;
  /** yuan per year: illness, disability, schooling and the necessary costs of working (刚性支出) */
  rigidCosts: number;
  /** a sudden event this year (accident, disaster, major illness) */
  suddenEvent: boolean;
  /** this year's costs or losses from the hardship (yuan) */
  hardshipCosts: number;
}

export interface TierAssessment {
  tier: AidTier | null;
  eligible: boolean;
  /** per-head monthly income after rigid costs, yuan, rounded down and never below 0 */
  perHeadMonthly: number;
  reasons: string[];
}

const yuan = (n: number) => `${Math.round(n).toLocaleString('zh-CN')}元`;
const pct = (share: number) => `${Math.round(share * 100)}%`;

/**
 * The likely tier under `rules`. 深度 before 相对 before 意外: a household below the 低保 line is
 * 深度困难 even when a sudden event also happened, because that tier's caps are the most generous
 * (research §1d). The comparison uses the exact quotient, the shown figure is rounded down.
 */
export function assessTier(rules: Pick<AidRules, 'dibaoMonthly' | 'relativeMultiplier' | 'suddenCostShare'>, facts: TierFacts): TierAssessment {
  const size = Math.max(1, facts.householdSize);
  const exact = (facts.yearlyIncome - facts.rigidCosts) / 12 / size;
  const perHeadMonthly = Math.max(0, Math.floor(exact));
  const dibao = rules.dibaoMonthly;
  const relativeLine = rules.relativeMultiplier * dibao;
  const reasons = [
    `家庭人均月收入（扣除刚性支出后）约${yuan(perHeadMonthly)}：（年收入${yuan(facts.yearlyIncome)} − 刚性支出${yuan(facts.rigidCosts)}）÷ 12个月 ÷ ${size}人`,
  ];
  const costLine = rules.suddenCostShare * facts.yearlyIncome;
  const suddenByCost = facts.hardshipCosts > 0 && facts.hardshipCosts > costLine;
  const sudden = facts.suddenEvent || suddenByCost;
  const suddenReason = facts.suddenEvent
    ? '今年遭遇突发事件（意外事故、自然灾害或重大疾病）'
    : `年度致困费用${yuan(facts.hardshipCosts)}，超过家庭年收入的${pct(rules.suddenCostShare)}（${yuan(costLine)}）`;

  let tier: AidTier | null = null;
  if (exact < dibao) {
    tier = 'deep';
    reasons.push(`低于本地低保标准${yuan(dibao)}/人·月，可能属于${AID_TIER_LABEL.deep}`);
  } else if (exact < relativeLine) {
    tier = 'relative';
    reasons.push(`不低于低保标准${yuan(dibao)}，但低于${rules.relativeMultiplier}倍低保（${yuan(relativeLine)}），可能属于${AID_TIER_LABEL.relative}`);
  } else {
    reasons.push(`高于${rules.relativeMultiplier}倍低保（${yuan(relativeLine)}），不属于深度困难或相对困难`);
    if (sudden) {
      tier = 'sudden';
      reasons.push(`${suddenReason}，可能属于${AID_TIER_LABEL.sudden}`);
    } else if (facts.hardshipCosts > 0) {
      reasons.push(`年度致困费用${yuan(facts.hardshipCosts)}，未超过家庭年收入的${pct(rules.suddenCostShare)}（${yuan(costLine)}），不属于意外致困`);
    }
  }
  if (tier === null) reasons.push('按您填写的情况，暂不符合困难职工认定条件；情况变化后可以随时重新自测');
  reasons.push('自测结果仅供参考，以工会入户调查和审核认定为准');
  return { tier, eligible: tier !== null, perHeadMonthly, reasons };
}

/** Action: the self-test under the rules of the member's org (nearest up the tree) for this year; stores nothing. */
export async function selfTest(deps: Dependencies, caller: SignedInCaller, input: z.output<typeof SelfTestInput>): Promise<z.output<typeof SelfTestResult>> {
  const member = await findMember(deps, caller.uid);
  if (!member) throw new AppError('FORBIDDEN', '困难自测面向工会会员，请先加入工会');
  const org = await getOrg(deps, member.orgId);
  const year = shanghaiYear(deps.clock.now());
  const { rules, orgName } = await requireRulesFor(deps, org, year);
  const r = assessTier(rules, input);
  return {
    tier: r.tier,
    tierLabel: r.tier ? AID_TIER_LABEL[r.tier] : '暂不符合认定条件',
    eligible: r.eligible,
    perHeadMonthly: r.perHeadMonthly,
    dibaoMonthly: rules.dibaoMonthly,
    reasons: r.reasons,
    rulesOf: { orgName, year },
  };
}
