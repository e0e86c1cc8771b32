/** The org demo data is made through the use cases and shows on the officers' screens. */
import { makeWorld, type TestWorld } from './testing';
import { seedShowcase } from './showcase';

let w: TestWorld;
beforeAll(async () => {
  w = await makeWorld({ members: 600 });
});
afterAll(() => w.close());

it('gives the park a "六有" board, a founding queue with an overdue item, and transfers in both queues', async () => {
  expect(await seedShowcase(w.deps)).toEqual({ assessments: 14, foundings: 3, transfers: 3 });
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
