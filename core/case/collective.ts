/**
 * Collective cases: the share card the lead sends to co-workers, and co-claimants joining with
 * their own amount. One claimant per person and case (`claimantIdOf`, a deterministic `_id`): a
 * second join, or two at once by the same person, inserts one document and the loser changes
 * nothing. The case's counters move by the store's atomic increment in the same write that pushes
 * the 'join' entry, so N people joining at once count N (never a read-then-write that loses one).
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { SignedInCaller } from '../shared/caller';
import { AppError } from '../shared/errors';
import { DuplicateKeyError, queryAll } from '../shared/docstore';
import { enqueue } from '../shared/outbox';
import { mask } from '../shared/mask';
import { findMember } from '../member';
import { needName } from './intake';
import type { caseContract } from './contract';
import type { CaseView, SharePreview } from './schemas';
import { CASES, CASE_CLAIMANTS, type CaseDoc, type CaseEntry, type ClaimantDoc } from './model';
import { CASE_STATUS_LABEL, type CaseStatus } from './machine';
import { claimantIdOf, claimantRecord, isLead, loadCase } from './step';
import { toCaseView } from './views';

type In<K extends keyof typeof caseContract> = z.output<(typeof caseContract)[K]['input']>;

/** Co-workers may join while the case is still being handled; once resolved, its result is in. */
const JOINABLE: readonly CaseStatus[] = ['received', 'assigned', 'handling'];

async function caseByCode(deps: Dependencies, code: string): Promise<CaseDoc> {
  const [d] = (await deps.store.query<CaseDoc>(CASES, { where: { shareCode: code }, limit: 1 })).items;
  if (!d || !d.collective) throw new AppError('NOT_FOUND', '邀请卡片已失效或不存在，请向发起人重新索取');
  return d;
}

/** The claimants of a case, the lead first, then in the order they joined. */
export async function claimantsOf(deps: Pick<Dependencies, 'store'>, caseId: string): Promise<ClaimantDoc[]> {
  const all = await queryAll<ClaimantDoc>(deps.store, CASE_CLAIMANTS, { where: { caseId }, orderBy: [['joinedAt', 'asc']] });
  return [...all.filter((c) => c.lead), ...all.filter((c) => !c.lead)];
}

/** Action: what the card shows before joining — the employer, the matter, how many; nobody's name or amount. */
export async function sharePreview(deps: Dependencies, caller: SignedInCaller, input: In<'sharePreview'>): Promise<z.input<typeof SharePreview>> {
  const d = await caseByCode(deps, input.code);
  const joined = isLead(caller, d) || !!(await claimantRecord(deps, d, caller.uid));
  return {
    code: input.code,
    enterpriseName: d.enterpriseName,
    itemLabel: d.itemLabel,
    title: d.title,
    workers: d.collective!.workers,
    claimants: d.collective!.claimants,
    statusLabel: CASE_STATUS_LABEL[d.status],
    joined,
    caseId: joined ? d._id : null,
    open: JOINABLE.includes(d.status),
    askName: !(await findMember(deps, caller.uid)),
  };
}

/** Action: a co-worker joins with their own amount; joining again changes nothing and opens the case. */
export async function join(deps: Dependencies, caller: SignedInCaller, input: In<'join'>): Promise<CaseView> {
  const d = await caseByCode(deps, input.code);
  const id = claimantIdOf(deps, d._id, caller.uid);
  if (isLead(caller, d)) return toCaseView(deps, caller, d);
  const known = await deps.store.get<ClaimantDoc>(CASE_CLAIMANTS, id);
  // joined before: counted already, or — a first attempt stopped between the record and the count — counted now
  if (known) return toCaseView(deps, caller, await counted(deps, d, known));
  if (!JOINABLE.includes(d.status))
    throw new AppError('ILLEGAL_TRANSITION', `该集体诉求${CASE_STATUS_LABEL[d.status]}，不能再加入；如您有同样的诉求，请另行提交`, undefined, {
      from: d.status,
    });
  const member = await findMember(deps, caller.uid);
  const now = deps.clock.now();
  const name = member?.name ?? input.name ?? needName();
  const claimant: ClaimantDoc = { _id: id, caseId: d._id, uid: caller.uid, name, amountOwed: input.amountOwed, lead: false, joinedAt: now };
  try {
    await deps.store.insert<ClaimantDoc>(CASE_CLAIMANTS, claimant);
  } catch (e) {
    if (!(e instanceof DuplicateKeyError)) throw e;
    // the same person twice at once: one record; the count is made once whichever of them makes it
    return toCaseView(deps, caller, await counted(deps, d, (await deps.store.get<ClaimantDoc>(CASE_CLAIMANTS, id)) ?? claimant));
  }
  return toCaseView(deps, caller, await counted(deps, d, claimant));
}

/**
 * Counts a claimant on the case exactly once: the increments, the 'join' entry and a mark of this
 * claimant (`joined.c<hash>`) in one write conditional on the mark's absence. So a retry after a
 * crash between the claimant's record and this write completes the count, and two attempts at once
 * count one. The lead is told of each joiner once (a keyed message).
 */
async function counted(deps: Dependencies, d: CaseDoc, c: ClaimantDoc): Promise<CaseDoc> {
  // joined before marks existed (a store seeded by an earlier version): its entry says it was counted
  if (!d.joined && d.timeline.some((e) => e.event === 'join' && e.by === c.uid)) return d;
  const mark = `joined.c${c._id.slice(-16)}`;
  // other claimants read the timeline: the masked name only, never the amount
  const masked = mask('name', c.name);
  const entry: CaseEntry = { at: c.joinedAt, event: 'join', by: c.uid, byName: masked, to: null, note: `${masked}加入集体诉求`, internal: false, fileIds: [] };
  await deps.store.update(
    CASES,
    d._id,
    {
      inc: { 'collective.claimants': 1, 'collective.claimedTotal': c.amountOwed },
      set: { [mark]: true, updatedAt: deps.clock.now() },
      push: { timeline: entry },
    },
    { [mark]: { $exists: false } },
  );
  const after = await loadCase(deps, d._id);
  const id = c._id;
  await enqueue(deps, `${d._id}_join_${id.slice(-16)}`, {
    to: `uid:${d.uid}`,
    template: 'case_progress',
    title: '有工友加入您的集体诉求',
    body: `${masked}已加入“${d.title}”，目前共${after.collective!.claimants}人。`,
    page: `/pages/case/detail?id=${d._id}`,
    fields: { item: '集体诉求', status: `共${after.collective!.claimants}人`, note: `${masked}已加入` },
  });
  return after;
}
