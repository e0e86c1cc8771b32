/**
 * The authorization matrix's fixtures for the `case` function (cloudfunctions/authorization.test.ts
 * spreads them into its own): for each row, the target one persona's call is aimed at. The matrix
 * runs every row against one seeded world, eleven times over, so each fixture makes a fresh case
 * of its own unless reading one cached target is all the row does.
 *
 * The cases are written to the store as the real flow leaves them (submit, assign, sign, resolve,
 * rate, the legal-aid steps): a wage complaint about 星海精密制造有限公司 (ent_001, whose union is
 * org_union_001), received by the park federation over it (org_park); a case assigned to the lawyer
 * persona (周律师) or to the social worker (孙敏, for an enterprise placed with her); one the park
 * transferred to this union. A persona's own case is theirs by uid; the anonymous caller is pointed
 * at an id that is no one's. Each fixture case is due before every earlier one and urgent, so it
 * heads every queue it belongs to (first page: urgent first, then due first).
 */
import { TEST_NOW, type TestWorld } from '../../server/testing';
import { aPublishForm } from '../../server/builders.testkit';
import { CASE_STEP_OWNER, type CaseCategory, type CaseStatus, type LegalAidStatus } from '../../core/case/machine';
import { CASES, CASE_CLAIMANTS, type Assignee, type CaseDoc, type CaseEntry, type ClaimantDoc, type LegalAidDoc } from '../../core/case/model';
import { caseNoOf, claimantIdOf, personRef } from '../../core/case/step';
import { DEFAULT_CASE_RULES } from '../../core/case/rules';

export type CaseTarget = { input: unknown; marker?: string };
export type CaseFixture = (c: { w: TestWorld; as: string | null; uid: string | null }) => Promise<CaseTarget>;

const DAY = 86400_000;
const HOUR = 3600_000;
let seq = 0;
const next = () => ++seq;

export const LAWYER: Assignee = { uid: 'dev_lawyer', name: '周律师', role: 'lawyer' };
export const SOCIAL_WORKER: Assignee = { uid: 'dev_social_worker', name: '孙敏', role: 'social_worker' };

const PARK = { orgId: 'org_park', ownerOrgId: 'org_park', ownerOrgName: '星海高新区工会联合会', federationId: 'org_park', cityId: 'org_city' };
const AT_PARK = { ...PARK, scope: ['org_city', 'org_park'] };
const AT_UNION = { ...PARK, ownerOrgId: 'org_union_001', ownerOrgName: '星海精密制造工会', scope: ['org_city', 'org_park', 'org_union_001'] };
const ENT_001 = { enterpriseId: 'ent_001', enterpriseName: '星海精密制造有限公司', unionOrgId: 'org_union_001' };

/** How far a case has come: each stage carries what the steps before it leave on the document. */
export interface CaseSeed {
  status: CaseStatus;
  uid?: string;
  name?: string;
  category?: CaseCategory;
  assignee?: Assignee | null;
  /** the enterprise placed with the social worker (ent_019, no union) instead of ent_001 */
  socialWorkersEnterprise?: boolean;
  /** held by this union after the park's 转办 */
  atUnion?: boolean;
  collective?: boolean;
  legalAid?: LegalAidStatus;
  ask?: boolean;
  /** the resolved step's clock ran out: the callback is due */
  callbackDue?: boolean;
}

/**
 * A case as the flow leaves it in `s.status`, written to the store (with the lead's claimant record
 * for a collective case). Urgent, and due before every case made earlier.
 */
export async function seedCase(w: TestWorld, s: CaseSeed): Promise<CaseDoc> {
  const n = next();
  const id = `cs_mx${String(n).padStart(4, '0')}`;
  const reportedAt = TEST_NOW - 400 * DAY - n * 60_000;
  const stepStartedAt = s.callbackDue ? TEST_NOW - 10 * DAY : reportedAt + 2 * HOUR;
  const uid = s.uid ?? 'mx_claimant';
  const name = s.name ?? '张晓梅';
  const category = s.category ?? (s.legalAid ? 'legal_aid' : 'complaint');
  const assignee = s.assignee ?? (['received', 'declined', 'withdrawn'].includes(s.status) ? null : LAWYER);
  const entry = (event: CaseEntry['event'], to: CaseStatus | null, by: string, byName: string, note: string | null = null): CaseEntry => ({
    at: reportedAt + HOUR,
    event,
    by,
    byName,
    to,
    note,
    internal: false,
    fileIds: [],
  });
  const timeline: CaseEntry[] = [entry('submit', 'received', uid, name)];
  const past = (st: CaseStatus[]) => st.includes(s.status);
  if (assignee) timeline.push(entry('assign', 'assigned', 'dev_federation_officer', '刘芳'));
  if (past(['handling', 'resolved', 'quality_check', 'closed'])) timeline.push(entry('sign', 'handling', assignee!.uid, assignee!.name));
  const resolved = past(['resolved', 'quality_check', 'closed']);
  if (resolved) timeline.push(entry('resolve', 'resolved', assignee!.uid, assignee!.name, '经调解，企业同意一次性支付拖欠工资'));
  const rated = past(['quality_check', 'closed']);
  if (rated) timeline.push(entry('rate_satisfied', 'quality_check', uid, name));
  const legalAid: LegalAidDoc | null = s.legalAid
    ? {
        status: s.legalAid,
        keyDate: null,
        keyDateKind: null,
        opponent: '星海精密制造有限公司',
        claimAmount: 36_000,
        eligibility: { member: true, memberOrgName: '星海精密制造工会', hardship: null, reasons: ['工会会员'] },
        urgent: false,
        decisionDueAt: reportedAt + 9 * DAY,
        decidedAt: s.legalAid === 'applied' ? null : reportedAt + DAY,
        decidedBy: s.legalAid === 'applied' ? null : 'dev_federation_officer',
        decisionNote: null,
        letter:
          s.legalAid === 'appointed' || s.legalAid === 'reported'
            ? {
                no: `〔2025〕星海高新区工联法援字第${n}号`,
                lawyerUid: LAWYER.uid,
                lawyerName: LAWYER.name,
                issuedAt: reportedAt + DAY,
                issuedBy: 'dev_federation_officer',
              }
            : null,
        report: null,
      }
    : null;
  const where = s.atUnion ? AT_UNION : AT_PARK;
  const enterprise = s.socialWorkersEnterprise ? { enterpriseId: 'ent_019', enterpriseName: '园区未建会企业', unionOrgId: null } : ENT_001;
  const doc: CaseDoc = {
    _id: id,
    no: caseNoOf('2025-10-20', id),
    uid,
    name,
    anonymous: false,
    mobileSealed: null,
    mobileMasked: null,
    memberId: null,
    category,
    itemKey: category === 'legal_aid' ? 'wage_claim' : 'wage_arrears',
    itemLabel: category === 'legal_aid' ? '追索劳动报酬' : '拖欠工资',
    complexity: 'general',
    title: s.collective ? '门店关停拖欠全体员工工资' : '拖欠两个月工资',
    description: '公司自九月起未按时发放工资，多次找负责人沟通无果，请工会帮助追讨。',
    fileIds: [],
    ...enterprise,
    ...where,
    status: s.status,
    owner: CASE_STEP_OWNER[s.status],
    assignee,
    assigneeUid: assignee?.uid ?? null,
    priority: 0,
    urgent: true,
    collective: s.collective ? { workers: 136, amountOwed: 700_000, claimants: 1, claimedTotal: 5_200 } : null,
    shareCode: s.collective ? w.deps.crypto.hash(`mx_share|${id}`).slice(0, 16) : null,
    legalAid,
    stepStartedAt,
    dueAt: stepStartedAt + DAY,
    escalated: false,
    resolveDueAt: reportedAt + 9 * DAY,
    ask: s.ask ? { text: '请补充近三个月的工资条或考勤记录', at: stepStartedAt, by: LAWYER.uid } : null,
    resolution: resolved
      ? {
          kind: 'mediated',
          summary: '经调解，企业同意一次性支付拖欠工资',
          recovered: 12_000,
          fileIds: [],
          at: stepStartedAt,
          by: assignee!.uid,
          byName: assignee!.name,
        }
      : null,
    rating: rated ? { score: 5, comment: '', at: stepStartedAt, via: 'worker', by: uid } : null,
    metrics: {
      receivedAt: reportedAt,
      assignedAt: assignee ? reportedAt + HOUR : null,
      signedAt: past(['handling', 'resolved', 'quality_check', 'closed']) ? reportedAt + HOUR : null,
      signedOnTime: past(['handling', 'resolved', 'quality_check', 'closed']) ? true : null,
      resolvedAt: resolved ? stepStartedAt : null,
      resolvedOnTime: resolved ? true : null,
      closedAt: null,
      reopened: 0,
      recovered: resolved ? 12_000 : 0,
    },
    bookingId: null,
    createdAt: reportedAt,
    updatedAt: stepStartedAt,
    version: timeline.length,
    timeline,
  };
  await w.deps.store.insert(CASES, doc);
  if (s.collective) {
    await w.deps.store.insert<ClaimantDoc>(CASE_CLAIMANTS, {
      _id: claimantIdOf(w.deps, id, uid),
      caseId: id,
      uid,
      name,
      amountOwed: 5_200,
      lead: true,
      joinedAt: reportedAt,
    });
  }
  return doc;
}

/** Targets several rows only read: made once. */
const once = <T>(make: (w: TestWorld) => Promise<T>) => {
  let made: Promise<T> | null = null;
  return (w: TestWorld) => (made ??= make(w));
};
const sharedCollective = once((w) => seedCase(w, { status: 'handling', collective: true }));

/** The caller's own case in `status` (theirs by uid), or an id that is no one's for the anonymous caller. */
async function own(w: TestWorld, uid: string | null, s: Omit<CaseSeed, 'uid'>): Promise<{ caseId: string; version: number }> {
  if (!uid) return { caseId: 'cs_none', version: 1 };
  const d = await seedCase(w, { ...s, uid, name: '本人' });
  return { caseId: d._id, version: d.version };
}
const ref = (d: CaseDoc) => ({ caseId: d._id, version: d.version });
/** A person handle as the assignee list would show it to the caller (sealed for them; any other caller's is refused). */
const lawyerFor = (w: TestWorld, uid: string | null) => personRef(w.deps, uid ?? 'nobody', LAWYER.uid);

/** A consultation booking of the park (周律师's window) with a worker signed up: its signup id. */
async function booking(w: TestWorld): Promise<string> {
  const n = next();
  const published = await w.call(
    'activity',
    'publish',
    aPublishForm({ kind: 'booking', title: `法律咨询预约${n}`, seats: 1, membersOnly: false, orgId: 'org_park', host: '周律师' }),
    'federation-officer',
  );
  if (!published.ok) throw new Error(`fixture booking: ${JSON.stringify(published)}`);
  const signup = await w.call('activity', 'signup', { activityId: published.data.id }, `uid:mx_booker${n}`);
  if (!signup.ok) throw new Error(`fixture signup: ${JSON.stringify(signup)}`);
  return signup.data.id;
}

const caseForm = () => ({
  idempotencyKey: `mxk_case_${next()}_${Date.now()}`,
  category: 'complaint' as const,
  itemKey: 'wage_arrears',
  title: '拖欠两个月工资',
  description: '公司自九月起未按时发放工资，多次找负责人沟通无果，请工会帮助追讨。',
  enterpriseId: 'ent_001',
});

const TIMER: CaseFixture = async () => ({ input: {} });
const NONE: CaseFixture = async () => ({ input: {} });

export const CASE_FIXTURES: Record<string, CaseFixture> = {
  'case.catalogue': async () => ({ input: { enterpriseId: 'ent_001' } }),
  'case.submit': async () => ({ input: caseForm() }),
  'case.myCases': NONE,
  'case.getCase': async ({ w, uid }) => ({ input: { caseId: (await own(w, uid, { status: 'received' })).caseId } }),
  'case.getCase#park': async ({ w }) => ({ input: { caseId: (await seedCase(w, { status: 'received' }))._id } }),
  'case.getCase#union': async ({ w }) => ({ input: { caseId: (await seedCase(w, { status: 'received', atUnion: true }))._id } }),
  'case.getCase#lawyer': async ({ w }) => ({ input: { caseId: (await seedCase(w, { status: 'handling', assignee: LAWYER }))._id } }),
  'case.getCase#social': async ({ w }) => ({
    input: { caseId: (await seedCase(w, { status: 'handling', assignee: SOCIAL_WORKER, socialWorkersEnterprise: true }))._id },
  }),
  'case.reply': async ({ w, uid }) => ({ input: { caseId: (await own(w, uid, { status: 'handling', ask: true })).caseId, text: '工资条已拍照上传' } }),
  'case.reply#other': async ({ w }) => ({ input: { caseId: (await seedCase(w, { status: 'handling', ask: true }))._id, text: '工资条已拍照上传' } }),
  'case.rate': async ({ w, uid }) => ({ input: { ...(await own(w, uid, { status: 'resolved' })), score: 5, comment: '' } }),
  'case.rate#other': async ({ w }) => ({ input: { ...ref(await seedCase(w, { status: 'resolved' })), score: 5, comment: '' } }),
  'case.withdraw': async ({ w, uid }) => ({ input: { ...(await own(w, uid, { status: 'received' })), reason: '已与公司协商解决' } }),
  'case.withdraw#other': async ({ w }) => ({ input: { ...ref(await seedCase(w, { status: 'received' })), reason: '已与公司协商解决' } }),
  'case.sharePreview': async ({ w }) => ({ input: { code: (await sharedCollective(w)).shareCode } }),
  'case.join': async ({ w }) => ({ input: { code: (await seedCase(w, { status: 'handling', collective: true })).shareCode, amountOwed: 4_800 } }),
  'case.queue': async ({ w }) => ({ input: {}, marker: (await seedCase(w, { status: 'received' }))._id }),
  'case.queue#supervise': async ({ w }) => ({
    input: { orgId: 'org_park', supervise: true },
    marker: (await seedCase(w, { status: 'received', atUnion: true }))._id,
  }),
  'case.queue#mine': async ({ w }) => ({ input: { tab: 'mine' }, marker: (await seedCase(w, { status: 'handling', assignee: LAWYER }))._id }),
  'case.assignees': async ({ w }) => ({ input: { caseId: (await seedCase(w, { status: 'received' }))._id } }),
  'case.assign': async ({ w, uid }) => ({ input: { ...ref(await seedCase(w, { status: 'received' })), personId: lawyerFor(w, uid), note: null } }),
  'case.sign': async ({ w }) => ({ input: ref(await seedCase(w, { status: 'assigned', assignee: LAWYER })) }),
  'case.returnAssignment': async ({ w }) => ({
    input: { ...ref(await seedCase(w, { status: 'assigned', assignee: LAWYER })), reason: '本人近期出庭，无法按时办理' },
  }),
  'case.transfer': async ({ w }) => ({
    input: { ...ref(await seedCase(w, { status: 'received' })), toOrgId: 'org_union_001', reason: '该企业已建会，转企业工会先行协调' },
  }),
  'case.decline': async ({ w }) => ({ input: { ...ref(await seedCase(w, { status: 'received' })), reason: '不属于工会受理范围，已告知向劳动监察投诉' } }),
  'case.classify': async ({ w }) => ({ input: { ...ref(await seedCase(w, { status: 'received' })), complexity: 'hard' } }),
  'case.addEntry': async ({ w }) => ({
    input: { caseId: (await seedCase(w, { status: 'handling', assignee: LAWYER }))._id, kind: 'note', text: '已电话联系企业负责人', internal: true },
  }),
  'case.ask': async ({ w }) => ({ input: { caseId: (await seedCase(w, { status: 'handling', assignee: LAWYER }))._id, text: '请补充劳动合同复印件' } }),
  'case.resolve': async ({ w }) => ({
    input: {
      ...ref(await seedCase(w, { status: 'handling', assignee: LAWYER })),
      kind: 'mediated',
      summary: '经调解，企业同意分两期支付拖欠工资',
      recovered: 12_000,
    },
  }),
  'case.callback': async ({ w }) => ({
    input: { ...ref(await seedCase(w, { status: 'resolved', callbackDue: true })), score: 4, comment: '电话回访，基本满意' },
  }),
  'case.qualityCheck': async ({ w }) => ({ input: { ...ref(await seedCase(w, { status: 'quality_check' })), pass: true, note: '' } }),
  'case.legalAidDecide': async ({ w }) => ({
    input: { ...ref(await seedCase(w, { status: 'received', legalAid: 'applied' })), event: 'approve', note: '工会会员，符合援助条件' },
  }),
  'case.appointLawyer': async ({ w, uid }) => ({
    input: { ...ref(await seedCase(w, { status: 'received', legalAid: 'approved' })), personId: lawyerFor(w, uid) },
  }),
  'case.legalAidReport': async ({ w }) => ({
    input: {
      ...ref(await seedCase(w, { status: 'handling', legalAid: 'appointed', assignee: LAWYER })),
      outcome: 'mediation',
      summary: '经劳动仲裁委员会调解，双方达成调解协议，企业当庭支付拖欠工资。',
      recovered: 30_000,
    },
  }),
  'case.fromBooking': async ({ w }) => ({
    input: {
      signupId: await booking(w),
      category: 'consult',
      itemKey: 'labour_contract',
      title: '劳动合同续签咨询',
      description: '劳动合同到期公司不续签，咨询能否要求经济补偿。',
    },
  }),
  'case.bookings': NONE,
  'case.stats': NONE,
  'case.stats#park': async () => ({ input: { orgId: 'org_park' } }),
  'case.getRules': NONE,
  'case.setRules': async () => ({ input: { orgId: 'org_park', rules: DEFAULT_CASE_RULES } }),
  'case.getRota': NONE,
  'case.setRota': async ({ w, uid }) => ({
    input: { orgId: 'org_park', weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, personId: lawyerFor(w, uid) })), dates: [] },
  }),
  'case.escalateOverdue': TIMER,
};
