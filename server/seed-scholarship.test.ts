/** The 金秋助学 demo data shows each stage: this year's park campaign in the stage its dates say, last year's closed with a report, a survey still open. */
import { makeWorld, ok, type TestWorld } from './testing';
import { seedScholarship } from './seed-scholarship';

let w: TestWorld;
beforeAll(async () => {
  w = await makeWorld({ members: 200 });
});
afterAll(() => w.close());

it('seeds the park this year in 总结 (on 24 November), last year closed with its report, and the logistics survey open', async () => {
  const made = await seedScholarship(w.deps);
  expect(made.campaigns).toBe(3);
  const list = ok(await w.call('scholarship', 'campaigns', {}, 'admin')).items;
  expect(list.map((c) => [c.id, c.stageLabel])).toEqual([
    ['sc_org_park_2026', '总结'],
    ['sc_org_fed_logistics_2026', '摸底'],
    ['sc_org_park_2025', '已结束'],
  ]);
  const thisYear = list.find((c) => c.id === 'sc_org_park_2026')!;
  expect(thisYear.stages.map((s) => s.periodText)).toEqual(['4月20日至5月31日', '6月1日至6月30日', '7月1日至8月14日', '8月15日至9月15日', '9月16日至12月31日']);
  expect(thisYear.plan!.budget).toBe(300_000);
  const board = ok(await w.call('scholarship', 'surveyBoard', { campaignId: 'sc_org_park_2026' }, 'federation-officer'));
  expect(board).toMatchObject({ unionCount: 18, submittedCount: 16 });
  const last = ok(await w.call('scholarship', 'report', { campaignId: 'sc_org_park_2025' }, 'federation-officer'));
  expect(last).toMatchObject({ final: true, applicants: 12, budget: 300_000 });
  expect(last.byCategory.reduce((n, c) => n + c.applicants, 0)).toBe(12);
  expect(ok(await w.call('scholarship', 'report', { campaignId: 'sc_org_park_2026' }, 'federation-officer'))).toMatchObject({ final: false, applicants: 10 });
  const logistics = ok(await w.call('scholarship', 'surveyBoard', { campaignId: 'sc_org_fed_logistics_2026' }, 'admin'));
  expect(logistics).toMatchObject({ unionCount: 3, submittedCount: 2 });
  expect(logistics.campaign.next!.blockers[0]).toMatch(/还有1家工会未上报摸底人数/);
});
