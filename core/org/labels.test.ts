/** The roles an officer may grant, as the server tells the org page (listStaff.grantableRoles). */
import type { Caller } from '../shared/caller';
import { grantableRoles } from './admin';
import { GRANTABLE_ROLES, ROLE_LABEL } from './labels';

const caller = (grants: Caller['grants']): Caller => ({ uid: 'u1', grants, system: false });

describe('grantable roles', () => {
  it('a federation officer may grant every role but admin', () => {
    // Given a federation officer; When the server lists the roles they may grant; Then admin is not among them
    expect(grantableRoles(caller([{ role: 'federation_officer', orgId: 'org_fed' }]))).toEqual([
      'union_officer',
      'federation_officer',
      'lawyer',
      'social_worker',
      'finance_officer',
    ]);
  });

  it('a system admin may grant admin too', () => {
    expect(grantableRoles(caller([{ role: 'admin', orgId: 'org_city' }]))).toEqual([...GRANTABLE_ROLES]);
  });

  it('every grant role has a label and a place in the form', () => {
    expect(Object.keys(ROLE_LABEL).sort()).toEqual([...GRANTABLE_ROLES].sort());
  });
});
