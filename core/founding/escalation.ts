/**
 * The timer job: flags overdue steps once and tells the federation above, and finishes any
 * establishment cut off between its writes.
 */
import type { Dependencies } from '../shared/ports';
import { AppError } from '../shared/errors';
import { enqueue } from '../shared/outbox';
import { getOrg } from '../org';
import { FOUNDINGS, type FoundingDoc } from './model';
import { FOUNDING_STATUS_LABEL } from './machine';
import { establish, step } from './decide';

export async function escalateOverdue(deps: Dependencies) {
  const now = deps.clock.now();
  let escalated = 0;
  for (const st of ['submitted', 'preparing', 'elected'] as const) {
    const page = await deps.store.query<FoundingDoc>(FOUNDINGS, {
      where: { status: st, escalated: false, dueAt: { $lt: now } },
      orderBy: [['dueAt', 'asc']],
      limit: 500,
    });
    for (const d of page.items) {
      try {
        await step(deps, d, 'escalate', { uid: 'system', name: '系统' }, `“${FOUNDING_STATUS_LABEL[d.status]}”已超过期限`, { escalated: true });
      } catch (e) {
        if (e instanceof AppError && e.code === 'CONFLICT') continue;
        throw e;
      }
      escalated++;
      const federation = await getOrg(deps, d.federationId);
      await enqueue(deps, `${d._id}_escalated_v${d.version}`, {
        to: `org:${federation.parentId ?? federation._id}`,
        template: 'founding_overdue',
        title: '建会申请超时',
        body: `${d.enterpriseName}的建会申请“${FOUNDING_STATUS_LABEL[d.status]}”已超期，请督办${d.owner === 'organizer' ? '（待组织者召开会员大会）' : `（待${d.federationName}处理）`}。`,
        page: `/admin/founding/detail?id=${d._id}`,
        fields: { applicant: d.enterpriseName, note: `“${FOUNDING_STATUS_LABEL[d.status]}”已超期，请督办` },
      });
    }
  }
  // finish establishments that were cut off between their writes
  let completed = 0;
  const done = await deps.store.query<FoundingDoc>(FOUNDINGS, { where: { status: 'established', unionId: null }, orderBy: [['dueAt', 'asc']], limit: 100 });
  for (const d of done.items) {
    await establish(deps, d);
    completed++;
  }
  return { escalated, completed };
}
