/**
 * What other contexts may read of a booking (服务预约) and its signups, through the front door:
 * rights cases turn a legal-consultation booking into a case carrying its title, time and place,
 * and list a lawyer's bookings. Read only; the seat engine alone writes activities and signups.
 */
import type { Dependencies } from '../shared/ports';
import { getOrg } from '../org';
import { ACTIVITIES, SIGNUPS, type ActivityDoc, type ActivityKind, type SignupDoc, type SignupStatus } from './model';

export interface BookingFacts {
  signupId: string;
  activityId: string;
  /** the activity's kind: only `booking` is a consultation, the caller decides what to accept */
  kind: ActivityKind;
  title: string;
  startAt: number;
  endAt: number;
  place: string;
  host: string;
  orgId: string;
  /** the person who booked, and the name they booked under */
  uid: string;
  name: string;
  status: SignupStatus;
  checkedInAt: number | null;
}

const factsOf = (a: ActivityDoc, s: SignupDoc): BookingFacts => ({
  signupId: s._id,
  activityId: a._id,
  kind: a.kind,
  title: a.title,
  startAt: a.startAt,
  endAt: a.endAt,
  place: a.place,
  host: a.host,
  orgId: a.orgId,
  uid: s.uid,
  name: s.name,
  status: s.status,
  checkedInAt: s.checkedInAt,
});

/** The signup and its activity, or null when either is gone (a stale or made-up id). */
export async function bookingFacts(deps: Pick<Dependencies, 'store'>, signupId: string): Promise<BookingFacts | null> {
  const s = await deps.store.get<SignupDoc>(SIGNUPS, signupId);
  if (!s) return null;
  const a = await deps.store.get<ActivityDoc>(ACTIVITIES, s.activityId);
  return a ? factsOf(a, s) : null;
}

/** Slots read per call at most: a lawyer's list covers weeks of slots, not years. */
const MAX_SLOTS = 300;

/**
 * The confirmed signups of the `booking` activities held by `orgIds` or anywhere under them that end
 * in [from, to), the earliest first. A city or a federation finds its subtree's slots by its own
 * index (cityId, federationId), a union by orgId, so each org costs one indexed query.
 */
export async function bookingsOf(deps: Pick<Dependencies, 'store' | 'clock'>, orgIds: readonly string[], from: number, to: number): Promise<BookingFacts[]> {
  const activities = new Map<string, ActivityDoc>();
  for (const orgId of new Set(orgIds)) {
    const org = await getOrg(deps, orgId);
    const field = org.kind === 'city_federation' ? 'cityId' : org.kind === 'federation' ? 'federationId' : 'orgId';
    const page = await deps.store.query<ActivityDoc>(ACTIVITIES, {
      where: { [field]: org._id, endAt: { $gte: from, $lt: to } },
      orderBy: [['endAt', 'asc']],
      limit: MAX_SLOTS,
    });
    // a federation's own slots and its unions' carry its federationId; a union's slots under a city grant carry the cityId
    for (const a of page.items) if (a.kind === 'booking' && a.status !== 'cancelled') activities.set(a._id, a);
  }
  const out: BookingFacts[] = [];
  for (const a of activities.values()) {
    const signups = await deps.store.query<SignupDoc>(SIGNUPS, {
      where: { activityId: a._id, status: 'confirmed' },
      orderBy: [['waitSince', 'asc']],
      limit: 100,
    });
    for (const s of signups.items) out.push(factsOf(a, s));
  }
  return out.sort((x, y) => x.startAt - y.startAt || x.signupId.localeCompare(y.signupId));
}
