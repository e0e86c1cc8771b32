/**
 * A legal-consultation booking (the demo's 法律咨询预约 slots on the seat engine) turned into a case by
 * the lawyer, on both stores: the worker as claimant, assigned to and signed by the lawyer at once,
 * the booking's title, time and place in the timeline, the worker told; one case per booking however
 * often (or however many at once) it is converted; refused for anything but a confirmed booking and
 * for a lawyer of another org.
 */
import { makeWorld, ok, type TestWorld } from '../../server/testing';
import { aPublishForm, aStaff } from '../../server/builders.testkit';
import { STAFF } from '../../core/org/model';
import { ACTIVITIES, type ActivityDoc } from '../../core/activity/model';
import { OUTBOX, type OutboxMessage } from '../../core/shared/outbox';
import { queryAll } from '../../core/shared/docstore';
import { CASES, type CaseDoc } from '../../core/case/model';
import { bookingCaseIdOf } from '../../core/case/booking';

const HOUR = 3600_000;
let w: TestWorld;
beforeEach(async () => {
  w = await makeWorld();
  // the demo's consultations (server/showcase.ts): the on-site lawyer's slots at the park, published as a series
  const firstDay = w.clock.now() + 23 * HOUR + 30 * 60_000; // Wednesday 09:30
  ok(
    await w.call(
      'activity',
      'publishSlots',
      {
        first: aPublishForm({
          kind: 'booking',
          title: '法律咨询预约',
          place: '园区职工服务中心 法律援助窗口',
          host: '周律师',
          seats: 2,
          orgId: 'org_park',
          description: '劳动合同、工资拖欠、工伤认定等问题，一对一咨询，每次约50分钟。',
          startAt: firstDay,
          endAt: firstDay + 50 * 60_000,
          signupClosesAt: firstDay - 2 * HOUR,
        }),
        slotsPerDay: 3,
        everyMinutes: 60,
        workingDays: 3,
      },
      'federation-officer',
    ),
  );
  ok(await w.call('activity', 'publish', aPublishForm({ title: '职工心理健康沙龙', orgId: 'org_park', membersOnly: false }), 'federation-officer'));
});
afterEach(() => w.close());

const activityTitled = async (title: string) => (await queryAll<ActivityDoc>(w.deps.store, ACTIVITIES, { where: { title }, orderBy: [['startAt', 'asc']] }))[0];
/** 李娜 books the demo's first legal-consultation slot through the activity function */
async function booked(as = 'member'): Promise<{ signupId: string; slot: ActivityDoc }> {
  const slot = await activityTitled('法律咨询预约');
  expect(slot.kind).toBe('booking');
  const s = ok(await w.call('activity', 'signup', { activityId: slot._id }, as));
  expect(s.status).toBe('confirmed');
  return { signupId: s.id, slot };
}
const convert = (signupId: string, as = 'lawyer') =>
  w.call(
    'case',
    'fromBooking',
    {
      signupId,
      category: 'consult',
      itemKey: 'wages_hours',
      title: '加班工资计算咨询',
      description: '咨询调休与加班费的计算方法，公司按基本工资计发加班费，差额约四千元。',
    },
    as,
  );

it('the lawyer turns a booking into a case: the worker as claimant, signed at once, the booking in the timeline, the worker told', async () => {
  const { signupId, slot } = await booked();
  const before = ok(await w.call('case', 'bookings', {}, 'lawyer')).items.find((b) => b.signupId === signupId);
  expect(before).toMatchObject({ title: '法律咨询预约', place: '园区职工服务中心 法律援助窗口', name: '李娜', checkedIn: false, caseId: null });

  const view = ok(await convert(signupId));
  expect(view.id).toBe(bookingCaseIdOf(w.deps, signupId));
  expect(view).toMatchObject({ status: 'handling', claimantName: '李娜', assignee: { name: '周律师' }, categoryLabel: '问题咨询', itemLabel: '工资工时' });
  const d = (await w.deps.store.get<CaseDoc>(CASES, view.id))!;
  expect(d).toMatchObject({
    uid: 'dev_member',
    bookingId: signupId,
    assigneeUid: 'dev_lawyer',
    ownerOrgId: slot.orgId,
    enterpriseId: 'ent_001',
    legalAid: null,
  });
  expect(d.metrics).toMatchObject({ assignedAt: w.clock.now(), signedAt: w.clock.now(), signedOnTime: true });
  expect(d.timeline.map((e) => [e.event, e.to])).toEqual([
    ['from_booking', null],
    ['assign', 'assigned'],
    ['sign', 'handling'],
  ]);
  expect(d.timeline[0].note).toContain('法律咨询预约');
  expect(d.timeline[0].note).toContain('园区职工服务中心 法律援助窗口');
  expect(d.timeline[0].note).toMatch(/2026年11月25日 09:30—10:20/);

  const told = await queryAll<OutboxMessage>(w.deps.store, OUTBOX, { where: { to: 'uid:dev_member', template: 'case_progress' } });
  expect(told).toHaveLength(1);
  expect(told[0].page).toBe(`/pages/case/detail?id=${view.id}`);
  // the worker finds it among their cases, the lawyer's list links it
  expect(ok(await w.call('case', 'myCases', {}, 'member')).items.map((c) => c.id)).toContain(view.id);
  expect(ok(await w.call('case', 'bookings', {}, 'lawyer')).items.find((b) => b.signupId === signupId)?.caseId).toBe(view.id);
});

it('one case per booking: again, and twice at once, answer the same case', async () => {
  const { signupId } = await booked();
  const [a, b] = await Promise.all([convert(signupId), convert(signupId)]);
  expect(ok(a).id).toBe(ok(b).id);
  expect(ok(await convert(signupId)).id).toBe(ok(a).id);
  expect(await w.deps.store.count(CASES, { bookingId: signupId })).toBe(1);
  expect(await w.deps.store.count(OUTBOX, { to: 'uid:dev_member', template: 'case_progress' })).toBe(1);
});

it('refused for a signup that is not a booking, a cancelled booking, and a lawyer of another org', async () => {
  const salon = await activityTitled('职工心理健康沙龙');
  expect(salon.kind).toBe('activity');
  const notBooking = ok(await w.call('activity', 'signup', { activityId: salon._id }, 'member'));
  expect(await convert(notBooking.id)).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '只有法律咨询等服务预约可以转为案件' } });

  const { signupId, slot } = await booked();
  await w.deps.store.insert(STAFF, aStaff({ _id: 'lawyer_logistics', name: '吴律师', grants: [{ role: 'lawyer', orgId: 'org_fed_logistics' }] }));
  expect(await convert(signupId, 'uid:lawyer_logistics')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect(ok(await w.call('case', 'bookings', {}, 'uid:lawyer_logistics')).items).toEqual([]);
  // an officer is no lawyer: the action is the lawyer's
  expect(await convert(signupId, 'federation-officer')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

  ok(await w.call('activity', 'cancel', { activityId: slot._id }, 'member'));
  expect(await convert(signupId)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  expect(await convert('su_missing')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  expect(await w.deps.store.count(CASES, { bookingId: { $ne: null } })).toBe(0);
});

it('no legal aid through a booking, and the item must be in the catalogue', async () => {
  const { signupId } = await booked();
  const base = { signupId, title: '工伤赔偿咨询', description: '工作中受伤，公司不认可工伤，想了解如何申请工伤认定。' };
  expect(await w.call('case', 'fromBooking', { ...base, category: 'legal_aid', itemKey: 'injury_claim' }, 'lawyer')).toMatchObject({
    ok: false,
    error: { code: 'VALIDATION' },
  });
  expect(await w.call('case', 'fromBooking', { ...base, category: 'consult', itemKey: 'no_such_item' }, 'lawyer')).toMatchObject({
    ok: false,
    error: { code: 'VALIDATION', issues: [{ path: ['itemKey'] }] },
  });
});
