/**
 * The timer job: a review step past its due date escalates — flagged once, and the org above the
 * one holding it is told to supervise. It is NEVER rejected for the officer's delay (the research's
 * anti-pattern: an auto-reject that makes the worker apply again); the application keeps its place,
 * and the worker's view says who holds it and for how many working days.
 */
import type { Dependencies } from '../shared/ports';
import { AppError } from '../shared/errors';
import { enqueue } from '../shared/outbox';
import { mask } from '../shared/mask';
import { formatShanghai } from '../shared/time';
import { calendarFor } from '../shared/workdays';
import { getOrg } from '../org';
import type { AidRules } from './rules';
import { AID_APPLICATIONS, type AidApplicationDoc } from './model';
import { AID_REVIEW_STATUSES, AID_STATUS_LABEL } from './machine';
import { applicationLabel } from './programme';
import { SYSTEM, transition } from './step';
import { requireRulesFor } from './rules-store';
import { orgNamer } from './review';

const PAGE = 200;

export async function escalateOverdue(deps: Dependencies): Promise<{ escalated: number }> {
  const now = deps.clock.now();
  const cal = calendarFor(deps.config.calendar);
  const rulesCache = new Map<string, Pick<AidRules, 'stepWorkingDays'>>();
  let escalated = 0;
  for (const status of AID_REVIEW_STATUSES) {
    // each escalated step drops out of the filter, so the first page again until none is left
    for (let round = 0; round < 50; round++) {
      const page = await deps.store.query<AidApplicationDoc>(AID_APPLICATIONS, {
        where: { status, escalated: false, dueAt: { $lt: now } },
        orderBy: [['dueAt', 'asc']],
        limit: PAGE,
      });
      let progressed = false;
      for (const d of page.items) {
        const key = `${d.orgId}_${d.year}`;
        if (!rulesCache.has(key)) rulesCache.set(key, (await requireRulesFor(deps, await getOrg(deps, d.orgId), d.year)).rules);
        const days = cal.workingDaysBetween(d.stepStartedAt, now);
        let after: AidApplicationDoc;
        try {
          after = await transition(
            deps,
            d,
            'escalate',
            SYSTEM,
            `“${AID_STATUS_LABEL[d.status]}”已超过办理期限（${formatShanghai(d.dueAt!, 'M月D日')}），已提醒上级督办`,
            {
              rules: rulesCache.get(key)!,
              ownerOrgName: orgNamer(deps),
              extra: { escalated: true },
            },
          );
        } catch (e) {
          // an officer decided it meanwhile: nothing to escalate
          if (e instanceof AppError && e.code === 'CONFLICT') continue;
          throw e;
        }
        progressed = true;
        escalated++;
        await tellAbove(deps, after, days);
      }
      if (!progressed || page.items.length < PAGE) break;
    }
  }
  return { escalated };
}

/** The org above the one holding the step hears of it (the city, holding the last step, hears it itself); the worker hears it is being chased. */
async function tellAbove(deps: Dependencies, d: AidApplicationDoc, days: number): Promise<void> {
  const holder = await getOrg(deps, d.ownerOrgId!);
  const above = holder.parentId ?? holder._id;
  const who = `${d.orgName}${mask('name', d.name)}`;
  await enqueue(deps, `${d._id}_escalated_v${d.version}`, {
    to: `org:${above}`,
    template: 'aid_overdue',
    title: '帮扶申请超时',
    body: `${who}的${applicationLabel(d)}申请“${AID_STATUS_LABEL[d.status]}”已超期，已等待${days}个工作日，请督办（待${holder.name}处理）。`,
    page: `/admin/aid/detail?id=${d._id}`,
    fields: { applicant: mask('name', d.name), note: `待${holder.name}处理，已超期` },
  });
  await enqueue(deps, `${d._id}_escalated_v${d.version}_worker`, {
    to: `uid:${d.uid}`,
    template: 'aid_progress',
    title: '帮扶申请进度',
    body: `您的${applicationLabel(d)}申请在${holder.name}已等待${days}个工作日，超过办理期限，已提醒上级工会督办。申请继续有效，无需重新申请。`,
    page: `/pages/aid/application?id=${d._id}`,
    fields: { item: `${applicationLabel(d)}申请`, status: AID_STATUS_LABEL[d.status], note: '已提醒上级督办' },
  });
}
