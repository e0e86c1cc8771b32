/**
 * Applications filed into the aid pipeline from outside it: the autumn scholarship (金秋助学) hands
 * each application its campaign accepted to aid, which reviews, notices and pays it by the same
 * rules as hardship aid (the union's first check and review, the federation's approval within the
 * cap and the budget, the public notice, the payment roster). Aid knows nothing of campaigns: the
 * campaign's facts (the plan's amount, the org whose budget funds it, the student) come in with
 * the application, and what became of each application goes back out by its source id.
 */
import type { Dependencies } from '../shared/ports';
import { AppError } from '../shared/errors';
import { DuplicateKeyError } from '../shared/docstore';
import { getOrg } from '../org';
import { findMember } from '../member';
import { AID_APPLICATIONS, AID_BUDGETS, type AidApplicationDoc, type AidAttachment, type BudgetDoc } from './model';
import { AID_STATUS_LABEL, AID_STEP_OWNER, AID_TIER_LABEL, type AidStatus } from './machine';
import { dueFor } from './step';
import { requireRulesFor } from './rules-store';
import { loadFileOf } from './file';
import { budgetIdFor } from './funding';
import { notifyAfter } from './review';

/** The parent's active hardship file (一户一档), or null: a scholarship's eligibility may rest on it. */
export async function activeFileOf(deps: Pick<Dependencies, 'store'>, uid: string): Promise<{ fileId: string; tierLabel: string | null } | null> {
  const f = await loadFileOf(deps, uid);
  if (!f || f.status !== 'active') return null;
  return { fileId: f._id, tierLabel: f.tier ? AID_TIER_LABEL[f.tier] : null };
}

/** The aid application filed for a source application: one per source, by its id. */
export const externalIdFor = (deps: Pick<Dependencies, 'crypto'>, sourceId: string) => `aa_x_${deps.crypto.hash(`external|${sourceId}`).slice(0, 24)}`;

export interface ExternalApplication {
  programme: 'scholarship';
  /** the source application (the scholarship's `sa_…`): the natural key, so a retry files nothing twice */
  sourceId: string;
  campaignId: string;
  /** the parent applying: a member; the handling org and scope come from the membership */
  uid: string;
  /** the student funded: the funding ledger's beneficiary (exclusive with hardship 助学 for the same student) */
  beneficiary: { name: string; idHash: string };
  student: { school: string; grade: string };
  year: number;
  /** the plan's amount for this student: asked for, and the cap of the approval */
  amount: number;
  /** the org whose budget funds it (the one running the campaign) */
  fundOrgId: string;
  reason: string;
  /** the account given with the application, sealed by the same crypto port */
  bank: { bankName: string; accountSealed: string; accountLast4: string };
  attachments: AidAttachment[];
}

export interface FiledApplication {
  applicationId: string;
  status: AidStatus;
  statusLabel: string;
}

const filed = (d: Pick<AidApplicationDoc, '_id' | 'status'>): FiledApplication => ({
  applicationId: d._id,
  status: d.status,
  statusLabel: AID_STATUS_LABEL[d.status],
});

/**
 * Files `x` into review at the union's first check (初审), the step clock started, the union told.
 * Idempotent by `sourceId`: a retry (or two at once) answers the one application. CONFLICT when the
 * aid rules for the year are not published (no step deadlines, no notice period to work by).
 */
export async function fileExternalApplication(deps: Dependencies, x: ExternalApplication): Promise<FiledApplication> {
  const id = externalIdFor(deps, x.sourceId);
  const again = await deps.store.get<AidApplicationDoc>(AID_APPLICATIONS, id);
  if (again) return filed(again);
  const member = await findMember(deps, x.uid);
  if (!member) throw new AppError('FORBIDDEN', '金秋助学由工会会员为子女申报');
  const org = await getOrg(deps, member.orgId);
  const { rules } = await requireRulesFor(deps, org, x.year);
  const file = await activeFileOf(deps, x.uid);
  const now = deps.clock.now();
  const status: AidStatus = 'first_check';
  const doc: AidApplicationDoc = {
    _id: id,
    uid: x.uid,
    programme: x.programme,
    campaignId: x.campaignId,
    sourceId: x.sourceId,
    fileId: file?.fileId ?? null,
    kind: 'study',
    status,
    owner: AID_STEP_OWNER[status]!,
    ownerOrgId: org._id,
    ownerOrgName: org.name,
    name: member.name,
    idHash: member.idHash,
    orgId: org._id,
    orgName: org.name,
    federationId: member.federationId ?? org._id,
    cityId: member.cityId,
    scope: [...org.ancestors, org._id],
    year: x.year,
    reason: x.reason,
    requestedAmount: x.amount,
    outOfPocket: null,
    student: { memberIndex: null, school: x.student.school, grade: x.student.grade },
    beneficiary: x.beneficiary,
    planAmount: x.amount,
    fundOrgId: x.fundOrgId,
    bank: x.bank,
    attachments: x.attachments,
    tier: null,
    amount: null,
    missing: [],
    ledgerId: null,
    budgetId: null,
    noticeId: null,
    payment: null,
    stepStartedAt: now,
    dueAt: dueFor(deps, rules, status, now),
    escalated: false,
    submittedAt: now,
    closedAt: null,
    updatedAt: now,
    version: 1,
    history: [{ at: now, event: 'submit', by: x.uid, byName: member.name, to: status, note: null }],
  };
  try {
    await deps.store.insert(AID_APPLICATIONS, doc);
  } catch (e) {
    if (!(e instanceof DuplicateKeyError)) throw e;
    return filed((await deps.store.get<AidApplicationDoc>(AID_APPLICATIONS, id))!); // the same filing, twice at once
  }
  await notifyAfter(deps, doc, 'submit');
  return filed(doc);
}

export interface ExternalOutcome {
  applicationId: string;
  status: AidStatus;
  statusLabel: string;
  /** the approved amount (null until approved) */
  amount: number | null;
  paidAt: number | null;
}

/** What the pipeline made of each source application it holds (by source id); one it never received is absent. */
export async function outcomesOf(deps: Pick<Dependencies, 'store' | 'crypto'>, sourceIds: readonly string[]): Promise<Map<string, ExternalOutcome>> {
  const out = new Map<string, ExternalOutcome>();
  const ids = [...new Set(sourceIds)];
  // by natural key, a few at a time: no index needed, and a campaign's list stays a bounded fan-out
  for (let i = 0; i < ids.length; i += 20) {
    const chunk = ids.slice(i, i + 20);
    const docs = await Promise.all(chunk.map((s) => deps.store.get<AidApplicationDoc>(AID_APPLICATIONS, externalIdFor(deps, s))));
    docs.forEach((d, k) => {
      if (d)
        out.set(chunk[k], {
          applicationId: d._id,
          status: d.status,
          statusLabel: AID_STATUS_LABEL[d.status],
          amount: d.amount,
          paidAt: d.payment?.paidAt ?? null,
        });
    });
  }
  return out;
}

/**
 * Sets a programme's budget for an org and year to `total` (created if missing), never below what is
 * already committed: the campaign's plan is the scholarship's budget (`ab_<orgId>_<year>_scholarship`).
 */
export async function setProgrammeBudget(
  deps: Pick<Dependencies, 'store' | 'clock'>,
  b: { orgId: string; year: number; programme: string; total: number },
): Promise<BudgetDoc> {
  const id = budgetIdFor(b.orgId, b.year, b.programme);
  const now = deps.clock.now();
  for (let attempt = 0; attempt < 3; attempt++) {
    const cur = await deps.store.get<BudgetDoc>(AID_BUDGETS, id);
    if (!cur) {
      const doc: BudgetDoc = { _id: id, orgId: b.orgId, year: b.year, programme: b.programme, total: b.total, committed: 0, updatedAt: now };
      try {
        await deps.store.insert(AID_BUDGETS, doc);
        return doc;
      } catch (e) {
        if (!(e instanceof DuplicateKeyError)) throw e;
        continue; // created meanwhile: set it below
      }
    }
    if (await deps.store.update(AID_BUDGETS, id, { set: { total: b.total, updatedAt: now } }, { committed: { $lte: b.total } }))
      return { ...cur, total: b.total, updatedAt: now };
    const committed = (await deps.store.get<BudgetDoc>(AID_BUDGETS, id))?.committed ?? cur.committed;
    throw new AppError(
      'VALIDATION',
      `预算不能低于已批准的${committed.toLocaleString('zh-CN')}元`,
      [{ path: ['budget'], message: '预算不能低于已批准的金额' }],
      { committed },
    );
  }
  throw new AppError('CONFLICT', '预算正在变动，请稍后重试', undefined, { retryable: true });
}
