/**
 * The one write every change of an application goes through: a conditional update on
 * `{_id, status, version}`, so of two writers at once (two officers, an officer and the applicant,
 * the escalation timer) exactly one matches and the other gets CONFLICT. And the release of the
 * person's claim when an application closes without a membership.
 */
import { conflict } from '../shared/errors';
import type { Dependencies } from '../shared/ports';
import { nextStatus, type ApplicationEvent, type ApplicationStatus } from './machine';
import { APPLICATIONS, PERSONS, personIdFor, type ApplicationDoc } from './model';

type Entry = ApplicationDoc['history'][number];

/** Writes `set` with the status `to` and the history `entry`, if nobody changed the application since `doc` was read. */
export async function commit(
  deps: Dependencies,
  doc: ApplicationDoc,
  change: { to: ApplicationStatus; set: Partial<ApplicationDoc>; entry: Entry },
): Promise<ApplicationDoc> {
  const { to, set, entry } = change;
  const ok = await deps.store.update(
    APPLICATIONS,
    doc._id,
    { set: { ...set, status: to }, inc: { version: 1 }, push: { history: entry } },
    { status: doc.status, version: doc.version },
  );
  if (!ok) throw conflict('该申请刚刚已被他人处理，请刷新后查看最新状态。');
  return { ...doc, ...set, status: to, version: doc.version + 1, history: [...doc.history, entry] };
}

/** Applies `event` (or the timer's `escalate`, which keeps the status) through `commit`. */
export async function transition(
  deps: Dependencies,
  doc: ApplicationDoc,
  event: ApplicationEvent | 'escalate',
  actor: Entry['actor'],
  set: Partial<ApplicationDoc>,
  reason: string | null,
): Promise<ApplicationDoc> {
  const to = event === 'escalate' ? doc.status : nextStatus(doc.status, event);
  return commit(deps, doc, { to, set, entry: { at: deps.clock.now(), actor, event, to, reason } });
}

/** Frees the person for another application, if this one still holds the claim. */
export async function releaseClaim(deps: Dependencies, doc: ApplicationDoc) {
  await deps.store.update(PERSONS, personIdFor(doc.idHash), { set: { openApplicationId: null } }, { openApplicationId: doc._id });
}
