/**
 * Case documents built for tests, stored directly (the views, queue and statistics are tested on
 * cases in any state without replaying intake and handling). The park's federation receives them;
 * the defaults are a wage complaint by 李娜 (dev_member) about 星海精密制造 (ent_001).
 */
import type { Dependencies } from '../../core/shared/ports';
import { CASES, CASE_CLAIMANTS, newMetrics, type CaseDoc, type CaseEntry, type ClaimantDoc } from '../../core/case/model';
import { CASE_STEP_OWNER } from '../../core/case/machine';
import { claimantIdOf } from '../../core/case/step';
import { DEMO } from '../../server/personas';
import { TEST_NOW } from '../../server/builders.testkit';

const DAY = 86400_000;

export function anEntry(over: Partial<CaseEntry> & Pick<CaseEntry, 'event'>): CaseEntry {
  return { at: TEST_NOW, by: 'dev_member', byName: '李娜', to: null, note: null, internal: false, fileIds: [], ...over };
}

export function aCase(over: Partial<CaseDoc> & Pick<CaseDoc, '_id'>): CaseDoc {
  const status = over.status ?? 'received';
  const at = over.createdAt ?? TEST_NOW;
  return {
    no: `20261124${over._id.slice(-6).toUpperCase()}`,
    uid: 'dev_member',
    name: '李娜',
    anonymous: false,
    mobileSealed: null,
    mobileMasked: '138****5678',
    memberId: null,
    category: 'complaint',
    itemKey: 'wage_arrears',
    itemLabel: '拖欠工资',
    complexity: 'general',
    title: '公司拖欠两个月工资',
    description: '公司自九月起未发放工资，多次询问无果。',
    fileIds: [],
    enterpriseId: 'ent_001',
    enterpriseName: '星海精密制造有限公司',
    unionOrgId: DEMO.unionA,
    orgId: DEMO.park,
    ownerOrgId: DEMO.park,
    ownerOrgName: '星海高新区工会联合会',
    federationId: DEMO.park,
    cityId: DEMO.city,
    scope: [DEMO.city, DEMO.park],
    status,
    owner: CASE_STEP_OWNER[status],
    assignee: null,
    assigneeUid: null,
    priority: 1,
    urgent: false,
    collective: null,
    shareCode: null,
    legalAid: null,
    stepStartedAt: at,
    dueAt: at + DAY,
    escalated: false,
    resolveDueAt: at + 9 * DAY,
    ask: null,
    resolution: null,
    rating: null,
    metrics: newMetrics(at),
    bookingId: null,
    createdAt: at,
    updatedAt: at,
    version: 1,
    timeline: [anEntry({ event: 'submit', at, to: 'received' })],
    ...over,
  };
}

export const LAWYER = { uid: 'dev_lawyer', name: '周律师', role: 'lawyer' } as const;

export async function seedCase(deps: Pick<Dependencies, 'store'>, over: Partial<CaseDoc> & Pick<CaseDoc, '_id'>): Promise<CaseDoc> {
  const d = aCase(over);
  await deps.store.insert(CASES, d);
  return d;
}

export async function seedClaimant(
  deps: Pick<Dependencies, 'store' | 'crypto'>,
  d: Pick<CaseDoc, '_id'>,
  c: { uid: string; name: string; amountOwed: number; lead?: boolean; joinedAt?: number },
): Promise<ClaimantDoc> {
  const doc: ClaimantDoc = {
    _id: claimantIdOf(deps, d._id, c.uid),
    caseId: d._id,
    uid: c.uid,
    name: c.name,
    amountOwed: c.amountOwed,
    lead: c.lead ?? false,
    joinedAt: c.joinedAt ?? TEST_NOW,
  };
  await deps.store.insert(CASE_CLAIMANTS, doc);
  return doc;
}
