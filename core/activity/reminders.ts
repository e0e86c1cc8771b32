/**
 * The reminder job: each confirmed signup of an activity starting within 24 hours gets one notice,
 * claimed on the signup (`remindedAt`) before it is queued, so that a rerun sends nothing twice.
 */
import { queryAll } from '../shared/docstore';
import type { Dependencies } from '../shared/ports';
import { enqueue } from '../shared/outbox';
import { ACTIVITIES, KIND_LABEL, SIGNUPS, type ActivityDoc } from './model';
import { forEachSignup } from './records';
import { shanghaiShortTime } from '../shared/time';

/** Confirmed signups of activities starting within 24 hours get one reminder each. */
export async function remindUpcoming(deps: Dependencies): Promise<{ reminded: number }> {
  const now = deps.clock.now();
  let reminded = 0;
  const startingSoon = (status: ActivityDoc['status']) =>
    queryAll<ActivityDoc>(deps.store, ACTIVITIES, { where: { status, startAt: { $gte: now, $lte: now + 86400_000 } }, orderBy: [['startAt', 'asc']] });
  for (const a of [...(await startingSoon('open')), ...(await startingSoon('closed'))]) {
    await forEachSignup(deps, a._id, async (s) => {
      if (s.status !== 'confirmed' || s.remindedAt !== null) return;
      if (!(await deps.store.update(SIGNUPS, s._id, { set: { remindedAt: now } }, { remindedAt: null }))) return;
      await enqueue(deps, `${s._id}_reminder`, {
        to: `uid:${s.uid}`,
        template: 'activity_reminder',
        title: `${KIND_LABEL[a.kind]}提醒`,
        body: `您报名的“${a.title}”将于 ${shanghaiShortTime(a.startAt)} 在${a.place}开始${a.host ? `（${a.host}）` : ''}，请准时参加。`,
        page: `/pages/activity/detail?id=${a._id}`,
        fields: { activity: a.title, startAt: a.startAt, place: a.place },
      });
      reminded++;
    });
  }
  return { reminded };
}
