/** The demo hardship aid is made through the `aid` function and shows each stage on the officers' and workers' screens. */
import { makeWorld, ok, type TestWorld } from './testing';
import { seedAidShowcase } from './showcase-aid';
import { AID_APPLICATIONS, AID_NOTICES, type AidApplicationDoc } from '../core/aid/model';

let w: TestWorld;
beforeAll(async () => {
  w = await makeWorld({ members: 300 });
});
afterAll(() => w.close());

it('leaves one application at every stage, two notices (one open with an objection to rule on) and a payment roster', async () => {
  expect(await seedAidShowcase(w.deps)).toEqual({ applications: 12, notices: 2 });
  const all = (await w.deps.store.query<AidApplicationDoc>(AID_APPLICATIONS, { limit: 100 })).items;
  const statuses = all.map((a) => a.status).sort();
  expect(statuses).toEqual(
    [
      'approved',
      'cleared',
      'federation_review',
      'first_check',
      'first_check',
      'in_notice',
      'in_notice',
      'paid',
      'rejected',
      'returned',
      'union_review',
      'upper_review',
    ].sort(),
  );
  expect(all.filter((a) => a.escalated)).toHaveLength(1);

  const union = ok(await w.call('aid', 'queue', {}, 'union-officer'));
  expect(union.counts).toMatchObject({ first_check: 2, union_review: 1 });
  expect(union.items.some((i) => i.sla === 'overdue')).toBe(true);
  const federation = ok(await w.call('aid', 'queue', {}, 'federation-officer'));
  expect(federation.counts).toMatchObject({ federation_review: 1, approved: 1 });
  const city = ok(await w.call('aid', 'queue', { orgId: 'org_city' }, 'admin'));
  expect(city.counts.upper_review).toBe(1);

  const board = ok(await w.call('aid', 'noticeBoard', {}, 'federation-officer'));
  expect(board.items.map((n) => n.status).sort()).toEqual(['archived', 'open']);
  expect(board.pendingObjections).toHaveLength(1);
  const roster = ok(await w.call('aid', 'paymentRoster', {}, 'finance'));
  expect(roster.items.map((r) => r.status).sort()).toEqual(['cleared', 'paid']);

  // what the public reads holds no ID number, phone or full name of anyone it lists
  const names = all.map((a) => a.name);
  for (const text of await w.storedDocuments(AID_NOTICES)) {
    // an 18-character ID number or an 11-digit mobile standing alone (the stored times are 13 digits)
    expect(text).not.toMatch(/(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15}|1[3-9]\d{9})(?![0-9A-Za-z])/);
    for (const n of names) expect(text).not.toContain(n);
  }
});
