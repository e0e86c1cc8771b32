/**
 * Members found by name, for an officer choosing whom to grant a role (org.findPeople): only inside
 * the scopes the org context hands in, masked for display. The org context never reads `members`;
 * the org function's entry passes this in.
 */
import type { Dependencies } from '../shared/ports';
import { mask } from '../shared/mask';
import { clientWritten } from '../shared/trust';
import { MEMBERS, type MemberDoc } from './model';

export type MemberScope = { orgId: string } | { federationId: string } | { cityId: string };

export interface NamedMember {
  uid: string;
  /** masked (张*三): the officer picks by name, union and phone's last digits, never sees more */
  nameMasked: string;
  orgName: string;
  enterpriseName: string;
  mobileMasked: string;
}

export async function membersNamed(
  deps: Pick<Dependencies, 'store' | 'crypto'>,
  q: string,
  scopes: MemberScope[] | 'all',
  limit: number,
): Promise<NamedMember[]> {
  const out = new Map<string, NamedMember>();
  for (const scope of scopes === 'all' ? [{}] : scopes) {
    const page = await deps.store.query<MemberDoc>(MEMBERS, { where: { ...scope, status: 'active', name: { $contains: q } } as never, limit });
    for (const m of page.items) {
      if (clientWritten(m) || out.has(m.uid)) continue;
      let mobile = '';
      try {
        mobile = mask('mobile', deps.crypto.open(m.mobileSealed));
      } catch {
        mobile = '';
      }
      out.set(m.uid, { uid: m.uid, nameMasked: mask('name', m.name), orgName: m.orgName, enterpriseName: m.enterpriseName, mobileMasked: mobile });
    }
  }
  return [...out.values()].slice(0, limit);
}
