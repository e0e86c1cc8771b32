/**
 * The timer job: a case whose step is past its due time (not dispatched, not signed for, not
 * resolved, not quality-checked) is flagged once — `escalated`, an 'escalate' entry the worker reads
 * too — and the org above the one holding it is told to supervise; for a case not signed for, the
 * desk that assigned it as well. It is NEVER closed or moved for the delay (the research's
 * anti-pattern: an auto-close that makes the worker report again): the case keeps its place and its
 * holder. 回访 waits on the worker and is no clock of the staff's (the desk's phone callback covers it).
 */
import type { Dependencies } from '../shared/ports';
import { calendarFor } from '../shared/workdays';
import { getOrg } from '../org';
import { CASES, type CaseDoc, type CaseEntry } from './model';
import { CASE_STATUS_LABEL, CLOCKED_CASE_STATUSES } from './machine';
import { SYSTEM } from './step';
import { dayOf, tellStaff } from './handling-support';

const PAGE = 200;

export async function escalateOverdue(deps: Dependencies): Promise<{ escalated: number }> {
  const now = deps.clock.now();
  let escalated = 0;
  for (const status of CLOCKED_CASE_STATUSES) {
    // each flagged case drops out of the filter, so the first page again until none is left
    for (let round = 0; round < 50; round++) {
      const page = await deps.store.query<CaseDoc>(CASES, {
        where: { status, escalated: false, dueAt: { $lt: now } },
        orderBy: [['dueAt', 'asc']],
        limit: PAGE,
      });
      let progressed = false;
      for (const d of page.items) {
        const after = await flag(deps, d, now);
        // someone acted on it meanwhile (signed, resolved, moved): nothing to escalate
        if (!after) continue;
        progressed = true;
        escalated++;
        await tellAbove(deps, after, d.version, calendarFor(deps.config.calendar).workingDaysBetween(d.stepStartedAt, now));
      }
      if (!progressed || page.items.length < PAGE) break;
    }
  }
  escalated += await escalateLegalAid(deps, now);
  return { escalated };
}

/**
 * A legal-aid application not decided by its due date (rules.legalAidDecisionWorkingDays): flagged
 * once, an entry the worker reads, and the org above the federation told. The application stays as
 * it is; the decision is still the federation's.
 */
async function escalateLegalAid(deps: Dependencies, now: number): Promise<number> {
  let escalated = 0;
  for (const status of ['applied', 'pre_approved'] as const) {
    for (let round = 0; round < 50; round++) {
      const page = await deps.store.query<CaseDoc>(CASES, {
        where: { 'legalAid.status': status, 'legalAid.escalated': false, 'legalAid.decisionDueAt': { $lt: now } },
        orderBy: [['legalAid.decisionDueAt', 'asc']],
        limit: PAGE,
      });
      let progressed = false;
      for (const d of page.items) {
        const due = d.legalAid!.decisionDueAt;
        const entry: CaseEntry = {
          at: now,
          event: 'escalate',
          by: SYSTEM.uid,
          byName: SYSTEM.name,
          to: null,
          note: `法律援助审查已超过决定期限（${dayOf(due)}），已提醒上级督办`,
          internal: false,
          fileIds: [],
        };
        const set = { 'legalAid.escalated': true, updatedAt: now, version: d.version + 1 };
        const ok = await deps.store.update(
          CASES,
          d._id,
          { set, push: { timeline: entry } },
          { version: d.version, 'legalAid.status': status, 'legalAid.escalated': false },
        );
        // decided (or otherwise changed) meanwhile: nothing to escalate
        if (!ok) continue;
        progressed = true;
        escalated++;
        const holder = await getOrg(deps, d.ownerOrgId);
        const above = holder.parentId ?? holder._id;
        const days = calendarFor(deps.config.calendar).workingDaysBetween(d.createdAt, now);
        await tellStaff(deps, d, `${d._id}_legal_escalate_v${d.version}`, `org:${above}`, {
          title: '法律援助审查超时',
          body: `法律援助申请已等待${days}个工作日，超过决定期限（${dayOf(due)}），请督办（待${holder.name}审查）。`,
          note: `待${holder.name}审查，已超期`,
          overdue: true,
        });
      }
      if (!progressed || page.items.length < PAGE) break;
    }
  }
  return escalated;
}

/** One compare-and-set on the version read: the flag and its entry, or null when the case changed first. */
async function flag(deps: Dependencies, d: CaseDoc, now: number): Promise<CaseDoc | null> {
  const entry: CaseEntry = {
    at: now,
    event: 'escalate',
    by: SYSTEM.uid,
    byName: SYSTEM.name,
    to: null,
    note: `“${CASE_STATUS_LABEL[d.status]}”已超过办理期限（${dayOf(d.dueAt!)}），已提醒上级督办`,
    internal: false,
    fileIds: [],
  };
  const set = { escalated: true, updatedAt: now, version: d.version + 1 };
  const ok = await deps.store.update(CASES, d._id, { set, push: { timeline: entry } }, { version: d.version, status: d.status, escalated: false });
  return ok ? { ...d, ...set, timeline: [...d.timeline, entry] } : null;
}

/** The org above the holder hears of it (the city, holding it itself, hears it itself); for an unsigned assignment, the desk too. */
async function tellAbove(deps: Dependencies, d: CaseDoc, readVersion: number, days: number): Promise<void> {
  const holder = await getOrg(deps, d.ownerOrgId);
  const above = holder.parentId ?? holder._id;
  const who = d.status === 'assigned' || d.status === 'handling' ? (d.assignee?.name ?? holder.name) : holder.name;
  const key = `${d._id}_escalate_v${readVersion}`;
  await tellStaff(deps, d, key, `org:${above}`, {
    title: '案件超时未处理',
    body: `“${CASE_STATUS_LABEL[d.status]}”已超期，已等待${days}个工作日，请督办（待${who}处理，${holder.name}）。`,
    note: `待${who}处理，已超期`,
    overdue: true,
  });
  if (d.status === 'assigned' && above !== d.ownerOrgId) {
    await tellStaff(deps, d, `${key}_desk`, `org:${d.ownerOrgId}`, {
      title: '派单超时未签收',
      body: `${who}未在${dayOf(d.dueAt!)}前签收，请督促签收或改派。`,
      note: `${who}未按时签收`,
      overdue: true,
    });
  }
}
