/** Dev-login personas: one for each kind of person, so every role can be tried in the H5 app. */
import type { Grant } from '../core/shared/caller';

export interface Persona {
  id: string;
  uid: string;
  name: string;
  title: string;
  description: string;
  grants: Grant[];
}

/** Org ids fixed by the demo seed (server/seed.ts). */
export const DEMO = {
  city: 'org_city',
  park: 'org_park',
  logistics: 'org_fed_logistics',
  unionA: 'org_union_001',
  unionB: 'org_union_002',
} as const;

export const PERSONAS: Persona[] = [
  { id: 'worker', uid: 'dev_worker', name: '王小明', title: '未入会职工', description: '刚入职园区企业，还不是工会会员，可体验“我要入会”。', grants: [] },
  { id: 'member', uid: 'dev_member', name: '李娜', title: '工会会员', description: '已入会，可出示电子会员卡。', grants: [] },
  {
    id: 'union-officer',
    uid: 'dev_union_officer',
    name: '陈静',
    title: '企业工会干部',
    description: '星海精密制造有限公司工会，审核本单位入会申请。',
    grants: [{ role: 'union_officer', orgId: DEMO.unionA }],
  },
  {
    id: 'union-officer-b',
    uid: 'dev_union_officer_b',
    name: '赵磊',
    title: '另一企业工会干部',
    description: '星海云数科技有限公司工会，看不到其他工会的申请。',
    grants: [{ role: 'union_officer', orgId: DEMO.unionB }],
  },
  {
    id: 'federation-officer',
    uid: 'dev_federation_officer',
    name: '刘芳',
    title: '园区工联会干部',
    description: '星海高新区工会联合会，受理未建会企业职工的“源头入会”，督办全园区。',
    grants: [{ role: 'federation_officer', orgId: DEMO.park }],
  },
  {
    id: 'federation-officer-b',
    uid: 'dev_federation_officer_b',
    name: '马强',
    title: '另一联合会干部',
    description: '星海市物流行业工会联合会，管不到高新区。',
    grants: [{ role: 'federation_officer', orgId: DEMO.logistics }],
  },
  {
    id: 'lawyer',
    uid: 'dev_lawyer',
    name: '周律师',
    title: '驻点律师',
    description: '派驻星海高新区工会联合会的法律顾问。',
    grants: [{ role: 'lawyer', orgId: DEMO.park }],
  },
  {
    id: 'social-worker',
    uid: 'dev_social_worker',
    name: '孙敏',
    title: '社会化工会工作者',
    description: '由星海职工服务社派驻高新区工联会，负责几家未建会企业。',
    grants: [{ role: 'social_worker', orgId: DEMO.park, agency: '星海职工服务社', enterpriseIds: ['ent_019', 'ent_020', 'ent_021'] }],
  },
  {
    id: 'finance',
    uid: 'dev_finance',
    name: '吴会计',
    title: '联合会财务',
    description: '星海高新区工会联合会财务，按公示期满的发放名单发放帮扶金。',
    grants: [{ role: 'finance_officer', orgId: DEMO.park }],
  },
  {
    id: 'admin',
    uid: 'dev_admin',
    name: '系统管理员',
    title: '系统管理员',
    description: '管理全部组织与权限。',
    grants: [{ role: 'admin', orgId: DEMO.city }],
  },
];
