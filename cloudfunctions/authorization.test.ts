/**
 * The authorization matrix, proven: every action of every function, called by each of eleven personas
 * against a seeded world, must be allowed, refused, or allowed-and-filtered exactly as
 * authorization.matrix.ts says; and docs/AUTHORIZATION.md must be the rendering of that matrix.
 * A "filtered" cell also checks that the answer holds nothing of this union (no leak through lists,
 * counts or boards).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeWorld, joinForm, TEST_NOW, type CallInput, type TestWorld } from '../server/testing';
import { makeIdNumber } from '../core/shared/idNumber';
import { APPLICATIONS, type ApplicationDoc } from '../core/member/model';
import { SIX_ITEMS } from '../core/org/six';
import { contracts } from '../core/contracts';
import { MATRIX, PERSONAS, renderMatrix } from './authorization.matrix';
import { PERSONAS as DEV_PERSONAS } from '../server/personas';
import { enqueue } from '../core/shared/outbox';
import { localTemplates } from './notify/handlers';
import { aPublishForm } from '../server/builders.testkit';
import { demoAidRules } from '../core/aid/rules';
import { aCampaignForm, aPlan, anApplication } from './scholarship/scholarship.testkit';
import { AID_FIXTURES } from './aid/authorization.testkit';
import { CASE_FIXTURES } from './case/authorization.testkit';

type Ctx = { w: TestWorld; as: string | null; uid: string | null; n: number };
type Target = { input: unknown; marker?: string };
type Fixture = (c: Ctx) => Promise<Target>;

const HOUR = 3600_000;
const PDF = Buffer.from('%PDF-1.4\n%%EOF').toString('base64');
let seq = 0;
const next = () => ++seq;

const must = async <T = any>(p: Promise<{ ok: boolean; data?: T; error?: unknown }>): Promise<T> => {
  const env = await p;
  if (!env.ok) throw new Error(`fixture call failed: ${JSON.stringify(env)}`);
  return env.data as T;
};

/** A copy of a seeded application, owned by `uid`, in `status`, for this union. */
async function applicationOf(w: TestWorld, uid: string, status: ApplicationDoc['status'], enterprise = { id: 'ent_001', orgId: 'org_union_001' }) {
  const seed = (await w.deps.store.query<ApplicationDoc>(APPLICATIONS, { where: { status: 'pending' }, limit: 1 })).items[0];
  // queued long ago, so that it heads every queue it belongs to (first page, oldest first)
  const queuedAt = TEST_NOW - 400 * 86400_000 - next();
  const doc: ApplicationDoc = {
    ...seed,
    _id: `app_mx_${next()}`,
    uid,
    status,
    version: 1,
    orgId: enterprise.orgId,
    enterpriseId: enterprise.id,
    federationId: 'org_park',
    queuedAt,
    dueAt: queuedAt + 72 * HOUR,
    history: [],
  };
  await w.deps.store.insert(APPLICATIONS, doc);
  return doc;
}

const activityForm = (over: Partial<CallInput<'activity', 'publish'>> = {}): CallInput<'activity', 'publish'> =>
  aPublishForm({ title: `矩阵测试活动${next()}`, membersOnly: false, orgId: 'org_union_001', ...over });
const activityOf = async (w: TestWorld, over: Partial<CallInput<'activity', 'publish'>> = {}) =>
  (await must(w.call('activity', 'publish', activityForm(over), 'union-officer'))).id as string;
/** an activity starting within the hour: check-in is open (from two hours before the start to its end) */
const startingSoon = { startAt: TEST_NOW + HOUR, endAt: TEST_NOW + 3 * HOUR, signupClosesAt: TEST_NOW + HOUR / 2 };

const foundingForm = (enterpriseId: string) => ({
  idempotencyKey: `mxk_${next()}_${Date.now()}`,
  enterpriseId,
  headcount: 80,
  intendedMembers: 20,
  organizerName: '王小明',
  organizerMobile: '13900001111',
  organizerJob: '行政主管',
});
/** park enterprises without a union, one per founding (one open founding per enterprise) */
let freeEnterprise = 30;
const nextFreeEnterprise = () => `ent_${String(freeEnterprise++).padStart(3, '0')}`;
async function foundingOf(w: TestWorld, as: string, status: 'submitted' | 'preparing' = 'submitted') {
  // an account holds a bounded number of open foundings: the earlier cells' ones are withdrawn first
  for (const f of (await must(w.call('founding', 'mine', {}, as))).items) {
    if (f.status === 'submitted' || f.status === 'preparing') await must(w.call('founding', 'withdraw', { foundingId: f.id }, as));
  }
  const f = await must(w.call('founding', 'apply', foundingForm(nextFreeEnterprise()), as));
  if (status === 'preparing')
    await must(w.call('founding', 'decide', { foundingId: f.id, event: 'approve_preparation', note: '', version: f.version }, 'admin'));
  return f.id as string;
}
const electionOf = async (w: TestWorld, as: string | null, foundingId: string) => {
  const fileIds = as ? [(await must(w.call('org', 'uploadFile', { name: '选举结果.pdf', contentType: 'application/pdf', base64: PDF }, as))).id] : ['f_none'];
  return { foundingId, meetingDate: '2026-11-26', attendees: 20, chairName: '王小明', committee: ['李四', '张三'], fileIds };
};

/** A member of this union, fresh each time (uid mx_m<n>), so transfers never collide. */
async function memberOfThisUnion(w: TestWorld) {
  const n = next();
  const app = await must(
    w.call(
      'member',
      'submitApplication',
      joinForm({ idNumber: makeIdNumber('320506', '19900101', String(n % 1000).padStart(3, '0')), name: '赵小燕' }),
      `uid:mx_m${n}`,
    ),
  );
  const done = await must(w.call('member', 'decide', { applicationId: app.id, decision: 'approve' }, 'union-officer'));
  return { uid: `mx_m${n}`, memberNo: done.memberNo as string };
}
async function transferOf(w: TestWorld, state: 'awaiting_release' | 'released') {
  const m = await memberOfThisUnion(w);
  const t = await must(w.call('transfer', 'start', { toEnterpriseId: 'ent_002' }, `uid:${m.uid}`));
  if (state === 'released') await must(w.call('transfer', 'release', { transferId: t.id }, 'union-officer'));
  return { ...(t as { id: string; code: string }), uid: m.uid };
}

/** A park campaign of its own year (one per org and year), its survey closed before TEST_NOW, so it may advance to the plan. */
let campaignYear = 2000;
/** fresh years for the createCampaign row (2051 on) */
let campaignsCreated = 0;
const pastCampaign = async (w: TestWorld) =>
  (await must(w.call('scholarship', 'createCampaign', aCampaignForm(++campaignYear), 'admin'))) as { id: string; version: number };
/** The park's campaign as of TEST_NOW (2026-11-24) in `stage`: survey open, or the apply window open with its plan saved. */
const liveCampaigns: Partial<Record<'survey' | 'apply', string>> = {};
async function liveCampaign(w: TestWorld, stage: 'survey' | 'apply'): Promise<string> {
  if (liveCampaigns[stage]) return liveCampaigns[stage]!;
  const stages =
    stage === 'survey'
      ? {
          survey: ['2026-11-01', '2026-11-30'],
          plan: ['2026-12-01', '2026-12-10'],
          apply: ['2026-12-11', '2026-12-20'],
          review: ['2026-12-21', '2026-12-25'],
          summary: ['2026-12-26', '2026-12-31'],
        }
      : {
          survey: ['2026-09-01', '2026-09-10'],
          plan: ['2026-09-11', '2026-09-20'],
          apply: ['2026-11-01', '2026-11-30'],
          review: ['2026-12-01', '2026-12-10'],
          summary: ['2026-12-11', '2026-12-31'],
        };
  const form = aCampaignForm(stage === 'survey' ? 2090 : 2091, {
    stages: Object.fromEntries(Object.entries(stages).map(([k, [opens, closes]]) => [k, { opens, closes }])) as ReturnType<typeof aCampaignForm>['stages'],
  });
  let c = await must(w.call('scholarship', 'createCampaign', form, 'admin'));
  if (stage === 'apply') {
    // applications are reviewed, noticed and paid under that year's aid rules: 申报 opens only once they are published
    await must(w.call('aid', 'setRules', demoAidRules('org_city', 2091), 'admin'));
    c = await must(w.call('scholarship', 'advance', { campaignId: c.id, to: 'plan', version: c.version }, 'admin'));
    c = await must(w.call('scholarship', 'savePlan', aPlan(c.id, c.version), 'admin'));
    c = await must(w.call('scholarship', 'advance', { campaignId: c.id, to: 'apply', version: c.version }, 'admin'));
  }
  return (liveCampaigns[stage] = c.id);
}
const surveyCounts = { undergraduate: 2, college: 1, secondary: 0, postgraduate: 0 };

const sixItems = SIX_ITEMS.map((i) => ({ key: i.key, met: true, evidence: '现场核查' }));
const TIMER = async (): Promise<Target> => ({ input: {} });
const NONE = async (): Promise<Target> => ({ input: {} });

const FIXTURES: Record<string, Fixture> = {
  'member.submitApplication': async () => ({ input: joinForm({ idNumber: makeIdNumber('110105', '19850312', String(next() % 1000).padStart(3, '0')) }) }),
  'member.resubmitApplication': async ({ w, uid }) => ({
    input: { applicationId: uid ? (await applicationOf(w, uid, 'needs_info'))._id : 'app_none', mobile: '13800001111', job: '操作工' },
  }),
  'member.resubmitApplication#other': async ({ w }) => ({
    input: { applicationId: (await applicationOf(w, 'someone_else', 'needs_info'))._id, mobile: '13800001111', job: '操作工' },
  }),
  'member.withdrawApplication': async ({ w, uid }) => ({ input: { applicationId: uid ? (await applicationOf(w, uid, 'pending'))._id : 'app_none' } }),
  'member.withdrawApplication#other': async ({ w }) => ({ input: { applicationId: (await applicationOf(w, 'someone_else', 'pending'))._id } }),
  'member.myStatus': NONE,
  'member.myCard': NONE,
  'member.listQueue': async ({ w }) => ({ input: {}, marker: (await applicationOf(w, 'someone_else', 'pending'))._id }),
  'member.listQueue#org': async ({ w }) => ({ input: { orgId: 'org_union_001' }, marker: (await applicationOf(w, 'someone_else', 'pending'))._id }),
  'member.getApplication': async ({ w }) => ({ input: { applicationId: (await applicationOf(w, 'someone_else', 'pending'))._id } }),
  'member.getApplication#assigned': async ({ w }) => ({
    input: { applicationId: (await applicationOf(w, 'someone_else', 'pending', { id: 'ent_019', orgId: 'org_park' }))._id },
  }),
  'member.decide': async ({ w }) => ({
    input: { applicationId: (await applicationOf(w, 'someone_else', 'pending'))._id, decision: 'request_info', reason: '请补充劳动合同' },
  }),
  'member.verifyCard': async ({ w }) => ({ input: { code: (await must(w.call('member', 'myCard', {}, 'member'))).code } }),
  'member.escalateOverdue': TIMER,
  'org.searchEnterprises': async () => ({ input: { q: '星海' } }),
  'org.getEnterprise': async () => ({ input: { enterpriseId: 'ent_001' } }),
  'org.whoami': async () => ({ input: {} }),
  'org.myScope': async () => ({ input: {}, marker: 'org_union_001' }),
  'org.tree': async () => ({ input: {}, marker: 'org_union_001' }),
  'org.createOrg': async () => ({ input: { parentId: 'org_park', kind: 'union', name: `高新区第${next()}联合工会`, enterpriseIds: [] } }),
  'org.listStaff': async () => ({ input: {}, marker: 'dev_union_officer"' }),
  'org.findPeople': async () => ({ input: { q: '陈静' }, marker: '星海精密制造' }),
  'org.grantRole': async () => ({ input: { uid: `mx_staff_${next()}`, name: '周敏', role: 'union_officer', orgId: 'org_union_001' } }),
  'org.revokeRole': async ({ w }) => {
    const uid = `mx_staff_${next()}`;
    await must(w.call('org', 'grantRole', { uid, name: '周敏', role: 'union_officer', orgId: 'org_union_001' }, 'admin'));
    return { input: { uid, role: 'union_officer', orgId: 'org_union_001' } };
  },
  'org.workload': async () => ({ input: {}, marker: 'dev_social_worker' }),
  'org.assessSix': async () => ({ input: { unionId: 'org_union_001', items: sixItems } }),
  'org.getSix': async ({ w }) => {
    await must(w.call('org', 'assessSix', { unionId: 'org_union_001', items: sixItems }, 'admin'));
    return { input: { unionId: 'org_union_001' } };
  },
  'org.uploadSlot': async () => ({ input: { name: '选举结果.pdf' } }),
  'org.registerUpload': async () => ({
    input: { fileID: 'cloud://env-x.bucket/uploads/u/0000000000000000/x_选举结果.pdf', name: '选举结果.pdf', contentType: 'application/pdf' },
  }),
  'org.sixBoard': async ({ w }) => {
    await must(w.call('org', 'assessSix', { unionId: 'org_union_001', items: sixItems }, 'admin'));
    return { input: {}, marker: 'org_union_001' };
  },
  'org.uploadFile': async () => ({ input: { name: '佐证.pdf', contentType: 'application/pdf', base64: PDF } }),
  'org.getFile': async ({ w, as }) => ({
    input: { fileId: as ? (await must(w.call('org', 'uploadFile', { name: '佐证.pdf', contentType: 'application/pdf', base64: PDF }, as))).id : 'f_none' },
  }),
  'org.sweepUploads': TIMER,
  'org.getFile#founding': async ({ w }) => {
    const organizer = `uid:mx_org_${next()}`;
    const id = await foundingOf(w, organizer, 'preparing');
    const election = await electionOf(w, organizer, id);
    await must(w.call('founding', 'submitElection', election, organizer));
    return { input: { fileId: election.fileIds[0] } };
  },
  'activity.health': NONE,
  'activity.publish': async () => ({ input: activityForm() }),
  'activity.publishSlots': async () => ({
    input: {
      first: activityForm({ kind: 'booking', seats: 1, startAt: TEST_NOW + 72 * HOUR, endAt: TEST_NOW + 72.5 * HOUR }),
      slotsPerDay: 2,
      everyMinutes: 30,
      workingDays: 1,
    },
  }),
  'activity.list': NONE,
  'activity.manage': async ({ w }) => ({ input: {}, marker: await activityOf(w) }),
  'activity.get': async ({ w }) => ({ input: { activityId: await activityOf(w) } }),
  'activity.signup': async ({ w }) => ({ input: { activityId: await activityOf(w) } }),
  'activity.signup#members': async ({ w }) => ({ input: { activityId: await activityOf(w, { membersOnly: true }) } }),
  'activity.cancel': async ({ w, as }) => {
    const activityId = await activityOf(w);
    if (as) await must(w.call('activity', 'signup', { activityId }, as));
    return { input: { activityId } };
  },
  'activity.mySignups': NONE,
  'activity.roster': async ({ w }) => ({ input: { activityId: await activityOf(w) } }),
  'activity.close': async ({ w }) => ({ input: { activityId: await activityOf(w) } }),
  'activity.cancelActivity': async ({ w }) => ({ input: { activityId: await activityOf(w), reason: '场地维修' } }),
  'activity.checkInCode': async ({ w }) => ({ input: { activityId: await activityOf(w, startingSoon) } }),
  'activity.checkIn': async ({ w, as }) => {
    const activityId = await activityOf(w, startingSoon);
    if (as) await must(w.call('activity', 'signup', { activityId }, as));
    return { input: { code: (await must(w.call('activity', 'checkInCode', { activityId }, 'union-officer'))).code } };
  },
  'activity.checkInByCard': async ({ w }) => {
    const activityId = await activityOf(w, startingSoon);
    await must(w.call('activity', 'signup', { activityId }, 'member'));
    return { input: { activityId, cardCode: (await must(w.call('member', 'myCard', {}, 'member'))).code } };
  },
  'activity.exportRoster': async ({ w }) => ({ input: { activityId: await activityOf(w) } }),
  'activity.poster': async ({ w }) => ({ input: { activityId: await activityOf(w) } }),
  'activity.remindUpcoming': TIMER,
  'activity.reconcile': TIMER,
  'founding.apply': async () => ({ input: foundingForm(nextFreeEnterprise()) }),
  'founding.mine': NONE,
  'founding.get': async ({ w, as }) => ({ input: { foundingId: as ? await foundingOf(w, as) : 'fd_none' } }),
  'founding.get#other': async ({ w }) => ({ input: { foundingId: await foundingOf(w, `uid:mx_org_${next()}`) } }),
  'founding.queue': async ({ w }) => ({ input: {}, marker: await foundingOf(w, `uid:mx_org_${next()}`) }),
  'founding.decide': async ({ w }) => ({
    input: { foundingId: await foundingOf(w, `uid:mx_org_${next()}`), event: 'approve_preparation', note: '', version: 1 },
  }),
  'founding.submitElection': async ({ w, as }) => ({ input: await electionOf(w, as, as ? await foundingOf(w, as, 'preparing') : 'fd_none') }),
  'founding.submitElection#other': async ({ w, as }) => ({ input: await electionOf(w, as, await foundingOf(w, `uid:mx_org_${next()}`, 'preparing')) }),
  'founding.withdraw': async ({ w, as }) => ({ input: { foundingId: as ? await foundingOf(w, as) : 'fd_none' } }),
  'founding.escalateOverdue': TIMER,
  'transfer.start': async () => ({ input: { toEnterpriseId: 'ent_002' } }),
  'transfer.startForMember': async ({ w }) => ({ input: { memberNo: (await memberOfThisUnion(w)).memberNo, toEnterpriseId: 'ent_002' } }),
  'transfer.mine': NONE,
  'transfer.cancel': async ({ w, as }) => {
    if (as !== 'member') return { input: { transferId: 'tr_none' } };
    // the member's open transfer (the `start` row leaves one), or a new one
    const open = (await must(w.call('transfer', 'mine', {}, 'member'))).items.find(
      (t: { status: string }) => t.status === 'awaiting_release' || t.status === 'released',
    );
    const t = open ?? (await must(w.call('transfer', 'start', { toEnterpriseId: 'ent_003' }, 'member')));
    return { input: { transferId: t.id } };
  },
  'transfer.cancel#other': async ({ w }) => ({ input: { transferId: (await transferOf(w, 'released')).id } }),
  'transfer.release': async ({ w }) => ({ input: { transferId: (await transferOf(w, 'awaiting_release')).id } }),
  'transfer.release#overdue': async ({ w }) => {
    const t = await transferOf(w, 'awaiting_release');
    w.clock.t += 7 * 86400_000; // past the old union's working days (the next fixture resets the clock)
    return { input: { transferId: t.id } };
  },
  'transfer.accept': async ({ w }) => ({ input: { transferId: (await transferOf(w, 'released')).id } }),
  'transfer.refuse': async ({ w }) => ({ input: { transferId: (await transferOf(w, 'released')).id, reason: '劳动关系尚未转入' } }),
  'transfer.queue': async ({ w }) => ({ input: { side: 'out' }, marker: (await transferOf(w, 'awaiting_release')).id }),
  'transfer.get': async ({ w }) => ({ input: { transferId: (await transferOf(w, 'released')).id } }),
  'transfer.lookup': async ({ w }) => ({ input: { code: (await transferOf(w, 'released')).code } }),
  'transfer.repair': TIMER,
  'notify.templates': NONE,
  'notify.subscribe': async () => ({ input: { accepted: [localTemplates.review.templateId] } }),
  'notify.inbox': async ({ w }) => {
    const marker = `mx_note_${next()}`;
    // dated after everything the other rows enqueue, so it heads the officer's first page
    await enqueue({ store: w.deps.store, clock: { now: () => TEST_NOW + 365 * 86400_000 + next() } }, marker, {
      to: 'uid:dev_union_officer',
      template: 'join_submitted',
      title: marker,
      body: '矩阵测试',
      page: '/admin/queue/index',
    });
    return { input: {}, marker };
  },
  'notify.unreadCount': NONE,
  'notify.markRead': async () => ({ input: { all: true } }),
  'notify.send': TIMER,
  'scholarship.createCampaign': async () => ({ input: aCampaignForm(2050 + ++campaignsCreated) }),
  'scholarship.campaigns': async ({ w }) => ({ input: {}, marker: await liveCampaign(w, 'survey') }),
  'scholarship.getCampaign': async ({ w }) => ({ input: { campaignId: await liveCampaign(w, 'survey') } }),
  'scholarship.savePlan': async ({ w }) => {
    const c = await pastCampaign(w);
    return { input: aPlan(c.id, c.version) };
  },
  'scholarship.advance': async ({ w }) => {
    const c = await pastCampaign(w);
    return { input: { campaignId: c.id, to: 'plan', version: c.version } };
  },
  'scholarship.submitSurvey': async ({ w }) => ({ input: { campaignId: await liveCampaign(w, 'survey'), unionId: 'org_union_001', counts: surveyCounts } }),
  'scholarship.surveyBoard': async ({ w }) => ({ input: { campaignId: await liveCampaign(w, 'survey') } }),
  'scholarship.apply': async ({ w, as }) => {
    const campaignId = await liveCampaign(w, 'apply');
    // an upload needs a signed-in caller; the anonymous call is refused before the file is looked at
    return { input: as ? await anApplication(w, campaignId, as) : { ...(await anApplication(w, campaignId, 'member')), campaignId } };
  },
  'scholarship.myApplications': NONE,
  'scholarship.report': async ({ w }) => ({ input: { campaignId: await liveCampaign(w, 'survey') } }),
  'scholarship.exportReport': async ({ w }) => ({ input: { campaignId: await liveCampaign(w, 'survey') } }),
  ...AID_FIXTURES,
  ...CASE_FIXTURES,
};

const DENIED = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND']);

let w: TestWorld;
beforeAll(async () => {
  w = await makeWorld();
});
afterAll(() => w.close());

describe('authorization matrix', () => {
  it('covers every action of every function, and every persona', () => {
    const actions = Object.entries(contracts).flatMap(([fn, c]) => Object.keys(c).map((a) => `${fn}.${a}`));
    const rows = new Set(Object.keys(MATRIX).map((k) => k.split('#')[0]));
    expect(actions.filter((a) => !rows.has(a))).toEqual([]);
    expect([...rows].filter((r) => !actions.includes(r))).toEqual([]);
    expect(Object.keys(FIXTURES).sort()).toEqual(Object.keys(MATRIX).sort());
    for (const p of PERSONAS) if (p.persona) expect(DEV_PERSONAS.map((d) => d.id)).toContain(p.persona);
  });

  it('is docs/AUTHORIZATION.md (run `npm run docs:authz` after changing the matrix)', () => {
    expect(readFileSync(join(__dirname, '..', 'docs', 'AUTHORIZATION.md'), 'utf8')).toBe(renderMatrix());
  });

  for (const [key, [what, cells]] of Object.entries(MATRIX)) {
    it(`${key}: ${what}`, async () => {
      const [fn, actionWithVariant] = key.split('.');
      const action = actionWithVariant.split('#')[0];
      const observed: string[] = [];
      for (const p of PERSONAS) {
        w.clock.t = TEST_NOW;
        const uid = p.persona === null ? null : DEV_PERSONAS.find((d) => d.id === p.persona)!.uid;
        const target = await FIXTURES[key]({ w, as: p.persona, uid, n: next() });
        const env = await w.callUntyped(fn, action, target.input, p.persona); // the matrix's keys are strings
        let cell: string;
        if (!env.ok && DENIED.has(env.error.code)) cell = '-';
        else if (target.marker && env.ok && !JSON.stringify(env.data).includes(target.marker)) cell = 'f';
        else cell = 'Y';
        observed.push(cell === 'Y' && !env.ok && env.error.code === 'INTERNAL' ? '!' : cell);
      }
      expect(observed.join('')).toBe(cells);
    });
  }
});
