/**
 * The public notice (公示) of approved aid, a record of its own: the federation lists approved
 * applications, the notice is open for the rules' number of working days to the members of every
 * union under it, then archived by the closing job, which unlocks payment for every entry no
 * objection stands against (core/aid/objection.ts takes and rules on objections).
 *
 * The stored notice holds only public text, made by the one masking module (purpose `notice`): the
 * masked name, the union, and the amount and kind only where the federation's rules say so. No ID
 * number, phone, address, illness or account is ever copied into it, so no view of it can leak one.
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { SignedInCaller } from '../shared/caller';
import { AppError, forbidden } from '../shared/errors';
import { recordAudit } from '../shared/audit';
import { enqueue } from '../shared/outbox';
import { maskFor } from '../shared/mask';
import { formatShanghai } from '../shared/time';
import { calendarFor } from '../shared/workdays';
import { assertScope, getOrg, isAdmin, officerOrgId } from '../org';
import type { aidContract } from './contract';
import { AID_APPLICATIONS, AID_NOTICES, AID_OBJECTIONS, type AidApplicationDoc, type NoticeDoc, type NoticeEntry, type ObjectionDoc } from './model';
import { AID_STATUS_LABEL, nextAidStatus, nextNoticeStatus } from './machine';
import { SYSTEM, transition } from './step';
import { applicationLabel, isScholarship, programmeOfApp } from './programme';
import { requireRulesFor } from './rules-store';
import {
  FEDERATION_ROLES,
  actorFor,
  assertCanRead,
  clearIfSettled,
  isNoticeOfficer,
  loadNotice,
  memberPath,
  officerPaths,
  orgNameOf,
  toNoticeView,
  ownEntries,
} from './notice-support';
import { toObjectionView } from './objection';

type In<K extends keyof typeof aidContract> = z.output<(typeof aidContract)[K]['input']>;

/**
 * The closing job acts on a notice this long after its window closed: an objection submitted in the
 * window's last instant on one instance is stored before another instance's job clears the entry.
 */
export const CLOSE_GRACE_MS = 60_000;

/**
 * The public text of one entry: masked name, union, and amount and kind only if the rules say so. A
 * scholarship entry is a minor's: the student's masked name, school and grade only (PIPL Art. 28 —
 * not the parent, not the parent's union), the school and grade on the line a hardship entry shows
 * the union on.
 */
function entryOf(app: AidApplicationDoc, shows: { amount: boolean; kind: boolean }): NoticeEntry {
  const student = isScholarship(app) && app.beneficiary && app.student ? { name: app.beneficiary.name, ...app.student } : null;
  return {
    applicationId: app._id,
    publicName: maskFor('notice', 'name', student ? student.name : app.name),
    unionName: student ? `${student.school} ${student.grade}` : app.orgName,
    kindLabel: shows.kind ? applicationLabel(app) : null,
    amount: shows.amount ? app.amount : null,
    state: 'listed',
  };
}

/** Action (federation): lists approved applications in a new notice; each application goes `in_notice`. */
export async function publishNotice(deps: Dependencies, caller: SignedInCaller, input: In<'publishNotice'>) {
  const org = await getOrg(deps, officerOrgId(caller, input.orgId));
  assertScope(caller, org, FEDERATION_ROLES);
  const apps: AidApplicationDoc[] = [];
  for (const id of [...new Set(input.applicationIds)]) {
    const app = await deps.store.get<AidApplicationDoc>(AID_APPLICATIONS, id);
    if (!app) throw new AppError('NOT_FOUND', '帮扶申请不存在或已被删除', undefined, { applicationId: id });
    if (app.federationId !== org._id) throw forbidden(`${maskFor('notice', 'name', app.name)}的帮扶申请不由${org.name}审批，不能列入本会公示`);
    nextAidStatus(app.status, 'publish'); // only approved aid is noticed: ILLEGAL_TRANSITION in words otherwise
    apps.push(app);
  }
  const years = [...new Set(apps.map((a) => a.year))];
  if (years.length > 1)
    throw new AppError('VALIDATION', '一份公示只能列入同一年度的帮扶，请分开公示', [{ path: ['applicationIds'], message: '名单中有不同年度的帮扶' }]);
  // one programme per notice: the scholarship's list is its own (a minor's entries, its own title)
  const programmes = [...new Set(apps.map(programmeOfApp))];
  if (programmes.length > 1)
    throw new AppError('VALIDATION', '困难帮扶与金秋助学请分开公示', [{ path: ['applicationIds'], message: '名单中既有困难帮扶也有金秋助学' }]);
  const programme = programmes[0] ?? 'hardship';
  const { rules } = await requireRulesFor(deps, org, years[0]);
  const now = deps.clock.now();
  const by = await actorFor(deps, caller.uid, '联合会');
  const notice: NoticeDoc = {
    _id: `an_${now.toString(36)}${deps.crypto.randomId(6)}`,
    orgId: org._id,
    orgName: org.name,
    scope: [...org.ancestors, org._id],
    programme,
    title: input.title || `${org.name}${years[0]}年度${programme === 'scholarship' ? '金秋助学受助学生' : '困难职工帮扶'}名单公示`,
    status: 'open',
    opensAt: now,
    closesAt: calendarFor(deps.config.calendar).addWorkingDays(now, rules.noticeWorkingDays),
    entries: apps.map((a) => entryOf(a, rules.noticeShows)),
    publishedBy: caller.uid,
    archivedAt: null,
    version: 0,
  };
  // the notice first, then each application: a notice whose publishing was cut off lists entries the
  // closing job leaves alone (it only clears an application that is in_notice under this notice)
  await deps.store.insert(AID_NOTICES, notice);
  const listed: string[] = [];
  for (const app of apps) {
    try {
      const after = await transition(deps, app, 'publish', by, notice.title, { rules, ownerOrgName: orgNameOf(deps), extra: { noticeId: notice._id } });
      listed.push(app._id);
      await enqueue(deps, `${after._id}_v${after.version}`, {
        to: `uid:${after.uid}`,
        template: 'aid_progress',
        title: '帮扶申请已列入公示',
        body: `您的${applicationLabel(after)}申请已列入${org.name}公示，公示期至${formatShanghai(notice.closesAt, 'M月D日 HH:mm')}。公示仅显示${programme === 'scholarship' ? '脱敏后的学生姓名、学校和年级' : '脱敏后的姓名和所在工会'}。`,
        page: `/pages/aid/application?id=${after._id}`,
        fields: { item: applicationLabel(after), status: AID_STATUS_LABEL[after.status], note: '已列入公示' },
      });
    } catch (e) {
      // another officer published or changed it in the meantime: it stays off this notice
      if (!(e instanceof AppError && (e.code === 'CONFLICT' || e.code === 'ILLEGAL_TRANSITION'))) throw e;
    }
  }
  let stored = notice;
  if (listed.length < apps.length) {
    if (listed.length === 0) {
      await deps.store.remove(AID_NOTICES, notice._id);
      throw new AppError('CONFLICT', '所选帮扶刚刚已被他人处理（已公示或状态已变），请刷新后重试');
    }
    const entries = notice.entries.filter((e) => listed.includes(e.applicationId));
    await deps.store.update(AID_NOTICES, notice._id, { set: { entries, version: 1 } }, { version: 0 });
    stored = { ...notice, entries, version: 1 };
  }
  await recordAudit(deps, {
    actorUid: caller.uid,
    action: 'aid.publishNotice',
    target: { collection: AID_NOTICES, id: notice._id },
    before: null,
    after: { applicationIds: listed, closesAt: notice.closesAt, noticeShows: rules.noticeShows },
    reason: null,
  });
  return toNoticeView(deps, stored, { officer: true, inScopeMember: false });
}

/** Action: the notices a member's unions publish (their own and every org above), and an officer's; open ones unless asked for archived too. */
export async function notices(deps: Dependencies, caller: SignedInCaller, input: In<'notices'>) {
  const mp = await memberPath(deps, caller.uid);
  const paths = [...(mp ? [mp.path] : []), ...(await officerPaths(deps, caller))];
  // an admin works for every org: every notice (the open ones are few: a window lasts days)
  const admin = isAdmin(caller);
  if (paths.length === 0 && !admin) throw forbidden('公示名单面向本会会员和工会干部，请先加入工会');
  const page = await deps.store.query<NoticeDoc>(AID_NOTICES, {
    where: {
      ...(admin ? {} : { orgId: { $in: [...new Set(paths.flat())] } }),
      status: input.includeArchived ? { $in: ['open', 'archived'] } : 'open',
    },
    orderBy: [['opensAt', 'desc']],
    limit: 50,
  });
  const own = await ownEntries(
    deps,
    caller.uid,
    page.items.map((n) => n._id),
  );
  const items = [];
  for (const n of page.items) {
    items.push(await toNoticeView(deps, n, { officer: await isNoticeOfficer(deps, caller, n), inScopeMember: !!mp && mp.path.includes(n.orgId), own }));
  }
  return { items };
}

/** Action: one notice, for a member in its scope or an officer at, above or below the publishing org. */
export async function getNotice(deps: Dependencies, caller: SignedInCaller, input: In<'getNotice'>) {
  const n = await loadNotice(deps, input.noticeId);
  return toNoticeView(deps, n, { ...(await assertCanRead(deps, caller, n)), own: await ownEntries(deps, caller.uid, [n._id]) });
}

/** Action (federation): the notices it published, newest first, and the objections waiting for a ruling. */
export async function noticeBoard(deps: Dependencies, caller: SignedInCaller, input: In<'noticeBoard'>) {
  const org = await getOrg(deps, officerOrgId(caller, input.orgId));
  assertScope(caller, org, FEDERATION_ROLES);
  const page = await deps.store.query<NoticeDoc>(AID_NOTICES, {
    where: { orgId: org._id },
    orderBy: [['opensAt', 'desc']],
    limit: input.limit,
    after: input.after,
  });
  // pending objections of the notices on this page and of every open one (a ruling may be due on an archived notice too)
  const open = input.after
    ? []
    : (await deps.store.query<NoticeDoc>(AID_NOTICES, { where: { orgId: org._id, status: 'open' }, orderBy: [['opensAt', 'desc']], limit: 100 })).items;
  const byId = new Map([...page.items, ...open].map((n) => [n._id, n]));
  const pendingObjections = [];
  for (const n of byId.values()) {
    const p = await deps.store.query<ObjectionDoc>(AID_OBJECTIONS, {
      where: { noticeId: n._id, status: 'pending' },
      orderBy: [['submittedAt', 'asc']],
      limit: 100,
    });
    for (const o of p.items) pendingObjections.push(await toObjectionView(deps, o, { notice: n, officer: true }));
  }
  const items = [];
  for (const n of page.items) items.push(await toNoticeView(deps, n, { officer: true, inScopeMember: false }));
  return { items, next: page.next, pendingObjections };
}

/**
 * Job: every notice whose window has closed is archived; each of its entries with no pending and no
 * upheld objection is cleared for payment; one with a pending objection waits for the ruling (a
 * dismissal then clears it). Idempotent: a run cut off is finished by the next.
 */
export async function closeNotices(deps: Dependencies) {
  let archived = 0;
  let cleared = 0;
  // each archived notice leaves the filter, so the first page is asked again until none is left
  for (let round = 0; round < 100; round++) {
    const due = await deps.store.query<NoticeDoc>(AID_NOTICES, {
      where: { status: 'open', closesAt: { $lte: deps.clock.now() - CLOSE_GRACE_MS } },
      orderBy: [['closesAt', 'asc']],
      limit: 20,
    });
    if (due.items.length === 0) break;
    for (const n of due.items) {
      for (const e of n.entries) if (await clearIfSettled(deps, n, e.applicationId, SYSTEM)) cleared++;
      if (await archive(deps, n._id)) archived++;
    }
  }
  return { archived, cleared };
}

async function archive(deps: Dependencies, noticeId: string): Promise<boolean> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const n = await loadNotice(deps, noticeId);
    if (n.status !== 'open') return false;
    const status = nextNoticeStatus(n.status, 'archive');
    if (await deps.store.update(AID_NOTICES, n._id, { set: { status, archivedAt: deps.clock.now(), version: n.version + 1 } }, { version: n.version }))
      return true;
  }
  return false;
}
