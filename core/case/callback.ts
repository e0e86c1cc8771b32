/**
 * After 办结, and the worker's own steps: the claimant replies to what was asked of them, rates the
 * result (1–5: 3–5 goes on to 质检, 1–2 reopens the case with a fresh deadline and the level above
 * told), or withdraws the case before it is resolved; when the worker has not rated by the callback
 * deadline the desk records a phone callback (回访) with the same outcomes; a federation officer over
 * the case does the quality check (质检): pass closes it (结案), fail sends it back to the assignee.
 */
import type { Dependencies } from '../shared/ports';
import type { Caller, SignedInCaller } from '../shared/caller';
import { AppError } from '../shared/errors';
import { formatShanghai } from '../shared/time';
import { calendarFor } from '../shared/workdays';
import { attachFiles, getOrg } from '../org';
import type { CaseView } from './schemas';
import type { CaseDoc } from './model';
import type { CaseRules } from './rules';
import { CASE_STATUS_LABEL, CLOSED_CASE_STATUSES, SATISFACTION_LABEL, isSatisfied, nextCaseStatus } from './machine';
import { appendEntry, assertActs, assertVersion, claimantRecord, isAssignee, isDeskFor, isFederationFor, isLead, transition, type Actor } from './step';
import { caseFor, dayOf, handlerAddress, placeOf, rulesOf, staffActor, tellStaff, tellCoClaimants, tellWorker, view, type In } from './handling-support';

const leadOnly = (caller: Caller, d: CaseDoc, what: string) => assertActs(isLead(caller, d), `只有诉求提出人本人可以${what}`);

export async function reply(deps: Dependencies, caller: SignedInCaller, input: In<'reply'>): Promise<CaseView> {
  const { d } = await caseFor(deps, caller, input.caseId);
  const co = isLead(caller, d) ? null : await claimantRecord(deps, d, caller.uid);
  assertActs(isLead(caller, d) || !!co, '只有诉求人可以补充说明');
  if (CLOSED_CASE_STATUSES.includes(d.status))
    throw new AppError('ILLEGAL_TRANSITION', `诉求当前“${CASE_STATUS_LABEL[d.status]}”，不能再补充说明`, undefined, { from: d.status });
  const files = await attachFiles(deps, caller, input.fileIds, { ownerId: d._id, orgId: d.ownerOrgId });
  const now = deps.clock.now();
  const name = co ? co.name : d.name;
  const after = await appendEntry(
    deps,
    d,
    { event: 'reply', by: caller.uid, byName: d.anonymous ? '匿名' : name, note: input.text, internal: false, fileIds: files.map((f) => f.id) },
    { ask: null },
  );
  await tellStaff(deps, after, `${d._id}_reply_e${placeOf(after, now, caller.uid)}`, handlerAddress(after), {
    title: '诉求人已补充说明',
    body: `${co ? `共同诉求人${co.name}` : '诉求人'}补充：${input.text.slice(0, 60)}`,
    note: '诉求人已补充说明',
  });
  return view(deps, caller, after);
}

/**
 * The rating's outcome, whoever records it (the worker, or the desk on the phone): satisfied → 质检,
 * due within the quality deadline; not satisfied → back to the assignee with `reopenWorkingDays`
 * from now, counted as reopened, flagged and the org above the holder told to supervise.
 */
async function rated(deps: Dependencies, d: CaseDoc, by: Actor, score: number, comment: string, via: 'worker' | 'callback'): Promise<CaseDoc> {
  const satisfied = isSatisfied(score);
  const event = satisfied ? 'rate_satisfied' : 'rate_unsatisfied';
  nextCaseStatus(d.status, event);
  const rules = await rulesOf(deps, d.ownerOrgId);
  const now = deps.clock.now();
  const rating = { score, comment, at: now, via, by: by.uid };
  const words = `${via === 'callback' ? '电话回访：' : ''}${SATISFACTION_LABEL[score]}${comment ? `（${comment}）` : ''}`;
  if (satisfied) {
    const after = await transition(deps, d, event, by, words, { rules, extra: { rating } });
    await tellStaff(deps, after, `${d._id}_rated_v${after.version}`, `org:${d.federationId ?? d.cityId}`, {
      title: '案件待质检',
      body: `诉求人评价${SATISFACTION_LABEL[score]}，请于${dayOf(after.dueAt!)}前质检。`,
      note: '请质检',
    });
    return after;
  }
  const after = await transition(deps, d, event, by, `${words}，已报上级督办`, {
    rules,
    extra: { rating, ...reopened(deps, d, rules, now), escalated: true },
  });
  const key = `${d._id}_unsatisfied_v${after.version}`;
  const holder = await getOrg(deps, d.ownerOrgId);
  await tellStaff(deps, after, key, `org:${holder.parentId ?? holder._id}`, {
    title: '诉求人不满意',
    body: `诉求人评价${SATISFACTION_LABEL[score]}，已退回${d.assignee?.name ?? '承办人'}重新办理（${dayOf(after.resolveDueAt)}前），请督办（${holder.name}）。`,
    note: '诉求人不满意，请督办',
    overdue: true,
  });
  if (d.assigneeUid) {
    await tellStaff(deps, after, `${key}_assignee`, `uid:${d.assigneeUid}`, {
      title: '案件重新办理',
      body: `诉求人评价${SATISFACTION_LABEL[score]}${comment ? `（${comment}）` : ''}，请于${dayOf(after.resolveDueAt)}前重新办结。`,
      note: '诉求人不满意，请重新办理',
    });
  }
  return after;
}

/**
 * A case back in 办理: a fresh 办结 deadline from now, one more reopening. The 办结 it undoes no
 * longer counts: 按期办结率 goes by the latest one (stats.ts), so resolvedAt / resolvedOnTime are
 * cleared for the next resolve to set against the new deadline.
 */
function reopened(deps: Dependencies, d: CaseDoc, rules: CaseRules, now: number): Partial<CaseDoc> {
  return {
    resolveDueAt: calendarFor(deps.config.calendar).addWorkingDays(now, rules.reopenWorkingDays),
    metrics: { ...d.metrics, reopened: d.metrics.reopened + 1, resolvedAt: null, resolvedOnTime: null },
  };
}

export async function rate(deps: Dependencies, caller: SignedInCaller, input: In<'rate'>): Promise<CaseView> {
  const { d } = await caseFor(deps, caller, input.caseId);
  assertVersion(d, input.version);
  leadOnly(caller, d, '评价');
  const after = await rated(deps, d, { uid: caller.uid, name: d.anonymous ? '匿名' : d.name }, input.score, input.comment, 'worker');
  return view(deps, caller, after);
}

export async function withdraw(deps: Dependencies, caller: SignedInCaller, input: In<'withdraw'>): Promise<CaseView> {
  const { d } = await caseFor(deps, caller, input.caseId);
  assertVersion(d, input.version);
  leadOnly(caller, d, '撤回诉求');
  nextCaseStatus(d.status, 'withdraw');
  const after = await transition(deps, d, 'withdraw', { uid: caller.uid, name: d.anonymous ? '匿名' : d.name }, input.reason, {
    rules: await rulesOf(deps, d.ownerOrgId),
  });
  await tellStaff(deps, after, `${d._id}_withdraw_v${after.version}`, handlerAddress(d), {
    title: '诉求已撤回',
    body: `诉求人已撤回（${input.reason}），无需再办理。`,
    note: '诉求人已撤回',
  });
  return view(deps, caller, after);
}

export async function callback(deps: Dependencies, caller: SignedInCaller, input: In<'callback'>): Promise<CaseView> {
  const { d } = await caseFor(deps, caller, input.caseId);
  assertVersion(d, input.version);
  assertActs(isDeskFor(caller, d), `该诉求由${d.ownerOrgName}回访，您不能记录回访`);
  nextCaseStatus(d.status, 'rate_satisfied');
  // the worker rates first: the phone callback is for a rating that did not come
  if (d.dueAt !== null && deps.clock.now() < d.dueAt) {
    throw new AppError('FORBIDDEN', `诉求人可在${formatShanghai(d.dueAt, 'M月D日 HH:mm')}前自行评价，逾期未评价再电话回访`, undefined, { dueAt: d.dueAt });
  }
  const after = await rated(deps, d, await staffActor(deps, caller), input.score, input.comment, 'callback');
  return view(deps, caller, after);
}

export async function qualityCheck(deps: Dependencies, caller: SignedInCaller, input: In<'qualityCheck'>): Promise<CaseView> {
  const { d } = await caseFor(deps, caller, input.caseId);
  assertVersion(d, input.version);
  assertActs(isFederationFor(caller, d), '质检由上级工会联合会的工作人员办理');
  assertActs(!isAssignee(caller, d), '不能质检本人承办的案件，请由其他工作人员办理');
  const event = input.pass ? 'pass_quality' : 'fail_quality';
  nextCaseStatus(d.status, event);
  if (!input.pass && input.note.length < 2) throw new AppError('VALIDATION', '请写明质检不通过的原因', [{ path: ['note'], message: '请写明质检不通过的原因' }]);
  const rules = await rulesOf(deps, d.ownerOrgId);
  const by = await staffActor(deps, caller);
  const now = deps.clock.now();
  // the decision is public; the inspector's words are for the staff (an internal entry beside it)
  let after = await transition(deps, d, event, by, null, { rules, extra: input.pass ? {} : reopened(deps, d, rules, now) });
  if (input.note)
    after = await appendEntry(deps, after, { event: 'note', by: by.uid, byName: by.name, note: `质检意见：${input.note}`, internal: true, fileIds: [] });
  const key = `${d._id}_${event}_v${after.version}`;
  if (input.pass) {
    await tellWorker(deps, after, key, '已结案。感谢您的评价，如有新的问题可随时再次提出。', '已结案');
    await tellCoClaimants(deps, after, key, '已结案。如有新的问题可随时再次提出。', '已结案');
  } else {
    await tellStaff(deps, after, key, handlerAddress(after), {
      title: '质检不通过，请重新办理',
      body: `质检意见：${input.note}。请于${dayOf(after.resolveDueAt)}前重新办结。`,
      note: '质检不通过，请重新办理',
    });
  }
  return view(deps, caller, after);
}
