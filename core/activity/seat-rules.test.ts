/** The seat engine's pure decisions, Given / When / Then. */
import type { ActivityDoc, SeatOp, SignupDoc } from './model';
import { SIGNUP_TRANSITIONS } from './machine';
import { canMove, checkSeatInvariants, holdsSeats, mayStartOver, promotionNoticeKey, promotionStep, recountTarget } from './seat-rules';

const signup = (over: Partial<SignupDoc> = {}): SignupDoc => ({
  _id: 'su_a_1',
  activityId: 'a',
  uid: 'u1',
  name: 'n',
  memberNo: null,
  seatCount: 1,
  status: 'waitlisted',
  sharedBy: null,
  createdAt: 1,
  waitSince: 1,
  confirmedAt: null,
  cancelledAt: null,
  checkedInAt: null,
  remindedAt: null,
  ...over,
});
const activity = (over: Partial<ActivityDoc> = {}): ActivityDoc => ({
  _id: 'a',
  kind: 'activity',
  title: 't',
  description: '',
  place: 'p',
  host: '',
  posterUrl: null,
  startAt: 10,
  endAt: 20,
  signupOpensAt: 0,
  signupClosesAt: 5,
  cancelCutoffAt: 5,
  seats: 3,
  left: 0,
  waitlist: true,
  membersOnly: false,
  perPersonLimit: 2,
  orgId: 'o',
  orgName: 'o',
  federationId: null,
  cityId: 'c',
  status: 'open',
  createdBy: 'x',
  createdAt: 0,
  ...over,
});
const promote: SeatOp = { id: 'pr1', kind: 'promote', signupId: 'su_a_1', seats: 1, round: 0, at: 1 };

describe('the signup state machine', () => {
  it('given a pending signup, when its holder cancels, then it is refused (its request is settling it)', () => {
    expect(canMove('pending', 'cancel')).toBe(false);
  });
  it('given a confirmed or waiting signup, when cancelled, then it is cancelled; only a confirmed one returns seats', () => {
    expect(SIGNUP_TRANSITIONS.confirmed.cancel).toBe('cancelled');
    expect(SIGNUP_TRANSITIONS.waitlisted.cancel).toBe('cancelled');
    expect(canMove('cancelled', 'cancel')).toBe(false);
  });
  it('given a cancelled signup whose seats are not yet back, when the person signs up again, then they must wait for the release', () => {
    expect(mayStartOver(signup({ status: 'cancelled', releaseOp: 'rl1' }))).toBe(false);
    expect(mayStartOver(signup({ status: 'cancelled', releaseOp: null }))).toBe(true);
  });
});

describe('completing a promotion found in the slot', () => {
  it('given the waiter was confirmed by it, then only the notice and the slot remain', () => {
    expect(promotionStep(promote, signup({ status: 'confirmed', promotedOp: 'pr1' }))).toBe('notify');
    // also when they cancelled since: they did get in, and are told so once
    expect(promotionStep(promote, signup({ status: 'cancelled', promotedOp: 'pr1', releaseOp: 'rl1' }))).toBe('notify');
  });
  it('given the waiter still waits in the same incarnation, then they are confirmed', () => {
    expect(promotionStep(promote, signup())).toBe('confirm');
  });
  it('given the waiter left, or left and signed up again, then the seats go back', () => {
    expect(promotionStep(promote, signup({ status: 'cancelled' }))).toBe('undo');
    expect(promotionStep(promote, signup({ round: 1 }))).toBe('undo');
    expect(promotionStep(promote, null)).toBe('undo');
  });
});

describe('the recount', () => {
  it('given seats held that the counter does not show free, when counted on the timer, then the seats come back', () => {
    expect(recountTarget({ seats: 3, left: 0 }, 2, false)).toBe(1);
  });
  it('given a count above what is held (a fresh request may not have taken its seat yet), when on the timer, then nothing is taken away', () => {
    expect(recountTarget({ seats: 3, left: 2 }, 2, false)).toBeNull();
  });
  it('given nothing in flight (start-up), then the count is written either way', () => {
    expect(recountTarget({ seats: 3, left: 2 }, 2, true)).toBe(1);
    expect(recountTarget({ seats: 3, left: 1 }, 2, true)).toBeNull();
  });
  it('counts confirmed, pending and unapplied releases as held', () => {
    expect(
      [
        signup({ status: 'confirmed' }),
        signup({ status: 'pending' }),
        signup({ status: 'cancelled', releaseOp: 'r' }),
        signup({ status: 'cancelled' }),
        signup(),
      ].map(holdsSeats),
    ).toEqual([true, true, true, false, false]);
  });
});

describe('the invariants', () => {
  const confirmed = signup({ _id: 's1', status: 'confirmed', seatCount: 2 });
  it('given a consistent activity, then there are no violations', () => {
    expect(checkSeatInvariants(activity({ left: 1 }), [confirmed, signup({ _id: 's2', seatCount: 2 })], []).violations).toEqual([]);
  });
  it('given a lost seat, a free seat a waiter fits, a promotion without its notice and a stray notice, then each is named', () => {
    const promoted = signup({ _id: 's3', status: 'confirmed', promotedOp: 'pr9' });
    const v = checkSeatInvariants(activity({ left: 0 }), [confirmed, promoted, signup({ _id: 's4' })], [`ob_${promotionNoticeKey('s4', 'pr2')}`]).violations;
    expect(v).toEqual(['1 promotion(s) without a notice', '1 promotion notice(s) without a promotion']);
    const free = checkSeatInvariants(activity({ left: 1 }), [confirmed, signup({ _id: 's5' })], []).violations;
    expect(free).toEqual(['1 seat(s) free while 1 waiter(s) fit']);
  });
  it('given more confirmed than seats, then it is oversold', () => {
    expect(checkSeatInvariants(activity({ seats: 1, left: 0 }), [confirmed], []).violations).toContain('oversold: 2 confirmed of 1');
  });
});
