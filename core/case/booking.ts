/**
 * A legal consultation booked on the seat engine (法律咨询预约) turned into a case by the lawyer who
 * held it, with one action: the worker who booked is the claimant, the lawyer has it assigned and
 * signed at once (they are already on it), and the booking's title, time and place open the
 * timeline. One case per booking (`cs_b_<hash(signupId)>`): a second tap, or two at once, answer the
 * same case.
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { SignedInCaller } from '../shared/caller';
import { AppError } from '../shared/errors';
import { DuplicateKeyError } from '../shared/docstore';
import { enqueue } from '../shared/outbox';
import { calendarFor } from '../shared/workdays';
import { formatShanghai, shanghaiDate, startOfShanghaiDay } from '../shared/time';
import { covers, getOrg, staffName } from '../org';
import { findMember } from '../member';
import { bookingFacts, bookingsOf } from '../activity';
import type { caseContract } from './contract';
import type { CaseView } from './schemas';
import { CASES, newMetrics, type CaseDoc, type CaseEntry } from './model';
import { catalogueItem, resolveWorkingDays } from './rules';
import { CATEGORY_LABEL } from './machine';
import { caseNoOf, heldBy, loadCase } from './step';
import { caseRulesFor } from './rules-store';
import { toCaseView } from './views';

type In<K extends keyof typeof caseContract> = z.output<(typeof caseContract)[K]['input']>;

const DAY_MS = 86_400_000;
/** The lawyer's list: bookings from two weeks back (a consultation written up later) to a month ahead. */
const LIST_BACK_DAYS = 14;
const LIST_AHEAD_DAYS = 31;
/** Grants that may turn a booking into a case: the lawyer placed with the org (or above it), an admin. */
const MAY_CONVERT = ['lawyer', 'admin'] as const;

export const bookingCaseIdOf = (deps: Pick<Dependencies, 'crypto'>, signupId: string) => `cs_b_${deps.crypto.hash(`booking|${signupId}`).slice(0, 24)}`;

/** Action: the consultations booked with the lawyer's orgs (and below), each with the case it became, if any. */
export async function bookings(deps: Dependencies, caller: SignedInCaller) {
  const now = deps.clock.now();
  const orgIds = caller.grants.filter((g) => (MAY_CONVERT as readonly string[]).includes(g.role)).map((g) => g.orgId);
  const from = startOfShanghaiDay(now) - LIST_BACK_DAYS * DAY_MS;
  const items = [];
  for (const b of await bookingsOf(deps, orgIds, from, now + LIST_AHEAD_DAYS * DAY_MS)) {
    const caseId = bookingCaseIdOf(deps, b.signupId);
    const made = await deps.store.get<CaseDoc>(CASES, caseId);
    items.push({
      signupId: b.signupId,
      title: b.title,
      startAt: b.startAt,
      place: b.place,
      name: b.name,
      checkedIn: b.checkedInAt !== null,
      caseId: made ? caseId : null,
    });
  }
  return { items };
}

/** Action: the booking as a case held by the caller, signed at once; the worker told. */
export async function fromBooking(deps: Dependencies, caller: SignedInCaller, input: In<'fromBooking'>): Promise<CaseView> {
  const b = await bookingFacts(deps, input.signupId);
  if (!b) throw new AppError('NOT_FOUND', '预约不存在或已被删除');
  if (b.kind !== 'booking') throw new AppError('VALIDATION', '只有法律咨询等服务预约可以转为案件');
  if (b.status !== 'confirmed') throw new AppError('VALIDATION', '该预约未成功（已取消或仍在候补），不能转为案件');
  const org = await getOrg(deps, b.orgId);
  if (!covers(caller, org, MAY_CONVERT)) throw new AppError('FORBIDDEN', '该预约不在您驻点的工会范围内');
  if (b.uid === caller.uid) throw new AppError('FORBIDDEN', '本人的预约不能转为由自己承办的案件');
  if (input.category === 'legal_aid') {
    throw new AppError('VALIDATION', '法律援助须由职工本人申请并经联合会审查，请选择其他类别', [{ path: ['category'], message: '请选择其他类别' }]);
  }
  const id = bookingCaseIdOf(deps, b.signupId);
  const again = await deps.store.get<CaseDoc>(CASES, id);
  if (again) return toCaseView(deps, caller, again);

  const { rules } = await caseRulesFor(deps, org._id);
  const item = catalogueItem(rules, input.category, input.itemKey);
  if (!item) throw new AppError('VALIDATION', `请选择“${CATEGORY_LABEL[input.category]}”下的具体事项`, [{ path: ['itemKey'], message: '请选择具体事项' }]);
  const member = await findMember(deps, b.uid);
  const memberOrg = member ? await getOrg(deps, member.orgId) : null;
  const now = deps.clock.now();
  const me = { uid: caller.uid, name: await staffName(deps, caller.uid, '律师') };
  const role = covers(caller, org, ['lawyer']) ? 'lawyer' : 'federation_officer';
  const resolveDueAt = calendarFor(deps.config.calendar).addWorkingDays(now, resolveWorkingDays(rules, input.category, 'general'));
  const entry = (event: CaseEntry['event'], to: CaseEntry['to'], note: string | null): CaseEntry => ({
    at: now,
    event,
    by: me.uid,
    byName: me.name,
    to,
    note,
    internal: false,
    fileIds: [],
  });
  const when = `${formatShanghai(b.startAt, 'YYYY年M月D日 HH:mm')}—${formatShanghai(b.endAt, 'HH:mm')}`;
  const d: CaseDoc = {
    _id: id,
    no: caseNoOf(shanghaiDate(now), id),
    uid: b.uid,
    name: b.name,
    anonymous: false,
    mobileSealed: null,
    mobileMasked: null,
    memberId: member?._id ?? null,
    category: input.category,
    itemKey: item.key,
    itemLabel: item.label,
    complexity: 'general',
    title: input.title,
    description: input.description,
    fileIds: [],
    enterpriseId: member?.enterpriseId ?? null,
    enterpriseName: member?.enterpriseName ?? null,
    unionOrgId: memberOrg?.kind === 'union' ? memberOrg._id : null,
    orgId: org._id,
    ...heldBy(org),
    status: 'handling',
    owner: 'assignee',
    assignee: { uid: me.uid, name: me.name, role },
    assigneeUid: me.uid,
    priority: 1,
    urgent: false,
    collective: null,
    shareCode: null,
    legalAid: null,
    stepStartedAt: now,
    dueAt: resolveDueAt,
    escalated: false,
    resolveDueAt,
    ask: null,
    resolution: null,
    rating: null,
    metrics: newMetrics(now, { assignedAt: now, signedAt: now, signedOnTime: true }),
    bookingId: b.signupId,
    createdAt: now,
    updatedAt: now,
    version: 1,
    timeline: [
      entry('from_booking', null, `${b.title}，${when}，${b.place}${b.checkedInAt !== null ? '（已到场咨询）' : ''}`),
      entry('assign', 'assigned', `由${me.name}承办`),
      entry('sign', 'handling', null),
    ],
  };
  try {
    await deps.store.insert<CaseDoc>(CASES, d);
  } catch (e) {
    // the same booking converted at the same moment (a double tap, two devices): one case, theirs
    if (!(e instanceof DuplicateKeyError)) throw e;
    return toCaseView(deps, caller, await loadCase(deps, id));
  }
  await enqueue(deps, `${id}_from_booking_v1`, {
    to: `uid:${b.uid}`,
    template: 'case_progress',
    title: '法律咨询已转为案件办理',
    body: `您${when}的法律咨询已由${me.name}转为案件“${d.title}”继续办理，可在“我的诉求”查看进度。`,
    page: `/pages/case/detail?id=${id}`,
    fields: { item: d.title, status: '办理中', note: `承办人：${me.name}` },
  });
  return toCaseView(deps, caller, d);
}
