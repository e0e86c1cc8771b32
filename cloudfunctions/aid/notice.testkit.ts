/**
 * Test helpers for the notice, objection and payment tests: approved aid written straight to the
 * store as a real approval leaves it (the household file with a sealed bank account, the funding
 * ledger entry, the budget's committed amount, the application in `approved` held by the
 * federation), so those tests set up their state without going through the review; the park's rules
 * for the year with what a test is about.
 */
import type { TestWorld } from '../../server/testing';
import { shanghaiYear } from '../../core/shared/time';
import { demoAidRules, type AidRules } from '../../core/aid/rules';
import {
  AID_APPLICATIONS,
  AID_BUDGETS,
  AID_FILES,
  AID_LEDGER,
  AID_RULES,
  type AidApplicationDoc,
  type AidFileDoc,
  type AidRulesDoc,
  type BudgetDoc,
  type LedgerDoc,
} from '../../core/aid/model';
import type { AidKind } from '../../core/aid/machine';

export const PARK = 'org_park';
export const UNION_001 = { orgId: 'org_union_001', orgName: '星海精密制造工会' } as const;

/** The park's own rules for the test year (nearer than the city's), over the demo defaults. */
export async function setParkRules(w: Pick<TestWorld, 'deps'>, over: Partial<AidRules> = {}): Promise<AidRules> {
  const year = shanghaiYear(w.deps.clock.now());
  const rules: AidRules = { ...demoAidRules(PARK, year), ...over };
  const doc: AidRulesDoc = { _id: `${PARK}_${year}`, ...rules, updatedAt: w.deps.clock.now(), updatedBy: 'test' };
  await w.deps.store.transact<AidRulesDoc>(AID_RULES, doc._id, () => doc);
  return rules;
}

/** A budget of the park for a kind this year, set to `total` (committed kept). */
export async function setBudget(w: Pick<TestWorld, 'deps'>, kind: AidKind, total: number): Promise<string> {
  const year = shanghaiYear(w.deps.clock.now());
  const id = `ab_${PARK}_${year}_hardship.${kind}`;
  await w.deps.store.transact<BudgetDoc>(AID_BUDGETS, id, (b) =>
    b ? { ...b, total } : { _id: id, orgId: PARK, year, programme: `hardship.${kind}`, total, committed: 0, updatedAt: w.deps.clock.now() },
  );
  return id;
}

export interface Approved {
  tag: string;
  name: string;
  amount: number;
  kind?: AidKind;
  uid?: string;
  account?: string | null;
  /** what the worker wrote (may name an illness: it must never reach the notice) */
  reason?: string;
  federationId?: string;
  orgId?: string;
  orgName?: string;
  year?: number;
  status?: AidApplicationDoc['status'];
}

/** A 19-digit account of the tag's own (distinct tags, distinct accounts, in practice). */
export function defaultAccount(tag: string): string {
  let h = 7;
  for (const c of tag) h = (h * 31 + c.charCodeAt(0)) % 1_000_000_000;
  return `6222020${String(h).padStart(12, '0')}`;
}

/** One approved application with its file, ledger entry and budget reservation. */
export async function seedApproved(w: Pick<TestWorld, 'deps'>, a: Approved): Promise<AidApplicationDoc> {
  const { deps } = w;
  const now = deps.clock.now();
  const year = a.year ?? shanghaiYear(now);
  const kind = a.kind ?? 'living';
  const federationId = a.federationId ?? PARK;
  const orgId = a.orgId ?? UNION_001.orgId;
  const idHash = deps.crypto.hash(`id|${a.tag}`);
  const account = a.account === undefined ? defaultAccount(a.tag) : a.account;
  const file: AidFileDoc = {
    _id: `af_${idHash}`,
    status: 'active',
    uid: a.uid ?? `wx_aid_${a.tag}`,
    memberId: `m_aid_${a.tag}`,
    name: a.name,
    idHash,
    orgId,
    orgName: a.orgName ?? UNION_001.orgName,
    federationId,
    cityId: 'org_city',
    scope: ['org_city', federationId, orgId],
    household: [],
    yearlyIncome: 24_000,
    rigidCosts: 6_000,
    causes: { primary: 'illness', secondary: null, story: '家住星海市滨江路88号3栋，丈夫患肺癌住院治疗' },
    bank: account ? { bankName: '中国工商银行星海分行', accountSealed: deps.crypto.seal(account), accountLast4: account.slice(-4) } : null,
    attachments: [],
    consent: { householdAt: now, sensitiveAt: now },
    tier: 'deep',
    activatedAt: now,
    reverifyDueAt: null,
    reminderSentFor: null,
    closedAt: null,
    closeReason: null,
    version: 1,
    updatedAt: now,
    history: [],
  };
  await deps.store.insert(AID_FILES, file);
  const appId = `aa_test_${a.tag}`;
  const budgetId = `ab_${federationId}_${year}_hardship.${kind}`;
  const ledgerId = `ag_hardship.${kind}_${year}_${idHash}`;
  const ledger: LedgerDoc = {
    _id: ledgerId,
    programme: `hardship.${kind}`,
    year,
    beneficiaryHash: idHash,
    applicationId: appId,
    amount: a.amount,
    fileId: file._id,
    kind,
    budgetId,
    at: now,
  };
  await deps.store.insert(AID_LEDGER, ledger);
  await deps.store.transact<BudgetDoc>(AID_BUDGETS, budgetId, (b) =>
    b
      ? { ...b, committed: b.committed + a.amount }
      : { _id: budgetId, orgId: federationId, year, programme: `hardship.${kind}`, total: 100_000, committed: a.amount, updatedAt: now },
  );
  const app: AidApplicationDoc = {
    _id: appId,
    uid: file.uid,
    fileId: file._id,
    kind,
    status: a.status ?? 'approved',
    owner: 'federation',
    ownerOrgId: federationId,
    ownerOrgName: '星海高新区工会联合会',
    name: a.name,
    idHash,
    orgId,
    orgName: file.orgName,
    federationId,
    cityId: 'org_city',
    scope: file.scope,
    year,
    reason: a.reason ?? '丈夫确诊肺癌，化疗费用高，家庭收入仅靠本人，联系电话13912345678，身份证110101199003071234',
    requestedAmount: a.amount,
    outOfPocket: null,
    student: null,
    attachments: [],
    tier: 'deep',
    amount: a.amount,
    missing: [],
    ledgerId,
    budgetId,
    noticeId: null,
    payment: null,
    stepStartedAt: now,
    dueAt: null,
    escalated: false,
    submittedAt: now - 10 * 86400_000,
    closedAt: null,
    updatedAt: now,
    version: 4,
    history: [],
  };
  await deps.store.insert(AID_APPLICATIONS, app);
  return app;
}

/** The stored application, as it is now. */
export async function appNow(w: Pick<TestWorld, 'deps'>, id: string): Promise<AidApplicationDoc> {
  const d = await w.deps.store.get<AidApplicationDoc>(AID_APPLICATIONS, id);
  if (!d) throw new Error(`no application ${id}`);
  return d;
}

export const budgetNow = async (w: Pick<TestWorld, 'deps'>, id: string) => (await w.deps.store.get<BudgetDoc>(AID_BUDGETS, id))!;

/** A one-pixel PNG uploaded by `as` (org.uploadFile): an objection's evidence. */
export const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
