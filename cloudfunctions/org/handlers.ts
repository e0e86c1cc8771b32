/** The `org` function: the org tree as the other contexts need it. */
import { defineFunction } from '../_runtime/define';
import { orgContract } from '../../core/org/contract';
import * as uc from '../../core/org/usecases';
import * as admin from '../../core/org/admin';
import * as six from '../../core/org/assessment';
import { staffName } from '../../core/org/staff';
import { anyMemberName, applicationCounts, countMembers, membersNamed } from '../../core/member';
import { findPeople } from '../../core/org/people';
import { registerCloudUpload, sweepUnattached, uploadSlotFor } from '../../core/shared/files';

export const org = defineFunction('org', orgContract, {
  searchEnterprises: async ({ deps }, input) => ({ items: await uc.searchEnterprises(deps, input.q, input.limit) }),
  getEnterprise: async ({ deps }, input) => uc.enterpriseOption(deps, await uc.getEnterprise(deps, input.enterpriseId)),
  whoami: async ({ deps, caller }) => ({ uid: caller.uid, name: (await staffName(deps, caller.uid, '')) || null, grants: caller.grants }),
  myScope: async ({ deps, caller }) => ({ orgs: await uc.scopeOrgs(deps, caller) }),
  tree: async ({ deps, caller }) => ({ nodes: await admin.tree(deps, caller, { countMembers }) }),
  createOrg: ({ deps, caller }, input) => admin.createOrg(deps, caller, input),
  listStaff: async ({ deps, caller }, input) => ({ items: await admin.listStaff(deps, caller, input.orgId), grantableRoles: admin.grantableRoles(caller) }),
  findPeople: async ({ deps, caller }, input) => ({ items: await findPeople(deps, caller, input, { membersNamed, anyMemberName }) }),
  grantRole: ({ deps, caller }, input) => admin.grantRole(deps, caller, input, { anyMemberName }),
  revokeRole: ({ deps, caller }, input) => admin.revokeRole(deps, caller, input),
  workload: async ({ deps, caller }) => ({ items: await admin.workload(deps, caller, { applicationCounts }) }),
  assessSix: ({ deps, caller }, input) => six.assessSix(deps, caller, input),
  sixBoard: ({ deps, caller }, input) => six.sixBoard(deps, caller, input.orgId),
  getSix: ({ deps, caller }, input) => six.getSix(deps, caller, input.unionId),
  uploadFile: ({ deps, caller }, input) => admin.uploadFile(deps, caller, input),
  getFile: ({ deps, caller }, input) => admin.getFile(deps, caller, input.fileId),
  uploadSlot: async ({ deps, caller }, input) => ({ cloudPath: uploadSlotFor(deps, caller.uid, input.name) }),
  registerUpload: ({ deps, caller }, input) => registerCloudUpload(deps, input, { uid: caller.uid }),
  sweepUploads: ({ deps }) => sweepUnattached(deps),
});
