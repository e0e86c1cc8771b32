/**
 * Demo hardship aid for `npm start` (not in the test worlds): thirteen members of the park's unions
 * with their hardship files and one application each, left at every stage an officer or a worker
 * should be able to look at — a first check waiting (one overdue and escalated), the union's review,
 * the federation's approval, the city's approval (above the threshold), returned for papers,
 * approved and waiting for a notice, on an open notice (one with an objection to rule on), cleared
 * and on the finance officer's roster, paid, and refused. Made through the `aid` function itself
 * (the same validation, scope checks and transitions a person meets), with the clock moved back
 * where an item should look older. Deterministic: the same people and outcomes on every machine.
 */
import type { Dependencies } from '../core/shared/ports';
import { makeIdNumber } from '../core/shared/idNumber';
import { MEMBERS, type MemberDoc } from '../core/member/model';
import { functions } from '../cloudfunctions/registry';
import { calendarFor } from '../core/shared/workdays';
import { shanghaiDate } from '../core/shared/time';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const PDF = Buffer.from('%PDF-1.4\n% 帮扶申请材料（演示）\n%%EOF').toString('base64');

const UNION_OFFICER = 'dev_union_officer'; // 陈静, 星海精密制造 union (org_union_001)
const FEDERATION = 'dev_federation_officer'; // 刘芳, the park
const FINANCE = 'dev_finance';

type Stage =
  | 'first_check_overdue'
  | 'first_check'
  | 'union_review'
  | 'federation_review'
  | 'upper_review'
  | 'returned'
  | 'approved'
  | 'in_notice'
  | 'in_notice_objected'
  | 'cleared'
  | 'paid'
  | 'rejected';

interface Case {
  stage: Stage;
  kind: 'living' | 'medical' | 'study' | 'sudden';
  spouse: string;
  child: string | null;
  yearlyIncome: number;
  rigidCosts: number;
  cause: 'illness' | 'disability' | 'schooling' | 'unemployment' | 'accident' | 'single_parent' | 'low_income';
  story: string;
  reason: string;
  requested: number;
  outOfPocket?: number;
  amount?: number;
}

/** One household per stage; figures so each lands in the tier its story suggests. */
const CASES: Case[] = [
  {
    stage: 'first_check_overdue',
    kind: 'living',
    spouse: '王丽',
    child: '王小宇',
    yearlyIncome: 30_000,
    rigidCosts: 8_000,
    cause: 'unemployment',
    story: '配偶失业，一人收入维持三口之家',
    reason: '家庭收入低，申请生活救助',
    requested: 6_000,
  },
  {
    stage: 'first_check',
    kind: 'medical',
    spouse: '赵敏',
    child: null,
    yearlyIncome: 42_000,
    rigidCosts: 20_000,
    cause: 'illness',
    story: '本人住院手术，自付费用较高',
    reason: '住院自付费用较高，申请医疗救助',
    requested: 8_000,
    outOfPocket: 12_000,
  },
  {
    stage: 'union_review',
    kind: 'study',
    spouse: '刘燕',
    child: '刘子涵',
    yearlyIncome: 36_000,
    rigidCosts: 9_000,
    cause: 'schooling',
    story: '孩子上高中，学杂费负担重',
    reason: '子女上学费用高，申请助学',
    requested: 3_000,
  },
  {
    stage: 'federation_review',
    kind: 'living',
    spouse: '陈霞',
    child: '陈思远',
    yearlyIncome: 28_000,
    rigidCosts: 6_000,
    cause: 'disability',
    story: '配偶残疾，无劳动能力',
    reason: '配偶残疾无收入，申请生活救助',
    requested: 8_000,
  },
  {
    stage: 'upper_review',
    kind: 'medical',
    spouse: '孙梅',
    child: '孙浩',
    yearlyIncome: 40_000,
    rigidCosts: 30_000,
    cause: 'illness',
    story: '配偶确诊重病，长期治疗',
    reason: '配偶重病治疗，自付费用高，申请医疗救助',
    requested: 30_000,
    outOfPocket: 36_000,
    amount: 28_000,
  },
  {
    stage: 'returned',
    kind: 'living',
    spouse: '周娟',
    child: null,
    yearlyIncome: 26_000,
    rigidCosts: 5_000,
    cause: 'low_income',
    story: '收入低，家中老人需赡养',
    reason: '家庭收入低，申请生活救助',
    requested: 5_000,
  },
  {
    stage: 'approved',
    kind: 'sudden',
    spouse: '吴静',
    child: '吴一凡',
    yearlyIncome: 48_000,
    rigidCosts: 10_000,
    cause: 'accident',
    story: '家中遭遇火灾，财物损失严重',
    reason: '家庭遭遇意外火灾，申请意外致困救助',
    requested: 8_000,
    amount: 6_000,
  },
  {
    stage: 'in_notice',
    kind: 'living',
    spouse: '郑红',
    child: '郑可欣',
    yearlyIncome: 30_000,
    rigidCosts: 7_000,
    cause: 'single_parent',
    story: '单亲家庭，独自抚养孩子',
    reason: '单亲抚养子女，申请生活救助',
    requested: 6_000,
    amount: 5_000,
  },
  {
    stage: 'in_notice_objected',
    kind: 'living',
    spouse: '冯芳',
    child: '冯乐',
    yearlyIncome: 32_000,
    rigidCosts: 8_000,
    cause: 'unemployment',
    story: '配偶下岗，收入骤减',
    reason: '配偶下岗，申请生活救助',
    requested: 6_000,
    amount: 4_000,
  },
  {
    stage: 'cleared',
    kind: 'living',
    spouse: '何丹',
    child: '何嘉',
    yearlyIncome: 29_000,
    rigidCosts: 7_000,
    cause: 'illness',
    story: '本人慢性病，长期服药',
    reason: '长期服药开支大，申请生活救助',
    requested: 5_000,
    amount: 5_000,
  },
  {
    stage: 'paid',
    kind: 'study',
    spouse: '许琳',
    child: '许诺',
    yearlyIncome: 33_000,
    rigidCosts: 9_000,
    cause: 'schooling',
    story: '孩子考入大学，学费负担重',
    reason: '子女考入大学，申请助学',
    requested: 5_000,
    amount: 5_000,
  },
  {
    stage: 'rejected',
    kind: 'living',
    spouse: '曹敏',
    child: null,
    yearlyIncome: 45_000,
    rigidCosts: 5_000,
    cause: 'low_income',
    story: '近期开支较多',
    reason: '近期开支较大，申请生活救助',
    requested: 5_000,
  },
];

/** The stages that pass the union's first check, its review, the federation's approval. */
const PAST_FIRST: Stage[] = ['union_review', 'federation_review', 'upper_review', 'approved', 'in_notice', 'in_notice_objected', 'cleared', 'paid'];
const PAST_REVIEW: Stage[] = ['federation_review', 'upper_review', 'approved', 'in_notice', 'in_notice_objected', 'cleared', 'paid'];
/** working days before today each household applied */
const FILED_DAYS_AGO: Record<Stage, number> = {
  first_check_overdue: 3,
  first_check: 0,
  union_review: 2,
  returned: 3,
  rejected: 3,
  federation_review: 12,
  upper_review: 12,
  approved: 12,
  in_notice: 12,
  in_notice_objected: 12,
  cleared: 12,
  paid: 12,
};

export async function seedAidShowcase(deps: Dependencies): Promise<{ applications: number; notices: number }> {
  const now = deps.clock.now();
  const cal = calendarFor(deps.config.calendar);
  const at = (ms: number): Dependencies => ({ ...deps, clock: { now: () => ms } });
  /** `n` working days before now, at the same time of day */
  const workdaysAgo = (n: number) => {
    let t = now;
    for (let left = n; left > 0;) {
      t -= DAY;
      if (cal.isWorkingDay(shanghaiDate(t))) left--;
    }
    return t;
  };
  const invoke = async <T = Record<string, unknown>>(fn: 'aid' | 'org', action: string, data: object, uid: string | null, t: number): Promise<T> => {
    const env = await functions[fn].invoke({ action, data }, uid ? { uid } : { uid: null, system: true }, at(t));
    if (!env.ok) throw new Error(`showcase ${fn}.${action} as ${uid}: ${env.error.code} ${env.error.message}`);
    return env.data as T;
  };
  type App = { id: string; version: number; status: string };

  // members of the park's first union (not the personas: their own screens start empty)
  const members = (await deps.store.query<MemberDoc>(MEMBERS, { where: { orgId: 'org_union_001' }, orderBy: [['joinedAt', 'asc']], limit: 40 })).items.filter(
    (m) => !m.uid.startsWith('dev_'),
  );
  if (members.length < CASES.length + 1) return { applications: 0, notices: 0 };

  const made: Array<{ c: Case; app: App; member: MemberDoc }> = [];
  for (const [i, c] of CASES.entries()) {
    const m = members[i];
    // the older the stage, the earlier it was filed
    const filed = workdaysAgo(FILED_DAYS_AGO[c.stage]) - 2 * HOUR;
    const upload = async (name: string) =>
      (await invoke<{ id: string }>('org', 'uploadFile', { name, contentType: 'application/pdf', base64: PDF }, m.uid, filed)).id;
    const household = [
      {
        name: m.name,
        relation: 'self',
        birthYear: 1982 + (i % 10),
        monthlyIncome: Math.round(c.yearlyIncome / 12),
        health: 'good',
        schoolOrWork: m.enterpriseName,
      },
      {
        name: c.spouse,
        relation: 'spouse',
        idNumber: makeIdNumber('320506', `198${i % 10}0${(i % 9) + 1}1${i % 10}`, String(300 + i)),
        birthYear: 1980 + (i % 10),
        monthlyIncome: 0,
        health: c.cause === 'illness' || c.cause === 'disability' ? (c.cause === 'illness' ? 'ill' : 'disabled') : 'good',
        schoolOrWork: '',
      },
      ...(c.child
        ? [
            {
              name: c.child,
              relation: 'child',
              idNumber: makeIdNumber('320506', `20${String(8 + (i % 9)).padStart(2, '0')}0${(i % 9) + 1}15`, String(500 + i)),
              birthYear: 2008 + (i % 9),
              monthlyIncome: 0,
              health: 'good',
              schoolOrWork: c.kind === 'study' ? '星海市第一中学' : '星海实验小学',
            },
          ]
        : []),
    ];
    const kindPapers: Record<Case['kind'], Array<[string, string]>> = {
      living: [['income_proof', '家庭收入证明.pdf']],
      medical: [
        ['diagnosis', '诊断证明.pdf'],
        ['medical_bills', '医疗费用票据.pdf'],
      ],
      study: [['admission_letter', '录取通知书.pdf']],
      sudden: [['incident_proof', '火灾事故证明.pdf']],
    };
    const papers: Array<[string, string]> = [
      ['id_card', '身份证.pdf'],
      ['household_register', '户口簿.pdf'],
      ['employer_certificate', '单位证明.pdf'],
    ];
    const attachments = [];
    for (const [kind, name] of papers) attachments.push({ kind, fileId: await upload(name) });
    await invoke(
      'aid',
      'saveFile',
      {
        household,
        yearlyIncome: c.yearlyIncome,
        rigidCosts: c.rigidCosts,
        causes: { primary: c.cause, secondary: null, story: c.story },
        bank: { bankName: '星海农村商业银行', account: `62230${String(100_000_000_000 + i * 7_919_113).slice(-12)}${i % 10}` },
        attachments,
        consentHousehold: true,
        consentSensitive: true,
        version: null,
      },
      m.uid,
      filed,
    );
    const appPapers = [];
    for (const [kind, name] of kindPapers[c.kind]) appPapers.push({ kind, fileId: await upload(name) });
    const draft = await invoke<App>(
      'aid',
      'saveApplication',
      {
        idempotencyKey: `showcase_aid_${i}_key`,
        kind: c.kind,
        reason: c.reason,
        requestedAmount: c.requested,
        outOfPocket: c.outOfPocket ?? null,
        student: c.kind === 'study' ? { memberIndex: 2, school: '星海市第一中学', grade: c.stage === 'paid' ? '大学一年级' : '高中二年级' } : null,
        attachments: appPapers,
      },
      m.uid,
      filed,
    );
    const app = await invoke<App>('aid', 'submitApplication', { applicationId: draft.id, version: draft.version }, m.uid, filed);
    made.push({ c, app, member: m });
  }

  const decide = async (r: (typeof made)[number], event: string, uid: string, t: number, extra: object = {}) => {
    r.app = await invoke<App>('aid', 'decide', { applicationId: r.app.id, event, note: '', version: r.app.version, ...extra }, uid, t);
  };
  for (const r of made) {
    const { stage } = r.c;
    const filedAgo = workdaysAgo(FILED_DAYS_AGO[stage]);
    if (stage === 'returned') {
      await decide(r, 'return', UNION_OFFICER, workdaysAgo(1), { note: '请补充家庭成员的收入证明', missing: ['配偶近三个月收入证明'] });
      continue;
    }
    if (stage === 'rejected') {
      await decide(r, 'pass_first_check', UNION_OFFICER, workdaysAgo(2));
      await decide(r, 'reject', UNION_OFFICER, workdaysAgo(1), { note: '经入户调查，家庭另有经营收入未申报，实际收入高于帮扶标准，不符合帮扶条件' });
      continue;
    }
    if (!PAST_FIRST.includes(stage)) continue;
    await decide(r, 'pass_first_check', UNION_OFFICER, filedAgo + HOUR);
    if (!PAST_REVIEW.includes(stage)) continue;
    // the two still waiting reached their step recently (on time); the rest went through weeks ago
    await decide(r, 'recommend', UNION_OFFICER, workdaysAgo(stage === 'federation_review' ? 2 : 10), { note: '已入户调查，情况属实，建议帮扶' });
    if (stage === 'federation_review') continue;
    await decide(r, 'approve', FEDERATION, workdaysAgo(stage === 'upper_review' ? 1 : 9), { amount: r.c.amount ?? r.c.requested, note: '符合帮扶条件' });
    if (stage === 'upper_review') continue;
  }

  // notices: one closed a week ago (cleared for payment, one of them paid), one open now (with an objection), one application still to be noticed
  const byStage = (s: Stage) => made.find((r) => r.c.stage === s)!;
  const earlier = [byStage('cleared'), byStage('paid')];
  await invoke(
    'aid',
    'publishNotice',
    { applicationIds: earlier.map((r) => r.app.id), title: '困难职工帮扶名单公示（第一批）' },
    FEDERATION,
    workdaysAgo(9) + HOUR,
  );
  await invoke('aid', 'closeNotices', {}, null, now);
  const open = [byStage('in_notice'), byStage('in_notice_objected')];
  const notice = await invoke<{ id: string }>(
    'aid',
    'publishNotice',
    { applicationIds: open.map((r) => r.app.id), title: '困难职工帮扶名单公示（第二批）' },
    FEDERATION,
    workdaysAgo(1),
  );
  const objector = members[CASES.length];
  await invoke(
    'aid',
    'object',
    {
      idempotencyKey: 'showcase_objection_1_key',
      noticeId: notice.id,
      applicationId: byStage('in_notice_objected').app.id,
      reason: '据了解其配偶已在外地重新就业，家庭收入情况可能与申报不符，请核实。',
      fileIds: [],
    },
    objector.uid,
    now - 3 * HOUR,
  );

  // finance pays the earlier notice's study aid; the other waits on the roster
  await invoke('aid', 'exportPayments', {}, FINANCE, now - 2 * HOUR);
  const roster = await invoke<{ items: Array<{ applicationId: string; version: number }> }>('aid', 'paymentRoster', { limit: 20 }, FINANCE, now - 2 * HOUR);
  const row = roster.items.find((x) => x.applicationId === byStage('paid').app.id);
  if (row)
    await invoke('aid', 'recordPayment', { applicationId: row.applicationId, outcome: 'pay', note: '已转账', version: row.version }, FINANCE, now - HOUR);

  // the city has the one above the threshold; the overdue first check escalates
  await invoke('aid', 'escalateOverdue', {}, null, now);
  return { applications: made.length, notices: 2 };
}
