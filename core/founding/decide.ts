/**
 * Founding a union online (申请建会): application → the federation approves preparation → the
 * members' meeting elects chair and committee (results uploaded) → the federation approves → the
 * union is established, appears in the tree, and its organizer becomes its first officer.
 * Every step has an owner and a due date in working days; overdue steps are flagged and escalate.
 *
 * This file: the step every transition goes through (due dates, compare-and-set, notifying the next
 * owner), the federation's queue and decisions, and setting the union up once established.
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { Caller, SignedInCaller } from '../shared/caller';
import { conflict } from '../shared/errors';
import { recordAudit } from '../shared/audit';
import { enqueue } from '../shared/outbox';
import { calendarFor } from '../shared/workdays';
import { covers, establishUnion, listFederations, staffName } from '../org';
import type { foundingContract } from './contract';
import { FOUNDINGS, FOUNDING_LOCKS, type FoundingDoc } from './model';
import { FOUNDING_EVENT_LABEL, FOUNDING_STATUS_LABEL, OPEN_FOUNDING, STEP_OWNER, nextFoundingStatus, type FoundingEvent, type FoundingStatus } from './machine';
import { assertOfficer, load, toView } from './views';

type In<K extends keyof typeof foundingContract> = z.output<(typeof foundingContract)[K]['input']>;

/** Working days each step may take: review, members' meeting, final approval. */
function stepDays(deps: Dependencies, status: FoundingStatus): number | null {
  const d = deps.config.foundingStepWorkingDays;
  return status === 'submitted' ? d.review : status === 'preparing' ? d.election : status === 'elected' ? d.approval : null;
}

export function dueFor(deps: Dependencies, status: FoundingStatus, from: number): number | null {
  const days = stepDays(deps, status);
  return days === null ? null : calendarFor(deps.config.calendar).addWorkingDays(from, days);
}

/**
 * One step: a compare-and-set on `version`, so two officers deciding at once cannot both win.
 * Notifies the next owner.
 */
export async function step(
  deps: Dependencies,
  d: FoundingDoc,
  event: FoundingEvent,
  by: { uid: string; name: string },
  note: string | null,
  extra: Partial<FoundingDoc> = {},
): Promise<FoundingDoc> {
  const to = event === 'escalate' ? d.status : nextFoundingStatus(d.status, event);
  const now = deps.clock.now();
  const moving = to !== d.status;
  const next: Partial<FoundingDoc> = {
    status: to,
    owner: STEP_OWNER[to] ?? null,
    ...(moving ? { stepStartedAt: now, dueAt: dueFor(deps, to, now), escalated: false } : {}),
    ...(OPEN_FOUNDING.includes(to) ? {} : { closedAt: now }),
    version: d.version + 1,
    ...extra,
  };
  const entry = { at: now, event, by: by.uid, byName: by.name, to, note };
  if (!(await deps.store.update(FOUNDINGS, d._id, { set: next as Record<string, unknown>, push: { history: entry } }, { version: d.version }))) {
    throw conflict('该申请刚刚已被他人处理，请刷新后查看', { foundingId: d._id });
  }
  const after = { ...d, ...next, history: [...d.history, entry] } as FoundingDoc;
  if (!OPEN_FOUNDING.includes(to)) await deps.store.remove(FOUNDING_LOCKS, d.enterpriseId, { foundingId: d._id });
  await notifyNextOwner(deps, after, event);
  return after;
}

export async function notifyNextOwner(deps: Dependencies, d: FoundingDoc, event: FoundingEvent) {
  const page = `/pages/founding/index?id=${d._id}`;
  const key = `${d._id}_v${d.version}`;
  if (d.owner === 'federation') {
    await enqueue(deps, key, {
      to: `org:${d.federationId}`,
      template: 'founding_todo',
      title: '建会申请待处理',
      body: `${d.enterpriseName}的建会申请“${FOUNDING_STATUS_LABEL[d.status]}”，请在期限内处理。`,
      page: `/admin/founding/detail?id=${d._id}`,
      fields: { applicant: d.enterpriseName, note: FOUNDING_STATUS_LABEL[d.status] },
    });
  }
  if (d.owner === 'organizer' || !OPEN_FOUNDING.includes(d.status) || event === 'return') {
    await enqueue(deps, `${key}_organizer`, {
      to: `uid:${d.organizerUid}`,
      template: 'founding_progress',
      title: '建会进度更新',
      body: `${d.enterpriseName}建会申请：${FOUNDING_EVENT_LABEL[event]}，当前“${FOUNDING_STATUS_LABEL[d.status]}”。`,
      page,
      fields: { item: `${d.enterpriseName}建会`, status: FOUNDING_STATUS_LABEL[d.status], note: FOUNDING_EVENT_LABEL[event] },
    });
  }
}

export async function queue(deps: Dependencies, caller: Caller, input: In<'queue'>) {
  // the federations the caller works for and those below them (admins: every federation)
  const federations = await listFederations(deps);
  const fedIds = federations.filter((f) => covers(caller, f, ['federation_officer', 'admin'])).map((f) => f._id);
  const now = deps.clock.now();
  const statuses: FoundingStatus[] = input.status ? [input.status] : ['submitted', 'preparing', 'elected'];
  const items: FoundingDoc[] = [];
  const counts = { submitted: 0, preparing: 0, elected: 0, overdue: 0 };
  for (const fedId of fedIds) {
    for (const st of ['submitted', 'preparing', 'elected'] as const) {
      counts[st] += await deps.store.count(FOUNDINGS, { federationId: fedId, status: st });
      counts.overdue += await deps.store.count(FOUNDINGS, { federationId: fedId, status: st, dueAt: { $lt: now } });
    }
    for (const st of statuses) {
      const where = { federationId: fedId, status: st, ...(input.overdueOnly ? { dueAt: { $lt: now } } : {}) };
      const page = await deps.store.query<FoundingDoc>(FOUNDINGS, { where, orderBy: [['dueAt', 'asc']], limit: input.limit });
      items.push(...page.items);
    }
  }
  items.sort((a, b) => (a.dueAt ?? a.closedAt ?? 0) - (b.dueAt ?? b.closedAt ?? 0));
  return { items: await Promise.all(items.slice(0, input.limit).map((d) => toView(deps, d, caller))), counts };
}

export async function decide(deps: Dependencies, caller: SignedInCaller, input: In<'decide'>) {
  const d = await load(deps, input.foundingId);
  assertOfficer(caller, d);
  if (d.version !== input.version) throw conflict('该申请刚刚已被他人处理，请刷新后查看', { foundingId: d._id });
  const by = { uid: caller.uid, name: await staffName(deps, caller.uid, '联合会') };
  let after = await step(deps, d, input.event, by, input.note || null);
  await recordAudit(deps, {
    actorUid: by.uid,
    action: `founding.${input.event}`,
    target: { collection: FOUNDINGS, id: d._id },
    before: { status: d.status },
    after: { status: after.status },
    reason: input.note || null,
  });
  if (after.status === 'established') after = await establish(deps, after);
  return toView(deps, after, caller);
}

/**
 * Sets the union up once the founding is established: the union org (id derived from the founding,
 * so a repeat finds it), the enterprise's unionId (conditional on having none), the organizer's
 * officer grant. Each write is idempotent, so the timer job can finish a run that was cut off.
 */
export async function establish(deps: Dependencies, d: FoundingDoc): Promise<FoundingDoc> {
  const unionId = `org_u_${d._id.slice(3)}`;
  const union = await establishUnion(deps, {
    unionId,
    federationId: d.federationId,
    enterpriseId: d.enterpriseId,
    enterpriseName: d.enterpriseName,
    officerUid: d.organizerUid,
    officerName: d.organizerName,
  });
  await deps.store.update(FOUNDINGS, d._id, { set: { unionId } }, { unionId: null });
  await enqueue(deps, `${d._id}_established`, {
    to: `uid:${d.organizerUid}`,
    template: 'founding_established',
    title: '工会已成立',
    body: `${union.name}已批复成立，您已获得工会工作人员权限，可在“工会工作台”办理会员入会。`,
    page: '/admin/queue/index',
    fields: { note: `${union.name}已批复成立` },
  });
  return { ...d, unionId };
}
