/**
 * The org context's front door: what other contexts may use of the org tree, its enterprises and its
 * staff. Nobody else reads or writes `orgs`, `enterprises` or `staff`; the scope rule lives in
 * scope.ts and is used from here.
 */
export type { Org, Enterprise, OrgKind } from './model';
export type { EnterpriseOption, OrgOption } from './contract';
export { OFFICER_ROLES, inScope, covers, assertScope, visibleTo, officerOrgId, isAdmin } from './scope';
export { getOrg, getEnterprise, handlingOrgFor, enterpriseOption } from './usecases';
export { grantsOf, staffName, officersOf, staffOn } from './staff';
export { attachFiles, unionsIn, ROLE_LABEL, KIND_LABEL } from './admin';
export { listFederations, findEnterprise, establishUnion, unionNameFor, type NewUnion } from './establish';
