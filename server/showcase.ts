/**
 * Demo data for the org and activity screens on `npm start` (not in tests): "六有" assessments across
 * the park, foundings at each step (one overdue), transfers in and out, activities and training with
 * signups (one full with a waitlist) and three days of legal-consultation slots, hardship aid at every
 * stage (showcase-aid.ts), rights cases at every stage with the seed's wage case replayed (showcase-case.ts) and the autumn scholarship's campaigns (seed-scholarship.ts). Made through the use cases themselves,
 * with the clock moved back where an item should look older, so every document is one the app
 * could have produced. Deterministic: the same ids and outcomes on every machine.
 */
import type { Dependencies } from '../core/shared/ports';
import type { Caller, SignedInCaller } from '../core/shared/caller';
import { SIX_ITEMS } from '../core/org/six';
import { assessSix } from '../core/org/assessment';
import { apply as applyFounding } from '../core/founding/apply';
import { decide as decideFounding } from '../core/founding/decide';
import { submitElection } from '../core/founding/election';
import { escalateOverdue as escalateFoundings } from '../core/founding/escalation';
import { start as startTransfer } from '../core/transfer/start';
import { release as releaseTransfer } from '../core/transfer/closing';
import { uploadFile } from '../core/org/admin';
import { publish as publishActivity, publishSlots } from '../core/activity/publish';
import { get as getActivity } from '../core/activity/views';
import { signup as signupFor } from '../core/activity/seats';
import { activityContract } from '../core/activity/contract';
import { calendarFor } from '../core/shared/workdays';
import { MEMBERS, type MemberDoc } from '../core/member/model';
import { STAFF, type Staff } from '../core/org/model';
import { PERSONAS } from './personas';
import { rng } from './seed';
import { seedScholarship } from './seed-scholarship';
import { seedAidShowcase } from './showcase-aid';
import { seedCaseShowcase } from './showcase-case';
import { startOfShanghaiDay } from '../core/shared/time';

const DAY = 86400_000;
const PDF = Buffer.from('%PDF-1.4\n% 会员大会选举结果（演示）\n%%EOF').toString('base64');

/** Staff documents for every persona with grants (added when personas are added after a first seed). */
export async function ensurePersonaStaff(deps: Dependencies): Promise<void> {
  for (const p of PERSONAS) {
    if (!p.grants.length) continue;
    if (!(await deps.store.get<Staff>(STAFF, p.uid))) await deps.store.insert<Staff>(STAFF, { _id: p.uid, name: p.name, grants: p.grants });
  }
}

export async function seedShowcase(
  deps: Dependencies,
): Promise<{ assessments: number; foundings: number; transfers: number; activities: number; signups: number }> {
  const r = rng(20261125);
  const now = deps.clock.now();
  const at = (ago: number): Dependencies => ({ ...deps, clock: { now: () => now - ago } });
  const as = (uid: string, grants: Caller['grants'] = []): SignedInCaller => ({ uid, grants, system: false });
  const federation = as('dev_federation_officer', [{ role: 'federation_officer', orgId: 'org_park' }]);
  const admin = as('dev_admin', [{ role: 'admin', orgId: 'org_city' }]);

  // "六有": 14 of the park's 18 unions assessed; most meet all six, funds and venues are what lack most
  let assessments = 0;
  for (let i = 1; i <= 14; i++) {
    const lacking = i <= 10 ? [] : i <= 12 ? ['self_managed_funds'] : ['self_managed_funds', i === 13 ? 'venues_programs' : 'rules_systems'];
    const items = SIX_ITEMS.map((it) => ({
      key: it.key,
      met: !lacking.includes(it.key),
      evidence: lacking.includes(it.key) ? '' : r.pick(['现场核查', '查阅台账', '职工座谈', '查看会议纪要']),
      fileIds: [] as string[],
    }));
    await assessSix(at(r.int(2, 60) * DAY), federation, { unionId: `org_union_${String(i).padStart(3, '0')}`, items });
    assessments++;
  }

  // foundings: one just in (overdue review), one preparing, one waiting for the final approval
  const form = (enterpriseId: string, n: number) => ({
    idempotencyKey: `showcase_${n}_key`,
    enterpriseId,
    headcount: 60 + n * 17,
    intendedMembers: 25 + n * 5,
    organizerName: ['周建国', '吴丽华', '郑海涛'][n],
    organizerMobile: `1390000${String(1000 + n).padStart(4, '0')}`,
    organizerJob: '行政主管',
  });
  await applyFounding(at(3 * DAY), as('wx_showcase_org0'), form('ent_150', 0));
  const b = await applyFounding(at(2 * DAY), as('wx_showcase_org1'), form('ent_151', 1));
  await decideFounding(at(DAY), admin, { foundingId: b.id, event: 'approve_preparation', note: '材料齐全，同意筹备', version: b.version });
  const c = await applyFounding(at(4 * DAY), as('wx_showcase_org2'), form('ent_152', 2));
  const cPrep = await decideFounding(at(4 * DAY - 3 * 3600_000), admin, { foundingId: c.id, event: 'approve_preparation', note: '', version: c.version });
  const paper = await uploadFile(at(2 * 3600_000), as('wx_showcase_org2'), { name: '会员大会选举结果.pdf', contentType: 'application/pdf', base64: PDF });
  await submitElection(at(2 * 3600_000), as('wx_showcase_org2'), {
    foundingId: cPrep.id,
    meetingDate: '2026-11-24',
    attendees: 33,
    chairName: '郑海涛',
    committee: ['孙丽', '钱伟'],
    fileIds: [paper.id],
  });
  await escalateFoundings(deps);

  // transfers: members of union 003 moving on (one waiting for release, one released into union 004), and one into the federation
  const movers = (await deps.store.query<MemberDoc>(MEMBERS, { where: { orgId: 'org_union_003' }, orderBy: [['joinedAt', 'asc']], limit: 3 })).items;
  let transfers = 0;
  const targets = ['ent_004', 'ent_004', 'ent_160'];
  for (const [i, m] of movers.entries()) {
    const t = await startTransfer(at((i + 1) * DAY), as(m.uid), { toEnterpriseId: targets[i] });
    if (i >= 1) await releaseTransfer(at(i * DAY), as('wx_showcase_officer3', [{ role: 'union_officer', orgId: 'org_union_003' }]), t.id);
    transfers++;
  }
  const { activities, signups } = await seedActivities(deps, federation);
  await seedScholarship(deps); // 金秋助学: this year's campaign in its stage, last year's closed with its report, one survey still open
  await seedAidShowcase(deps); // 困难帮扶: an application at every stage, an open notice with an objection, a payment roster
  await seedCaseShowcase(deps); // 维权: the seed's wage case replayed, a case at every stage, the park's rules and duty rota
  return { assessments, foundings: 3, transfers, activities, signups };
}

/** Activities across the park, published and signed up for through the use cases. */
async function seedActivities(deps: Dependencies, federation: SignedInCaller): Promise<{ activities: number; signups: number }> {
  const now = deps.clock.now();
  const HOUR = 3600_000;
  const today = startOfShanghaiDay(now);
  const unionOfficer = { uid: 'dev_union_officer', grants: [{ role: 'union_officer' as const, orgId: 'org_union_001' }], system: false };
  const publish = (caller: SignedInCaller, form: Record<string, unknown>) => publishActivity(deps, caller, activityContract.publish.input.parse(form));
  const park = (await deps.store.query<MemberDoc>(MEMBERS, { where: { federationId: 'org_park' }, orderBy: [['joinedAt', 'asc']], limit: 200 })).items;
  const union001 = park.filter((m) => m.orgId === 'org_union_001');
  let signups = 0;
  const signUp = async (activityId: string, members: MemberDoc[], sharedBy?: string) => {
    for (const m of members) {
      await signupFor(deps, { uid: m.uid, grants: [], system: false }, activityContract.signup.input.parse({ activityId, sharedBy }));
      signups++;
    }
  };
  const times = (startDays: number, startHour: number, hours: number, closeDaysBefore = 1) => ({
    startAt: today + startDays * DAY + startHour * HOUR,
    endAt: today + startDays * DAY + (startHour + hours) * HOUR,
    signupOpensAt: now - 2 * DAY,
    signupClosesAt: today + (startDays - closeDaysBefore) * DAY + 18 * HOUR,
  });

  const league = await publish(federation, {
    kind: 'activity',
    title: '园区职工篮球联赛',
    place: '星海高新区职工文体中心',
    seats: 40,
    orgId: 'org_park',
    description: '以企业为单位组队，每队10人，欢迎各企业工会会员报名参赛。赛程约两周，决赛当天设啦啦队和亲子观赛区。',
    ...times(9, 14, 3),
  });
  await signUp(league.id, park.slice(0, 20));
  // through a card shared in a group chat: the sharer opened the activity, and their card carries their token
  const shared = await getActivity(deps, { uid: park[0].uid, grants: [], system: false }, { activityId: league.id });
  await signUp(league.id, park.slice(20, 26), shared.sharerToken ?? undefined);
  await signupFor(deps, { uid: 'dev_member', grants: [], system: false }, activityContract.signup.input.parse({ activityId: league.id }));
  signups++;

  const calligraphy = await publish(federation, {
    kind: 'training',
    title: '冬日暖心·职工子女书法班',
    place: '园区职工之家二楼活动室',
    seats: 20,
    orgId: 'org_park',
    host: '市书法家协会 林老师',
    description: '寒假前四次课，面向会员子女（8—14岁），笔墨纸砚由工会提供。名额满后可候补，有人取消按候补顺序递补。',
    ...times(12, 9, 2),
  });
  await signUp(calligraphy.id, park.slice(30, 54)); // 20 confirmed, 4 waiting

  await publish(unionOfficer, {
    kind: 'training',
    title: '《劳动合同法》与加班工资专题讲座',
    place: '星海精密制造 3号楼报告厅',
    seats: 80,
    orgId: 'org_union_001',
    host: '周律师',
    description: '讲清加班工资怎么算、调休与加班费、劳动合同到期续签等职工最关心的问题，现场答疑。',
    ...times(5, 15, 2),
  }).then((a) => signUp(a.id, union001.slice(0, 12)));

  await publish(federation, {
    kind: 'activity',
    title: '职工心理健康沙龙',
    place: '园区职工服务中心',
    seats: 30,
    orgId: 'org_park',
    membersOnly: false,
    description: '面向园区全体职工（不限会员），由专业心理咨询师带领，聊聊压力、睡眠与亲子沟通。',
    ...times(7, 19, 2),
  }).then((a) => signUp(a.id, park.slice(60, 65)));

  // legal consultations with the on-site lawyer on the next three working days: three one-hour slots a day, two seats each
  const firstDay = calendarFor(deps.config.calendar).addWorkingDays(today + 9 * HOUR + 30 * 60_000, 1);
  const slots = await publishSlots(
    deps,
    federation,
    activityContract.publishSlots.input.parse({
      first: {
        kind: 'booking',
        title: '法律咨询预约',
        place: '园区职工服务中心 法律援助窗口',
        host: '周律师',
        seats: 2,
        orgId: 'org_park',
        description: '劳动合同、工资拖欠、工伤认定等问题，一对一咨询，每次约50分钟。请带好劳动合同、工资条等材料。',
        startAt: firstDay,
        endAt: firstDay + 50 * 60_000,
        signupOpensAt: now - DAY,
        signupClosesAt: firstDay - 2 * HOUR,
      },
      slotsPerDay: 3,
      everyMinutes: 60,
      workingDays: 3,
    }),
  );
  await signUp(slots.items[0].id, park.slice(70, 72));
  await signUp(slots.items[1].id, park.slice(72, 73));
  return { activities: 4 + slots.items.length, signups };
}
