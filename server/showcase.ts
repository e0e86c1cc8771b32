/**
 * Demo data for the org screens on `npm start` (not in tests): "六有" assessments across the park,
 * foundings at each step (one overdue), transfers in and out. Made through the use cases themselves,
 * with the clock moved back where an item should look older, so every document is one the app
 * could have produced. Deterministic: the same ids and outcomes on every machine.
 */
import type { Dependencies } from '../core/shared/ports';
import type { Caller } from '../core/shared/caller';
import { SIX_ITEMS } from '../core/org/six';
import { assessSix } from '../core/org/assessment';
import * as founding from '../core/founding/usecases';
import * as transfer from '../core/transfer/usecases';
import { uploadFile } from '../core/org/admin';
import { MEMBERS, type MemberDoc } from '../core/member/model';
import { STAFF, type Staff } from '../core/org/model';
import { PERSONAS } from './personas';
import { rng } from './seed';

const DAY = 86400_000;
const PDF = Buffer.from('%PDF-1.4\n% 会员大会选举结果（演示）\n%%EOF').toString('base64');

/** Staff documents for every persona with grants (added when personas are added after a first seed). */
export async function ensurePersonaStaff(deps: Dependencies): Promise<void> {
  for (const p of PERSONAS) {
    if (!p.grants.length) continue;
    if (!(await deps.store.get<Staff>(STAFF, p.uid))) await deps.store.insert<Staff>(STAFF, { _id: p.uid, name: p.name, grants: p.grants });
  }
}

export async function seedShowcase(deps: Dependencies): Promise<{ assessments: number; foundings: number; transfers: number }> {
  const r = rng(20261125);
  const now = deps.clock.now();
  const at = (ago: number): Dependencies => ({ ...deps, clock: { now: () => now - ago } });
  const as = (uid: string, grants: Caller['grants'] = []): Caller => ({ uid, grants, system: false });
  const federation = as('dev_federation_officer', [{ role: 'federation_officer', orgId: 'org_park' }]);
  const admin = as('dev_admin', [{ role: 'admin', orgId: 'org_city' }]);

  // "六有": 14 of the park's 18 unions assessed; most meet all six, funds and venues are what lack most
  let assessments = 0;
  for (let i = 1; i <= 14; i++) {
    const lacking = i <= 10 ? [] : i <= 12 ? ['self_managed_funds'] : ['self_managed_funds', i === 13 ? 'venues_programs' : 'rules_systems'];
    const items = SIX_ITEMS.map((it) => ({ key: it.key, met: !lacking.includes(it.key), evidence: lacking.includes(it.key) ? '' : r.pick(['现场核查', '查阅台账', '职工座谈', '查看会议纪要']), fileIds: [] as string[] }));
    await assessSix(at(r.int(2, 60) * DAY), federation, { unionId: `org_union_${String(i).padStart(3, '0')}`, items });
    assessments++;
  }

  // foundings: one just in (overdue review), one preparing, one waiting for the final approval
  const form = (enterpriseId: string, n: number) => ({ idempotencyKey: `showcase_${n}_key`, enterpriseId, headcount: 60 + n * 17, intendedMembers: 25 + n * 5, organizerName: ['周建国', '吴丽华', '郑海涛'][n], organizerMobile: `1390000${String(1000 + n).padStart(4, '0')}`, organizerJob: '行政主管' });
  await founding.apply(at(3 * DAY), as('wx_showcase_org0'), form('ent_150', 0));
  const b = await founding.apply(at(2 * DAY), as('wx_showcase_org1'), form('ent_151', 1));
  await founding.decide(at(DAY), admin, { foundingId: b.id, event: 'approve_preparation', note: '材料齐全，同意筹备', version: b.version });
  const c = await founding.apply(at(4 * DAY), as('wx_showcase_org2'), form('ent_152', 2));
  const cPrep = await founding.decide(at(4 * DAY - 3 * 3600_000), admin, { foundingId: c.id, event: 'approve_preparation', note: '', version: c.version });
  const paper = await uploadFile(at(2 * 3600_000), as('wx_showcase_org2'), { name: '会员大会选举结果.pdf', contentType: 'application/pdf', base64: PDF });
  await founding.submitElection(at(2 * 3600_000), as('wx_showcase_org2'), { foundingId: cPrep.id, meetingDate: '2026-11-24', attendees: 33, chairName: '郑海涛', committee: ['孙丽', '钱伟'], fileIds: [paper.id] });
  await founding.escalateOverdue(deps);

  // transfers: members of union 003 moving on (one waiting for release, one released into union 004), and one into the federation
  const movers = (await deps.store.query<MemberDoc>(MEMBERS, { where: { orgId: 'org_union_003' }, orderBy: [['joinedAt', 'asc']], limit: 3 })).items;
  let transfers = 0;
  const targets = ['ent_004', 'ent_004', 'ent_160'];
  for (const [i, m] of movers.entries()) {
    const t = await transfer.start(at((i + 1) * DAY), as(m.uid), { toEnterpriseId: targets[i] });
    if (i >= 1) await transfer.release(at(i * DAY), as('wx_showcase_officer3', [{ role: 'union_officer', orgId: 'org_union_003' }]), t.id);
    transfers++;
  }
  return { assessments, foundings: 3, transfers };
}
