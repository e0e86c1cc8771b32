/**
 * The test world's caller is typed by the contracts: `tsc` (npm run typecheck) fails on this file
 * if a misspelt function, action or field ever compiles again (each `@ts-expect-error` must meet an
 * error). The calls sit in a function jest never runs; the one runtime check keeps jest happy.
 */
import { ok, type TestWorld } from './testing';

// never called: only type-checked
async function typedCalls(w: TestWorld) {
  // a misspelt action
  // @ts-expect-error 'myStatuss' is no action of `member`
  await w.call('member', 'myStatuss', {}, 'worker');
  // a misspelt function
  // @ts-expect-error 'members' is no function
  await w.call('members', 'myStatus', {}, 'worker');
  // a misspelt field
  // @ts-expect-error `activityID` is no field of activity.get (it is activityId)
  await w.call('activity', 'get', { activityID: 'a_1' }, 'worker');
  // a field of the wrong type
  // @ts-expect-error `seatCount` is a number
  await w.call('activity', 'signup', { activityId: 'a_1', seatCount: '2' }, 'worker');
  // a missing required field
  // @ts-expect-error `transferId` is required
  await w.call('transfer', 'accept', {}, 'union-officer-b');
  // system actions: their input is checked too, and an action with required input needs it
  // @ts-expect-error `olderThanMs` is a number
  await w.asSystem('activity', 'reconcile', { olderThanMs: 'soon' });
  // @ts-expect-error 'sendd' is no action of `notify`
  await w.asSystem('notify', 'sendd');

  // the output is typed as well: ok() gives the action's output, no `any`
  const detail = ok(await w.call('activity', 'get', { activityId: 'a_1' }, 'worker'));
  const title: string = detail.activity.title;
  // @ts-expect-error `mySignup` may be null
  void detail.mySignup.status;
  // @ts-expect-error the output has no field `activityTitle`
  void detail.activityTitle;
  const repaired = ok(await w.asSystem('transfer', 'repair'));
  const finished: number = repaired.finished;

  // the escape hatch takes anything, for tests whose point is bad input
  await w.callUntyped('member', 'nope', { whatever: 1 }, 'worker');
  return [title, finished];
}

it('is checked by tsc, not by jest (the typed calls above never run)', () => {
  expect(typeof typedCalls).toBe('function');
});
