/**
 * The authorization matrix's fixtures for the `aid` function (cloudfunctions/authorization.test.ts
 * spreads them into its own): for each row, the target one persona's call is aimed at. The matrix
 * runs every row against one seeded world, eleven times over, so each fixture makes a fresh target
 * of its own (an application, a notice, an objection, a file) unless reading one cached target is
 * all the row does.
 *
 * What the worker owns is made through the function itself, as that persona: a draft exists only
 * for a persona the function lets make one (the member), anyone else is pointed at an id that is
 * no one's. What officers act on is written to the store as the real flow leaves it: an application
 * of 星海精密制造有限公司工会 (org_union_001) from someone else in a review step, and approved aid
 * as an approval leaves it (notice.testkit.ts).
 */
import { ok, TEST_NOW, type CallInput, type TestWorld } from '../../server/testing';
import { findMember } from '../../core/member';
import { makeIdNumber } from '../../core/shared/idNumber';
import { shanghaiYear } from '../../core/shared/time';
import { demoAidRules } from '../../core/aid/rules';
import { AID_STEP_OWNER, type AidStatus } from '../../core/aid/machine';
import { ownerOrgOf } from '../../core/aid/step';
import { AID_APPLICATIONS, AID_FILES, type AidApplicationDoc } from '../../core/aid/model';
import { seedApproved } from './notice.testkit';

export type AidTarget = { input: unknown; marker?: string };
export type AidFixture = (c: { w: TestWorld; as: string | null; uid: string | null }) => Promise<AidTarget>;

const DAY = 86400_000;
const PDF = Buffer.from('%PDF-1.4\n%%EOF').toString('base64');
let seq = 0;
const next = () => ++seq;
/** a year the rules and budgets rows may write without changing this year's decisions */
const NEXT_YEAR = shanghaiYear(TEST_NOW) + 1;
const ORG_NAMES: Record<string, string> = { org_union_001: '星海精密制造工会', org_park: '星海高新区工会联合会', org_city: '星海市总工会' };

/**
 * An application of this union from someone else, in a review step held as the table says. Each one
 * is due before every earlier one, so it heads each queue it belongs to (first page, due first).
 */
async function inReview(w: TestWorld, status: AidStatus): Promise<AidApplicationDoc> {
  const n = next();
  const stepStartedAt = TEST_NOW - 400 * DAY - n * 60_000;
  const owner = AID_STEP_OWNER[status] ?? null;
  const place = { orgId: 'org_union_001', federationId: 'org_park', cityId: 'org_city' };
  const ownerOrgId = ownerOrgOf(place, owner);
  const doc: AidApplicationDoc = {
    _id: `aa_mx_${n}`,
    uid: 'someone_else',
    fileId: `af_mx_${n}`,
    kind: 'living',
    status,
    owner,
    ownerOrgId,
    ownerOrgName: ownerOrgId ? ORG_NAMES[ownerOrgId] : null,
    name: '张晓梅',
    idHash: `mx_id_${n}`,
    ...place,
    orgName: ORG_NAMES.org_union_001,
    scope: ['org_city', 'org_park', 'org_union_001'],
    year: shanghaiYear(TEST_NOW),
    reason: '家庭收入低，生活困难',
    requestedAmount: 3000,
    outOfPocket: null,
    student: null,
    attachments: [],
    tier: 'deep',
    amount: null,
    missing: [],
    ledgerId: null,
    budgetId: null,
    noticeId: null,
    payment: null,
    stepStartedAt,
    dueAt: stepStartedAt + 5 * DAY,
    escalated: false,
    submittedAt: stepStartedAt,
    closedAt: null,
    updatedAt: stepStartedAt,
    version: 3,
    history: [],
  };
  await w.deps.store.insert(AID_APPLICATIONS, doc);
  return doc;
}

/** Approved aid of this union (or the logistics federation's union) as an approval leaves it, in `status`. */
async function approvedAid(w: TestWorld, status: AidStatus = 'approved', where: 'park' | 'logistics' = 'park'): Promise<AidApplicationDoc> {
  const tag = `mx${next()}`;
  const elsewhere = where === 'logistics' ? { federationId: 'org_fed_logistics', orgId: 'org_union_l1', orgName: '星海物流工会' } : {};
  const app = await seedApproved(w, { tag, name: '张晓梅', amount: 1000, status, ...elsewhere });
  if (status === 'cleared') {
    // what clearing leaves: finance holds the step
    await w.deps.store.update(AID_APPLICATIONS, app._id, { set: { owner: 'finance' } });
    return { ...app, owner: 'finance' };
  }
  return app;
}

/** A notice of `federation` listing one approved aid, published by the admin. */
async function published(w: TestWorld, where: 'park' | 'logistics' = 'park'): Promise<{ noticeId: string; applicationId: string }> {
  const app = await approvedAid(w, 'approved', where);
  const orgId = where === 'park' ? 'org_park' : 'org_fed_logistics';
  const n = ok(await w.call('aid', 'publishNotice', { orgId, applicationIds: [app._id], title: '' }, 'admin'));
  return { noticeId: n.id, applicationId: app._id };
}

/** Targets several rows only read: made once. */
const once = <T>(make: (w: TestWorld) => Promise<T>) => {
  let made: Promise<T> | null = null;
  return (w: TestWorld) => (made ??= make(w));
};
const parkNotice = once((w) => published(w, 'park'));
const logisticsNotice = once((w) => published(w, 'logistics'));
const clearedAid = once((w) => approvedAid(w, 'cleared'));

/** An active household file of this union, due for re-verification before every earlier one. */
async function activeFile(w: TestWorld): Promise<{ fileId: string; version: number }> {
  const { fileId } = await approvedAid(w, 'paid');
  if (!fileId) throw new Error('approved hardship aid has a file');
  await w.deps.store.update(AID_FILES, fileId, { set: { reverifyDueAt: TEST_NOW - 400 * DAY - next() * 60_000 } });
  return { fileId, version: 1 };
}

/** 李娜's (the member's) hardship file, complete (household, income, bank, consents, her own uploads): made once. */
const memberFile = once(async (w: TestWorld) => {
  if (ok(await w.call('aid', 'myFile', {}, 'member')).file) return;
  const upload = async (name: string) => ok(await w.call('org', 'uploadFile', { name, contentType: 'application/pdf', base64: PDF }, 'member')).id;
  const member = (await findMember(w.deps, 'dev_member'))!;
  ok(
    await w.call(
      'aid',
      'saveFile',
      {
        household: [
          { name: member.name, relation: 'self', birthYear: 1990, monthlyIncome: 3000, health: 'good', schoolOrWork: '星海精密' },
          { name: '张伟', relation: 'spouse', idNumber: makeIdNumber('320506', '19880512', '731'), birthYear: 1988, monthlyIncome: 0, health: 'ill' },
          { name: '张小雨', relation: 'child', idNumber: makeIdNumber('320506', '20120901', '732'), birthYear: 2012, monthlyIncome: 0, health: 'good' },
        ],
        yearlyIncome: 40_000,
        rigidCosts: 10_000,
        causes: { primary: 'illness', secondary: null, story: '配偶患病，长期治疗' },
        bank: { bankName: '中国工商银行星海支行', account: '6222021234567891234' },
        attachments: [
          { kind: 'id_card', fileId: await upload('身份证.pdf') },
          { kind: 'household_register', fileId: await upload('户口簿.pdf') },
          { kind: 'employer_certificate', fileId: await upload('单位证明.pdf') },
          { kind: 'income_proof', fileId: await upload('收入证明.pdf') },
        ],
        consentHousehold: true,
        consentSensitive: true,
        version: null,
      },
      'member',
    ),
  );
});

const aForm = (): CallInput<'aid', 'saveApplication'> => ({
  idempotencyKey: `mxk_aid_${next()}_${Date.now()}`,
  kind: 'living',
  reason: '配偶患病，家庭收入低，生活困难',
  requestedAmount: 3000,
});

/** The caller's earlier open applications withdrawn, so a new one of the same kind may be made (one open per kind and year). */
async function withdrawOpen(w: TestWorld, as: string) {
  const mine = await w.call('aid', 'myApplications', {}, as);
  if (!mine.ok) return;
  for (const a of mine.data.items) {
    if (a.workerActions.some((x) => x.key === 'withdraw')) ok(await w.call('aid', 'withdrawApplication', { applicationId: a.id }, as));
  }
}

/**
 * The caller's own application, made through the function as them: a draft, or submitted (first
 * check at the union). Null for a persona the function does not let make one.
 */
async function ownApplication(w: TestWorld, as: string | null, submit = false): Promise<{ id: string; version: number } | null> {
  if (!as) return null;
  await memberFile(w);
  await withdrawOpen(w, as);
  const draft = await w.call('aid', 'saveApplication', aForm(), as);
  if (!draft.ok) return null;
  if (!submit) return draft.data;
  return ok(await w.call('aid', 'submitApplication', { applicationId: draft.data.id, version: draft.data.version }, as));
}
const NOBODYS = { id: 'aa_none', version: 1 };

async function objectionTo(w: TestWorld): Promise<string> {
  const { noticeId, applicationId } = await published(w);
  const o = ok(
    await w.call('aid', 'object', { idempotencyKey: `mxk_obj_${next()}`, noticeId, applicationId, reason: '该职工家庭另有经营收入，请核实' }, 'member'),
  );
  return o.id;
}

const TIMER: AidFixture = async () => ({ input: {} });
const NONE: AidFixture = async () => ({ input: {} });

export const AID_FIXTURES: Record<string, AidFixture> = {
  'aid.selfTest': async () => ({ input: { householdSize: 3, yearlyIncome: 24_000, rigidCosts: 6_000 } }),
  'aid.myFile': NONE,
  'aid.saveFile': async ({ w, as }) => {
    await memberFile(w);
    const mine = as ? await w.call('aid', 'myFile', {}, as) : null;
    return { input: { yearlyIncome: 40_000, version: (mine?.ok && mine.data.file?.version) || null } };
  },
  'aid.saveApplication': async ({ w, as }) => {
    if (as) await withdrawOpen(w, as);
    return { input: aForm() };
  },
  'aid.submitApplication': async ({ w, as }) => {
    const a = (await ownApplication(w, as)) ?? NOBODYS;
    return { input: { applicationId: a.id, version: a.version } };
  },
  'aid.withdrawApplication': async ({ w, as }) => ({ input: { applicationId: ((await ownApplication(w, as, true)) ?? NOBODYS).id } }),
  'aid.withdrawApplication#other': async ({ w }) => ({ input: { applicationId: (await inReview(w, 'first_check'))._id } }),
  'aid.myApplications': NONE,
  'aid.getApplication': async ({ w, as }) => ({ input: { applicationId: ((await ownApplication(w, as, true)) ?? NOBODYS).id } }),
  'aid.getApplication#union': async ({ w }) => ({ input: { applicationId: (await inReview(w, 'first_check'))._id } }),
  'aid.getApplication#paying': async ({ w }) => ({ input: { applicationId: (await approvedAid(w, 'cleared'))._id } }),
  'aid.notices': async ({ w }) => ({ input: {}, marker: (await parkNotice(w)).noticeId }),
  'aid.getNotice': async ({ w }) => ({ input: { noticeId: (await parkNotice(w)).noticeId } }),
  'aid.getNotice#logistics': async ({ w }) => ({ input: { noticeId: (await logisticsNotice(w)).noticeId } }),
  'aid.object': async ({ w }) => {
    const { noticeId, applicationId } = await parkNotice(w);
    return { input: { idempotencyKey: `mxk_obj_${next()}`, noticeId, applicationId, reason: '该职工家庭另有经营收入，请核实' } };
  },
  'aid.myObjections': NONE,
  'aid.queue': async ({ w }) => ({ input: {}, marker: (await inReview(w, 'first_check'))._id }),
  'aid.queue#supervise': async ({ w }) => ({ input: { orgId: 'org_park', supervise: true }, marker: (await inReview(w, 'first_check'))._id }),
  'aid.decide': async ({ w }) => {
    const d = await inReview(w, 'first_check');
    return { input: { applicationId: d._id, event: 'pass_first_check', version: d.version } };
  },
  'aid.decide#federation': async ({ w }) => {
    const d = await inReview(w, 'federation_review');
    return { input: { applicationId: d._id, event: 'reject', note: '家庭人均收入高于本地低保标准', version: d.version } };
  },
  'aid.decide#upper': async ({ w }) => {
    const d = await inReview(w, 'upper_review');
    return { input: { applicationId: d._id, event: 'reject', note: '家庭人均收入高于本地低保标准', version: d.version } };
  },
  'aid.getRules': NONE,
  'aid.setRules': async () => ({ input: demoAidRules('org_park', NEXT_YEAR) }),
  'aid.budgets': async () => ({ input: { orgId: 'org_park' } }),
  'aid.setBudget': async () => ({ input: { orgId: 'org_park', year: NEXT_YEAR, programme: 'hardship.living', total: 200_000 + next() } }),
  'aid.publishNotice': async ({ w }) => ({ input: { orgId: 'org_park', applicationIds: [(await approvedAid(w))._id], title: '' } }),
  'aid.noticeBoard': async ({ w }) => ({ input: { orgId: 'org_park', limit: 100 }, marker: (await parkNotice(w)).noticeId }),
  'aid.ruleObjection': async ({ w }) => ({
    input: { objectionId: await objectionTo(w), ruling: 'dismiss', note: '经入户核实，情况属实', version: 0 },
  }),
  'aid.files': async ({ w }) => ({ input: { reverifyDue: true, limit: 100 }, marker: (await activeFile(w)).fileId }),
  'aid.reverifyFile': async ({ w }) => ({ input: { ...(await activeFile(w)), note: '入户核实，仍符合条件' } }),
  'aid.closeFile': async ({ w }) => ({ input: { ...(await activeFile(w)), reason: 'recovered', note: '' } }),
  'aid.paymentRoster': async ({ w }) => ({ input: { orgId: 'org_park', limit: 100 }, marker: (await clearedAid(w))._id }),
  'aid.exportPayments': async ({ w }) => {
    await clearedAid(w);
    return { input: { orgId: 'org_park' } };
  },
  'aid.recordPayment': async ({ w }) => {
    const app = await approvedAid(w, 'cleared');
    return { input: { applicationId: app._id, outcome: 'pay', note: '', version: app.version } };
  },
  'aid.escalateOverdue': TIMER,
  'aid.closeNotices': TIMER,
  'aid.remindReverify': TIMER,
  'aid.reconcile': TIMER,
};
