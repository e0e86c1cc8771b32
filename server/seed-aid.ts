/**
 * Demo aid rules and budgets for `npm start` and every test world: the city's rules for the current
 * Shanghai year (`demoAidRules`, figures from the research as defaults a federation replaces), and
 * the park federation's hardship budget per kind. Idempotent: a rerun leaves what exists.
 */
import type { Dependencies } from '../core/shared/ports';
import { shanghaiYear } from '../core/shared/time';
import { demoAidRules } from '../core/aid/rules';
import { AID_BUDGETS, AID_RULES, type AidRulesDoc, type BudgetDoc } from '../core/aid/model';
import { budgetIdFor, programmeOf } from '../core/aid/funding';
import { rulesId } from '../core/aid/rules-store';
import type { AidKind } from '../core/aid/machine';
import { DEMO } from './personas';

/** The park federation's hardship budget per kind, yuan for the year. */
export const DEMO_AID_BUDGETS: Record<AidKind, number> = { living: 300_000, medical: 500_000, study: 200_000, sudden: 100_000 };

export async function seedAidRules(deps: Dependencies): Promise<void> {
  const now = deps.clock.now();
  const year = shanghaiYear(now);
  const rid = rulesId(DEMO.city, year);
  if (!(await deps.store.get(AID_RULES, rid))) {
    await deps.store.insert<AidRulesDoc>(AID_RULES, { _id: rid, ...demoAidRules(DEMO.city, year), updatedAt: now, updatedBy: 'system' });
  }
  for (const [kind, total] of Object.entries(DEMO_AID_BUDGETS) as Array<[AidKind, number]>) {
    const programme = programmeOf(kind);
    const id = budgetIdFor(DEMO.park, year, programme);
    if (await deps.store.get(AID_BUDGETS, id)) continue;
    await deps.store.insert<BudgetDoc>(AID_BUDGETS, { _id: id, orgId: DEMO.park, year, programme, total, committed: 0, updatedAt: now });
  }
}
