/** The org demo data is made through the use cases and shows on the officers' screens. */
import { makeWorld, type TestWorld } from './testing';
import { seedShowcase } from './showcase';

let w: TestWorld;
beforeAll(async () => {
  w = await makeWorld({ members: 600 });
});
afterAll(() => w.close());

it('gives the park a "六有" board, a founding queue with an overdue item, and transfers in both queues', async () => {
  const made = await seedShowcase(w.deps);
  expect(made).toMatchObject({ assessments: 14, foundings: 3, transfers: 3, activities: 13 });
  expect(made.signups).toBeGreaterThan(60);
  const board = (await w.call('org', 'sixBoard', {}, 'federation-officer')) as any;
  expect(board.data).toMatchObject({ unions: 18, assessed: 14, meetingAll: 10 });
  expect(board.data.missing[0]).toMatchObject({ key: 'self_managed_funds', unions: 4 });
  const queue = (await w.call('founding', 'queue', {}, 'federation-officer')) as any;
  expect(queue.data.counts).toMatchObject({ submitted: 1, preparing: 1, elected: 1 });
  expect(queue.data.counts.overdue).toBeGreaterThanOrEqual(1);
  const out = (await w.call('transfer', 'queue', { side: 'out' }, 'federation-officer')) as any;
  const incoming = (await w.call('transfer', 'queue', { side: 'in' }, 'federation-officer')) as any;
  expect(out.data.items).toHaveLength(1);
  expect(incoming.data.items).toHaveLength(2);
});

it('gives workers activities to sign up for: one full with a waitlist, one open to all workers, three days of consultation slots', async () => {
  const list = (await w.call('activity', 'list', { limit: 50 }, 'worker')) as any;
  const byTitle = new Map<string, any>(list.data.items.map((a: any) => [a.title, a]));
  expect(byTitle.get('园区职工篮球联赛')).toMatchObject({ seats: 40, left: 13, phase: 'open' });
  expect(byTitle.get('冬日暖心·职工子女书法班')).toMatchObject({ left: 0, phase: 'waitlist' });
  expect(byTitle.get('职工心理健康沙龙')).toMatchObject({ membersOnly: false, left: 25 });
  expect(list.data.items.filter((a: any) => a.title === '法律咨询预约')).toHaveLength(9);
  const mine = (await w.call('activity', 'mySignups', {}, 'member')) as any;
  expect(mine.data.items.map((i: any) => i.activity.title)).toEqual(['园区职工篮球联赛']);
  const roster = (await w.call('activity', 'roster', { activityId: byTitle.get('冬日暖心·职工子女书法班').id }, 'federation-officer')) as any;
  expect(roster.data.counts).toMatchObject({ confirmed: 20, waitlisted: 4 });
});
