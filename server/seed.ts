/**
 * Deterministic demo data for `npm start`: one park federation covering 178 enterprises, 18 of them
 * with their own union, ~28,500 members, and join applications of various ages in every queue.
 * Same seed, same people; only times are relative to the moment of seeding, so ages look real.
 */
import type { Dependencies } from '../core/shared/ports';
import { makeIdNumber } from '../core/shared/idNumber';
import { WorkCalendar } from '../core/shared/workdays';
import { ENTERPRISES, ORGS, STAFF, type Enterprise, type Org, type Staff } from '../core/org/model';
import {
  APPLICATIONS,
  COUNTERS,
  MEMBERS,
  MEMBER_UIDS,
  PERSONS,
  formatMemberNo,
  memberIdFor,
  personIdFor,
  type ApplicationDoc,
  type MemberDoc,
  type PersonDoc,
  type MemberUidDoc,
} from '../core/member/model';
import type { ApplicationStatus } from '../core/member/machine';
import { DEMO, PERSONAS } from './personas';
import { shanghaiYear } from '../core/shared/time';
import { seedAidRules } from './seed-aid';

export const SEED_MARKER = { collection: COUNTERS, id: 'seed_demo_v1' };

/** mulberry32: small, fast, deterministic */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)],
  };
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲建国志强海燕晓东文博子涵雨欣浩然思远佳怡俊杰梓萱宇轩欣怡一鸣嘉豪诗琪';
const PREFIX = [
  '华',
  '恒',
  '瑞',
  '嘉',
  '鼎',
  '博',
  '远',
  '德',
  '信',
  '安',
  '泰',
  '诚',
  '宏',
  '盛',
  '创',
  '新',
  '明',
  '正',
  '永',
  '联',
  '汇',
  '智',
  '凯',
  '天',
  '达',
  '锦',
  '金',
  '越',
  '启',
  '辰',
];
const MIDDLE = ['辉', '通', '源', '晟', '丰', '科', '达', '宇', '拓', '成', '立', '腾', '峰', '川', '图', '航', '睿', '邦', '程', '弘'];
const INDUSTRIES = [
  { name: '制造业', suffix: ['精密制造', '电子', '机械', '新材料', '汽车零部件'] },
  { name: '信息技术', suffix: ['科技', '软件', '数据', '网络', '智能'] },
  { name: '物流运输', suffix: ['物流', '供应链', '快递', '仓储'] },
  { name: '生物医药', suffix: ['生物', '医药', '医疗器械'] },
  { name: '商业服务', suffix: ['商贸', '物业服务', '餐饮管理', '人力资源'] },
];
const JOBS = [
  '操作工',
  '质检员',
  '软件工程师',
  '仓库管理员',
  '快递员',
  '销售代表',
  '行政专员',
  '设备维修工',
  '生产组长',
  '会计',
  '客服专员',
  '研发工程师',
  '保洁员',
  '厨师',
  '叉车司机',
  '技术员',
];
const REGIONS = ['320506', '320505', '410102', '411302', '341202', '510104', '430102', '360102', '370102', '421002'];

export const PARK_ENTERPRISES = 178;
export const PARK_UNIONS = 18;
export const TARGET_MEMBERS = 28_500;

export async function isSeeded(deps: Dependencies): Promise<boolean> {
  return (await deps.store.get(SEED_MARKER.collection, SEED_MARKER.id)) !== null;
}

export async function seedDemo(deps: Dependencies, opts: { members?: number } = {}): Promise<{ members: number; applications: number }> {
  const r = rng(20261124);
  const now = deps.clock.now();
  const cal = new WorkCalendar(deps.config.calendar);
  const { store, crypto } = deps;

  const org = (o: Omit<Org, 'cityId' | 'federationId'> & { federationId?: string | null }): Org => ({
    cityId: DEMO.city,
    federationId: o.federationId ?? null,
    ...o,
  });
  const orgs: Org[] = [
    org({ _id: DEMO.city, kind: 'city_federation', name: '星海市总工会', parentId: null, ancestors: [] }),
    org({ _id: DEMO.park, kind: 'federation', name: '星海高新区工会联合会', parentId: DEMO.city, ancestors: [DEMO.city], federationId: DEMO.park }),
    org({
      _id: DEMO.logistics,
      kind: 'federation',
      name: '星海市物流行业工会联合会',
      parentId: DEMO.city,
      ancestors: [DEMO.city],
      federationId: DEMO.logistics,
    }),
  ];

  // Enterprises: the first 18 (the biggest) have their own unions; the rest are covered by the park federation.
  const enterprises: Enterprise[] = [];
  const usedNames = new Set<string>(['星海精密制造有限公司', '星海云数科技有限公司']);
  for (let i = 0; i < PARK_ENTERPRISES + 12; i++) {
    const inPark = i < PARK_ENTERPRISES;
    const industry = inPark ? r.pick(INDUSTRIES) : INDUSTRIES[2];
    let name = i === 0 ? '星海精密制造有限公司' : i === 1 ? '星海云数科技有限公司' : '';
    while (!name || (i > 1 && usedNames.has(name))) name = `${r.pick(PREFIX)}${r.pick(MIDDLE)}${r.pick(industry.suffix)}有限公司`;
    usedNames.add(name);
    const federationId = inPark ? DEMO.park : DEMO.logistics;
    const ownUnion = inPark ? i < PARK_UNIONS : i - PARK_ENTERPRISES < 3;
    let unionId: string | null = null;
    if (ownUnion) {
      unionId = inPark ? `org_union_${String(i + 1).padStart(3, '0')}` : `org_union_l${i - PARK_ENTERPRISES + 1}`;
      orgs.push(
        org({
          _id: unionId,
          kind: 'union',
          name: `${name.replace('有限公司', '')}工会`,
          parentId: federationId,
          ancestors: [DEMO.city, federationId],
          federationId,
        }),
      );
    }
    enterprises.push({
      _id: `ent_${String(i + 1).padStart(3, '0')}`,
      name,
      creditCode: `91320594MA${String(1000000 + i * 7919).slice(-7)}${'ABCDEFGHJK'[i % 10]}`,
      industry: industry.name,
      headcount: ownUnion ? r.int(600, 2600) : r.int(15, 180),
      unionId,
      federationId,
      cityId: DEMO.city,
    });
  }
  await store.insertMany(ORGS, orgs);
  await store.insertMany(ENTERPRISES, enterprises);
  await store.insertMany<Staff>(
    STAFF,
    PERSONAS.filter((p) => p.grants.length > 0).map((p) => ({ _id: p.uid, name: p.name, grants: p.grants })),
  );

  const orgById = new Map(orgs.map((o) => [o._id, o]));
  const handling = (e: Enterprise) => orgById.get(e.unionId ?? e.federationId)!;
  const personName = () => r.pick([...SURNAMES]) + (r.next() < 0.5 ? r.pick([...GIVEN]) : r.pick([...GIVEN]) + r.pick([...GIVEN]));
  const usedIds = new Set<string>();
  const person = (birthYear?: number) => {
    let idNumber = '';
    while (!idNumber || usedIds.has(idNumber)) {
      const y = birthYear ?? r.int(1968, 2005);
      const birth = `${y}${String(r.int(1, 12)).padStart(2, '0')}${String(r.int(1, 28)).padStart(2, '0')}`;
      idNumber = makeIdNumber(r.pick(REGIONS), birth, String(r.int(0, 999)).padStart(3, '0'));
    }
    usedIds.add(idNumber);
    const mobile = `1${r.pick(['38', '39', '50', '58', '86', '87', '77', '35'])}${String(r.int(0, 99999999)).padStart(8, '0')}`;
    return { name: personName(), idNumber, mobile, idHash: crypto.hash(`id|${idNumber}`) };
  };
  const weights = enterprises.map((e) => e.headcount * (e.unionId ? 1 : 0.35));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const pickEnterprise = () => {
    let x = r.next() * totalWeight;
    for (let i = 0; i < enterprises.length; i++) if ((x -= weights[i]) <= 0) return enterprises[i];
    return enterprises[enterprises.length - 1];
  };

  // Members, joined over the past seven years; numbers allocated per year in joining order.
  const memberCount = opts.members ?? TARGET_MEMBERS;
  const counters = new Map<string, number>();
  const drafts: Array<{ p: ReturnType<typeof person>; e: Enterprise; joinedAt: number; uid: string }> = [];
  for (let i = 0; i < memberCount; i++) {
    const isPersona = i === 0;
    const e = isPersona ? enterprises[0] : pickEnterprise();
    const p = person();
    if (isPersona) p.name = '李娜';
    drafts.push({ p, e, joinedAt: now - Math.floor(r.next() * 7 * 365 * 86400_000) - 86400_000, uid: isPersona ? 'dev_member' : `wx_seed_m${i}` });
  }
  drafts.sort((a, b) => a.joinedAt - b.joinedAt);
  const members: MemberDoc[] = [];
  const persons: PersonDoc[] = [];
  for (const d of drafts) {
    const year = shanghaiYear(d.joinedAt);
    const n = (counters.get(String(year)) ?? 0) + 1;
    counters.set(String(year), n);
    const h = handling(d.e);
    const memberId = memberIdFor(d.p.idHash);
    members.push({
      _id: memberId,
      memberNo: formatMemberNo(year, n),
      uid: d.uid,
      name: d.p.name,
      idSealed: crypto.seal(d.p.idNumber),
      idHash: d.p.idHash,
      mobileSealed: crypto.seal(d.p.mobile),
      orgId: h._id,
      orgName: h.name,
      federationId: h.federationId,
      cityId: h.cityId,
      enterpriseId: d.e._id,
      enterpriseName: d.e.name,
      job: r.pick(JOBS),
      migrantWorker: r.next() < 0.38,
      joinedAt: d.joinedAt,
      status: 'active',
      applicationId: null,
    });
    persons.push({ _id: personIdFor(d.p.idHash), openApplicationId: null, claimedAt: d.joinedAt, memberId });
  }
  for (let i = 0; i < members.length; i += 5000) {
    await store.insertMany(MEMBERS, members.slice(i, i + 5000));
    await store.insertMany(PERSONS, persons.slice(i, i + 5000));
    await store.insertMany<MemberUidDoc>(
      MEMBER_UIDS,
      members.slice(i, i + 5000).map((m) => ({ _id: m.uid, memberId: m._id })),
    );
  }

  // Applications: open ones of various ages (some overdue), and recently decided ones.
  const apps: ApplicationDoc[] = [];
  const plan: Array<{ e: Enterprise; status: ApplicationStatus; ageDays: number }> = [];
  for (let i = 0; i < 14; i++)
    plan.push({ e: enterprises[0], status: i < 12 ? 'pending' : 'needs_info', ageDays: [0, 0, 1, 1, 2, 3, 4, 5, 6, 8, 11, 15, 2, 4][i] });
  for (let i = 0; i < 6; i++) plan.push({ e: enterprises[1], status: 'pending', ageDays: [0, 1, 2, 5, 7, 9][i] });
  for (let i = 0; i < 300; i++) {
    const e = pickEnterprise();
    const roll = r.next();
    const status: ApplicationStatus = roll < 0.62 ? 'pending' : roll < 0.7 ? 'needs_info' : roll < 0.93 ? 'approved' : 'rejected';
    plan.push({ e, status, ageDays: r.int(0, 12) });
  }
  // the social worker's assigned enterprises (孙敏): pending applications of their own, so her queue
  // and workload are never empty in the demo (last in the plan, so the applications above stay as they were)
  const assigned = PERSONAS.flatMap((p) => p.grants.filter((g) => g.role === 'social_worker').flatMap((g) => g.enterpriseIds ?? []));
  for (const [n, id] of assigned.entries()) {
    const e = enterprises.find((x) => x._id === id);
    if (e) for (const ageDays of n === 0 ? [0, 1, 6] : [n, n + 2]) plan.push({ e, status: 'pending', ageDays });
  }
  for (const [i, item] of plan.entries()) {
    const p = person(r.int(1975, 2006));
    const h = handling(item.e);
    const submittedAt = now - item.ageDays * 86400_000 - r.int(1, 8) * 3600_000;
    const history: ApplicationDoc['history'] = [{ at: submittedAt, actor: 'worker', event: 'submit', to: 'pending', reason: null }];
    let reason: string | null = null;
    if (item.status !== 'pending') {
      reason =
        item.status === 'needs_info'
          ? '请补充说明目前的劳动合同签订单位与岗位'
          : item.status === 'rejected'
            ? '经核实，申请人已于上月离职，请在新单位申请'
            : null;
      const event = item.status === 'needs_info' ? 'request_info' : item.status === 'approved' ? 'approve' : 'reject';
      history.push({ at: Math.min(now, submittedAt + r.int(1, 30) * 3600_000), actor: 'officer', event, to: item.status, reason });
    }
    const appId = `ja_seed_${String(i + 1).padStart(4, '0')}`;
    apps.push({
      _id: appId,
      uid: `wx_seed_a${i}`,
      status: item.status,
      version: history.length,
      name: p.name,
      idSealed: crypto.seal(p.idNumber),
      idHash: p.idHash,
      mobileSealed: crypto.seal(p.mobile),
      enterpriseId: item.e._id,
      enterpriseName: item.e.name,
      job: r.pick(JOBS),
      migrantWorker: r.next() < 0.4,
      consentAt: submittedAt,
      orgId: h._id,
      orgName: h.name,
      federationId: h.federationId,
      cityId: h.cityId,
      viaFederation: item.e.unionId === null,
      submittedAt,
      queuedAt: submittedAt,
      dueAt: cal.addWorkingDays(submittedAt, deps.config.joinSlaWorkingDays),
      escalated: false,
      reason,
      memberNo: null,
      history,
    });
    if (item.status === 'pending' || item.status === 'needs_info') {
      await store.insert<PersonDoc>(PERSONS, { _id: personIdFor(p.idHash), openApplicationId: appId, claimedAt: submittedAt, memberId: null });
    }
  }
  // Approved applications become members too.
  for (const a of apps.filter((x) => x.status === 'approved')) {
    const year = shanghaiYear(a.history[1].at);
    const n = (counters.get(String(year)) ?? 0) + 1;
    counters.set(String(year), n);
    a.memberNo = formatMemberNo(year, n);
    const m: MemberDoc = {
      _id: memberIdFor(a.idHash),
      memberNo: a.memberNo,
      uid: a.uid,
      name: a.name,
      idSealed: a.idSealed,
      idHash: a.idHash,
      mobileSealed: a.mobileSealed,
      orgId: a.orgId,
      orgName: a.orgName,
      federationId: a.federationId,
      cityId: a.cityId,
      enterpriseId: a.enterpriseId,
      enterpriseName: a.enterpriseName,
      job: a.job,
      migrantWorker: a.migrantWorker,
      joinedAt: a.history[1].at,
      status: 'active',
      applicationId: a._id,
    };
    await store.insert(MEMBERS, m);
    await store.insert<MemberUidDoc>(MEMBER_UIDS, { _id: m.uid, memberId: m._id });
    await store.insert<PersonDoc>(PERSONS, { _id: personIdFor(a.idHash), openApplicationId: null, claimedAt: a.submittedAt, memberId: m._id });
  }
  for (const [year, value] of counters) {
    await store.transact(COUNTERS, `memberNo_${year}`, () => ({ _id: `memberNo_${year}`, value }));
  }
  await store.insertMany(APPLICATIONS, apps);
  await seedAidRules(deps);
  await store.insert(SEED_MARKER.collection, { _id: SEED_MARKER.id, at: now });
  return { members: members.length + apps.filter((a) => a.status === 'approved').length, applications: apps.length };
}
