import { z } from 'zod';
import type { Contract } from '../shared/contract';

export const EnterpriseOption = z.object({
  id: z.string(),
  name: z.string(),
  industry: z.string(),
  hasUnion: z.boolean(),
  /** the org that handles joining for this employer */
  handlingOrgId: z.string(),
  handlingOrgName: z.string(),
});
export type EnterpriseOption = z.infer<typeof EnterpriseOption>;

export const OrgOption = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['city_federation', 'federation', 'union']),
  parentId: z.string().nullable(),
});
export type OrgOption = z.infer<typeof OrgOption>;

export const orgContract = {
  searchEnterprises: {
    summary: '按名称搜索园区企业（入会时选择工作单位）',
    roles: ['anonymous'],
    input: z.object({
      q: z.string().trim().max(40, { error: '关键词不能超过40个字' }).default(''),
      limit: z.number().int().min(1).max(50).default(20),
    }),
    output: z.object({ items: z.array(EnterpriseOption) }),
  },
  getEnterprise: {
    summary: '按编号查看企业（入会页面的深链接预填工作单位）',
    roles: ['anonymous'],
    input: z.object({ enterpriseId: z.string({ error: '缺少企业编号' }).min(1, { error: '缺少企业编号' }).max(64) }),
    output: EnterpriseOption,
  },
  myScope: {
    summary: '当前工作人员可管理的组织（队列筛选）',
    roles: ['union_officer', 'federation_officer', 'admin'],
    input: z.object({}).default({}),
    output: z.object({ orgs: z.array(OrgOption) }),
  },
} satisfies Contract;
