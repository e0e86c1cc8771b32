import { z } from 'zod';
import type { Contract } from '../shared/contract';
import { GRANT_ROLES } from '../shared/caller';
import { FileRef, FileUpload } from '../shared/files';
import { docId } from '../shared/schemas';
import { SIX_ITEMS } from './six';

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

export const OrgNode = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['city_federation', 'federation', 'union']),
  kindLabel: z.string(),
  parentId: z.string().nullable(),
  depth: z.number().int(),
  /** enterprises this org covers (a federation: all in its area; a union: its own) */
  enterprises: z.number().int(),
  /** of them, with a union of their own */
  enterprisesWithUnion: z.number().int(),
  members: z.number().int(),
});
export type OrgNode = z.infer<typeof OrgNode>;

export const GrantView = z.object({
  role: z.enum(GRANT_ROLES),
  roleLabel: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  agency: z.string().nullable(),
  enterpriseIds: z.array(z.string()),
  /** the assigned enterprises by name (a social worker's), for the screen */
  enterpriseNames: z.array(z.string()),
});
export const StaffView = z.object({ uid: z.string(), name: z.string(), grants: z.array(GrantView) });
export type StaffView = z.infer<typeof StaffView>;

/** A person an officer may grant a role to: masked name, where they work and what they hold; picked by `personId` */
export const PersonOption = z.object({ personId: z.string(), name: z.string(), detail: z.string() });
export type PersonOption = z.infer<typeof PersonOption>;

export const Workload = z.object({
  uid: z.string(),
  name: z.string(),
  agency: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  enterprises: z.array(z.object({ id: z.string(), name: z.string(), pendingApplications: z.number().int(), overdueApplications: z.number().int() })),
  pendingApplications: z.number().int(),
  overdueApplications: z.number().int(),
});

export const SixAssessmentView = z.object({
  unionId: z.string(),
  unionName: z.string(),
  items: z.array(z.object({ key: z.string(), label: z.string(), met: z.boolean(), evidence: z.string(), files: z.array(FileRef) })),
  metCount: z.number().int(),
  meetsAll: z.boolean(),
  assessorUid: z.string(),
  assessorName: z.string(),
  assessedAt: z.number().int(),
});
export type SixAssessmentView = z.infer<typeof SixAssessmentView>;

export const SixBoard = z.object({
  orgId: z.string(),
  orgName: z.string(),
  unions: z.number().int(),
  assessed: z.number().int(),
  meetingAll: z.number().int(),
  /** meetingAll / unions */
  share: z.number(),
  goal: z.number(),
  missing: z.array(z.object({ key: z.string(), label: z.string(), unions: z.number().int() })),
  rows: z.array(
    z.object({
      unionId: z.string(),
      unionName: z.string(),
      parentName: z.string(),
      assessed: z.boolean(),
      metCount: z.number().int(),
      meetsAll: z.boolean(),
      missing: z.array(z.string()),
      assessedAt: z.number().int().nullable(),
    }),
  ),
});

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
  whoami: {
    summary: '当前用户：编号、姓名与授权（微信端启动时读取；H5 由开发登录给出）',
    roles: ['worker'],
    input: z.object({}).default({}),
    output: z.object({
      uid: z.string(),
      name: z.string().nullable(),
      grants: z.array(z.object({ role: z.enum(GRANT_ROLES), orgId: z.string() })),
    }),
  },
  myScope: {
    summary: '当前工作人员可管理的组织（队列筛选）；社会化工会工作者：所派驻的组织（其队列只含分管企业的申请）',
    roles: ['union_officer', 'federation_officer', 'social_worker', 'admin'],
    input: z.object({}).default({}),
    output: z.object({ orgs: z.array(OrgOption) }),
  },
  tree: {
    summary: '组织树：本级及下级工会、联合会，覆盖企业与建会情况',
    roles: ['union_officer', 'federation_officer', 'lawyer', 'social_worker', 'admin'],
    input: z.object({}).default({}),
    output: z.object({ nodes: z.array(OrgNode) }),
  },
  createOrg: {
    summary: '新增下级联合会或联合工会（独立建会走“申请建会”流程）',
    roles: ['federation_officer', 'admin'],
    input: z.object({
      parentId: docId,
      kind: z.enum(['federation', 'union'], { error: '请选择组织类型' }),
      name: z.string({ error: '请填写组织名称' }).trim().min(4, { error: '组织名称至少4个字' }).max(40, { error: '组织名称不能超过40个字' }),
      /** for a joint union (联合工会): the small enterprises it covers */
      enterpriseIds: z.array(docId).max(200).default([]),
    }),
    output: OrgNode,
  },
  listStaff: {
    summary: '本级及下级的工作人员与授权',
    roles: ['union_officer', 'federation_officer', 'admin'],
    input: z.object({ orgId: docId.optional() }).default({}),
    /** grantableRoles: the roles this caller may grant (only a system admin grants admin) */
    output: z.object({ items: z.array(StaffView), grantableRoles: z.array(z.enum(GRANT_ROLES)) }),
  },
  findPeople: {
    summary: '按姓名查找可授权的人：本级及下级的工作人员与会员；答复脱敏姓名、所在单位与供授权用的不透明编号',
    roles: ['federation_officer', 'admin'],
    input: z.object({
      q: z.string().trim().max(20, { error: '姓名不能超过20个字' }).default(''),
      limit: z.number().int().min(1).max(20).default(10),
    }),
    output: z.object({ items: z.array(PersonOption) }),
  },
  grantRole: {
    summary: '授予角色（在某组织范围内）：被授权人按 findPeople 的编号选定（脚本也可给用户编号与姓名）；只有系统管理员能授予管理员',
    roles: ['federation_officer', 'admin'],
    input: z
      .object({
        /** the opaque reference findPeople answered */
        personId: z.string().trim().min(10, { error: '请按姓名查找并选择被授权人' }).max(300).optional(),
        /** scripts and the CLI only: a user id and the name to store */
        uid: z.string().trim().min(3, { error: '请按姓名查找并选择被授权人' }).max(64).optional(),
        name: z.string().trim().min(2, { error: '请填写姓名' }).max(20, { error: '姓名不能超过20个字' }).optional(),
        role: z.enum(GRANT_ROLES, { error: '请选择角色' }),
        orgId: docId,
        agency: z.string().trim().max(40, { error: '派遣机构名称不能超过40个字' }).optional(),
        enterpriseIds: z.array(docId).max(100).optional(),
      })
      .superRefine((v, ctx) => {
        if (v.role === 'social_worker' && !v.agency) ctx.addIssue({ code: 'custom', path: ['agency'], message: '社会化工会工作者须填写派遣机构' });
        if (!v.personId && !v.uid) ctx.addIssue({ code: 'custom', path: ['personId'], message: '请按姓名查找并选择被授权人' });
        if (!v.personId && v.uid && !v.name) ctx.addIssue({ code: 'custom', path: ['name'], message: '请填写姓名' });
      }),
    output: StaffView,
  },
  revokeRole: {
    summary: '收回某组织范围内的角色',
    roles: ['federation_officer', 'admin'],
    input: z.object({ uid: docId, role: z.enum(GRANT_ROLES), orgId: docId }),
    output: StaffView,
  },
  workload: {
    summary: '社会化工会工作者的分管企业与工作量（待办入会申请、超时）',
    roles: ['social_worker', 'federation_officer', 'admin'],
    input: z.object({}).default({}),
    output: z.object({ items: z.array(Workload) }),
  },
  assessSix: {
    summary: '“六有”评估：逐项记录是否达标、佐证与评估人',
    roles: ['federation_officer', 'admin'],
    input: z
      .object({
        unionId: docId,
        items: z
          .array(
            z.object({
              key: z.enum(SIX_ITEMS.map((i) => i.key) as [string, ...string[]]),
              met: z.boolean({ error: '请选择是否达标' }),
              evidence: z.string().trim().max(200, { error: '佐证说明不能超过200个字' }).default(''),
              fileIds: z.array(docId).max(5).default([]),
            }),
          )
          .length(6, { error: '六项都要评估' }),
      })
      .superRefine((v, ctx) => {
        v.items.forEach((item, i) => {
          if (item.met && !item.evidence && item.fileIds.length === 0)
            ctx.addIssue({ code: 'custom', path: ['items', i, 'evidence'], message: '达标项须有佐证（说明或附件）' });
        });
        if (new Set(v.items.map((i) => i.key)).size !== 6) ctx.addIssue({ code: 'custom', path: ['items'], message: '六项各评一次' });
      }),
    output: SixAssessmentView,
  },
  getSix: {
    summary: '某工会当前的“六有”评估（逐项佐证与附件）；尚未评估为 null',
    roles: ['union_officer', 'federation_officer', 'admin'],
    input: z.object({ unionId: docId }),
    output: z.object({ assessment: SixAssessmentView.nullable() }),
  },
  sixBoard: {
    summary: '“六有”看板：辖区内全部达标的工会、最常缺的项、对照80%目标',
    roles: ['union_officer', 'federation_officer', 'admin'],
    input: z.object({ orgId: docId.optional() }).default({}),
    output: SixBoard,
  },
  uploadFile: {
    summary: '上传附件（选举结果、“六有”佐证），PDF、Word 或图片，4MB以内',
    roles: ['worker'],
    input: FileUpload,
    output: FileRef,
  },
  uploadSlot: {
    summary: '微信端上传附件：取得本人专用的云存储路径（随后 wx.cloud.uploadFile，再 registerUpload）',
    roles: ['worker'],
    input: FileUpload.pick({ name: true }),
    output: z.object({ cloudPath: z.string() }),
  },
  registerUpload: {
    summary: '微信端上传附件：登记已传到云存储的文件（须是本人上传路径）',
    roles: ['worker'],
    input: FileUpload.pick({ name: true, contentType: true }).extend({ fileID: z.string({ error: '缺少文件' }).min(10, { error: '缺少文件' }).max(500) }),
    output: FileRef,
  },
  sweepUploads: {
    summary: '定时任务：删除上传后24小时仍未使用（未附到任何申请或评估）的附件',
    roles: ['system'],
    input: z.object({}).default({}),
    output: z.object({ deleted: z.number().int() }),
  },
  getFile: {
    summary: '下载附件：上传者本人或附件所属组织范围内的工作人员；答复短时有效的下载地址（5分钟）',
    roles: ['worker'],
    input: z.object({ fileId: docId }),
    output: FileRef.extend({ url: z.string(), expiresAt: z.number().int() }),
  },
} satisfies Contract;
