/**
 * Activities, training courses and bookable service slots (活动、培训、服务预约): one seat engine.
 * A booking slot (法律咨询预约) is an activity of kind `booking` for one time slot.
 */
import type { CollectionSpec } from '../shared/docstore';

export const ACTIVITIES = 'activities';
export const SIGNUPS = 'signups';
/** share-card tokens → their sharer (sharing.ts) */
export const SHARERS = 'sharers';

export const ACTIVITY_KINDS = ['activity', 'training', 'booking'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export const KIND_LABEL: Record<ActivityKind, string> = { activity: '活动', training: '培训', booking: '服务预约' };

export type ActivityStatus = 'open' | 'closed' | 'cancelled';

export interface ActivityDoc {
  _id: string;
  kind: ActivityKind;
  title: string;
  description: string;
  place: string;
  host: string;
  posterUrl: string | null;
  startAt: number;
  endAt: number;
  signupOpensAt: number;
  signupClosesAt: number;
  /** signups may be cancelled until this instant */
  cancelCutoffAt: number;
  seats: number;
  /** seats not yet taken: the one counter every signup decrements conditionally */
  left: number;
  waitlist: boolean;
  membersOnly: boolean;
  /** most seats one signup may take (the person plus companions) */
  perPersonLimit: number;
  /** who may join: members of this org and its subtree */
  orgId: string;
  orgName: string;
  federationId: string | null;
  cityId: string;
  status: ActivityStatus;
  createdBy: string;
  createdAt: number;
  /** the seat operation in flight (seats.ts): at most one at a time; any process may complete it */
  op?: SeatOp | null;
  /** how many seat operations have started: a start is conditional on the value read (no ABA) */
  opSeq?: number;
  /** set with a close or cancel, cleared once it is audited and everyone concerned has their notice (repair completes it) */
  pendingMove?: PendingMove | null;
  /** the reason given when the activity was cancelled (its notices quote it) */
  cancelReason?: string | null;
}

export interface PendingMove {
  event: 'close' | 'cancel';
  from: ActivityStatus;
  by: string;
  at: number;
}

/**
 * A seat operation with more than one write, recorded on the activity in the same conditional write
 * that moves its seats: `release` (a cancelled signup's seats are back in `left`; the signup's
 * `releaseOp` still to be cleared), `promote` (seats taken for a waiter, who is still to be
 * confirmed and told). `round`: the incarnation of the signup it is for.
 */
export interface SeatOp {
  id: string;
  kind: 'release' | 'promote';
  signupId: string;
  seats: number;
  round: number;
  at: number;
}

export type SignupStatus = 'pending' | 'confirmed' | 'waitlisted' | 'cancelled';

/** One per person per activity: `_id` = `su_<activityId>_<uid hash>`. */
export interface SignupDoc {
  _id: string;
  activityId: string;
  uid: string;
  name: string;
  memberNo: string | null;
  seatCount: number;
  status: SignupStatus;
  /** who shared the card this signup came through (group-chat sharing) */
  sharedBy: string | null;
  createdAt: number;
  /** when it entered the waitlist: promotion goes oldest first */
  waitSince: number | null;
  confirmedAt: number | null;
  cancelledAt: number | null;
  checkedInAt: number | null;
  remindedAt: number | null;
  /** incarnation: +1 each time the person signs up again after cancelling */
  round?: number;
  /** a cancelled confirmed signup whose seats are not yet back: the id of its release (the durable intent) */
  releaseOp?: string | null;
  /** the promotion that confirmed it from the waitlist (its notice is keyed by it) */
  promotedOp?: string | null;
}

export const ACTIVITY_COLLECTIONS: CollectionSpec[] = [
  {
    name: ACTIVITIES,
    indexes: [
      {
        name: 'status_start',
        fields: [
          ['status', 'asc'],
          ['startAt', 'asc'],
        ],
      },
      // the officers' list (`manage`) at each level of the tree
      {
        name: 'org_end',
        fields: [
          ['orgId', 'asc'],
          ['endAt', 'asc'],
        ],
      },
      {
        name: 'federation_end',
        fields: [
          ['federationId', 'asc'],
          ['endAt', 'asc'],
        ],
      },
      {
        name: 'city_end',
        fields: [
          ['cityId', 'asc'],
          ['endAt', 'asc'],
        ],
      },
    ],
  },
  {
    name: SIGNUPS,
    indexes: [
      {
        name: 'activity_status_wait',
        fields: [
          ['activityId', 'asc'],
          ['status', 'asc'],
          ['waitSince', 'asc'],
        ],
      },
      {
        name: 'uid_created',
        fields: [
          ['uid', 'asc'],
          ['createdAt', 'desc'],
        ],
      },
    ],
  },
  { name: SHARERS, indexes: [] },
];
