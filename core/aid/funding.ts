/**
 * Funding: who has been funded for what this year (the funding ledger) and what each programme may
 * still spend (the budgets). Two natural keys keep approvals honest under concurrency:
 * - a ledger entry `ag_<group>_<year>_<beneficiaryHash>` per beneficiary, programme group and year,
 *   inserted first: a second approval for the same need (in this or an exclusive programme, e.g.
 *   助学 and 金秋助学) collides on the `_id` and is refused (ALREADY_FUNDED);
 * - the budget `ab_<orgId>_<year>_<programme>` is reserved by ONE conditional increment that only
 *   matches while `committed + amount <= total`, so parallel approvals can never overspend it.
 *
 * Order of writes, so that the reconcile job (which sets a budget's `committed` to the sum of its
 * ledger entries) can only ever over-count, never under-count, while others write: a reservation
 * inserts the entry before it increments; a release claims the entry, decrements, then removes it.
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { Caller } from '../shared/caller';
import { AppError } from '../shared/errors';
import { DuplicateKeyError, queryAll } from '../shared/docstore';
import { recordAudit } from '../shared/audit';
import { shanghaiYear } from '../shared/time';
import { assertScope, getOrg, officerOrgId } from '../org';
import type { aidContract } from './contract';
import type { AidRules } from './rules';
import { AID_APPLICATIONS, AID_BUDGETS, AID_LEDGER, type AidApplicationDoc, type BudgetDoc, type LedgerDoc } from './model';
import { AID_FUNDED_STATUSES, AID_KIND_LABEL, type AidKind } from './machine';
import { PROGRAMMES } from './rules-store';

type In<K extends keyof typeof aidContract> = z.output<(typeof aidContract)[K]['input']>;

/** The programme key of a kind of hardship aid. */
export const programmeOf = (kind: AidKind) => `hardship.${kind}`;

/** 困难帮扶·医疗救助, 金秋助学 */
export function programmeLabel(programme: string): string {
  if (programme === 'scholarship') return '金秋助学';
  const kind = programme.replace(/^hardship\./, '') as AidKind;
  return AID_KIND_LABEL[kind] ? `困难帮扶·${AID_KIND_LABEL[kind]}` : programme;
}

/** The ledger group of a programme: its exclusive group's members sorted and joined, else the programme itself. */
export function ledgerGroup(rules: Pick<AidRules, 'exclusive'>, programme: string): string {
  const group = rules.exclusive.find((g) => g.includes(programme));
  return group ? [...group].sort().join('+') : programme;
}

export const ledgerIdFor = (group: string, year: number, beneficiaryHash: string) => `ag_${group}_${year}_${beneficiaryHash}`;
export const budgetIdFor = (orgId: string, year: number, programme: string) => `ab_${orgId}_${year}_${programme}`;

/** An entry older than this whose approval did not go through is an orphan (a call cut off between writes). */
export const ORPHAN_AFTER_MS = 10 * 60_000;

const yuan = (n: number) => `${n.toLocaleString('zh-CN')}元`;

function exhausted(programme: string, b: BudgetDoc | null, amount: number): AppError {
  if (!b) return new AppError('BUDGET_EXHAUSTED', `本年度该项目尚未安排预算（${programmeLabel(programme)}），请联系联合会`, undefined, { programme });
  const left = Math.max(0, b.total - b.committed);
  return new AppError('BUDGET_EXHAUSTED', `本年度${programmeLabel(programme)}预算不足：还剩${yuan(left)}，本次需${yuan(amount)}`, undefined, {
    programme,
    left,
    total: b.total,
  });
}

/**
 * Adds `amount` to the budget's `committed` in one conditional write that matches only while the
 * sum stays within `total` (read first for the figure the condition names; tried again only if the
 * total itself changed meanwhile). BUDGET_EXHAUSTED when it does not fit or no budget exists.
 */
async function reserveBudget(deps: Dependencies, budgetId: string, programme: string, amount: number): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const b = await deps.store.get<BudgetDoc>(AID_BUDGETS, budgetId);
    if (!b || b.committed + amount > b.total) throw exhausted(programme, b, amount);
    const t = b.total;
    const ok = await deps.store.update(
      AID_BUDGETS,
      budgetId,
      { inc: { committed: amount }, set: { updatedAt: deps.clock.now() } },
      { total: t, committed: { $lte: t - amount } },
    );
    if (ok) return;
    const now = await deps.store.get<BudgetDoc>(AID_BUDGETS, budgetId);
    if (!now || now.total === t) throw exhausted(programme, now, amount);
  }
  throw exhausted(programme, await deps.store.get<BudgetDoc>(AID_BUDGETS, budgetId), amount);
}

export interface Reservation {
  rules: Pick<AidRules, 'exclusive'>;
  programme: string;
  year: number;
  beneficiaryHash: string;
  applicationId: string;
  /** null: a scholarship family without a hardship file */
  fileId: string | null;
  kind: string;
  amount: number;
  budgetOrgId: string;
}

/**
 * Reserves funding for one approval: the ledger entry (the beneficiary's natural key) first, then
 * the budget. ALREADY_FUNDED when another application holds the entry; the application's own entry
 * (a retry after a cut-off call) is taken over. When the budget refuses, the entry goes again.
 */
export async function reserveFunding(deps: Dependencies, r: Reservation): Promise<{ ledgerId: string; budgetId: string }> {
  const ledgerId = ledgerIdFor(ledgerGroup(r.rules, r.programme), r.year, r.beneficiaryHash);
  const budgetId = budgetIdFor(r.budgetOrgId, r.year, r.programme);
  const entry: LedgerDoc = {
    _id: ledgerId,
    programme: r.programme,
    year: r.year,
    beneficiaryHash: r.beneficiaryHash,
    applicationId: r.applicationId,
    amount: r.amount,
    fileId: r.fileId,
    kind: r.kind,
    budgetId,
    at: deps.clock.now(),
  };
  await claimLedger(deps, entry);
  try {
    await reserveBudget(deps, budgetId, r.programme, r.amount);
  } catch (e) {
    await deps.store.remove(AID_LEDGER, ledgerId, { applicationId: r.applicationId });
    throw e;
  }
  return { ledgerId, budgetId };
}

async function claimLedger(deps: Dependencies, entry: LedgerDoc): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await deps.store.insert(AID_LEDGER, entry);
      return;
    } catch (e) {
      if (!(e instanceof DuplicateKeyError) && (e as Error).name !== 'DuplicateKeyError') throw e;
    }
    const held = await deps.store.get<LedgerDoc>(AID_LEDGER, entry._id);
    if (!held) continue; // released meanwhile: try again
    if (held.applicationId === entry.applicationId && !held.releasing) {
      // our own entry from a call cut off before (or after) the budget was reserved: take it over in
      // place and reserve again below; if the budget was reserved already, committed over-counts
      // (never overspends) until the reconcile job recomputes it from the ledger
      const { _id, ...rest } = entry;
      if (await deps.store.update(AID_LEDGER, _id, { set: rest }, { applicationId: entry.applicationId, releasing: { $exists: false } })) return;
      continue;
    }
    if (await isOrphan(deps, held)) {
      await deps.store.remove(AID_LEDGER, held._id, { applicationId: held.applicationId, at: held.at });
      continue;
    }
    throw new AppError(
      'ALREADY_FUNDED',
      `受助人本年度已获${programmeLabel(held.programme)}，同一需要每人每年只能资助一次（帮扶与金秋助学等不重复享受）`,
      undefined,
      {
        programme: held.programme,
      },
    );
  }
  throw new AppError('CONFLICT', '资金台账正在变动，请稍后重试', undefined, { retryable: true });
}

/** An entry whose aid application never reached (or left) a funded status, older than the grace period. */
async function isOrphan(deps: Dependencies, e: LedgerDoc): Promise<boolean> {
  if (e.at > deps.clock.now() - ORPHAN_AFTER_MS) return false;
  if (e.releasing) return true;
  // entries of other programmes (the scholarship) belong to their own applications: not ours to judge
  const app = await deps.store.get<AidApplicationDoc>(AID_APPLICATIONS, e.applicationId);
  return !!app && !AID_FUNDED_STATUSES.includes(app.status);
}

/**
 * Gives an approval's money back: claims the entry (only one release wins, so a retry never returns
 * it twice), decrements the budget by the entry's amount, removes the entry. `amount` is what the
 * caller reserved; the entry's own amount (after any revision) is what goes back. False when the
 * entry was already released.
 */
export async function releaseFunding(deps: Dependencies, ledgerId: string, budgetId: string, amount: number): Promise<boolean> {
  const e = await deps.store.get<LedgerDoc>(AID_LEDGER, ledgerId);
  if (!e || e.releasing) return false;
  if (!(await deps.store.update(AID_LEDGER, ledgerId, { set: { releasing: true } }, { releasing: { $exists: false }, applicationId: e.applicationId })))
    return false;
  // the entry's amount is what the budget holds for it (a revision changes both together)
  const back = e.amount;
  if (back !== amount) console.warn(`[aid] releasing ${ledgerId}: the caller expected ${amount}, the ledger holds ${back}`);
  const ok = await deps.store.update(AID_BUDGETS, budgetId, { inc: { committed: -back }, set: { updatedAt: deps.clock.now() } }, { committed: { $gte: back } });
  if (!ok) console.error(`[aid] budget ${budgetId} held less than the ${back} released by ${ledgerId}; the reconcile job recomputes it`);
  await deps.store.remove(AID_LEDGER, ledgerId, { applicationId: e.applicationId });
  return true;
}

/**
 * Changes an approval's amount (an objection upheld with a revised amount): a decrease gives the
 * difference back before the entry shows the new amount; an increase records it on the entry, then
 * reserves the difference within the budget (BUDGET_EXHAUSTED restores the entry).
 */
export async function adjustFunding(deps: Dependencies, ledgerId: string, budgetId: string, newAmount: number): Promise<void> {
  const e = await deps.store.get<LedgerDoc>(AID_LEDGER, ledgerId);
  if (!e || e.releasing) throw new AppError('CONFLICT', '该帮扶的资金台账已释放，无法调整金额', undefined, { ledgerId });
  const delta = newAmount - e.amount;
  if (delta === 0) return;
  const bid = budgetId;
  const setAmount = (from: number, to: number) =>
    deps.store.update(AID_LEDGER, ledgerId, { set: { amount: to } }, { amount: from, releasing: { $exists: false } });
  if (delta < 0) {
    await deps.store.update(AID_BUDGETS, bid, { inc: { committed: delta }, set: { updatedAt: deps.clock.now() } }, { committed: { $gte: -delta } });
    if (!(await setAmount(e.amount, newAmount))) {
      await deps.store.update(AID_BUDGETS, bid, { inc: { committed: -delta } });
      throw new AppError('CONFLICT', '该帮扶的金额刚刚已被调整，请刷新后查看', undefined, { ledgerId });
    }
    return;
  }
  if (!(await setAmount(e.amount, newAmount))) throw new AppError('CONFLICT', '该帮扶的金额刚刚已被调整，请刷新后查看', undefined, { ledgerId });
  try {
    await reserveBudget(deps, bid, e.programme, delta);
  } catch (err) {
    await setAmount(newAmount, e.amount);
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Actions: budgets and the reconcile job

const FUNDERS = ['federation_officer', 'admin', 'finance_officer'] as const;

function toBudgetView(b: BudgetDoc) {
  return {
    programme: b.programme,
    programmeLabel: programmeLabel(b.programme),
    year: b.year,
    total: b.total,
    committed: b.committed,
    left: Math.max(0, b.total - b.committed),
  };
}

export async function budgets(deps: Dependencies, caller: Caller, input: In<'budgets'>) {
  const org = await getOrg(deps, officerOrgId(caller, input.orgId));
  assertScope(caller, org, FUNDERS);
  const year = input.year ?? shanghaiYear(deps.clock.now());
  const items = await queryAll<BudgetDoc>(deps.store, AID_BUDGETS, { where: { orgId: org._id, year } });
  items.sort((a, b) => PROGRAMMES.indexOf(a.programme) - PROGRAMMES.indexOf(b.programme));
  return { items: items.map(toBudgetView) };
}

/** Action: a federation sets a programme's budget for a year, never below what is already committed; audited. */
export async function setBudget(deps: Dependencies, caller: Caller, input: In<'setBudget'>) {
  const org = await getOrg(deps, officerOrgId(caller, input.orgId));
  assertScope(caller, org, ['federation_officer', 'admin']);
  if (org.kind === 'union') throw new AppError('VALIDATION', '帮扶资金预算由联合会或市总工会设定', [{ path: ['orgId'], message: '请选择联合会' }]);
  if (!PROGRAMMES.includes(input.programme))
    throw new AppError('VALIDATION', `未知的帮扶项目：${input.programme}`, [{ path: ['programme'], message: '请选择帮扶项目' }]);
  const now = deps.clock.now();
  if (input.year < shanghaiYear(now)) throw new AppError('VALIDATION', '往年的预算不能再修改', [{ path: ['year'], message: '往年的预算不能再修改' }]);
  const id = budgetIdFor(org._id, input.year, input.programme);
  const before = await deps.store.get<BudgetDoc>(AID_BUDGETS, id);
  if (!before) {
    const doc: BudgetDoc = { _id: id, orgId: org._id, year: input.year, programme: input.programme, total: input.total, committed: 0, updatedAt: now };
    try {
      await deps.store.insert(AID_BUDGETS, doc);
    } catch (e) {
      if ((e as Error).name !== 'DuplicateKeyError') throw e;
      return setBudget(deps, caller, input);
    }
  } else if (!(await deps.store.update(AID_BUDGETS, id, { set: { total: input.total, updatedAt: now } }, { committed: { $lte: input.total } }))) {
    const cur = await deps.store.get<BudgetDoc>(AID_BUDGETS, id);
    const committed = cur?.committed ?? before.committed;
    throw new AppError('VALIDATION', `预算不能低于已使用的${yuan(committed)}`, [{ path: ['total'], message: `不能低于已使用的${yuan(committed)}` }], {
      committed,
    });
  }
  const after = (await deps.store.get<BudgetDoc>(AID_BUDGETS, id))!;
  await recordAudit(deps, {
    actorUid: caller.uid ?? 'system',
    action: 'aid.setBudget',
    target: { collection: AID_BUDGETS, id },
    before: before ? { total: before.total, committed: before.committed } : null,
    after: { total: after.total, committed: after.committed },
    reason: null,
  });
  return toBudgetView(after);
}

/** How far back the job looks for orphans: it runs hourly, so older entries were judged before. */
const ORPHAN_WINDOW_MS = 48 * 3600_000;

/**
 * Timer job: removes ledger entries left by approvals cut off between writes (older than 10
 * minutes, their application not funded, or a release that never finished), then sets each recent
 * budget's `committed` to the sum of its ledger entries — conditionally on the figure read first,
 * so an approval landing meanwhile is never overwritten.
 */
export async function reconcile(deps: Dependencies): Promise<{ released: number; budgets: number }> {
  const now = deps.clock.now();
  let released = 0;
  const recent = await queryAll<LedgerDoc>(deps.store, AID_LEDGER, {
    where: { at: { $gte: now - ORPHAN_WINDOW_MS, $lt: now - ORPHAN_AFTER_MS } },
    orderBy: [['at', 'asc']],
  });
  for (const e of recent) {
    if (await isOrphan(deps, e)) {
      if (await deps.store.remove(AID_LEDGER, e._id, { applicationId: e.applicationId, at: e.at })) released++;
    }
  }
  let corrected = 0;
  const year = shanghaiYear(now);
  const all = await queryAll<BudgetDoc>(deps.store, AID_BUDGETS, {});
  for (const b of all.filter((x) => x.year >= year - 1)) {
    const c0 = b.committed;
    const entries = await queryAll<LedgerDoc>(deps.store, AID_LEDGER, { where: { budgetId: b._id } });
    const sum = entries.reduce((n, e) => n + e.amount, 0);
    if (sum !== c0 && (await deps.store.update(AID_BUDGETS, b._id, { set: { committed: sum, updatedAt: now } }, { committed: c0 }))) corrected++;
  }
  return { released, budgets: corrected };
}
