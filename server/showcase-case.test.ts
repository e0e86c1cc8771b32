/** The demo rights cases are made through the `case` function: the seed's wage case replayed, a case at every stage, nothing private in clear, no internal note on a worker's screen. */
import { makeWorld, ok, type TestWorld } from './testing';
import { seedCaseShowcase } from './showcase-case';
import { CASES, CASE_CLAIMANTS, type CaseDoc, type ClaimantDoc } from '../core/case/model';
import { calendarFor } from '../core/shared/workdays';
import { shanghaiDate } from '../core/shared/time';
import { OUTBOX, type OutboxMessage } from '../core/shared/outbox';

let w: TestWorld;
let all: CaseDoc[];
let bar: CaseDoc;
beforeAll(async () => {
  w = await makeWorld({ members: 300 });
  expect(await seedCaseShowcase(w.deps)).toEqual({ cases: 12, claimants: 13 });
  all = (await w.deps.store.query<CaseDoc>(CASES, { limit: 100 })).items;
  bar = all.find((d) => d.enterpriseId === 'ent_143')!;
});
afterAll(() => w.close());

/** working days from one moment's date to another's */
const workingDaysBetween = (from: number, to: number) => {
  const cal = calendarFor(w.deps.config.calendar);
  let n = 0;
  for (let t = from; shanghaiDate(t) < shanghaiDate(to); t += 86400_000) if (cal.isWorkingDay(shanghaiDate(t + 86400_000))) n++;
  return n;
};

it("replays the seed's wage case: 136 workers of a bar owed ¥700,000, the duty lawyer at once, co-claimants, mediation, ¥700,000 recovered, rated, checked, closed within a week", () => {
  expect(bar).toMatchObject({ status: 'closed', category: 'complaint', urgent: true, assignee: { name: '周律师', role: 'lawyer' } });
  expect(bar.collective).toEqual({ workers: 136, amountOwed: 700_000, claimants: 13, claimedTotal: 73_300 });
  // assigned by the system the moment it came in, signed within minutes
  expect(bar.timeline[1]).toMatchObject({ event: 'assign', by: 'system' });
  expect(bar.metrics.assignedAt).toBe(bar.metrics.receivedAt);
  expect(bar.metrics.signedAt! - bar.metrics.receivedAt).toBeLessThan(30 * 60_000);
  expect(bar.metrics).toMatchObject({ signedOnTime: true, resolvedOnTime: true, recovered: 700_000, reopened: 0 });
  expect(bar.rating).toMatchObject({ score: 5, via: 'worker' });
  expect(workingDaysBetween(bar.metrics.receivedAt, bar.metrics.closedAt!)).toBeLessThanOrEqual(6);
  const events = bar.timeline.map((e) => e.event);
  expect(events.filter((e) => e === 'join')).toHaveLength(12);
  expect(events.filter((e) => e === 'mediation')).toHaveLength(2);
  expect(events).toEqual(expect.arrayContaining(['submit', 'assign', 'sign', 'visit', 'note', 'resolve', 'rate_satisfied', 'pass_quality']));
  // the lawyer's one internal note (the 质检意见 is staff-only too)
  expect(bar.timeline.filter((e) => e.internal && e.by === 'dev_lawyer')).toHaveLength(1);
});

it('leaves a case at every stage for the queues, one overdue and escalated', async () => {
  const count = (s: string) => all.filter((d) => d.status === s).length;
  expect({
    received: count('received'),
    assigned: count('assigned'),
    handling: count('handling'),
    resolved: count('resolved'),
    quality_check: count('quality_check'),
    closed: count('closed'),
    declined: count('declined'),
  }).toEqual({ received: 4, assigned: 1, handling: 3, resolved: 1, quality_check: 1, closed: 1, declined: 1 });
  expect(all.filter((d) => d.escalated).map((d) => d.title)).toEqual(['连续三个月加班未发加班费']);
  expect(all.find((d) => d.anonymous)).toMatchObject({ category: 'suggestion', name: '匿名', ownerOrgId: 'org_park', status: 'received' });
  expect(all.find((d) => d.bookingId)).toMatchObject({ status: 'handling', assigneeUid: 'dev_lawyer' });
  const legal = all.filter((d) => d.category === 'legal_aid');
  expect(legal.map((d) => d.legalAid!.status).sort()).toEqual(['applied', 'appointed']);
  expect(legal.find((d) => d.legalAid!.status === 'applied')).toMatchObject({ urgent: true, priority: 0, legalAid: { urgent: true, keyDateKind: 'hearing' } });
  expect(legal.find((d) => d.legalAid!.status === 'appointed')!.legalAid!.letter!.no).toMatch(/^〔2026〕星海高新区工联法援字第\d+号$/);

  // what each persona's screens show
  const desk = ok(await w.call('case', 'queue', {}, 'federation-officer'));
  expect(desk.counts).toMatchObject({ received: 4, assigned: 1, quality_check: 1 });
  expect(desk.counts.overdue).toBeGreaterThanOrEqual(1);
  const lawyer = ok(await w.call('case', 'queue', { tab: 'mine' }, 'lawyer'));
  expect(lawyer.items.map((i) => i.status)).toEqual(expect.arrayContaining(['assigned', 'handling']));
  const rules = ok(await w.call('case', 'getRules', { orgId: 'org_park' }, 'federation-officer'));
  expect(rules.inheritedFrom).toBeNull();
  const rota = ok(await w.call('case', 'getRota', { orgId: 'org_park' }, 'federation-officer'));
  expect(rota.weekly.map((d) => `${d.weekday}${d.name}`)).toEqual(['1周律师', '2周律师', '3周律师', '4周律师', '5周律师']);

  // 李娜: one case asking her for the records, one waiting for her rating
  const mine = ok(await w.call('case', 'myCases', {}, 'member')).items;
  expect(mine.find((c) => c.status === 'handling')!.ask?.text).toContain('考勤记录');
  expect(mine.find((c) => c.status === 'resolved')!.workerActions.map((a) => a.key)).toContain('rate');
});

it('keeps ID numbers and mobiles out of the stored cases and the internal note off every worker screen', async () => {
  for (const text of [...(await w.storedDocuments(CASES)), ...(await w.storedDocuments(CASE_CLAIMANTS))]) {
    // an 18-character ID number or an 11-digit mobile standing alone (the stored times are 13 digits)
    expect(text).not.toMatch(/(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15}|1[3-9]\d{9})(?![0-9A-Za-z])/);
  }
  const internal = bar.timeline.filter((e) => e.internal).map((e) => e.note!);
  const staff = ok(await w.call('case', 'getCase', { caseId: bar._id }, 'lawyer'));
  expect(staff.timeline.filter((e) => e.internal).map((e) => e.note)).toEqual(internal);

  const claimants = (await w.deps.store.query<ClaimantDoc>(CASE_CLAIMANTS, { where: { caseId: bar._id }, limit: 20 })).items;
  expect(claimants).toHaveLength(13);
  for (const c of claimants) {
    const seen = JSON.stringify([
      ok(await w.call('case', 'getCase', { caseId: bar._id }, `uid:${c.uid}`)),
      ok(await w.call('case', 'myCases', {}, `uid:${c.uid}`)),
    ]);
    // nor in anything they are sent
    const sent = (await w.deps.store.query<OutboxMessage>(OUTBOX, { where: { to: `uid:${c.uid}` }, limit: 100 })).items;
    if (c.lead) expect(sent.length).toBeGreaterThan(3);
    for (const text of [seen, JSON.stringify(sent)]) {
      for (const n of internal) expect(text).not.toContain(n);
      expect(text).not.toContain('财产保全');
    }
  }
});
