/**
 * The authorization matrix's fixtures for the `case` function (cloudfunctions/authorization.test.ts
 * spreads them into its own): for each row, the target one persona's call is aimed at. The matrix
 * runs every row against one seeded world, eleven times over, so each fixture makes a fresh case
 * of its own unless reading one cached target is all the row does.
 *
 * The cases are made through the `case` function by the people whose step it is (caseAt): a wage
 * complaint about 星海精密制造有限公司 (ent_001, whose union is org_union_001), received by the park
 * federation over it (org_park); assigned to the lawyer persona (周律师) or to the social worker
 * (孙敏, for an enterprise placed with her); one the park transferred to this union. A persona's own
 * case is theirs by uid; the anonymous caller is pointed at an id that is no one's. Each fixture
 * case is due before every earlier one, and the queue rows read a page of 100, so it is on the
 * first page of every queue it belongs to.
 */
import { ok, TEST_NOW, type TestWorld } from '../../server/testing';
import { aPublishForm } from '../../server/builders.testkit';
import type { CaseStatus } from '../../core/case/machine';
import type { Assignee } from '../../core/case/model';
import { personRef } from '../../core/case/step';
import { DEFAULT_CASE_RULES } from '../../core/case/rules';

export type CaseTarget = { input: unknown; marker?: string };
export type CaseFixture = (c: { w: TestWorld; as: string | null; uid: string | null }) => Promise<CaseTarget>;

const DAY = 86400_000;
let seq = 0;
const next = () => ++seq;

export const LAWYER: Assignee = { uid: 'dev_lawyer', name: '周律师', role: 'lawyer' };
export const SOCIAL_WORKER: Assignee = { uid: 'dev_social_worker', name: '孙敏', role: 'social_worker' };

/** How far a case has come, and whose it is. */
export interface CaseSeed {
  status: CaseStatus;
  /** the claimant (a persona's own case); someone else's by default */
  uid?: string;
  assignee?: Assignee;
  /** of the enterprise placed with the social worker (ent_019, no union) instead of ent_001 */
  socialWorkersEnterprise?: boolean;
  /** transferred by the park to this union */
  atUnion?: boolean;
  collective?: boolean;
  /** a 法律援助 case, its application decided this far */
  legalAid?: 'applied' | 'approved' | 'appointed';
  /** the assignee asked the worker for more */
  ask?: boolean;
  /** the claimant attached a file to the report */
  file?: boolean;
}

/**
 * A case taken to `s.status` through the `case` function, as the people whose step it is: the
 * claimant reports it, the admin (at the city, over the park) assigns, decides and transfers, the
 * assignee signs, asks and resolves, the claimant rates. Made 400 days before TEST_NOW, each a minute
 * before the one made earlier, so it is due before every earlier case and heads the queues it is in;
 * by TEST_NOW its callback is long due.
 */
export async function caseAt(w: TestWorld, s: CaseSeed): Promise<{ caseId: string; version: number; shareCode: string | null; fileId: string | null }> {
  const n = next();
  w.clock.t = TEST_NOW - 400 * DAY - n * 60_000;
  try {
    const claimant = `uid:${s.uid ?? `mx_claimant${n}`}`;
    // a persona's own case goes to someone else than themselves
    const assignee = s.assignee ?? (s.uid === LAWYER.uid ? SOCIAL_WORKER : LAWYER);
    const legal = !!s.legalAid;
    const fileId = s.file
      ? ok(
          await w.call(
            'org',
            'uploadFile',
            { name: '工资条.pdf', contentType: 'application/pdf', base64: Buffer.from('%PDF-1.4\n%%EOF').toString('base64') },
            claimant,
          ),
        ).id
      : null;
    let c = ok(
      await w.call(
        'case',
        'submit',
        {
          idempotencyKey: `mxk_case_${n}`,
          category: legal ? 'legal_aid' : 'complaint',
          itemKey: legal ? 'wage_claim' : 'wage_arrears',
          title: s.collective ? '门店关停拖欠全体员工工资' : '拖欠两个月工资',
          description: '公司自九月起未按时发放工资，多次找负责人沟通无果，请工会帮助追讨。',
          enterpriseId: s.socialWorkersEnterprise ? 'ent_019' : 'ent_001',
          // the claimants here are not members: they give their name
          name: '赵小川',
          collective: s.collective ? { workers: 136, amountOwed: 700_000, myAmount: 5_200 } : null,
          legalAid: legal ? { opponent: '星海精密制造有限公司', claimAmount: 36_000 } : null,
          fileIds: fileId ? [fileId] : [],
        },
        claimant,
      ),
    );
    const step = async (action: string, data: object, as: string) => {
      c = ok(await w.callUntyped('case', action, { caseId: c.id, version: c.version, ...data }, as));
    };
    const personId = async (name: string) => {
      const { items } = ok(await w.call('case', 'assignees', { caseId: c.id }, 'admin'));
      const p = items.find((i) => i.name === name);
      if (!p) throw new Error(`fixture: ${name} is not among the assignees`);
      return p.personId;
    };
    if (s.atUnion) await step('transfer', { toOrgId: 'org_union_001', reason: '该企业已建会，转企业工会先行协调' }, 'admin');
    if (s.legalAid && s.legalAid !== 'applied') await step('legalAidDecide', { event: 'approve', note: '工会会员，符合援助条件' }, 'admin');
    const at = (st: CaseStatus[]) => st.includes(s.status);
    if (at(['assigned', 'handling', 'resolved', 'quality_check'])) {
      // a collective case may be with the duty lawyer already (once the park has a rota)
      if (s.legalAid === 'appointed') await step('appointLawyer', { personId: await personId(assignee.name) }, 'admin');
      else if (c.status === 'received') await step('assign', { personId: await personId(assignee.name), note: null }, 'admin');
    }
    const by = `uid:${assignee.uid}`;
    if (at(['handling', 'resolved', 'quality_check'])) await step('sign', {}, by);
    if (s.ask) c = ok(await w.call('case', 'ask', { caseId: c.id, text: '请补充近三个月的工资条或考勤记录' }, by));
    if (at(['resolved', 'quality_check'])) await step('resolve', { kind: 'mediated', summary: '经调解，企业同意一次性支付拖欠工资', recovered: 12_000 }, by);
    if (at(['quality_check'])) await step('rate', { score: 5, comment: '' }, claimant);
    if (c.status !== s.status) throw new Error(`fixture: the case is ${c.status}, not ${s.status}`);
    return { caseId: c.id, version: c.version, shareCode: c.collective?.shareCode ?? null, fileId };
  } finally {
    w.clock.t = TEST_NOW;
  }
}

/** Targets several rows only read: made once. */
const once = <T>(make: (w: TestWorld) => Promise<T>) => {
  let made: Promise<T> | null = null;
  return (w: TestWorld) => (made ??= make(w));
};
const sharedCollective = once((w) => caseAt(w, { status: 'handling', collective: true }));

/** The caller's own case in `status` (theirs by uid), or an id that is no one's for the anonymous caller. */
async function own(w: TestWorld, uid: string | null, s: Omit<CaseSeed, 'uid'>): Promise<{ caseId: string; version: number }> {
  if (!uid) return { caseId: 'cs_none', version: 1 };
  const { caseId, version } = await caseAt(w, { ...s, uid });
  return { caseId, version };
}
/** someone else's case in `s.status`: its id and version */
const ref = async (w: TestWorld, s: CaseSeed) => {
  const { caseId, version } = await caseAt(w, s);
  return { caseId, version };
};
const idOf = async (w: TestWorld, s: CaseSeed) => (await caseAt(w, s)).caseId;
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
  'case.getCase#park': async ({ w }) => ({ input: { caseId: await idOf(w, { status: 'received' }) } }),
  'case.getCase#union': async ({ w }) => ({ input: { caseId: await idOf(w, { status: 'received', atUnion: true }) } }),
  'case.getCase#lawyer': async ({ w }) => ({ input: { caseId: await idOf(w, { status: 'handling', assignee: LAWYER }) } }),
  'case.getCase#social': async ({ w }) => ({
    input: { caseId: await idOf(w, { status: 'handling', assignee: SOCIAL_WORKER, socialWorkersEnterprise: true }) },
  }),
  'case.file': async ({ w, uid }) => {
    if (!uid) return { input: { caseId: 'cs_none', fileId: 'f_none' } };
    const t = await caseAt(w, { status: 'received', uid, file: true });
    return { input: { caseId: t.caseId, fileId: t.fileId } };
  },
  'case.file#park': async ({ w }) => {
    const t = await caseAt(w, { status: 'received', file: true });
    return { input: { caseId: t.caseId, fileId: t.fileId } };
  },
  'case.file#lawyer': async ({ w }) => {
    const t = await caseAt(w, { status: 'handling', assignee: LAWYER, file: true });
    return { input: { caseId: t.caseId, fileId: t.fileId } };
  },
  'case.reply': async ({ w, uid }) => ({ input: { caseId: (await own(w, uid, { status: 'handling', ask: true })).caseId, text: '工资条已拍照上传' } }),
  'case.reply#other': async ({ w }) => ({ input: { caseId: await idOf(w, { status: 'handling', ask: true }), text: '工资条已拍照上传' } }),
  'case.rate': async ({ w, uid }) => ({ input: { ...(await own(w, uid, { status: 'resolved' })), score: 5, comment: '' } }),
  'case.rate#other': async ({ w }) => ({ input: { ...(await ref(w, { status: 'resolved' })), score: 5, comment: '' } }),
  'case.withdraw': async ({ w, uid }) => ({ input: { ...(await own(w, uid, { status: 'received' })), reason: '已与公司协商解决' } }),
  'case.withdraw#other': async ({ w }) => ({ input: { ...(await ref(w, { status: 'received' })), reason: '已与公司协商解决' } }),
  'case.sharePreview': async ({ w }) => ({ input: { code: (await sharedCollective(w)).shareCode } }),
  'case.join': async ({ w }) => ({ input: { code: (await caseAt(w, { status: 'handling', collective: true })).shareCode, amountOwed: 4_800, name: '王小明' } }),
  'case.queue': async ({ w }) => ({ input: { limit: 100 }, marker: await idOf(w, { status: 'received' }) }),
  'case.queue#supervise': async ({ w }) => ({
    input: { orgId: 'org_park', supervise: true, limit: 100 },
    marker: await idOf(w, { status: 'received', atUnion: true }),
  }),
  'case.queue#mine': async ({ w }) => ({ input: { tab: 'mine', limit: 100 }, marker: await idOf(w, { status: 'handling', assignee: LAWYER }) }),
  'case.assignees': async ({ w }) => ({ input: { caseId: await idOf(w, { status: 'received' }) } }),
  'case.assign': async ({ w, uid }) => ({ input: { ...(await ref(w, { status: 'received' })), personId: lawyerFor(w, uid), note: null } }),
  'case.sign': async ({ w }) => ({ input: await ref(w, { status: 'assigned', assignee: LAWYER }) }),
  'case.returnAssignment': async ({ w }) => ({
    input: { ...(await ref(w, { status: 'assigned', assignee: LAWYER })), reason: '本人近期出庭，无法按时办理' },
  }),
  'case.transfer': async ({ w }) => ({
    input: { ...(await ref(w, { status: 'received' })), toOrgId: 'org_union_001', reason: '该企业已建会，转企业工会先行协调' },
  }),
  'case.decline': async ({ w }) => ({ input: { ...(await ref(w, { status: 'received' })), reason: '不属于工会受理范围，已告知向劳动监察投诉' } }),
  'case.classify': async ({ w }) => ({ input: { ...(await ref(w, { status: 'received' })), complexity: 'hard' } }),
  'case.addEntry': async ({ w }) => ({
    input: { caseId: await idOf(w, { status: 'handling', assignee: LAWYER }), kind: 'note', text: '已电话联系企业负责人', internal: true },
  }),
  'case.ask': async ({ w }) => ({ input: { caseId: await idOf(w, { status: 'handling', assignee: LAWYER }), text: '请补充劳动合同复印件' } }),
  'case.resolve': async ({ w }) => ({
    input: {
      ...(await ref(w, { status: 'handling', assignee: LAWYER })),
      kind: 'mediated',
      summary: '经调解，企业同意分两期支付拖欠工资',
      recovered: 12_000,
    },
  }),
  'case.callback': async ({ w }) => ({
    input: { ...(await ref(w, { status: 'resolved' })), score: 4, comment: '电话回访，基本满意' },
  }),
  'case.qualityCheck': async ({ w }) => ({ input: { ...(await ref(w, { status: 'quality_check' })), pass: true, note: '' } }),
  'case.legalAidDecide': async ({ w }) => ({
    input: { ...(await ref(w, { status: 'received', legalAid: 'applied' })), event: 'approve', note: '工会会员，符合援助条件' },
  }),
  'case.appointLawyer': async ({ w, uid }) => ({
    input: { ...(await ref(w, { status: 'received', legalAid: 'approved' })), personId: lawyerFor(w, uid) },
  }),
  'case.legalAidReport': async ({ w }) => ({
    input: {
      ...(await ref(w, { status: 'handling', legalAid: 'appointed', assignee: LAWYER })),
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
