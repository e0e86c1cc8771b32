/**
 * How a founding looks to the one asking: the view with the actions and labels open to the caller,
 * and who may see or decide it (the organizer; officers of the federation handling it or above).
 */
import type { Dependencies } from '../shared/ports';
import type { Caller } from '../shared/caller';
import { AppError, notFound } from '../shared/errors';
import { mask } from '../shared/mask';
import { calendarFor } from '../shared/workdays';
import { FILES, type FileDoc } from '../shared/files';
import type { FoundingView } from './contract';
import { FOUNDINGS, type FoundingDoc } from './model';
import { DECISION_TITLE, FOUNDING_ACTOR, FOUNDING_EVENT_LABEL, FOUNDING_STATUS_LABEL, OPEN_FOUNDING, foundingActionsFor, type FoundingViewer } from './machine';

/** What the caller is to the founding: an officer of the federation handling it, its organizer. */
function foundingViewer(caller: Caller, d: FoundingDoc): FoundingViewer {
  return { federation: isOfficerFor(caller, d), organizer: caller.uid !== null && caller.uid === d.organizerUid };
}

/** The line a viewer sees about where the founding stands. */
function statusNoteFor(d: FoundingDoc, viewer: FoundingViewer): FoundingView['statusNote'] {
  if (d.status === 'established' && viewer.organizer) return { kind: 'ok', text: '工会已批复成立。您已获得工会工作人员权限，可在首页进入工作台办理会员入会。' };
  if (d.status === 'preparing' && viewer.federation) return { kind: 'info', text: '等待组织者召开会员大会并上传选举结果。' };
  return null;
}

/** The founding as the caller sees it, with the actions open to them. */
export async function toView(deps: Dependencies, d: FoundingDoc, caller: Caller): Promise<FoundingView> {
  const viewer = foundingViewer(caller, d);
  const actions = foundingActionsFor(d.status, viewer);
  const decides = actions.filter((a) => FOUNDING_ACTOR[a.key] === 'federation');
  const title = DECISION_TITLE[d.status];
  const noted = decides.filter((a) => a.needsNote).map((a) => a.label);
  const decision = title && decides.length ? { title, notePlaceholder: `意见（${noted.join('或')}时必填，组织者可以看到）` } : null;
  const now = deps.clock.now();
  const cal = calendarFor(deps.config.calendar);
  const open = OPEN_FOUNDING.includes(d.status);
  let sla: FoundingView['sla'] = 'done';
  if (open && d.dueAt !== null) sla = now >= d.dueAt ? 'overdue' : now >= d.dueAt - 86400_000 / 2 ? 'due_soon' : 'ok';
  let election: FoundingView['election'] = null;
  if (d.election) {
    const files = [];
    for (const id of d.election.fileIds) {
      const f = await deps.store.get<FileDoc>(FILES, id);
      if (f) files.push({ id: f._id, name: f.name, contentType: f.contentType, size: f.size });
    }
    election = {
      meetingDate: d.election.meetingDate,
      attendees: d.election.attendees,
      chairName: d.election.chairName,
      committee: d.election.committee,
      files,
    };
  }
  return {
    id: d._id,
    enterpriseId: d.enterpriseId,
    enterpriseName: d.enterpriseName,
    headcount: d.headcount,
    intendedMembers: d.intendedMembers,
    federationId: d.federationId,
    federationName: d.federationName,
    organizerName: d.organizerName,
    organizerMobileMasked: mask('mobile', deps.crypto.open(d.organizerMobileSealed)),
    organizerJob: d.organizerJob,
    status: d.status,
    statusLabel: FOUNDING_STATUS_LABEL[d.status],
    owner: d.owner,
    ownerLabel: d.owner === 'federation' ? d.federationName : d.owner === 'organizer' ? `组织者 ${d.organizerName}` : '—',
    dueAt: d.dueAt,
    sla,
    escalated: d.escalated,
    elapsedWorkingDays: cal.workingDaysBetween(d.submittedAt, open ? now : (d.closedAt ?? now)),
    election,
    unionId: d.unionId,
    submittedAt: d.submittedAt,
    closedAt: d.closedAt,
    version: d.version,
    history: d.history.map((h) => ({ at: h.at, event: h.event, eventLabel: FOUNDING_EVENT_LABEL[h.event], byName: h.byName, to: h.to, note: h.note })),
    actions,
    decision,
    statusNote: statusNoteFor(d, viewer),
  };
}

export async function load(deps: Dependencies, id: string): Promise<FoundingDoc> {
  const d = await deps.store.get<FoundingDoc>(FOUNDINGS, id);
  if (!d) throw notFound('建会申请');
  return d;
}

/** The organizer, or an officer whose scope covers the federation handling it. */
export function canSee(caller: Caller, d: FoundingDoc): boolean {
  if (caller.uid && caller.uid === d.organizerUid) return true;
  return isOfficerFor(caller, d);
}

/** An admin, or an officer of the federation handling it or one above. */
function isOfficerFor(caller: Caller, d: FoundingDoc): boolean {
  return caller.grants.some((g) => g.role === 'admin' || (g.role === 'federation_officer' && d.scope.includes(g.orgId)));
}

export function assertOfficer(caller: Caller, d: FoundingDoc) {
  if (!isOfficerFor(caller, d)) {
    throw new AppError('FORBIDDEN', '该建会申请不在您所在联合会的管理范围内');
  }
}
