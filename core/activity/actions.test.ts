/** What a record allows, for whom (actions.ts), Given / When / Then without a database. */
import { activityActions, signupActions } from './actions';

const keys = (xs: Array<{ key: string }>) => xs.map((x) => x.key);

describe('a worker on the detail page', () => {
  it('may sign up while signup is open, join the waitlist once full, and always share', () => {
    expect(keys(activityActions({ status: 'open' }, 'open', { role: 'worker', mine: null }))).toEqual(['signup', 'share']);
    expect(keys(activityActions({ status: 'open' }, 'waitlist', { role: 'worker', mine: null }))).toEqual(['joinWaitlist', 'share']);
    expect(keys(activityActions({ status: 'open' }, 'full', { role: 'worker', mine: null }))).toEqual(['share']);
    expect(keys(activityActions({ status: 'closed' }, 'closed', { role: 'worker', mine: null }))).toEqual(['share']);
  });

  it('is not offered a second signup while holding a place, but is after cancelling', () => {
    expect(keys(activityActions({ status: 'open' }, 'open', { role: 'worker', mine: { status: 'confirmed' } }))).toEqual(['share']);
    expect(keys(activityActions({ status: 'open' }, 'waitlist', { role: 'worker', mine: { status: 'waitlisted' } }))).toEqual(['share']);
    expect(keys(activityActions({ status: 'open' }, 'open', { role: 'worker', mine: { status: 'cancelled' } }))).toEqual(['signup', 'share']);
  });

  it('may cancel a confirmed or waiting signup, and check in once when confirmed', () => {
    expect(keys(signupActions({ status: 'confirmed', checkedInAt: null }))).toEqual(['cancel', 'checkIn']);
    expect(keys(signupActions({ status: 'confirmed', checkedInAt: 1 }))).toEqual(['cancel']);
    expect(keys(signupActions({ status: 'waitlisted', checkedInAt: null }))).toEqual(['cancel']);
    expect(keys(signupActions({ status: 'pending', checkedInAt: null }))).toEqual([]);
    expect(keys(signupActions({ status: 'cancelled', checkedInAt: null }))).toEqual([]);
  });
});

describe('an officer', () => {
  it('may close an open activity and cancel one not yet cancelled, as the activity table allows', () => {
    expect(keys(activityActions({ status: 'open' }, 'open', { role: 'officer' }))).toEqual([
      'checkInCode',
      'exportRoster',
      'poster',
      'close',
      'cancelActivity',
    ]);
    expect(keys(activityActions({ status: 'closed' }, 'closed', { role: 'officer' }))).toEqual(['checkInCode', 'exportRoster', 'poster', 'cancelActivity']);
    expect(keys(activityActions({ status: 'cancelled' }, 'cancelled', { role: 'officer' }))).toEqual(['checkInCode', 'exportRoster', 'poster']);
  });

  it("labels in the pages' wording", () => {
    expect(activityActions({ status: 'open' }, 'open', { role: 'officer' }).find((a) => a.key === 'close')!.label).toBe('截止报名');
    expect(activityActions({ status: 'open' }, 'waitlist', { role: 'worker', mine: null })[0].label).toBe('名额已满，加入候补');
  });
});

it('a list that shows no buttons gets none', () => {
  expect(activityActions({ status: 'open' }, 'open', null)).toEqual([]);
});
