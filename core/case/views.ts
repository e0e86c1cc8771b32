/**
 * How a case looks to the one asking. The claimant (the reporter, or a co-claimant of a collective
 * case) reads the public timeline only: internal entries are filtered out BEFORE anything is built
 * from the timeline (steps, files, details), so no part of their view can carry one. The staff
 * handling it (the desk, the assignee, a supervisor above) see everything, internal entries marked.
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { Caller, SignedInCaller } from '../shared/caller';
import { FILES, type FileDoc, type FileRef } from '../shared/files';
import { mask } from '../shared/mask';
import { getOrg } from '../org';
import type { caseContract } from './contract';
import type { CaseRow, CaseView } from './schemas';
import { CASES, CASE_CLAIMANTS, type CaseDoc, type CaseEntry, type ClaimantDoc } from './model';
import {
  ASSIGNEE_ROLE_LABEL,
  CLOSED_CASE_STATUSES,
  CASE_EVENT_LABEL,
  CASE_STATUS_LABEL,
  CATEGORY_LABEL,
  COMPLEXITY_LABEL,
  LEGAL_AID_STATUS_LABEL,
  LEGAL_OUTCOME_LABEL,
  RESOLUTION_LABEL,
  SATISFACTION_LABEL,
} from './machine';
import { claimantIdOf, isLead, loadCase, viewerOf } from './step';
import { letterText } from './legal-aid';
import { claimantsOf } from './collective';
import { caseRulesFor } from './rules-store';
import { actionsFor, ownerLabelOf, slaOf, stepsOf, waitedDays, waitingTextOf, workerActionsFor } from './view-parts';

type In<K extends keyof typeof caseContract> = z.output<(typeof caseContract)[K]['input']>;

const KEY_DATE_LABEL = { filing: '立案日期', hearing: '开庭日期', limitation: '时效届满日期' } as const;
/** A co-claimant as another claimant sees them: neither their name nor their amount. */
const maskedWorker = (name: string) => `工友${mask('name', name)}`;

/** The files among `ids` that exist, in order (a removed one is left out, not an error). */
async function filesOf(deps: Pick<Dependencies, 'store'>, ids: string[], cache: Map<string, Promise<FileDoc | null>>): Promise<FileRef[]> {
  const out: FileRef[] = [];
  for (const id of ids) {
    if (!cache.has(id)) cache.set(id, deps.store.get<FileDoc>(FILES, id));
    const f = await cache.get(id);
    if (f) out.push({ id: f._id, name: f.name, contentType: f.contentType, size: f.size });
  }
  return out;
}

/** The case as `caller` sees it; NOT_FOUND for anyone who may not see it (viewerOf). */
export async function toCaseView(deps: Dependencies, caller: Caller, d: CaseDoc): Promise<CaseView> {
  const viewer = await viewerOf(deps, caller, d);
  const handler = viewer === 'handler';
  const lead = isLead(caller, d);
  const own = d.collective && caller.uid ? await deps.store.get<ClaimantDoc>(CASE_CLAIMANTS, claimantIdOf(deps, d._id, caller.uid)) : null;
  const claimantReading = !handler;
  // filter first: everything below is built from `entries`, never from d.timeline
  const claimants = d.collective ? await claimantsOf(deps, d._id) : [];
  const visible: CaseEntry[] = handler ? d.timeline : d.timeline.filter((e) => !e.internal);
  // an anonymous suggestion's author stays unnamed in the timeline too; a claimant reads the other claimants masked there as in the list
  const hidden = d.anonymous && !lead;
  const others = new Set(handler ? [] : [d.uid, ...claimants.map((c) => c.uid)].filter((uid) => uid !== caller.uid));
  const entries = visible.map((e) => (hidden && e.by === d.uid ? { ...e, byName: '匿名' } : others.has(e.by) ? { ...e, byName: maskedWorker(e.byName) } : e));
  const cache = new Map<string, Promise<FileDoc | null>>();
  const files = (ids: string[]) => filesOf(deps, ids, cache);

  const days = waitedDays(deps, d);
  const waitingText = waitingTextOf(d, days, claimantReading);
  const orgName = (await getOrg(deps, d.orgId)).name;

  let collective: CaseView['collective'] = null;
  if (d.collective) {
    const list = claimants.map((c) =>
      handler || c.uid === caller.uid
        ? { name: c.name, amountOwed: c.amountOwed, lead: c.lead, joinedAt: c.joinedAt }
        : { name: maskedWorker(c.name), amountOwed: null, lead: c.lead, joinedAt: c.joinedAt },
    );
    collective = {
      workers: d.collective.workers,
      amountOwed: d.collective.amountOwed,
      claimants: d.collective.claimants,
      claimedTotal: d.collective.claimedTotal,
      myAmount: !handler && own ? own.amountOwed : null,
      shareCode: !handler ? d.shareCode : null,
      list,
    };
  }

  let legalAid: CaseView['legalAid'] = null;
  if (d.legalAid) {
    const la = d.legalAid;
    const federationName = la.letter ? (await getOrg(deps, d.federationId ?? d.orgId)).name : '';
    legalAid = {
      status: la.status,
      statusLabel: LEGAL_AID_STATUS_LABEL[la.status],
      opponent: la.opponent,
      claimAmount: la.claimAmount,
      keyDate: la.keyDate,
      keyDateLabel: la.keyDate && la.keyDateKind ? `${KEY_DATE_LABEL[la.keyDateKind]} ${la.keyDate}` : null,
      urgent: la.urgent,
      eligibility: la.eligibility,
      decisionDueAt: la.decisionDueAt,
      decisionNote: la.decisionNote,
      letter: la.letter
        ? { no: la.letter.no, lawyerName: la.letter.lawyerName, issuedAt: la.letter.issuedAt, text: letterText(d, federationName) ?? '' }
        : null,
      report: la.report
        ? {
            outcome: la.report.outcome,
            outcomeLabel: LEGAL_OUTCOME_LABEL[la.report.outcome],
            summary: la.report.summary,
            recovered: la.report.recovered,
            files: await files(la.report.fileIds),
            at: la.report.at,
          }
        : null,
    };
  }

  const timeline: CaseView['timeline'] = [];
  for (const e of entries) {
    timeline.push({
      at: e.at,
      eventLabel: CASE_EVENT_LABEL[e.event],
      byName: e.byName,
      note: e.note,
      internal: e.internal,
      files: await files(e.fileIds),
      happenedAt: e.happenedAt ?? null,
    });
  }

  // the lead reads their own name; a co-claimant reads the lead as another worker; staff: 匿名 for an anonymous suggestion
  const claimantName = hidden ? '匿名' : handler || lead ? d.name : maskedWorker(d.name);
  return {
    id: d._id,
    no: d.no,
    category: d.category,
    categoryLabel: CATEGORY_LABEL[d.category],
    itemLabel: d.itemLabel,
    complexity: d.complexity,
    complexityLabel: COMPLEXITY_LABEL[d.complexity],
    title: d.title,
    description: d.description,
    files: await files(d.fileIds),
    enterpriseName: d.enterpriseName,
    claimantName,
    mobileMasked: (handler && !d.anonymous) || lead ? d.mobileMasked : null,
    orgName,
    ownerOrgName: d.ownerOrgName,
    status: d.status,
    statusLabel: CASE_STATUS_LABEL[d.status],
    // urgency is about the wait: a case that has ended is no longer urgent to anyone
    urgent: d.urgent && !CLOSED_CASE_STATUSES.includes(d.status),
    collective,
    assignee: d.assignee ? { name: d.assignee.name, roleLabel: ASSIGNEE_ROLE_LABEL[d.assignee.role] } : null,
    ownerLabel: ownerLabelOf(d, claimantReading),
    waitingText,
    waitingWorkingDays: days,
    dueAt: d.dueAt,
    resolveDueAt: d.resolveDueAt,
    sla: slaOf(deps, d),
    escalated: d.escalated,
    ask: d.ask ? { text: d.ask.text, at: d.ask.at } : null,
    resolution: d.resolution
      ? {
          kind: d.resolution.kind,
          kindLabel: RESOLUTION_LABEL[d.resolution.kind],
          summary: d.resolution.summary,
          recovered: d.resolution.recovered,
          files: await files(d.resolution.fileIds),
          at: d.resolution.at,
        }
      : null,
    rating: d.rating
      ? {
          score: d.rating.score,
          label: SATISFACTION_LABEL[d.rating.score] ?? '',
          comment: d.rating.comment,
          at: d.rating.at,
          viaLabel: d.rating.via === 'callback' ? '电话回访' : '诉求人评价',
        }
      : null,
    legalAid,
    steps: stepsOf(d, entries, waitingText),
    timeline,
    actions: handler ? actionsFor(deps, caller, d, d.legalAid ? (await caseRulesFor(deps, d.ownerOrgId)).rules.legalAidUrgentDays : 0) : [],
    workerActions: workerActionsFor(d, lead, lead || !!own),
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    version: d.version,
  };
}

/** A queue line: no timeline, no files, one read at most (the claimant check for a non-handler). */
export async function toCaseRow(deps: Dependencies, caller: Caller, d: CaseDoc): Promise<CaseRow> {
  const viewer = await viewerOf(deps, caller, d);
  const handler = viewer === 'handler';
  const lead = isLead(caller, d);
  return {
    id: d._id,
    no: d.no,
    categoryLabel: CATEGORY_LABEL[d.category],
    itemLabel: d.itemLabel,
    title: d.title,
    enterpriseName: d.enterpriseName,
    claimantName: d.anonymous && !lead ? '匿名' : handler || lead ? d.name : maskedWorker(d.name),
    status: d.status,
    statusLabel: CASE_STATUS_LABEL[d.status],
    // urgency is about the wait: a case that has ended is no longer urgent to anyone
    urgent: d.urgent && !CLOSED_CASE_STATUSES.includes(d.status),
    collective: d.collective ? { workers: d.collective.workers, amountOwed: d.collective.amountOwed } : null,
    ownerLabel: ownerLabelOf(d, !handler),
    waitingWorkingDays: waitedDays(deps, d),
    dueAt: d.dueAt,
    sla: slaOf(deps, d),
    escalated: d.escalated,
    createdAt: d.createdAt,
  };
}

/** How many of a worker's cases (own and joined) myCases lists: far more than anyone files. */
const MY_CASES_LIMIT = 100;

/** The caller's own cases and the collective cases they joined, the most recently changed first. */
export async function myCases(deps: Dependencies, caller: SignedInCaller): Promise<{ items: CaseView[] }> {
  const own = await deps.store.query<CaseDoc>(CASES, { where: { uid: caller.uid }, orderBy: [['updatedAt', 'desc']], limit: MY_CASES_LIMIT });
  const joined = await deps.store.query<ClaimantDoc>(CASE_CLAIMANTS, { where: { uid: caller.uid }, orderBy: [['joinedAt', 'desc']], limit: MY_CASES_LIMIT });
  const byId = new Map(own.items.map((d) => [d._id, d]));
  for (const c of joined.items) {
    if (byId.has(c.caseId)) continue;
    const d = await deps.store.get<CaseDoc>(CASES, c.caseId);
    if (d) byId.set(d._id, d);
  }
  const docs = [...byId.values()].sort((a, b) => b.updatedAt - a.updatedAt || (a._id < b._id ? -1 : 1));
  return { items: await Promise.all(docs.map((d) => toCaseView(deps, caller, d))) };
}

export async function getCase(deps: Dependencies, caller: Caller, input: In<'getCase'>): Promise<CaseView> {
  return toCaseView(deps, caller, await loadCase(deps, input.caseId));
}
