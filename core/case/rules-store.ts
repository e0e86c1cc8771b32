/**
 * Stored case rules: one document `<orgId>` per federation or city. A case's deadlines, catalogue
 * and collective threshold are the nearest rules up the receiving org's tree, so a city's rules hold
 * for every federation that has set none of its own; with none anywhere, DEFAULT_CASE_RULES (a
 * worker's report is never refused for want of configuration).
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { Caller } from '../shared/caller';
import { AppError, type ErrorIssue } from '../shared/errors';
import { recordAudit } from '../shared/audit';
import { trusted } from '../shared/trust';
import { assertScope, getOrg, officerOrgId, staffName } from '../org';
import type { caseContract } from './contract';
import { CaseRules, DEFAULT_CASE_RULES } from './rules';
import { CASE_RULES, type CaseRulesDoc } from './model';
import { CASE_CATEGORIES, CATEGORY_LABEL } from './machine';

type In<K extends keyof typeof caseContract> = z.output<(typeof caseContract)[K]['input']>;

/** What a worker or an officer is told the rules come from when no org up the tree has any. */
export const DEFAULT_RULES_NAME = '默认规则';

export interface RulesInForce {
  rules: CaseRules;
  /** the org whose document it is; null for DEFAULT_CASE_RULES */
  ofOrgId: string | null;
  ofOrgName: string;
}

/** The rules part of a stored document (without `_id`, `orgId` and the write stamp). */
function rulesOf(doc: CaseRulesDoc): CaseRules {
  const { _id, orgId, updatedAt, updatedBy, ...rules } = doc;
  return rules;
}

/** The nearest stored rules, walking from the org itself up to the root; the defaults when none. */
export async function caseRulesFor(deps: Pick<Dependencies, 'store' | 'clock'>, orgId: string): Promise<RulesInForce> {
  const org = await getOrg(deps, orgId);
  for (const id of [org._id, ...[...org.ancestors].reverse()]) {
    // a document a client could have written is never policy (core/shared/trust.ts)
    const doc = trusted(await deps.store.get<CaseRulesDoc>(CASE_RULES, id));
    if (doc) return { rules: rulesOf(doc), ofOrgId: id, ofOrgName: id === org._id ? org.name : (await getOrg(deps, id)).name };
  }
  return { rules: DEFAULT_CASE_RULES, ofOrgId: null, ofOrgName: DEFAULT_RULES_NAME };
}

async function rulesView(deps: Dependencies, orgId: string) {
  const org = await getOrg(deps, orgId);
  const found = await caseRulesFor(deps, org._id);
  return { orgId: org._id, orgName: org.name, rules: found.rules, inheritedFrom: found.ofOrgId === org._id ? null : found.ofOrgName };
}

/** Action: the rules in force for an org (the officer's own by default), and where they come from. */
export async function getRules(deps: Dependencies, caller: Caller, input: In<'getRules'>) {
  const org = await getOrg(deps, officerOrgId(caller, input.orgId));
  assertScope(caller, org);
  return rulesView(deps, org._id);
}

/**
 * What the schema cannot say: a catalogue key names one item of its category (a case stores the
 * key, so two items under one key would make every such case ambiguous), and a label once per category.
 */
function check(rules: CaseRules): void {
  const issues: ErrorIssue[] = [];
  for (const category of CASE_CATEGORIES) {
    const keys = new Set<string>();
    const labels = new Set<string>();
    rules.catalogue[category].forEach((item, i) => {
      if (keys.has(item.key))
        issues.push({ path: ['rules', 'catalogue', category, i, 'key'], message: `“${CATEGORY_LABEL[category]}”中事项代码${item.key}重复` });
      if (labels.has(item.label))
        issues.push({ path: ['rules', 'catalogue', category, i, 'label'], message: `“${CATEGORY_LABEL[category]}”中事项“${item.label}”重复` });
      keys.add(item.key);
      labels.add(item.label);
    });
  }
  if (issues.length) throw new AppError('VALIDATION', issues[0].message, issues);
}

/** Action: a federation (or city) officer sets their org's rules; audited. Unions inherit theirs. */
export async function setRules(deps: Dependencies, caller: Caller, input: In<'setRules'>) {
  const org = await getOrg(deps, input.orgId);
  assertScope(caller, org, ['federation_officer', 'admin']);
  if (org.kind === 'union') throw new AppError('VALIDATION', '案件办理规则由联合会或市总工会设定', [{ path: ['orgId'], message: '请选择联合会' }]);
  // the contract parsed it already; parsed again so that a direct call (a seed, a script) is held to the same schema
  const parsed = CaseRules.safeParse(input.rules);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: ['rules', ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: i.message }));
    throw new AppError('VALIDATION', issues[0].message, issues);
  }
  const rules = parsed.data;
  check(rules);
  const now = deps.clock.now();
  const uid = caller.uid ?? 'system';
  let before: CaseRulesDoc | null = null;
  await deps.store.transact<CaseRulesDoc>(CASE_RULES, org._id, (cur) => {
    before = cur;
    return { _id: org._id, orgId: org._id, ...rules, updatedAt: now, updatedBy: uid };
  });
  await recordAudit(deps, {
    actorUid: uid,
    action: 'case.setRules',
    target: { collection: CASE_RULES, id: org._id },
    before: before ? rulesOf(before) : null,
    after: rules,
    reason: `${await staffName(deps, caller.uid, '工会干部')}设定${org.name}案件办理规则`,
  });
  return rulesView(deps, org._id);
}
