/**
 * The org context's labels and option lists, zod-free so the mini-program imports them as values
 * (core/architecture.test.ts checks it): org kinds, grant roles and the order the grant form lists
 * them in. Which of them a given officer may grant is the server's to say (`grantableRoles` in
 * admin.ts, sent with `listStaff`).
 */
import type { GrantRole } from '../shared/caller';

export const KIND_LABEL = { city_federation: '市总工会', federation: '工会联合会', union: '工会' } as const;

export const ROLE_LABEL: Record<GrantRole, string> = {
  union_officer: '企业工会干部',
  federation_officer: '联合会干部',
  lawyer: '驻点律师',
  social_worker: '社会化工会工作者',
  finance_officer: '财务人员',
  admin: '系统管理员',
};

/** The roles the grant form offers, in its order. */
export const GRANTABLE_ROLES: readonly GrantRole[] = ['union_officer', 'federation_officer', 'lawyer', 'social_worker', 'finance_officer', 'admin'];
