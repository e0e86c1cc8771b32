/**
 * The duty rota of on-site lawyers (值班律师), one document `<orgId>` per federation: a weekly
 * pattern (1 Monday … 7 Sunday) and dated exceptions (a holiday make-up day, a swap). A collective
 * case is assigned at once to whoever is on duty the day it is reported (intake.ts).
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { SignedInCaller } from '../shared/caller';
import { AppError, type ErrorIssue } from '../shared/errors';
import { recordAudit } from '../shared/audit';
import { trusted } from '../shared/trust';
import { shanghaiDate, shanghaiDayNumber } from '../shared/time';
import { assertScope, getOrg, grantsOf, officerOrgId, staffName, staffOn, type Org } from '../org';
import type { caseContract } from './contract';
import type { RotaView } from './schemas';
import { CASE_ROTAS, type Assignee, type RotaDoc } from './model';
import { personOf, personRef } from './step';

type In<K extends keyof typeof caseContract> = z.output<(typeof caseContract)[K]['input']>;

export const WEEKDAY_LABEL = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/** 1 Monday … 7 Sunday of the Shanghai day `at` falls in (1970-01-01 was a Thursday). */
export const isoWeekday = (at: number) => ((((shanghaiDayNumber(at) + 3) % 7) + 7) % 7) + 1;

/**
 * Who is on duty at `at` for the federation: the date's exception, else the weekday's, else null.
 * A lawyer whose grant on the federation has been revoked since the rota was set is not on duty
 * (a case must never be assigned to someone who can no longer open it).
 */
export async function dutyLawyer(deps: Pick<Dependencies, 'store' | 'clock'>, federationId: string, at: number): Promise<Assignee | null> {
  const rota = trusted(await deps.store.get<RotaDoc>(CASE_ROTAS, federationId));
  if (!rota) return null;
  const date = shanghaiDate(at);
  const day = isoWeekday(at);
  const slot = rota.dates.find((d) => d.date === date) ?? rota.weekly.find((d) => d.weekday === day);
  if (!slot) return null;
  const grants = await grantsOf(deps, slot.uid);
  if (!grants.some((g) => g.role === 'lawyer' && g.orgId === federationId)) return null;
  return { uid: slot.uid, name: slot.name, role: 'lawyer' };
}

/** The rota's federation: a union's is the federation over it (a union keeps no rota of its own). */
async function rotaOrg(deps: Dependencies, org: Org): Promise<Org> {
  return org.kind === 'union' && org.federationId ? getOrg(deps, org.federationId) : org;
}

/** The lawyers placed with the federation (a lawyer grant on it), once each. */
async function lawyersOf(deps: Dependencies, orgId: string): Promise<Array<{ uid: string; name: string }>> {
  const seen = new Map<string, string>();
  for (const s of await staffOn(deps, [orgId], ['lawyer'])) if (!seen.has(s.uid)) seen.set(s.uid, s.name);
  return [...seen].map(([uid, name]) => ({ uid, name }));
}

async function rotaView(deps: Dependencies, caller: SignedInCaller, org: Org): Promise<z.input<typeof RotaView>> {
  const rota = trusted(await deps.store.get<RotaDoc>(CASE_ROTAS, org._id));
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  const ref = (uid: string) => personRef(deps, caller.uid, uid);
  const onDuty = await dutyLawyer(deps, org._id, now);
  return {
    orgId: org._id,
    orgName: org.name,
    weekly: [...(rota?.weekly ?? [])]
      .sort((a, b) => a.weekday - b.weekday)
      .map((s) => ({ weekday: s.weekday, weekdayLabel: WEEKDAY_LABEL[s.weekday], personId: ref(s.uid), name: s.name })),
    // past days are history (the audit keeps them); the page edits what is to come
    dates: (rota?.dates ?? [])
      .filter((d) => d.date >= today)
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((d) => ({ date: d.date, personId: ref(d.uid), name: d.name })),
    today: onDuty ? `今日值班律师：${onDuty.name}` : '今日无值班律师',
    lawyers: (await lawyersOf(deps, org._id)).map((l) => ({ personId: ref(l.uid), name: l.name })),
  };
}

/** Action: the rota of the officer's federation (a union officer reads their federation's). */
export async function getRota(deps: Dependencies, caller: SignedInCaller, input: In<'getRota'>) {
  const org = await getOrg(deps, officerOrgId(caller, input.orgId));
  assertScope(caller, org);
  return rotaView(deps, caller, await rotaOrg(deps, org));
}

/** Action: a federation officer sets the whole rota (what the page shows, edited); audited. */
export async function setRota(deps: Dependencies, caller: SignedInCaller, input: In<'setRota'>) {
  const org = await getOrg(deps, input.orgId);
  assertScope(caller, org, ['federation_officer', 'admin']);
  if (org.kind === 'union') throw new AppError('VALIDATION', '值班表由联合会设定', [{ path: ['orgId'], message: '请选择联合会' }]);
  const lawyers = new Map((await lawyersOf(deps, org._id)).map((l) => [l.uid, l.name]));
  const issues: ErrorIssue[] = [];
  const lawyer = (personId: string, path: Array<string | number>) => {
    const uid = personOf(deps, caller.uid, personId, path.join('.'));
    const name = lawyers.get(uid);
    if (name === undefined) issues.push({ path, message: `只能安排派驻${org.name}的律师值班` });
    return { uid, name: name ?? '' };
  };
  const today = shanghaiDate(deps.clock.now());
  const weekdays = new Set<number>();
  const weekly = input.weekly.map((s, i) => {
    if (weekdays.has(s.weekday)) issues.push({ path: ['weekly', i, 'weekday'], message: `${WEEKDAY_LABEL[s.weekday]}重复安排` });
    weekdays.add(s.weekday);
    return { weekday: s.weekday, ...lawyer(s.personId, ['weekly', i, 'personId']) };
  });
  const days = new Set<string>();
  const dates = input.dates.map((d, i) => {
    if (days.has(d.date)) issues.push({ path: ['dates', i, 'date'], message: `${d.date}重复安排` });
    if (d.date < today) issues.push({ path: ['dates', i, 'date'], message: `${d.date}已过，不能再安排值班` });
    days.add(d.date);
    return { date: d.date, ...lawyer(d.personId, ['dates', i, 'personId']) };
  });
  if (issues.length) throw new AppError('VALIDATION', issues[0].message, issues);

  const now = deps.clock.now();
  let before: RotaDoc | null = null;
  await deps.store.transact<RotaDoc>(CASE_ROTAS, org._id, (cur) => {
    before = cur;
    return { _id: org._id, orgId: org._id, weekly, dates, updatedAt: now, updatedBy: caller.uid };
  });
  const plain = (r: RotaDoc | null) => (r ? { weekly: r.weekly, dates: r.dates } : null);
  await recordAudit(deps, {
    actorUid: caller.uid,
    action: 'case.setRota',
    target: { collection: CASE_ROTAS, id: org._id },
    before: plain(before),
    after: { weekly, dates },
    reason: `${await staffName(deps, caller.uid, '工会干部')}设定${org.name}驻点律师值班表`,
  });
  return rotaView(deps, caller, org);
}
