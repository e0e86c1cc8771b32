/**
 * The officers' side of an aid application: the review queue of an org's steps (oldest due first,
 * with SLA badges and counts; a federation may supervise its whole subtree), and the decisions —
 * the union's first check and full review, the federation's approval within the caps and the
 * budget, the level above's approval of an amount over the threshold, a return for more material
 * and a rejection, each with its reason. Every decision is audited and tells the next owner and the
 * worker.
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { Caller, SignedInCaller } from '../shared/caller';
import { AppError, conflict } from '../shared/errors';
import { recordAudit } from '../shared/audit';
import { enqueue } from '../shared/outbox';
import { mask } from '../shared/mask';
import { formatShanghai } from '../shared/time';
import { assertScope, getOrg, officerOrgId, staffName } from '../org';
import type { aidContract } from './contract';
import type { ApplicationView } from './schemas';
import { AID_APPLICATIONS, AID_FILES, type AidApplicationDoc, type AidFileDoc } from './model';
import {
  AID_EVENT_LABEL,
  AID_FUNDED_STATUSES,
  AID_REVIEW_STATUSES,
  AID_STATUS_LABEL,
  AID_TRANSITIONS,
  QUEUE_COUNT_CAP,
  nextAidStatus,
  type AidDecision,
  type AidHistoryEvent,
  type AidStatus,
} from './machine';
import { assertCanSee, transition, type Actor } from './step';
import { requireRulesFor } from './rules-store';
import { activateFile } from './file';
import { releaseFunding, reserveFunding } from './funding';
import { applicationLabel, assertCapOf, fundOrgOf, fundingProgrammeOf, isScholarship } from './programme';
import { beneficiaryOf, capHistory, decisionsFor, loadApplication, loadFile, toApplicationView } from './views';

type In<K extends keyof typeof aidContract> = z.output<(typeof aidContract)[K]['input']>;

export const actorOf = (uid: string, name: string): Actor => ({ uid, name });
/** Names the org holding a step, for the application's `ownerOrgName`. */
export const orgNamer = (deps: Dependencies) => async (orgId: string) => (await getOrg(deps, orgId)).name;

const officerPage = (id: string) => `/admin/aid/detail?id=${id}`;
const workerPage = (id: string) => `/pages/aid/application?id=${id}`;

/**
 * Tells whoever must act next (the org holding the step; the worker, of every officer's decision).
 * Keys carry the version, so a retried call never notifies twice. On a withdrawal, the org that held
 * it hears it no longer has to.
 */
export async function notifyAfter(deps: Dependencies, d: AidApplicationDoc, event: AidHistoryEvent, formerOwnerOrgId: string | null = null): Promise<void> {
  const key = `${d._id}_v${d.version}`;
  const who = `${d.orgName}${mask('name', d.name)}`;
  const kind = applicationLabel(d);
  const officerStep = d.owner === 'union' || d.owner === 'federation' || d.owner === 'upper';
  if (officerStep && d.ownerOrgId) {
    const due = d.dueAt ? `，请于${formatShanghai(d.dueAt, 'M月D日')}前办理` : '';
    await enqueue(deps, key, {
      to: `org:${d.ownerOrgId}`,
      template: 'aid_todo',
      title: '帮扶申请待处理',
      body: `${who}的${kind}申请“${AID_STATUS_LABEL[d.status]}”${due}。`,
      page: officerPage(d._id),
      fields: { applicant: mask('name', d.name), note: AID_STATUS_LABEL[d.status] },
    });
  }
  if (event === 'withdraw' && formerOwnerOrgId) {
    await enqueue(deps, `${key}_withdrawn`, {
      to: `org:${formerOwnerOrgId}`,
      template: 'aid_withdrawn',
      title: '帮扶申请已撤回',
      body: `${who}已撤回${kind}申请，无需再办理。`,
      page: officerPage(d._id),
      fields: { applicant: mask('name', d.name), note: '申请人已撤回' },
    });
  }
  // the worker's own steps (submit, resubmit, withdraw) need no message to the worker
  if (event !== 'submit' && event !== 'resubmit' && event !== 'withdraw') {
    const last = d.history[d.history.length - 1];
    const note = last?.note ? `（${last.note}）` : '';
    await enqueue(deps, `${key}_worker`, {
      to: `uid:${d.uid}`,
      template: 'aid_progress',
      title: '帮扶申请进度',
      body: `您的${kind}申请：${AID_EVENT_LABEL[event]}${note}，当前“${AID_STATUS_LABEL[d.status]}”。`,
      page: workerPage(d._id),
      fields: { item: `${kind}申请`, status: AID_STATUS_LABEL[d.status], note: AID_EVENT_LABEL[event] },
    });
  }
}

// ---------------------------------------------------------------------------------------------
// The queue

type QueueOut = z.output<(typeof aidContract)['queue']['output']>;
const REVIEW: readonly AidStatus[] = AID_REVIEW_STATUSES;

/**
 * The steps an org holds (or, supervising, every open step under a federation), review steps by due
 * date, then — for a federation — the approved ones waiting for a notice. One keyset cursor per
 * phase: `r_<store cursor>` while in the review steps, `a_<store cursor>` in the approved ones.
 */
export async function queue(deps: Dependencies, caller: Caller, input: In<'queue'>): Promise<QueueOut> {
  const org = await getOrg(deps, officerOrgId(caller, input.orgId));
  assertScope(caller, org);
  const now = deps.clock.now();
  const supervising = input.supervise && org.kind !== 'union';
  const base: Record<string, string> = supervising ? { [org.kind === 'federation' ? 'federationId' : 'cityId']: org._id } : { ownerOrgId: org._id };
  const withApproved = org.kind !== 'union' && !input.status && !input.overdueOnly;

  const counts = { first_check: 0, union_review: 0, federation_review: 0, upper_review: 0, approved: 0, overdue: 0 };
  for (const st of [...REVIEW, 'approved'] as const) {
    // a union holds no approved step; supervising, the approved ones are the federation's own
    counts[st as keyof typeof counts] =
      st === 'approved' && org.kind === 'union' ? 0 : await deps.store.count(AID_APPLICATIONS, { ...base, status: st }, { upTo: QUEUE_COUNT_CAP });
  }
  // one range per step (the index's own order) costs a third of one `$in` with a range at a million records
  for (const st of REVIEW) counts.overdue += await deps.store.count(AID_APPLICATIONS, { ...base, status: st, dueAt: { $lt: now } }, { upTo: QUEUE_COUNT_CAP });
  counts.overdue = Math.min(counts.overdue, QUEUE_COUNT_CAP);

  const after = input.after ?? null;
  if (after && !/^[ra]_/.test(after)) throw new AppError('VALIDATION', '分页参数无效，请刷新后重试', [{ path: ['after'], message: '分页参数无效' }]);
  const phase = after?.startsWith('a_') ? 'approved' : 'review';
  const storeCursor = after ? after.slice(2) || null : null;
  const docs: AidApplicationDoc[] = [];
  let next: string | null = null;
  if (phase === 'review') {
    const where = { ...base, status: input.status ? input.status : { $in: [...REVIEW] }, ...(input.overdueOnly ? { dueAt: { $lt: now } } : {}) };
    const page = await deps.store.query<AidApplicationDoc>(AID_APPLICATIONS, { where, orderBy: [['dueAt', 'asc']], limit: input.limit, after: storeCursor });
    docs.push(...page.items);
    if (page.next) next = `r_${page.next}`;
    else if (withApproved && counts.approved > 0) next = 'a_';
  }
  const room = input.limit - docs.length;
  if (withApproved && (phase === 'approved' || (next === 'a_' && room > 0))) {
    const page = await deps.store.query<AidApplicationDoc>(AID_APPLICATIONS, {
      where: { ...base, status: 'approved' },
      orderBy: [['dueAt', 'asc']],
      limit: phase === 'approved' ? input.limit : room,
      after: phase === 'approved' ? storeCursor : null,
    });
    docs.push(...page.items);
    next = page.next ? `a_${page.next}` : null;
  }
  return { items: await Promise.all(docs.map((d) => toApplicationView(deps, d, caller, { detail: false }))), next, counts };
}

// ---------------------------------------------------------------------------------------------
// Decisions

/**
 * Claims the application for an approval that reserves funds: one compare-and-set on its version,
 * so of two officers approving (or an officer approving while another rejects) exactly one goes on
 * to reserve money; the other gets CONFLICT before anything is written. The claim changes nothing
 * but the version: a claim whose reservation is refused leaves the application as it was, and the
 * refusal carries the new version for another try.
 */
async function claim(deps: Dependencies, d: AidApplicationDoc): Promise<AidApplicationDoc> {
  if (!(await deps.store.update(AID_APPLICATIONS, d._id, { set: { version: d.version + 1 } }, { version: d.version, status: d.status }))) {
    throw conflict('该申请刚刚已被他人处理，请刷新后查看', { applicationId: d._id });
  }
  return { ...d, version: d.version + 1 };
}

export async function decide(deps: Dependencies, caller: SignedInCaller, input: In<'decide'>): Promise<ApplicationView> {
  const d = await loadApplication(deps, input.applicationId);
  assertCanSee(caller, d); // an officer out of scope learns nothing, not even that it exists
  if (caller.uid === d.uid) throw new AppError('FORBIDDEN', '不能审核本人的帮扶申请，请由其他工作人员办理');
  if (d.version !== input.version) throw conflict('该申请刚刚已被他人处理，请刷新后查看', { applicationId: d._id });
  const event: AidDecision = input.event;
  if (event === 'return' && isScholarship(d)) {
    // the parent has no hardship form to complete it on (the campaign took the application): refuse with the reason instead
    throw new AppError('VALIDATION', '金秋助学申请不退回补正：材料不符的，请选择不予批准并写明理由', [
      { path: ['event'], message: '请选择不予批准并写明理由' },
    ]);
  }
  if (!decisionsFor(caller, d).some((a) => a.key === event)) {
    // legal from here but not the caller's step: say who holds it; otherwise the table's own refusal
    if (AID_TRANSITIONS[d.status][event]) throw new AppError('FORBIDDEN', `该步骤由${d.ownerOrgName ?? '上级工会'}办理，您不能${AID_EVENT_LABEL[event]}`);
    nextAidStatus(d.status, event); // throws the table's ILLEGAL_TRANSITION in words
  }
  const by = actorOf(caller.uid, await staffName(deps, caller.uid, '工会工作人员'));
  const { rules } = await requireRulesFor(deps, await getOrg(deps, d.orgId), d.year);
  const opts = { rules, ownerOrgName: orgNamer(deps) };
  const note = input.note || null;

  let after: AidApplicationDoc;
  let amount: number | null = d.amount;
  if (event === 'approve') {
    amount = input.amount!;
    const file = await loadFile(deps, d);
    // the caps first (the scholarship's: the plan's amount): pure, so a refusal writes nothing
    assertCapOf(rules, d, amount, await capHistory(deps, d));
    const claimed = await claim(deps, d);
    const funds = await reserveFunding(deps, {
      rules,
      programme: fundingProgrammeOf(d),
      year: d.year,
      beneficiaryHash: beneficiaryOf(d, file),
      applicationId: d._id,
      fileId: d.fileId,
      kind: d.kind,
      amount,
      budgetOrgId: fundOrgOf(d),
    }).catch((e: unknown) => {
      // refused (budget, already funded): the officer may try another amount on the claimed version
      if (e instanceof AppError) throw new AppError(e.code, e.message, e.issues, { ...e.details, version: claimed.version });
      throw e;
    });
    const upper = rules.upperApprovalAbove !== null && amount > rules.upperApprovalAbove;
    try {
      after = await transition(deps, claimed, upper ? 'refer_upper' : 'approve', by, note, {
        ...opts,
        extra: { amount, ledgerId: funds.ledgerId, budgetId: funds.budgetId },
      });
    } catch (e) {
      // nobody else can have moved a claimed application, but a store failure must not keep the money
      await releaseFunding(deps, funds.ledgerId, funds.budgetId, amount);
      throw e;
    }
  } else {
    const extra: Partial<AidApplicationDoc> = event === 'return' ? { missing: input.missing } : {};
    after = await transition(deps, d, event, by, note, { ...opts, extra });
    if (event === 'reject' && AID_FUNDED_STATUSES.includes(d.status) && d.ledgerId && d.budgetId && d.amount) {
      // the level above refused an amount the federation had reserved: the money goes back
      await releaseFunding(deps, d.ledgerId, d.budgetId, d.amount);
    }
  }
  if (after.status === 'approved') await activateOnApproval(deps, after, by);
  await recordAudit(deps, {
    actorUid: by.uid,
    action: `aid.${after.history[after.history.length - 1].event}`,
    target: { collection: AID_APPLICATIONS, id: d._id },
    before: { status: d.status, amount: d.amount },
    after: { status: after.status, amount, ...(event === 'return' ? { missing: input.missing } : {}) },
    reason: note,
  });
  await notifyAfter(deps, after, after.history[after.history.length - 1].event);
  return toApplicationView(deps, after, caller);
}

/**
 * The household's file becomes an active 困难职工档案 on its first approved aid (先建档、后帮扶), or
 * records the tier just approved. A file closed meanwhile stays closed (the approval stands; closing
 * was an officer's own decision).
 */
async function activateOnApproval(deps: Dependencies, d: AidApplicationDoc, by: Actor): Promise<void> {
  // a scholarship approval is the campaign's, not a hardship recognition: it never activates a file
  if (isScholarship(d) || !d.fileId || !d.tier) return;
  const file = await deps.store.get<AidFileDoc>(AID_FILES, d.fileId);
  if (file && file.status !== 'closed' && d.tier) await activateFile(deps, file._id, d.tier, by);
}
