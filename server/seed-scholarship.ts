/**
 * Demo 金秋助学 campaigns for `npm start`, made through the use cases with the clock moved to when
 * each step would have happened:
 * - the park's campaign of this year, dated like the seed story (鞍山市总: survey by May 31, apply
 *   until Aug 14, then review), in 审核、公示、发放 with the unions' survey returns (two still missing)
 *   and its applications in the aid pipeline in every state: paid, in an open notice, approved and
 *   waiting for one, at each review step, not approved;
 * - the park's campaign of last year, closed, every application paid or not approved, with its
 *   summary report fixed from those outcomes;
 * - the logistics federation's campaign of this year started late: its survey is open now, one of its
 *   three unions has not reported.
 * Deterministic: the same counts and applicants on every machine.
 */
import type { Dependencies } from '../core/shared/ports';
import type { Caller, SignedInCaller } from '../core/shared/caller';
import { makeIdNumber } from '../core/shared/idNumber';
import { shanghaiDate, shanghaiYear, startOfShanghaiDate } from '../core/shared/time';
import { uploadFile } from '../core/org/admin';
import { queryAll } from '../core/shared/docstore';
import { ORGS, type Org } from '../core/org/model';
import { MEMBERS, type MemberDoc } from '../core/member/model';
import { advance, createCampaign, savePlan } from '../core/scholarship/campaign';
import { submitSurvey } from '../core/scholarship/survey';
import { apply } from '../core/scholarship/apply';
import { AID_PIPELINE } from '../core/scholarship/pipeline';
import { outcomesOf } from '../core/aid';
import { decide } from '../core/aid/review';
import { closeNotices, publishNotice } from '../core/aid/notice';
import { recordPayment } from '../core/aid/payment';
import { demoAidRules } from '../core/aid/rules';
import { rulesId } from '../core/aid/rules-store';
import { AID_APPLICATIONS, AID_RULES, type AidApplicationDoc, type AidRulesDoc } from '../core/aid/model';
import { DEMO } from './personas';
import { windowOf } from '../core/scholarship/rules';
import { SCHOLARSHIP_APPLICATIONS } from '../core/scholarship/model';
import { ADMISSION_BATCHES, SPECIAL_GROUPS, STUDENT_CATEGORIES, WORK_STAGES, type CampaignStage, type WorkStage } from '../core/scholarship/machine';
import { rng } from './seed';

const DAY = 86400_000;
const PDF = Buffer.from('%PDF-1.4\n% 录取通知书（演示）\n%%EOF').toString('base64');
const SCHOOLS: Record<(typeof STUDENT_CATEGORIES)[number], string[]> = {
  undergraduate: ['南京大学', '苏州大学', '东南大学', '江南大学'],
  college: ['星海职业技术学院', '苏州工业职业技术学院'],
  secondary: ['星海高级中学', '星海工业中等专业学校'],
  postgraduate: ['南京航空航天大学', '苏州大学'],
};
const GRADE: Record<(typeof STUDENT_CATEGORIES)[number], string> = { undergraduate: '大一', college: '大一', secondary: '高一', postgraduate: '研一' };
const BATCH: Record<(typeof STUDENT_CATEGORIES)[number], (typeof ADMISSION_BATCHES)[number]> = {
  undergraduate: 'second',
  college: 'college',
  secondary: 'secondary',
  postgraduate: 'postgraduate',
};
const GIVEN = ['子涵', '雨欣', '浩然', '思远', '佳怡', '俊杰', '梓萱', '宇轩', '欣怡', '一鸣', '嘉豪', '诗琪'];

type Schedule = Record<WorkStage, [string, string]>;

/** Where the demo walks an application in the aid pipeline. */
type Target = 'first_check' | 'union_review' | 'federation_review' | 'approved' | 'in_notice' | 'paid' | 'rejected';
/** Last year's: settled, so the campaign could close (one in six not approved). */
const SETTLED: readonly Target[] = ['paid', 'paid', 'paid', 'paid', 'paid', 'rejected'];
/** This year's, ten applications: each state the review stage shows. */
const MIXED: readonly Target[] = ['paid', 'paid', 'paid', 'in_notice', 'in_notice', 'approved', 'federation_review', 'union_review', 'first_check', 'rejected'];

/** The seed story's calendar for `year`. */
const storySchedule = (year: number): Schedule => ({
  survey: [`${year}-04-20`, `${year}-05-31`],
  plan: [`${year}-06-01`, `${year}-06-30`],
  apply: [`${year}-07-01`, `${year}-08-14`],
  review: [`${year}-08-15`, `${year}-09-15`],
  summary: [`${year}-09-16`, `${year}-12-31`],
});

export async function seedScholarship(deps: Dependencies): Promise<{ campaigns: number; surveys: number; applications: number }> {
  const r = rng(20260814);
  const now = deps.clock.now();
  const year = shanghaiYear(now);
  const at = (ms: number): Dependencies => ({ ...deps, clock: { now: () => Math.min(ms, now) } });
  const as = (uid: string, grants: Caller['grants'] = []): SignedInCaller => ({ uid, grants, system: false });
  const federation = (orgId: string) => as('dev_federation_officer', [{ role: 'federation_officer', orgId }]);
  const orgs = await queryAll<Org>(deps.store, ORGS, { orderBy: [['name', 'asc']] });
  let surveys = 0;
  let applications = 0;

  /** Creates a campaign and walks it through the stages whose time has come (never past `stopAt`). */
  async function run(orgId: string, y: number, title: string, schedule: Schedule, opts: { missing: number; applicants: number; stopAt: CampaignStage }) {
    const fed = federation(orgId);
    const stages = Object.fromEntries(WORK_STAGES.map((s) => [s, { opens: schedule[s][0], closes: schedule[s][1] }])) as Record<
      WorkStage,
      { opens: string; closes: string }
    >;
    const openOf = (s: WorkStage) => startOfShanghaiDate(schedule[s][0]);
    let c = await createCampaign(at(openOf('survey') - 5 * DAY), fed, { orgId, year: y, title, stages });
    // 摸底: every union but `missing` reports during the survey window (or up to now, when it is still open)
    const unions = orgs.filter((o) => o.kind === 'union' && o.ancestors.includes(orgId));
    for (const [i, u] of unions.slice(0, unions.length - opts.missing).entries()) {
      const t = openOf('survey') + (i + 1) * 36 * 3600_000;
      if (t > now) break; // the survey has not reached this union yet
      const counts = { undergraduate: r.int(1, 6), college: r.int(0, 4), secondary: r.int(0, 3), postgraduate: r.int(0, 1) };
      await submitSurvey(at(t), as(`wx_showcase_sch_${u._id}`, [{ role: 'union_officer', orgId: u._id }]), {
        campaignId: c.id,
        unionId: u._id,
        counts,
        note: '',
      });
      surveys++;
    }
    const order = (s: CampaignStage) => (WORK_STAGES as readonly string[]).indexOf(s);
    const stop = opts.stopAt === 'closed' ? WORK_STAGES.length : order(opts.stopAt);
    for (const to of ['plan', 'apply', 'review', 'summary', 'closed'] as const) {
      const when = to === 'closed' ? windowOf(stages.summary).closesAt : openOf(to);
      const target = to === 'closed' ? WORK_STAGES.length : order(to);
      if (when > now || target > stop) break;
      if (to === 'apply') {
        c = await savePlan(at(openOf('plan') + 3 * DAY), fed, {
          campaignId: c.id,
          version: c.version,
          budget: 300_000,
          amounts: { undergraduate: 3_000, college: 2_000, secondary: 1_000, postgraduate: 4_000 },
          specialAmounts: { model_worker_child: 5_000, single_parent: 3_500, disabled: 3_500, dibao: 3_500 },
          eligibility: { dibaoMonthly: 1_020, multiple: 3 },
        });
      }
      if (to === 'review') applications += await applicantsFor(c.id, orgId, openOf('apply'), opts.applicants);
      // the review stage ends when every application is settled: last year's all are, by its summary
      if (to === 'summary') await review(c.id, openOf('review'), SETTLED);
      c = await advance(at(when), fed, { campaignId: c.id, to, version: c.version }, AID_PIPELINE);
    }
    // this year's is in the review stage: its applications in every state the pipeline has
    if (c.stage === 'review') await review(c.id, openOf('review'), MIXED);
    // still in 申报 today: applications so far
    if (c.stage === 'apply') applications += await applicantsFor(c.id, orgId, openOf('apply'), Math.ceil(opts.applicants / 2));
    return c;
  }

  /** `n` members of the org's unions apply for a child, spread over the first weeks of the window. */
  async function applicantsFor(campaignId: string, orgId: string, opensAt: number, n: number): Promise<number> {
    const members = (await deps.store.query<MemberDoc>(MEMBERS, { where: { federationId: orgId }, orderBy: [['joinedAt', 'asc']], limit: n })).items;
    let made = 0;
    for (const [i, m] of members.entries()) {
      const t = Math.min(opensAt + (i + 1) * 2 * DAY, now);
      const parent = as(m.uid);
      const letter = await uploadFile(at(t), parent, { name: '录取通知书.pdf', contentType: 'application/pdf', base64: PDF });
      const category = STUDENT_CATEGORIES[r.int(0, 3)];
      const birth = `${shanghaiYear(t) - (category === 'secondary' ? 15 : category === 'postgraduate' ? 22 : 18)}0${r.int(1, 9)}1${r.int(0, 9)}`;
      const before = await deps.store.count(SCHOLARSHIP_APPLICATIONS, { campaignId });
      await apply(at(t), parent, {
        campaignId,
        student: {
          name: `${Array.from(m.name)[0]}${r.pick(GIVEN)}`,
          idNumber: makeIdNumber('320506', birth, String(100 + ((i * 37 + shanghaiYear(t)) % 900))),
          category,
          school: r.pick(SCHOOLS[category]),
          batch: BATCH[category],
          grade: GRADE[category],
          admissionLetterFileId: letter.id,
          specialGroup: i % 4 === 0 ? SPECIAL_GROUPS[r.int(0, 3)] : null,
        },
        household: { size: r.int(3, 5), yearlyIncome: r.int(40, 110) * 1000 },
        bank: { bankName: '中国工商银行星海支行', account: `62220212${String(10_000_000_000 + i * 7919 + shanghaiYear(t)).slice(-11)}` },
      });
      if ((await deps.store.count(SCHOLARSHIP_APPLICATIONS, { campaignId })) > before) made++;
    }
    return made;
  }

  /**
   * Walks the campaign's applications through the aid pipeline from the review stage's opening, each
   * to the state `plan` names for its place in the list: the unions' checks, the federation's
   * approval at the plan's amount, a notice that closed (then payment) or is open now, or a refusal.
   */
  async function review(campaignId: string, opensAt: number, plan: readonly Target[]) {
    const sources = await queryAll<{ _id: string }>(deps.store, SCHOLARSHIP_APPLICATIONS, { where: { campaignId }, orderBy: [['submittedAt', 'asc']] });
    const outcomes = await outcomesOf(
      deps,
      sources.map((x) => x._id),
    );
    const apps: Array<{ d: AidApplicationDoc; target: Target }> = [];
    for (const [i, src] of sources.entries()) {
      const o = outcomes.get(src._id);
      const d = o ? await deps.store.get<AidApplicationDoc>(AID_APPLICATIONS, o.applicationId) : null;
      if (d) apps.push({ d, target: plan[i % plan.length] });
    }
    const fed = federation(DEMO.park);
    const step = async (t: number, d: AidApplicationDoc, event: 'pass_first_check' | 'recommend' | 'approve' | 'reject', as: SignedInCaller) => {
      const note = event === 'reject' ? '家庭收入证明与申报情况不符' : event === 'recommend' ? '录取通知书与学生姓名、批次相符' : '';
      const v = await decide(at(t), as, {
        applicationId: d._id,
        event,
        note,
        amount: event === 'approve' ? d.planAmount! : null,
        missing: [],
        version: d.version,
      });
      return (await deps.store.get<AidApplicationDoc>(AID_APPLICATIONS, v.id))!;
    };
    const union = (d: AidApplicationDoc) => as(`wx_showcase_sch_${d.orgId}`, [{ role: 'union_officer', orgId: d.orgId }]);
    const order = ['first_check', 'union_review', 'federation_review', 'approved', 'in_notice', 'paid'];
    for (const a of apps) {
      if (a.target === 'rejected') {
        a.d = await step(opensAt + 2 * DAY, a.d, 'reject', union(a.d));
        continue;
      }
      if (order.indexOf(a.target) >= 1) a.d = await step(opensAt + 1 * DAY, a.d, 'pass_first_check', union(a.d));
      if (order.indexOf(a.target) >= 2) a.d = await step(opensAt + 3 * DAY, a.d, 'recommend', union(a.d));
      if (order.indexOf(a.target) >= 3) a.d = await step(opensAt + 6 * DAY, a.d, 'approve', fed);
    }
    // the paid ones: noticed ten days in, the window closed, paid by finance
    const paid = apps.filter((a) => a.target === 'paid').map((a) => a.d._id);
    if (paid.length) {
      await publishNotice(at(opensAt + 10 * DAY), fed, { orgId: DEMO.park, applicationIds: paid, title: '' });
      await closeNotices(at(opensAt + 20 * DAY));
      const finance = as('dev_finance', [{ role: 'finance_officer', orgId: DEMO.park }]);
      for (const id of paid) {
        const d = (await deps.store.get<AidApplicationDoc>(AID_APPLICATIONS, id))!;
        if (d.status === 'cleared') await recordPayment(at(opensAt + 22 * DAY), finance, { applicationId: id, outcome: 'pay', note: '', version: d.version });
      }
    }
    // the noticed ones: a notice open today (published yesterday)
    const noticed = apps.filter((a) => a.target === 'in_notice').map((a) => a.d._id);
    if (noticed.length) await publishNotice(at(now - DAY), fed, { orgId: DEMO.park, applicationIds: noticed, title: '' });
  }

  // last year's applications were reviewed under last year's rules (the aid seed writes this year's)
  const lastRules = rulesId(DEMO.city, year - 1);
  if (!(await deps.store.get(AID_RULES, lastRules)))
    await deps.store.insert<AidRulesDoc>(AID_RULES, { _id: lastRules, ...demoAidRules(DEMO.city, year - 1), updatedAt: now, updatedBy: 'system' });

  await run(
    'org_park',
    year - 1,
    `${year - 1}年金秋助学活动`,
    { ...storySchedule(year - 1), summary: [`${year - 1}-09-16`, `${year - 1}-10-31`] },
    {
      missing: 3,
      applicants: 12,
      stopAt: 'closed',
    },
  );
  await run('org_park', year, `${year}年金秋助学活动`, storySchedule(year), { missing: 2, applicants: 10, stopAt: 'review' });
  // started late: the survey window runs from a week ago to two weeks ahead
  const d = (days: number) => shanghaiDate(now + days * DAY);
  await run(
    'org_fed_logistics',
    year,
    `${year}年物流行业金秋助学活动`,
    { survey: [d(-7), d(14)], plan: [d(15), d(25)], apply: [d(26), d(60)], review: [d(61), d(80)], summary: [d(81), d(100)] },
    { missing: 1, applicants: 0, stopAt: 'survey' },
  );
  return { campaigns: 3, surveys, applications };
}
