/** The `org` function: the org tree as the other contexts need it. */
import { defineFunction } from '../_runtime/define';
import { orgContract } from '../../core/org/contract';
import * as uc from '../../core/org/usecases';

export const org = defineFunction('org', orgContract, {
  searchEnterprises: async ({ deps }, input) => ({ items: await uc.searchEnterprises(deps, input.q, input.limit) }),
  getEnterprise: async ({ deps }, input) => uc.enterpriseOption(deps, await uc.getEnterprise(deps, input.enterpriseId)),
  myScope: async ({ deps, caller }) => ({ orgs: await uc.scopeOrgs(deps, caller) }),
});
