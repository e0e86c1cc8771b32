/**
 * Stored aid rules (帮扶政策): one document `<orgId>_<year>` per federation or city and year. A
 * worker's rules are the nearest ones up their org tree for the year, so a city's rules hold for
 * every federation that has not set its own (research §1d: every figure is local).
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { Caller, SignedInCaller } from '../shared/caller';
import { AppError } from '../shared/errors';
import { recordAudit } from '../shared/audit';
import { trusted } from '../shared/trust';
import { shanghaiYear } from '../shared/time';
import { findMember } from '../member';
import { assertScope, getOrg, officerOrgId, staffName, type Org } from '../org';
import type { aidContract } from './contract';
import type { AidRules } from './rules';
import { AID_RULES, type AidRulesDoc } from './model';
import { AID_KINDS } from './machine';

type In<K extends keyof typeof aidContract> = z.output<(typeof aidContract)[K]['input']>;
type OrgPath = Pick<Org, '_id' | 'ancestors'>;

export const rulesId = (orgId: string, year: number) => `${orgId}_${year}`;

/** The programme keys rules and budgets may name: each kind of hardship aid, and the autumn scholarship. */
export const PROGRAMMES: readonly string[] = [...AID_KINDS.map((k) => `hardship.${k}`), 'scholarship'];

/** The rules part of a stored document (without `_id` and the write stamp). */
function rulesOf(doc: AidRulesDoc): AidRules {
  const { _id, updatedAt, updatedBy, ...rules } = doc;
  return rules;
}

/** The nearest stored rules for `year`, walking from the org itself up to the root. */
export async function rulesFor(
  deps: Pick<Dependencies, 'store' | 'clock'>,
  org: OrgPath,
  year: number,
): Promise<{ rules: AidRules; orgId: string; orgName: string; inherited: boolean } | null> {
  const path = [org._id, ...[...org.ancestors].reverse()];
  for (const id of path) {
    const doc = trusted(await deps.store.get<AidRulesDoc>(AID_RULES, rulesId(id, year)));
    if (doc) return { rules: rulesOf(doc), orgId: id, orgName: (await getOrg(deps, id)).name, inherited: id !== org._id };
  }
  return null;
}

/** `rulesFor`, or CONFLICT when no org up the tree has published rules for the year. */
export async function requireRulesFor(deps: Pick<Dependencies, 'store' | 'clock'>, org: OrgPath, year: number) {
  const found = await rulesFor(deps, org, year);
  if (!found) throw new AppError('CONFLICT', '本年度帮扶政策尚未发布，请联系上级工会', undefined, { orgId: org._id, year });
  return found;
}

/** The org a caller asks about by default: an officer's own org, else the member's handling union. */
async function defaultOrgId(deps: Dependencies, caller: SignedInCaller): Promise<string> {
  if (caller.grants.length > 0) return officerOrgId(caller);
  const member = await findMember(deps, caller.uid);
  if (!member) throw new AppError('FORBIDDEN', '帮扶政策面向工会会员和工会干部，请先加入工会');
  return member.orgId;
}

/**
 * Action: the rules in force for an org and year. Rules are published policy, the same for every
 * worker under the federation, so any signed-in member or officer may read any org's.
 */
export async function getRules(deps: Dependencies, caller: SignedInCaller, input: In<'getRules'>) {
  const org = await getOrg(deps, input.orgId ?? (await defaultOrgId(deps, caller)));
  const year = input.year ?? shanghaiYear(deps.clock.now());
  const found = await rulesFor(deps, org, year);
  if (!found) return { rules: null, orgName: org.name, inherited: false };
  return { rules: found.rules, orgName: found.orgName, inherited: found.inherited };
}

function check(input: AidRules, now: number): void {
  const issues: Array<{ path: Array<string | number>; message: string }> = [];
  if (input.year < shanghaiYear(now)) issues.push({ path: ['year'], message: '往年的帮扶政策不能再修改' });
  input.exclusive.forEach((group, i) => {
    for (const p of group) if (!PROGRAMMES.includes(p)) issues.push({ path: ['exclusive', i], message: `未知的帮扶项目：${p}` });
    if (new Set(group).size !== group.length) issues.push({ path: ['exclusive', i], message: '同一组内项目不能重复' });
  });
  const seen = new Set<string>();
  for (const p of input.exclusive.flat()) {
    if (seen.has(p)) issues.push({ path: ['exclusive'], message: `项目${p}不能同时属于两个不重复享受组` });
    seen.add(p);
  }
  if (issues.length) throw new AppError('VALIDATION', issues[0].message, issues);
}

/** Action: a federation (or city) officer sets the rules of their org for a year; audited. */
export async function setRules(deps: Dependencies, caller: Caller, input: In<'setRules'>): Promise<AidRules> {
  const org = await getOrg(deps, input.orgId);
  assertScope(caller, org, ['federation_officer', 'admin']);
  if (org.kind === 'union') throw new AppError('VALIDATION', '帮扶政策由联合会或市总工会设定', [{ path: ['orgId'], message: '请选择联合会' }]);
  const rules: AidRules = input;
  const now = deps.clock.now();
  check(rules, now);
  const id = rulesId(org._id, rules.year);
  const uid = caller.uid ?? 'system';
  let before: AidRulesDoc | null = null;
  await deps.store.transact<AidRulesDoc>(AID_RULES, id, (cur) => {
    before = cur;
    return { _id: id, ...rules, updatedAt: now, updatedBy: uid };
  });
  await recordAudit(deps, {
    actorUid: uid,
    action: 'aid.setRules',
    target: { collection: AID_RULES, id },
    before: before ? rulesOf(before) : null,
    after: rules,
    reason: `${await staffName(deps, caller.uid, '工会干部')}设定${org.name}${rules.year}年度帮扶政策`,
  });
  return rules;
}
