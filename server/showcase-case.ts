/**
 * Demo rights cases for `npm start` (not in the test worlds): the park federation's case rules (the
 * defaults, so officers see them) and its duty rota (周律师 on weekdays); the seed's wage case
 * replayed — a bar in the park (诚航餐饮管理有限公司, no union of its own) closed owing 136 workers
 * about ¥700,000: a worker reports it, a dozen co-workers join through the share card with their own
 * amounts, the duty lawyer has it at once and signs within minutes, visits, mediates twice (one
 * internal note), and it is resolved with ¥700,000 recovered, rated, quality-checked and closed, in
 * six working days; and one case at every stage the queues show — received (one overdue and
 * escalated), assigned, handling with an ask to 李娜, resolved awaiting her rating, at quality check,
 * a legal-aid application awaiting its decision (a hearing near: urgent) and one appointed with its
 * 委派函, a declined one, an anonymous 意见建议, a consultation booking turned into a case.
 *
 * Made through the `case` function itself (the same validation, scope checks and transitions a
 * person meets), with the clock moved back where an item should look older. Deterministic: the same
 * people and outcomes on every machine of the same seed.
 */
import type { Dependencies } from '../core/shared/ports';
import { MEMBERS, type MemberDoc } from '../core/member/model';
import { DEFAULT_CASE_RULES } from '../core/case/rules';
import type { CaseView } from '../core/case/schemas';
import { functions } from '../cloudfunctions/registry';
import { calendarFor } from '../core/shared/workdays';
import { shanghaiDate, startOfShanghaiDay } from '../core/shared/time';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

const FEDERATION = 'dev_federation_officer'; // 刘芳, the park
const LAWYER = 'dev_lawyer'; // 周律师, on duty on weekdays
const MEMBER = 'dev_member'; // 李娜, 星海精密制造
const BAR = 'ent_143'; // 诚航餐饮管理有限公司: 146 staff, no union (the park federation covers it)

/** The co-claimants' own amounts (yuan): the lead's first, then the twelve who join from the card. */
const BAR_AMOUNTS = [6_800, 5_400, 7_200, 4_600, 5_900, 6_300, 3_800, 7_600, 5_100, 4_900, 6_000, 5_500, 4_200];
/** the names the bar's workers who are not members give on the form (a member's comes from the membership) */
const BAR_NAMES = ['黄晓峰', '邓丽娟', '许文斌', '曹雪梅', '彭志强', '蒋海燕', '韩立新', '唐春花', '冯建国', '董晓静', '程浩然', '袁美玲', '潘国庆'];

export async function seedCaseShowcase(deps: Dependencies): Promise<{ cases: number; claimants: number }> {
  const now = deps.clock.now();
  const cal = calendarFor(deps.config.calendar);
  const today = startOfShanghaiDay(now);
  /** `n` working days before today (0: today) at h:mm Shanghai time */
  const day = (n: number, h: number, m = 0) => {
    let d = today;
    for (let left = n; left > 0;) {
      d -= DAY;
      if (cal.isWorkingDay(shanghaiDate(d))) left--;
    }
    return d + h * HOUR + m * MINUTE;
  };
  const ago = (minutes: number) => now - minutes * MINUTE;
  const at = (ms: number): Dependencies => ({ ...deps, clock: { now: () => ms } });
  const invoke = async <T = CaseView>(fn: 'case' | 'activity', action: string, data: object, uid: string | null, t: number): Promise<T> => {
    const env = await functions[fn].invoke({ action, data }, uid ? { uid } : { uid: null, system: true }, at(t));
    if (!env.ok) throw new Error(`showcase ${fn}.${action} as ${uid}: ${env.error.code} ${env.error.message}`);
    return env.data as T;
  };
  const call = <T = CaseView>(action: string, data: object, uid: string | null, t: number) => invoke<T>('case', action, data, uid, t);
  const v = (c: CaseView) => ({ caseId: c.id, version: c.version });
  /** the person as the assignee list shows them to `by` (a sealed handle, good only for them) */
  const assigneeNamed = async (c: CaseView, by: string, name: string, t: number) => {
    const { items } = await call<{ items: Array<{ personId: string; name: string }> }>('assignees', { caseId: c.id }, by, t);
    const p = items.find((i) => i.name === name);
    if (!p) throw new Error(`showcase: ${name} is not among the assignees of ${c.no}`);
    return p.personId;
  };
  const assign = async (c: CaseView, name: string, t: number, note: string | null = null) =>
    call('assign', { ...v(c), personId: await assigneeNamed(c, FEDERATION, name, t), note }, FEDERATION, t);
  const entry = (
    c: CaseView,
    by: string,
    t: number,
    kind: 'note' | 'visit' | 'mediation' | 'call',
    text: string,
    internal = false,
    happenedAt: number | null = null,
  ) => call('addEntry', { caseId: c.id, kind, text, internal, happenedAt }, by, t);
  let n = 0;
  const submit = (uid: string, t: number, form: Record<string, unknown>) => call('submit', { idempotencyKey: `showcase_case_${++n}_key`, ...form }, uid, t);

  // the park's rules (the defaults, written down so officers read and change them) and its duty rota
  await call('setRules', { orgId: 'org_park', rules: DEFAULT_CASE_RULES }, FEDERATION, day(20, 9));
  const rota = await call<{ lawyers: Array<{ personId: string; name: string }> }>('getRota', { orgId: 'org_park' }, FEDERATION, day(20, 9, 5));
  const zhou = rota.lawyers.find((l) => l.name === '周律师');
  if (!zhou) throw new Error('showcase: 周律师 holds no lawyer grant on the park');
  await call(
    'setRota',
    { orgId: 'org_park', weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, personId: zhou.personId })), dates: [] },
    FEDERATION,
    day(20, 9, 10),
  );

  // the bar's workers: members who work there first (the park federation's), then workers not in the union
  const atBar = (await deps.store.query<MemberDoc>(MEMBERS, { where: { enterpriseId: BAR }, orderBy: [['joinedAt', 'asc']], limit: BAR_AMOUNTS.length })).items;
  const barWorkers = BAR_AMOUNTS.map((amount, i) => ({
    uid: atBar[i]?.uid ?? `wx_case_bar${String(i).padStart(2, '0')}`,
    name: atBar[i] ? null : BAR_NAMES[i],
    amount,
  }));
  // park members for the other cases (not the personas, whose own screens hold only what the story gives them)
  const park = (await deps.store.query<MemberDoc>(MEMBERS, { where: { federationId: 'org_park' }, orderBy: [['joinedAt', 'desc']], limit: 60 })).items.filter(
    (m) => !m.uid.startsWith('dev_') && m.enterpriseId !== BAR,
  );
  const of001 = (await deps.store.query<MemberDoc>(MEMBERS, { where: { orgId: 'org_union_001' }, orderBy: [['joinedAt', 'desc']], limit: 10 })).items.filter(
    (m) => !m.uid.startsWith('dev_'),
  );
  const others = park.filter((m) => m.orgId !== 'org_union_001');
  const pick = (xs: MemberDoc[], i: number) => xs[i % xs.length] ?? park[i % park.length];

  // ---- the seed's story: reported eight working days ago (the lawyer on duty), closed six working days later
  const [lead, ...joiners] = barWorkers;
  let bar = await submit(lead.uid, day(8, 10, 20), {
    category: 'complaint',
    itemKey: 'wage_arrears',
    title: '酒吧关停拖欠136名员工工资',
    description:
      '诚航餐饮管理有限公司经营的星海酒吧街门店上周突然关门停业，老板联系不上，拖欠全店136名员工9月至11月的工资，合计约70万元。大家多次到店里和公司办公室讨要都没有结果，请工会帮我们讨回工资。',
    enterpriseId: BAR,
    name: lead.name,
    collective: { workers: 136, amountOwed: 700_000, myAmount: lead.amount },
  });
  const code = bar.collective?.shareCode;
  if (!code) throw new Error('showcase: the bar case is not collective');
  for (const [i, j] of joiners.entries()) {
    const t = day(8, 10, 40 + i * 25);
    await invoke('case', 'sharePreview', { code }, j.uid, t);
    await call('join', { code, amountOwed: j.amount, name: j.name }, j.uid, t + MINUTE);
  }
  bar = await call('getCase', { caseId: bar.id }, LAWYER, day(8, 10, 32));
  bar = await call('sign', v(bar), LAWYER, day(8, 10, 35));
  bar = await entry(bar, LAWYER, day(8, 11, 0), 'call', '已与报告人电话联系，约定下午到门店现场了解情况，请大家带好劳动合同、工资条或转账记录。');
  bar = await entry(
    bar,
    LAWYER,
    day(8, 17, 30),
    'visit',
    '与园区工联会刘芳到门店现场走访：门店已停业，核对员工名单136人，收集了考勤表、排班表和部分工资转账记录。',
    false,
    day(8, 14, 30),
  );
  bar = await entry(bar, LAWYER, day(8, 18, 0), 'note', '经查公司股东名下另有两家门店仍在营业；如调解不成，准备申请劳动仲裁并同时申请财产保全。', true);
  bar = await entry(bar, LAWYER, day(7, 10, 0), 'call', '已联系上公司法定代表人，约定明天下午到园区工联会进行调解。');
  bar = await entry(
    bar,
    LAWYER,
    day(6, 17, 0),
    'mediation',
    '第一次调解：公司确认拖欠工资总额70万元，提出分六个月支付；员工代表要求一次付清，未达成一致。',
    false,
    day(6, 14, 0),
  );
  bar = await entry(
    bar,
    LAWYER,
    day(5, 17, 30),
    'mediation',
    '第二次调解（区劳动监察大队参加）：达成调解协议，公司处置门店设备并由股东筹款，三个工作日内一次性支付全部拖欠工资。',
    false,
    day(5, 14, 30),
  );
  bar = await entry(bar, LAWYER, day(3, 15, 0), 'note', '公司已将70万元汇入工联会监管账户，今天按名单逐人发放到员工本人银行卡。');
  bar = await call(
    'resolve',
    {
      ...v(bar),
      kind: 'recovered',
      summary: '经现场走访和两次调解，公司一次性支付拖欠的全部工资70万元，已按名单发放到136名员工本人账户。',
      recovered: 700_000,
    },
    LAWYER,
    day(3, 17, 0),
  );
  bar = await call('rate', { ...v(bar), score: 5, comment: '律师当天就来了，不到一周就拿回了工资，谢谢工会！' }, lead.uid, day(2, 9, 30));
  bar = await call('qualityCheck', { ...v(bar), pass: true, note: '走访、调解记录齐全，款项已全部发放，职工评价满意。' }, FEDERATION, day(2, 15, 0));

  // ---- received, overdue (three working days at the desk) and escalated
  const ent = (m: MemberDoc) => m.enterpriseId;
  const late = pick(of001, 0);
  await submit(late.uid, day(3, 9, 30), {
    category: 'complaint',
    itemKey: 'overtime',
    title: '连续三个月加班未发加班费',
    description: '车间从九月起每周六都安排加班，工资条上一直没有加班费，问过班组长说是公司规定，请工会帮忙核实。',
    enterpriseId: ent(late),
  });
  // ---- received today
  const asking = pick(others, 0);
  await submit(asking.uid, ago(40), {
    category: 'consult',
    itemKey: 'labour_contract',
    title: '试用期被辞退能否要求补偿',
    description: '入职两个月还在试用期，公司说我不符合录用条件让我走人，但从没说过录用条件是什么，想问能不能要求补偿。',
    enterpriseId: ent(asking),
  });

  // ---- assigned to 周律师 just now, waiting for her to sign (the top of her queue)
  const insured = pick(others, 1);
  const toSign = await submit(insured.uid, day(1, 14, 0), {
    category: 'complaint',
    itemKey: 'social_insurance',
    title: '公司一直未给缴纳社会保险',
    description: '入职一年多，公司一直没有给我缴社保，说是工资里已经包含了，现在孩子上学需要社保证明。',
    enterpriseId: ent(insured),
  });
  await assign(toSign, '周律师', ago(30), '涉及社保补缴与经济补偿，请律师先行研判。');

  // ---- 李娜's case in handling: 陈静 (her union's officer) asks her for the attendance records
  let lina = await submit(MEMBER, day(2, 10, 0), {
    category: 'complaint',
    itemKey: 'overtime',
    title: '调休被取消，加班费按最低工资算',
    description: '十月份国庆加班三天，原定的调休被取消，发的加班费是按最低工资标准算的，不是按我的实际工资。',
    enterpriseId: 'ent_001',
  });
  lina = await assign(lina, '陈静', day(2, 11, 0), '企业已建会，请本单位工会先行协调。');
  lina = await call('sign', v(lina), 'dev_union_officer', day(2, 14, 0));
  lina = await entry(lina, 'dev_union_officer', day(1, 10, 0), 'call', '已与车间主任核实十月排班情况，公司承认国庆期间安排了加班。');
  await call(
    'ask',
    { caseId: lina.id, text: '请补充十月和十一月的考勤记录截图及工资条，以便与公司核对加班费的计算基数。' },
    'dev_union_officer',
    day(1, 15, 0),
  );

  // ---- 李娜's consultation answered, waiting for her rating
  let answered = await submit(MEMBER, day(3, 9, 0), {
    category: 'consult',
    itemKey: 'social_insurance',
    title: '换工作后社保怎么转移',
    description: '明年可能换到外省的公司工作，想了解养老保险和医疗保险怎么转移接续，已经缴的会不会作废。',
    enterpriseId: 'ent_001',
  });
  answered = await assign(answered, '周律师', day(3, 10, 0));
  answered = await call('sign', v(answered), LAWYER, day(3, 10, 30));
  await call(
    'resolve',
    {
      ...v(answered),
      kind: 'answered',
      summary: '已电话详细说明：养老保险跨省可办理转移接续，缴费年限累计计算，不会作废；医疗保险在新参保地办理转移。已把办理清单发给您。',
    },
    LAWYER,
    day(2, 16, 0),
  );

  // ---- resolved and rated, waiting for the federation's quality check
  const dismissed = pick(others, 2);
  let mediated = await submit(dismissed.uid, day(6, 10, 0), {
    category: 'complaint',
    itemKey: 'illegal_dismissal',
    title: '怀孕期间被公司辞退',
    description: '今年九月告诉主管怀孕后，公司以业务调整为由让我签离职协议，我没签，上周收到了解除劳动合同通知。',
    enterpriseId: ent(dismissed),
  });
  mediated = await assign(mediated, '周律师', day(6, 11, 0));
  mediated = await call('sign', v(mediated), LAWYER, day(6, 14, 0));
  mediated = await entry(
    mediated,
    LAWYER,
    day(4, 17, 0),
    'mediation',
    '与公司人事负责人调解：公司撤销解除通知，恢复劳动关系，补发停工期间工资。',
    false,
    day(4, 15, 0),
  );
  mediated = await call(
    'resolve',
    { ...v(mediated), kind: 'mediated', summary: '经调解，公司撤销解除劳动合同通知，恢复劳动关系并补发停工期间工资8,600元。', recovered: 8_600 },
    LAWYER,
    day(2, 10, 0),
  );
  await call('rate', { ...v(mediated), score: 4, comment: '问题解决了，就是第一次联系等了两天。' }, dismissed.uid, day(1, 11, 0));

  // ---- legal aid: an application awaiting its decision, the hearing in six days (urgent)
  const injured = pick(of001, 1);
  await submit(injured.uid, ago(120), {
    category: 'legal_aid',
    itemKey: 'injury_claim',
    title: '工伤赔偿仲裁申请法律援助',
    description: '八月在车间被机器压伤右手，已认定工伤九级，公司不同意支付一次性伤残就业补助金，劳动仲裁即将开庭，需要律师代理。',
    enterpriseId: ent(injured),
    legalAid: { opponent: injured.enterpriseName, claimAmount: 86_000, keyDate: shanghaiDate(now + 6 * DAY), keyDateKind: 'hearing' },
  });
  // ---- legal aid approved and appointed to 周律师 with its 委派函, in hand
  const unpaid = pick(others, 3);
  let appointed = await submit(unpaid.uid, day(4, 10, 0), {
    category: 'legal_aid',
    itemKey: 'wage_claim',
    title: '离职后公司拒付最后两个月工资',
    description: '十月初离职，公司以未办完交接为由拒发九月、十月工资共1.2万元，多次催要无果，想申请劳动仲裁。',
    enterpriseId: ent(unpaid),
    legalAid: { opponent: unpaid.enterpriseName, claimAmount: 12_000, keyDate: null, keyDateKind: null },
  });
  appointed = await call(
    'legalAidDecide',
    { ...v(appointed), event: 'approve', note: '工会会员，追索劳动报酬，符合法律援助条件。' },
    FEDERATION,
    day(3, 10, 0),
  );
  const { items: lawyers } = await call<{ items: Array<{ personId: string; name: string }> }>('assignees', { caseId: appointed.id }, FEDERATION, day(3, 11, 0));
  const lawyer = lawyers.find((p) => p.name === '周律师');
  if (!lawyer) throw new Error('showcase: 周律师 is not among the assignees');
  appointed = await call('appointLawyer', { ...v(appointed), personId: lawyer.personId }, FEDERATION, day(3, 11, 0));
  appointed = await call('sign', v(appointed), LAWYER, day(3, 14, 0));
  await entry(appointed, LAWYER, day(2, 10, 0), 'note', '已与当事人面谈，收集了考勤记录和离职证明，正在准备劳动仲裁申请书。');

  // ---- declined, with the reason the worker reads
  const trader = pick(others, 4);
  const notOurs = await submit(trader.uid, day(4, 9, 0), {
    category: 'complaint',
    itemKey: 'other',
    title: '供货后对方商户拖欠货款',
    description: '我业余帮朋友的店供货，对方商户拖欠货款三千多元，一直不给，请工会帮忙追讨。',
    enterpriseId: ent(trader),
  });
  await call(
    'decline',
    { ...v(notOurs), reason: '您反映的是与商户之间的买卖合同纠纷，不属于劳动争议，工会无法受理；可向市场监管部门投诉或向人民法院起诉。' },
    FEDERATION,
    day(3, 10, 0),
  );

  // ---- an anonymous 意见建议 (no employer: the member's federation)
  await submit(pick(of001, 2).uid, ago(180), {
    category: 'suggestion',
    itemKey: 'services',
    title: '希望职工服务中心周末也开放',
    description: '很多一线职工工作日要上班，下班后服务中心已经关门，希望周末能安排半天开放，方便大家办事和咨询。',
    enterpriseId: null,
    anonymous: true,
  });

  // ---- a legal consultation booked at the park's window, turned into a case by 周律师 after the talk
  const booker = pick(others, 5);
  const slotAt = day(1, 10, 0);
  const slot = await invoke<{ id: string }>(
    'activity',
    'publish',
    {
      kind: 'booking',
      title: '法律咨询预约',
      place: '园区职工服务中心 法律援助窗口',
      host: '周律师',
      seats: 1,
      orgId: 'org_park',
      membersOnly: false,
      description: '劳动合同、工资拖欠、工伤认定等问题，一对一咨询，每次约50分钟。请带好劳动合同、工资条等材料。',
      startAt: slotAt,
      endAt: slotAt + 50 * MINUTE,
      signupOpensAt: day(2, 9, 0),
      signupClosesAt: slotAt - 2 * HOUR,
    },
    FEDERATION,
    day(2, 9, 0),
  );
  const signup = await invoke<{ id: string }>('activity', 'signup', { activityId: slot.id }, booker.uid, day(2, 9, 30));
  await call(
    'fromBooking',
    {
      signupId: signup.id,
      category: 'consult',
      itemKey: 'labour_contract',
      title: '劳动合同到期不续签的补偿',
      description: '劳动合同本月底到期，公司口头通知不再续签，咨询能否要求经济补偿以及怎么计算。',
    },
    LAWYER,
    slotAt + HOUR,
  );

  // the overdue one escalates to the level above
  await call('escalateOverdue', {}, null, now);
  return { cases: 12, claimants: barWorkers.length };
}
