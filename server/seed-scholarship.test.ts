/** The 金秋助学 demo data shows each stage: this year's park campaign in the stage its dates say, last year's closed with a report, a survey still open. */
import { makeWorld, ok, type TestWorld } from './testing';
import { seedScholarship } from './seed-scholarship';
import { MEMBERS, type MemberDoc } from '../core/member/model';
import { AID_NOTICES, type NoticeDoc } from '../core/aid/model';

let w: TestWorld;
beforeAll(async () => {
  w = await makeWorld({ members: 200 });
});
afterAll(() => w.close());

it('seeds the park this year in 审核、公示、发放 with its applications in every pipeline state, last year closed with a report of real outcomes, and the logistics survey open', async () => {
  const made = await seedScholarship(w.deps);
  expect(made.campaigns).toBe(3);
  const list = ok(await w.call('scholarship', 'campaigns', {}, 'admin')).items;
  expect(list.map((c) => [c.id, c.stageLabel])).toEqual([
    ['sc_org_park_2026', '审核、公示、发放'],
    ['sc_org_fed_logistics_2026', '摸底'],
    ['sc_org_park_2025', '已结束'],
  ]);
  const thisYear = list.find((c) => c.id === 'sc_org_park_2026')!;
  expect(thisYear.stages.map((s) => s.periodText)).toEqual(['4月20日至5月31日', '6月1日至6月30日', '7月1日至8月14日', '8月15日至9月15日', '9月16日至12月31日']);
  expect(thisYear.plan!.budget).toBe(300_000);
  const board = ok(await w.call('scholarship', 'surveyBoard', { campaignId: 'sc_org_park_2026' }, 'federation-officer'));
  expect(board).toMatchObject({ unionCount: 18, submittedCount: 16 });
  const last = ok(await w.call('scholarship', 'report', { campaignId: 'sc_org_park_2025' }, 'federation-officer'));
  // last year: ten paid, two not approved, from the pipeline's own records
  expect(last).toMatchObject({ final: true, applicants: 12, approved: 10, paid: 10, budget: 300_000, pipelineConnected: true });
  expect(last.amountPaid).toBe(last.committed);
  expect(last.amountPaid).toBeGreaterThanOrEqual(10 * 1000);
  expect(last.byCategory.reduce((n, c) => n + c.applicants, 0)).toBe(12);
  // this year: three paid, two in an open notice, one approved, three at the review steps, one not approved
  const now = ok(await w.call('scholarship', 'report', { campaignId: 'sc_org_park_2026' }, 'federation-officer'));
  expect(now).toMatchObject({ final: false, applicants: 10, approved: 6, paid: 3 });
  expect(now.campaign.next!.blockers).toEqual(['还有6份申请尚未办结（审核、公示或发放中）']);
  const queue = ok(await w.call('aid', 'queue', { orgId: 'org_park', supervise: true }, 'federation-officer')).items.filter((a) => a.kindLabel === '金秋助学');
  expect(queue.map((a) => a.status).sort()).toEqual(['approved', 'federation_review', 'first_check', 'union_review']);
  const open = ok(await w.call('aid', 'noticeBoard', { orgId: 'org_park' }, 'federation-officer')).items.filter((n) => n.title.includes('金秋助学'));
  expect(open.map((n) => [n.status, n.entries.length])).toEqual(
    expect.arrayContaining([
      ['open', 2],
      ['archived', 3],
    ]),
  );
  // every scholarship notice the seed makes: the students' masked names, schools and grades only
  const parents = (await w.deps.store.query<MemberDoc>(MEMBERS, { where: { federationId: 'org_park' }, limit: 200 })).items.map((m) => m.name);
  const stored = (await w.storedDocuments(AID_NOTICES)).map((t) => JSON.parse(t) as NoticeDoc).filter((n) => n.programme === 'scholarship');
  expect(stored).toHaveLength(3); // last year's, this year's closed one, this year's open one
  for (const n of stored) {
    const entries = JSON.stringify(n.entries);
    expect(entries).not.toMatch(/(?<!\d)(\d{17}[\dX]|1[3-9]\d{9})(?!\d)|工会/);
    for (const name of parents) expect(entries).not.toContain(name);
    for (const e of n.entries) expect(e.publicName).toContain('*');
  }
  const logistics = ok(await w.call('scholarship', 'surveyBoard', { campaignId: 'sc_org_fed_logistics_2026' }, 'admin'));
  expect(logistics).toMatchObject({ unionCount: 3, submittedCount: 2 });
  expect(logistics.campaign.next!.blockers[0]).toMatch(/还有1家工会未上报摸底人数/);
});
