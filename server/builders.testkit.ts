/**
 * Test and bench helpers, not used by the app: one builder per kind of document that tests and
 * benchmarks write straight to the store (to set up a state without going through the actions).
 * Each is typed by its model in core/<context>/model.ts, so a field added there is added here once;
 * the defaults are a plausible document of union 001 (星海精密制造工会, enterprise ent_001) of the
 * seeded park. Pass what the test is about as overrides; the keys every document must have of its
 * own (ids, uids, member numbers, hashes, times on the test's clock) are required.
 */
import type { ApplicationDoc, MemberDoc } from '../core/member/model';
import type { SignupDoc } from '../core/activity/model';
import type { Staff } from '../core/org/model';
import type { z } from 'zod';
import type { activityContract } from '../core/activity/contract';
import type { AidFileDoc, HouseholdMember } from '../core/aid/model';

/** Tuesday 2026-11-24 10:00 Asia/Shanghai: the test clock's start (server/testing re-exports it) */
export const TEST_NOW = Date.UTC(2026, 10, 24, 2, 0, 0);

/** Union 001 of the seeded park and its enterprise: where built documents belong unless told otherwise. */
const UNION_001 = {
  orgId: 'org_union_001',
  orgName: '星海精密制造工会',
  federationId: 'org_park',
  cityId: 'org_city',
  enterpriseId: 'ent_001',
  enterpriseName: '星海精密制造有限公司',
} as const;

/** An active member (ID number and mobile "sealed" as 'x': tests that read them back seal real ones). */
export function aMember(overrides: Partial<MemberDoc> & Pick<MemberDoc, '_id' | 'memberNo' | 'uid' | 'idHash'>): MemberDoc {
  return {
    name: '会员',
    idSealed: 'x',
    mobileSealed: 'x',
    ...UNION_001,
    job: '操作工',
    migrantWorker: false,
    joinedAt: Date.UTC(2020, 0, 1),
    status: 'active',
    applicationId: null,
    ...overrides,
  };
}

/** A join application, pending in union 001's queue since `submittedAt` (due three days later). */
export function anApplication(overrides: Partial<ApplicationDoc> & Pick<ApplicationDoc, '_id' | 'uid' | 'idHash' | 'submittedAt'>): ApplicationDoc {
  const at = overrides.submittedAt;
  return {
    status: 'pending',
    version: 1,
    name: '张三',
    idSealed: 'x',
    mobileSealed: 'x',
    enterpriseId: UNION_001.enterpriseId,
    enterpriseName: UNION_001.enterpriseName,
    job: '操作工',
    migrantWorker: false,
    consentAt: at,
    orgId: UNION_001.orgId,
    orgName: UNION_001.orgName,
    federationId: UNION_001.federationId,
    cityId: UNION_001.cityId,
    viaFederation: false,
    queuedAt: at,
    dueAt: at + 3 * 86400_000,
    escalated: false,
    reason: null,
    memberNo: null,
    history: [],
    ...overrides,
  };
}

/** A signup of one seat, pending since `createdAt` (the state a request leaves between its two writes); name defaults to the uid. */
export function aSignup(overrides: Partial<SignupDoc> & Pick<SignupDoc, '_id' | 'activityId' | 'uid' | 'createdAt'>): SignupDoc {
  return {
    name: overrides.uid,
    memberNo: null,
    seatCount: 1,
    status: 'pending',
    sharedBy: null,
    waitSince: null,
    confirmedAt: null,
    cancelledAt: null,
    checkedInAt: null,
    remindedAt: null,
    ...overrides,
  };
}

/** A staff record (an officer's grants), as the org function writes it. */
export function aStaff(overrides: Partial<Staff> & Pick<Staff, '_id'>): Staff {
  return { name: '工作人员', grants: [], ...overrides };
}

const HOUR = 3600_000;

/** The `activity.publish` form as a client sends it. */
export type PublishForm = z.input<typeof activityContract.publish.input>;

/**
 * A publish form of the tests' usual shape: signup open since an hour before TEST_NOW, closing two
 * days after it, the activity three days after it for three hours. Pass what the test is about.
 */
export function aPublishForm(overrides: Partial<PublishForm> = {}): PublishForm {
  return {
    kind: 'activity',
    title: '职工活动',
    place: '职工之家',
    startAt: TEST_NOW + 72 * HOUR,
    endAt: TEST_NOW + 75 * HOUR,
    signupOpensAt: TEST_NOW - HOUR,
    signupClosesAt: TEST_NOW + 48 * HOUR,
    seats: 50,
    waitlist: true,
    membersOnly: true,
    ...overrides,
  };
}

/** A household member of a hardship file (no ID number on record unless given: a young child). */
export function aHouseholdMember(overrides: Partial<HouseholdMember> & Pick<HouseholdMember, 'name' | 'relation' | 'birthYear'>): HouseholdMember {
  return { idSealed: null, idHash: null, monthlyIncome: 0, health: 'good', schoolOrWork: '', ...overrides };
}

/**
 * A member's hardship file as saveFile leaves it, a draft, for the member `m` (its id is the
 * applicant's: `af_<idHash>`): ¥24,000 a year after ¥6,000 of rigid costs, both consents given at
 * `at`, no household, bank or papers unless the test gives them.
 */
export function anAidFile(m: MemberDoc, at: number, overrides: Partial<AidFileDoc> = {}): AidFileDoc {
  return {
    _id: `af_${m.idHash}`,
    status: 'draft',
    uid: m.uid,
    memberId: m._id,
    name: m.name,
    idHash: m.idHash,
    orgId: m.orgId,
    orgName: m.orgName,
    federationId: m.federationId,
    cityId: m.cityId,
    scope: [m.cityId, ...(m.federationId ? [m.federationId] : []), m.orgId],
    household: [],
    yearlyIncome: 24_000,
    rigidCosts: 6_000,
    causes: { primary: 'illness', secondary: null, story: '配偶患病，长期治疗' },
    bank: null,
    attachments: [],
    consent: { householdAt: at, sensitiveAt: at },
    tier: null,
    activatedAt: null,
    reverifyDueAt: null,
    reminderSentFor: null,
    closedAt: null,
    closeReason: null,
    version: 1,
    updatedAt: at,
    history: [],
    ...overrides,
  };
}
