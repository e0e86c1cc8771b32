/**
 * The SLA timer (定时任务): pending applications past their due time are escalated once to the
 * federation above (or the city), which is told to supervise. A decision made meanwhile wins.
 */
import { AppError } from '../shared/errors';
import type { Dependencies } from '../shared/ports';
import { mask } from '../shared/mask';
import { enqueue } from '../shared/outbox';
import { APPLICATIONS, type ApplicationDoc } from './model';
import { transition } from './transition';

/** Timer job: pending applications past their due time escalate to the federation above. */
export async function escalateOverdue(deps: Dependencies): Promise<{ escalated: number }> {
  const now = deps.clock.now();
  let escalated = 0;
  const tried = new Set<string>();
  for (;;) {
    const page = await deps.store.query<ApplicationDoc>(APPLICATIONS, {
      where: { status: 'pending', escalated: false, dueAt: { $lt: now } },
      orderBy: [['dueAt', 'asc']],
      limit: 200,
    });
    const fresh = page.items.filter((d) => !tried.has(d._id));
    if (fresh.length === 0) break;
    for (const doc of fresh) {
      tried.add(doc._id);
      const target = doc.federationId && doc.federationId !== doc.orgId ? doc.federationId : doc.cityId;
      try {
        await transition(deps, doc, 'escalate', 'system', { escalated: true }, `超过${deps.config.joinSlaWorkingDays}个工作日未处理，已提醒上级工会`);
      } catch (e) {
        if (e instanceof AppError && e.code === 'CONFLICT') continue; // decided meanwhile
        throw e;
      }
      escalated++;
      await enqueue(deps, `${doc._id}_escalated`, {
        to: `org:${target}`,
        template: 'join_overdue',
        title: '入会申请超时未处理',
        body: `${doc.orgName}的${doc.name}入会申请已超过${deps.config.joinSlaWorkingDays}个工作日未处理，请督办。`,
        page: `/admin/review/index?id=${doc._id}`,
        fields: { applicant: mask('name', doc.name), note: `${doc.orgName}超时未处理，请督办` },
      });
    }
  }
  return { escalated };
}
