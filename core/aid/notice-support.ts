/**
 * What the public notice (公示) parts share: loading a notice, who it reaches (members whose org lies
 * under the publishing federation; officers at or above it, or below it), how a viewer reads it, and
 * the one way an entry's state changes (a compare-and-set on the notice's version, retried, since an
 * objection, a ruling and the closing job may touch one notice at the same moment).
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { Caller } from '../shared/caller';
import { AppError, conflict } from '../shared/errors';
import { formatShanghai } from '../shared/time';
import { calendarFor } from '../shared/workdays';
import { findMember, type MemberDoc } from '../member';
import { covers, getOrg, staffName } from '../org';
import { enqueue } from '../shared/outbox';
import { AID_APPLICATIONS, AID_NOTICES, AID_OBJECTIONS, type AidApplicationDoc, type NoticeDoc, type NoticeEntry } from './model';
import { AID_STATUS_LABEL, NOTICE_STATUS_LABEL } from './machine';
import { applicationLabel } from './programme';
import type { NoticeView } from './schemas';
import { requireRulesFor } from './rules-store';
import { transition, type Actor } from './step';

export const FEDERATION_ROLES = ['federation_officer', 'admin'] as const;
const OFFICER_ROLES = ['union_officer', 'federation_officer', 'admin'];

export async function loadNotice(deps: Pick<Dependencies, 'store'>, id: string): Promise<NoticeDoc> {
  const n = await deps.store.get<NoticeDoc>(AID_NOTICES, id);
  if (!n) throw new AppError('NOT_FOUND', '公示不存在或已被删除');
  return n;
}

/** The caller's active membership and the org path above it (root → their union), or null. */
export async function memberPath(deps: Pick<Dependencies, 'store' | 'clock'>, uid: string | null): Promise<{ member: MemberDoc; path: string[] } | null> {
  if (!uid) return null;
  const member = await findMember(deps, uid);
  if (!member || member.status !== 'active') return null;
  const org = await getOrg(deps, member.orgId);
  return { member, path: [...org.ancestors, org._id] };
}

/** The org paths (root → org) of the caller's officer grants: the notices of those orgs and the orgs above reach them. */
export async function officerPaths(deps: Pick<Dependencies, 'store' | 'clock'>, caller: Caller): Promise<string[][]> {
  const out: string[][] = [];
  for (const g of caller.grants.filter((x) => OFFICER_ROLES.includes(x.role) && x.role !== 'admin')) {
    const org = await getOrg(deps, g.orgId);
    out.push([...org.ancestors, org._id]);
  }
  return out;
}

/** A federation officer (or admin) whose grant covers the publishing org: sees objection counts, rules on objections. */
export async function isNoticeOfficer(deps: Pick<Dependencies, 'store' | 'clock'>, caller: Caller, n: Pick<NoticeDoc, 'orgId'>): Promise<boolean> {
  return covers(caller, await getOrg(deps, n.orgId), FEDERATION_ROLES);
}

/**
 * Who may read a notice: a member whose union lies under the publishing org (they are its public),
 * an officer at, above or below it; NOT_FOUND for anyone else (nothing tells a stranger it exists).
 * Answers whether the reader is a member in scope (only they may object).
 */
export async function assertCanRead(
  deps: Pick<Dependencies, 'store' | 'clock'>,
  caller: Caller,
  n: NoticeDoc,
): Promise<{ inScopeMember: boolean; officer: boolean }> {
  const mp = await memberPath(deps, caller.uid);
  const inScopeMember = !!mp && mp.path.includes(n.orgId);
  const officer = await isNoticeOfficer(deps, caller, n);
  const below = (await officerPaths(deps, caller)).some((p) => p.includes(n.orgId) || n.scope.includes(p[p.length - 1]));
  if (!inScopeMember && !officer && !below) throw new AppError('NOT_FOUND', '公示不存在或已被删除');
  return { inScopeMember, officer };
}

/** Whether objections are still taken: the notice is open and its window has not closed. */
export const windowOpen = (n: Pick<NoticeDoc, 'status' | 'closesAt'>, now: number) => n.status === 'open' && now < n.closesAt;

/**
 * The entry's state in words. The public reads no more than the notice says: that an entry is being
 * checked on someone's objection is for the officers (the objector and the applicant are both kept
 * out of the public text).
 */
function stateLabel(e: NoticeEntry, n: NoticeDoc, officer: boolean): string {
  const open = n.status === 'open';
  switch (e.state) {
    case 'listed':
      return open ? '公示中' : '公示期满';
    case 'objected':
      return officer ? '有异议，待核实' : open ? '公示中' : '核实中';
    case 'cleared':
      return '公示期满无异议';
    case 'stopped':
      return officer ? '异议成立，已停止帮扶' : '经核实，已撤销';
    case 'revised':
      return officer ? '异议成立，调整金额后重新公示' : '经核实调整，另行公示';
  }
}

/** 公示期5个工作日（11月24日至12月1日） */
export function periodText(deps: Pick<Dependencies, 'config'>, n: Pick<NoticeDoc, 'opensAt' | 'closesAt'>): string {
  const days = calendarFor(deps.config.calendar).workingDaysBetween(n.opensAt, n.closesAt);
  return `公示期${days}个工作日（${formatShanghai(n.opensAt, 'M月D日')}至${formatShanghai(n.closesAt, 'M月D日')}）`;
}

export async function toNoticeView(
  deps: Pick<Dependencies, 'store' | 'config' | 'clock'>,
  n: NoticeDoc,
  /** own: the viewer's own entries among them (ownEntries), told only to the viewer */
  viewer: { officer: boolean; inScopeMember: boolean; own?: ReadonlySet<string> },
): Promise<z.input<typeof NoticeView>> {
  const count = (status: string) => deps.store.count(AID_OBJECTIONS, { noticeId: n._id, status });
  const own = viewer.own ?? new Set<string>();
  return {
    id: n._id,
    orgName: n.orgName,
    title: n.title,
    status: n.status,
    statusLabel: NOTICE_STATUS_LABEL[n.status],
    opensAt: n.opensAt,
    closesAt: n.closesAt,
    periodText: periodText(deps, n),
    entries: n.entries.map((e) => ({
      applicationId: e.applicationId,
      publicName: e.publicName,
      unionName: e.unionName,
      kindLabel: e.kindLabel,
      amount: e.amount,
      stateLabel: stateLabel(e, n, viewer.officer),
      mine: own.has(e.applicationId),
    })),
    objections: viewer.officer ? { pending: await count('pending'), upheld: await count('upheld'), dismissed: await count('dismissed') } : null,
    canObject: viewer.inScopeMember && windowOpen(n, deps.clock.now()),
  };
}

/**
 * The viewer's own applications on these notices (nobody objects to their own aid): one query by the
 * viewer's uid for a whole list of notices.
 */
export async function ownEntries(deps: Pick<Dependencies, 'store'>, uid: string, noticeIds: string[]): Promise<Set<string>> {
  if (noticeIds.length === 0) return new Set();
  const page = await deps.store.query<AidApplicationDoc>(AID_APPLICATIONS, { where: { uid, noticeId: { $in: noticeIds } }, limit: 100 });
  return new Set(page.items.map((a) => a._id));
}

/**
 * Sets one entry's state, compare-and-set on the notice's version and retried on a lost race (the
 * entries array is the notice's one shared part). `from` limits which states it may leave, so a late
 * writer never undoes a later decision (a cleared entry does not go back to objected).
 */
export async function setEntryState(
  deps: Pick<Dependencies, 'store'>,
  noticeId: string,
  applicationId: string,
  state: NoticeEntry['state'],
  from: readonly NoticeEntry['state'][],
): Promise<NoticeDoc> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const n = await loadNotice(deps, noticeId);
    const entry = n.entries.find((e) => e.applicationId === applicationId);
    if (!entry || entry.state === state || !from.includes(entry.state)) return n;
    const entries = n.entries.map((e) => (e.applicationId === applicationId ? { ...e, state } : e));
    if (await deps.store.update(AID_NOTICES, n._id, { set: { entries, version: n.version + 1 } }, { version: n.version })) {
      return { ...n, entries, version: n.version + 1 };
    }
  }
  throw conflict('公示刚刚有多处更新，请稍后重试', { noticeId });
}

export const orgNameOf = (deps: Pick<Dependencies, 'store' | 'clock'>) => async (orgId: string) => (await getOrg(deps, orgId)).name;

/** The officer acting, by their staff name (the history and the audit say who). */
export const actorFor = async (deps: Pick<Dependencies, 'store'>, uid: string, fallback: string): Promise<Actor> => ({
  uid,
  name: await staffName(deps, uid, fallback),
});

/** The rules an application is decided, noticed and paid under: its federation's (or the nearest above) for its year. */
export async function rulesOfApplication(deps: Pick<Dependencies, 'store' | 'clock'>, app: Pick<AidApplicationDoc, 'federationId' | 'year'>) {
  return (await requireRulesFor(deps, await getOrg(deps, app.federationId), app.year)).rules;
}

/**
 * Unlocks payment for one entry once nothing stands in the way: the application is still in this
 * notice, and no objection to it here is pending or upheld. The closing job calls it when the window
 * has closed; a dismissal after the window calls it then. A lost race (the same clear from the job
 * and a ruling at once, or an upheld objection moving the application first) answers false.
 */
export async function clearIfSettled(deps: Dependencies, n: NoticeDoc, applicationId: string, by: Actor): Promise<boolean> {
  const app = await deps.store.get<AidApplicationDoc>(AID_APPLICATIONS, applicationId);
  if (!app || app.status !== 'in_notice' || app.noticeId !== n._id) return false;
  const blocking = await deps.store.count(AID_OBJECTIONS, { applicationId, noticeId: n._id, status: { $in: ['pending', 'upheld'] } });
  if (blocking > 0) return false;
  let after: AidApplicationDoc;
  try {
    after = await transition(deps, app, 'clear', by, null, { rules: await rulesOfApplication(deps, app), ownerOrgName: orgNameOf(deps) });
  } catch (e) {
    if (e instanceof AppError && (e.code === 'CONFLICT' || e.code === 'ILLEGAL_TRANSITION')) return false;
    throw e;
  }
  await setEntryState(deps, n._id, applicationId, 'cleared', ['listed', 'objected']);
  await enqueue(deps, `${after._id}_v${after.version}`, {
    to: `uid:${after.uid}`,
    template: 'aid_progress',
    title: '帮扶公示期满',
    body: `您的${applicationLabel(after)}申请公示期满无异议，等待${n.orgName}财务发放。`,
    page: `/pages/aid/application?id=${after._id}`,
    fields: { item: applicationLabel(after), status: AID_STATUS_LABEL[after.status], note: '公示期满无异议' },
  });
  return true;
}
