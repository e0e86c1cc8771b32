/**
 * Membership transfer (会员组织关系接转). Membership follows the job: the member (or the old union)
 * starts it, the old union releases it with a voucher (code + signed QR), the new union accepts it
 * or refuses with a reason. A member with no union at the new employer lands with the federation
 * covering it. Member number and joining date (会龄) never change.
 *
 * Why the move is atomic, on SQLite and on CloudBase alike (both give only single-document atomic
 * writes; nothing here needs more):
 *  1. Which union a member belongs to is one field of one document, the member's `orgId`. At every
 *     instant it names exactly one union: never two, never none.
 *  2. A member has at most one open transfer: `pendingTransferId` on the member document, set by a
 *     single-document transaction when the transfer starts.
 *  3. Exactly one event closes a transfer. Accept, refuse and cancel each first *claim* it with a
 *     conditional update of the transfer document (`closing: null → event`, status unchanged). Two
 *     acceptances racing, or an acceptance racing a cancellation: one claim wins, the others get
 *     CONFLICT and change nothing.
 *  4. The winner then writes the member document, conditional on `pendingTransferId` = this
 *     transfer: accept moves `orgId` and clears the lock in one write; refuse and cancel only clear
 *     the lock. Then it marks the transfer final.
 *  5. A process that dies after the claim leaves `closing` set on an open transfer; `repair` (timer)
 *     replays steps 4–5, which are idempotent. The claim records the decision, so it is never lost
 *     and never changes. Until then the member is simply still in the old union.
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { Caller, SignedInCaller } from '../shared/caller';
import { AppError, conflict, notFound } from '../shared/errors';
import { recordAudit } from '../shared/audit';
import { enqueue } from '../shared/outbox';
import { mask } from '../shared/mask';
import { calendarFor } from '../shared/workdays';
import { OFFICER_ROLES, covers, findEnterprise, getOrg, staffName, type Org } from '../org';
import { findMember, isLockedTo, lockForTransfer, memberByNo, moveForTransfer, seniorityYears, unlockFromTransfer, type MemberDoc } from '../member';
import { transferContract, type TransferView } from './contract';
import { TRANSFERS, type TransferDoc } from './model';
import {
  OPEN_TRANSFER,
  TRANSFER_EVENT_LABEL,
  TRANSFER_STATUS_LABEL,
  nextTransferStatus,
  transferActionsFor,
  type ClosingEvent,
  type TransferEvent,
  type TransferStatus,
  type TransferViewer,
} from './machine';

type C = typeof transferContract;
type In<K extends keyof C> = z.output<C[K]['input']>;

const VOUCHER_PREFIX = 'TV1';
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** a transfer that never got its member lock (crash between the two writes of start) is cancelled after this */
const UNLOCKED_GRACE_MS = 60_000;

const NOBODY: TransferViewer = { member: false, from: false, to: false };

/** The transfer as `viewer` sees it, with the actions open to them (see transferViewer). */
export function toView(deps: Dependencies, t: TransferDoc, viewer: TransferViewer = NOBODY): TransferView {
  const now = deps.clock.now();
  const overdue = t.status === 'awaiting_release' && now > t.releaseDueAt;
  return {
    id: t._id,
    code: t.code,
    memberNo: t.memberNo,
    nameMasked: mask('name', t.name),
    joinedAt: t.joinedAt,
    seniorityYears: seniorityYears(t.joinedAt, now), // 会龄 as the member's own page counts it
    fromOrgId: t.fromOrgId,
    fromOrgName: t.fromOrgName,
    toEnterpriseName: t.toEnterpriseName,
    toOrgId: t.toOrgId,
    toOrgName: t.toOrgName,
    toViaFederation: t.toViaFederation,
    status: t.status,
    statusLabel: TRANSFER_STATUS_LABEL[t.status],
    startedBy: t.startedBy,
    releaseDueAt: t.releaseDueAt,
    releaseOverdue: t.status === 'awaiting_release' && now > t.releaseDueAt,
    reason: t.reason,
    createdAt: t.createdAt,
    releasedAt: t.releasedAt,
    closedAt: t.closedAt,
    history: t.history.map((h) => ({ ...h, eventLabel: TRANSFER_EVENT_LABEL[h.event] })),
    open: OPEN_TRANSFER.includes(t.status),
    startedByLabel: t.startedBy === 'union' ? '原工会发起' : '会员申请',
    voucherCode: t.releasedAt !== null ? t.code : null,
    releaseDeadline: t.status === 'awaiting_release' ? { at: t.releaseDueAt, overdueNote: overdue ? '已超期，可请上级联合会督办' : null } : null,
    actions: transferActionsFor(t.status, t.closing, viewer),
  };
}

/**
 * Who may release a transfer: the old union's own officers (and admins) at any time ('own'); an
 * officer above it only once its working days are past ('overdue'; before: 'early').
 */
function releaseRight(caller: Caller, from: Org, t: TransferDoc, now: number): 'own' | 'overdue' | 'early' | 'none' {
  if (!covers(caller, from)) return 'none';
  if (caller.grants.some((g) => g.role === 'admin' || g.orgId === from._id)) return 'own';
  return now > t.releaseDueAt ? 'overdue' : 'early';
}

/** What the caller is to the transfer: its member, an officer who may release it now, an officer of the new union. */
async function transferViewer(deps: Dependencies, caller: Caller, t: TransferDoc): Promise<TransferViewer> {
  const member = caller.uid !== null && caller.uid === t.uid;
  if (!caller.grants.some((g) => OFFICER_ROLES.includes(g.role))) return { member, from: false, to: false };
  const [from, to] = await Promise.all([getOrg(deps, t.fromOrgId), getOrg(deps, t.toOrgId)]);
  const right = releaseRight(caller, from, t, deps.clock.now());
  return { member, from: right === 'own' || right === 'overdue', to: covers(caller, to) };
}

/** toView for the caller: the view with the actions the caller may take. */
export async function viewFor(deps: Dependencies, caller: Caller, t: TransferDoc): Promise<TransferView> {
  return toView(deps, t, await transferViewer(deps, caller, t));
}

export function voucherOf(deps: Dependencies, t: TransferDoc) {
  const payload = `${VOUCHER_PREFIX}.${t._id}.${t.code}`;
  return { code: t.code, qrPayload: `${payload}.${deps.crypto.sign(payload)}` };
}

async function load(deps: Dependencies, id: string): Promise<TransferDoc> {
  const t = await deps.store.get<TransferDoc>(TRANSFERS, id);
  if (!t) throw notFound('接转记录');
  return t;
}

const actorName = (deps: Dependencies, caller: Caller, fallback: string) => staffName(deps, caller.uid, fallback);

/** Where the member lands at the new employer: its union, or the federation covering it. */
async function destination(deps: Dependencies, enterpriseId: string) {
  const ent = await findEnterprise(deps, enterpriseId);
  if (!ent) throw new AppError('VALIDATION', '请选择新工作单位', [{ path: ['toEnterpriseId'], message: '请选择新工作单位' }]);
  const org = await getOrg(deps, ent.unionId ?? ent.federationId);
  return { ent, org };
}

function newCode(deps: Dependencies): string {
  const raw = deps.crypto.hash(`voucher|${deps.crypto.randomId(12)}`);
  let code = '';
  for (let i = 0; i < 8; i++) code += CODE_ALPHABET[parseInt(raw.slice(i * 2, i * 2 + 2), 16) % CODE_ALPHABET.length];
  return code;
}

async function begin(deps: Dependencies, member: MemberDoc, toEnterpriseId: string, startedBy: 'member' | 'union', byName: string): Promise<TransferDoc> {
  if (member.pendingTransferId) {
    const open = await deps.store.get<TransferDoc>(TRANSFERS, member.pendingTransferId);
    if (open && OPEN_TRANSFER.includes(open.status)) throw conflict('已有一笔正在办理的接转，请先完成或取消', { transferId: open._id });
  }
  const { ent, org: to } = await destination(deps, toEnterpriseId);
  if (to._id === member.orgId)
    throw new AppError('VALIDATION', '新单位与现在属于同一个工会，无需接转', [{ path: ['toEnterpriseId'], message: '新单位与现在属于同一个工会' }]);
  const from = await getOrg(deps, member.orgId);
  const now = deps.clock.now();
  const released = startedBy === 'union';
  const status: TransferStatus = released ? 'released' : 'awaiting_release';
  const history: TransferDoc['history'] = [{ at: now, event: 'start', byName, to: 'awaiting_release', note: null }];
  if (released) history.push({ at: now, event: 'release', byName, to: 'released', note: '原工会发起，直接开具凭证' });
  const t: TransferDoc = {
    _id: `tr_${now.toString(36)}${deps.crypto.randomId(5)}`,
    code: newCode(deps),
    memberId: member._id,
    memberNo: member.memberNo,
    uid: member.uid,
    name: member.name,
    joinedAt: member.joinedAt,
    fromOrgId: from._id,
    fromOrgName: from.name,
    fromFederationId: from.federationId,
    toEnterpriseId: ent._id,
    toEnterpriseName: ent.name,
    toOrgId: to._id,
    toOrgName: to.name,
    toFederationId: to.federationId,
    toViaFederation: ent.unionId === null,
    cityId: from.cityId,
    status,
    closing: null,
    startedBy,
    releaseDueAt: calendarFor(deps.config.calendar).addWorkingDays(now, deps.config.transferReleaseWorkingDays),
    reason: null,
    createdAt: now,
    releasedAt: released ? now : null,
    closedAt: null,
    history,
  };
  await deps.store.insert(TRANSFERS, t);
  // lock the membership to this transfer (one open transfer per member)
  if (!(await lockForTransfer(deps, member._id, t._id))) {
    await deps.store.update(
      TRANSFERS,
      t._id,
      { set: { status: 'cancelled', closing: 'cancel', closedAt: now, reason: '同时发起了另一笔接转' } },
      { closing: null },
    );
    throw conflict('已有一笔正在办理的接转，请先完成或取消');
  }
  await enqueue(
    deps,
    `${t._id}_${status}`,
    released
      ? {
          to: `org:${t.toOrgId}`,
          template: 'transfer_in',
          title: '有会员待转入',
          body: `${mask('name', t.name)}（会员编号${t.memberNo}）从${t.fromOrgName}转入，请接收。`,
          page: `/admin/transfer/index?id=${t._id}`,
          fields: { applicant: mask('name', t.name), note: `来自${t.fromOrgName}` },
        }
      : {
          to: `org:${t.fromOrgId}`,
          template: 'transfer_out',
          title: '有会员申请转出',
          body: `${mask('name', t.name)}（会员编号${t.memberNo}）申请转往${t.toEnterpriseName}，请在${deps.config.transferReleaseWorkingDays}个工作日内办理。`,
          page: `/admin/transfer/index?id=${t._id}`,
          fields: { applicant: mask('name', t.name), note: `转往${t.toEnterpriseName}` },
        },
  );
  return t;
}

export async function start(deps: Dependencies, caller: SignedInCaller, input: In<'start'>) {
  const uid = caller.uid;
  const member = await findMember(deps, uid);
  if (!member) throw new AppError('FORBIDDEN', '您还不是工会会员，无需办理接转；请在新单位直接申请入会。', undefined, { next: 'join' });
  return viewFor(deps, caller, await begin(deps, member, input.toEnterpriseId, 'member', member.name));
}

export async function startForMember(deps: Dependencies, caller: SignedInCaller, input: In<'startForMember'>) {
  const member = await memberByNo(deps, input.memberNo);
  if (!member) throw notFound('该会员');
  const from = await getOrg(deps, member.orgId);
  if (!covers(caller, from)) throw new AppError('FORBIDDEN', '该会员不在您所在工会的管理范围内');
  const t = await begin(deps, member, input.toEnterpriseId, 'union', await actorName(deps, caller, '原工会'));
  await recordAudit(deps, {
    actorUid: caller.uid,
    action: 'transfer.start_for_member',
    target: { collection: TRANSFERS, id: t._id },
    before: null,
    after: { from: t.fromOrgId, to: t.toOrgId },
  });
  return viewFor(deps, caller, t);
}

export async function mine(deps: Dependencies, caller: SignedInCaller) {
  const uid = caller.uid;
  const page = await deps.store.query<TransferDoc>(TRANSFERS, { where: { uid }, orderBy: [['createdAt', 'desc']], limit: 20 });
  return Promise.all(page.items.map(async (t) => ({ view: await viewFor(deps, caller, t), voucher: t.status === 'released' ? voucherOf(deps, t) : null })));
}

export async function release(deps: Dependencies, caller: SignedInCaller, id: string) {
  const t = await load(deps, id);
  const from = await getOrg(deps, t.fromOrgId);
  const now = deps.clock.now();
  const right = releaseRight(caller, from, t, now);
  if (right === 'none') throw new AppError('FORBIDDEN', '该接转不在您所在工会的管理范围内');
  if (right === 'early') {
    throw new AppError('FORBIDDEN', `原工会尚在办理期限内（${deps.config.transferReleaseWorkingDays}个工作日），逾期后上级联合会方可代为办理`);
  }
  const ownOrg = right === 'own';
  nextTransferStatus(t.status, 'release');
  const byName = await actorName(deps, caller, from.name);
  const note = ownOrg ? null : '原工会逾期未办，上级联合会代为办理';
  const entry = { at: now, event: 'release' as const, byName, to: 'released' as const, note };
  if (
    !(await deps.store.update(
      TRANSFERS,
      t._id,
      { set: { status: 'released', releasedAt: now }, push: { history: entry } },
      { status: 'awaiting_release', closing: null },
    ))
  ) {
    throw conflict('该接转刚刚已被处理（或已被会员取消），请刷新');
  }
  await recordAudit(deps, {
    actorUid: caller.uid,
    action: 'transfer.release',
    target: { collection: TRANSFERS, id: t._id },
    before: { status: t.status },
    after: { status: 'released' },
    reason: note,
  });
  await enqueue(deps, `${t._id}_released`, {
    to: `org:${t.toOrgId}`,
    template: 'transfer_in',
    title: '有会员待转入',
    body: `${mask('name', t.name)}（会员编号${t.memberNo}）从${t.fromOrgName}转入，请接收。`,
    page: `/admin/transfer/index?id=${t._id}`,
    fields: { applicant: mask('name', t.name), note: `来自${t.fromOrgName}` },
  });
  await enqueue(deps, `${t._id}_voucher`, {
    to: `uid:${t.uid}`,
    template: 'transfer_voucher',
    title: '接转凭证已开具',
    body: `您的会员关系转出已办理，凭证号${t.code}，请向${t.toOrgName}出示。`,
    page: '/pages/membership/index',
    fields: { note: `凭证号 ${t.code}` },
  });
  return viewFor(deps, caller, { ...t, status: 'released', releasedAt: now, history: [...t.history, entry] });
}

/** Step 3 of the protocol: claim the transfer for one closing event, or refuse with CONFLICT. */
async function claim(deps: Dependencies, t: TransferDoc, event: ClosingEvent, extra: Record<string, unknown> = {}): Promise<void> {
  nextTransferStatus(t.status, event);
  if (t.closing) throw conflict(t.closing === event ? '该接转刚刚已在办理中' : '该接转刚刚已被他人处理，请刷新', { closing: t.closing });
  if (!(await deps.store.update(TRANSFERS, t._id, { set: { closing: event, ...extra } }, { status: t.status, closing: null }))) {
    const now = await load(deps, t._id);
    throw conflict(now.closing === 'accept' ? '该会员刚刚已被接收' : now.closing === 'cancel' ? '会员刚刚取消了这笔接转' : '该接转刚刚已被他人处理，请刷新', {
      closing: now.closing,
    });
  }
}

const FINAL: Record<ClosingEvent, TransferStatus> = { accept: 'accepted', refuse: 'refused', cancel: 'cancelled' };

/** Steps 4–5: apply a claimed closing to the member, then mark the transfer final. Idempotent. */
async function finish(deps: Dependencies, t: TransferDoc, byName: string, note: string | null): Promise<TransferDoc> {
  const event = t.closing!;
  const to = await getOrg(deps, t.toOrgId);
  const now = deps.clock.now();
  if (event === 'accept') {
    const moved = await moveForTransfer(deps, t.memberId, t._id, {
      orgId: to._id,
      orgName: to.name,
      federationId: to.federationId,
      cityId: to.cityId,
      enterpriseId: t.toEnterpriseId,
      enterpriseName: t.toEnterpriseName,
    });
    if (moved === 'not_locked') {
      // the membership was never locked to this transfer (its start was cut off): it cannot move
      await deps.store.update(
        TRANSFERS,
        t._id,
        { set: { status: 'cancelled', closedAt: now, reason: '接转发起未完成，已失效' } },
        { closing: event, status: { $in: [...OPEN_TRANSFER] } },
      );
      throw conflict('这笔接转发起时未完成，已失效，请会员重新发起');
    }
  } else {
    await unlockFromTransfer(deps, t.memberId, t._id);
  }
  const status = FINAL[event];
  const entry = { at: now, event: event as TransferEvent, byName, to: status, note };
  const set: Record<string, unknown> = { status, closedAt: now, ...(event === 'refuse' ? { reason: note } : {}) };
  if (await deps.store.update(TRANSFERS, t._id, { set, push: { history: entry } }, { closing: event, status: { $in: [...OPEN_TRANSFER] } })) {
    await enqueue(deps, `${t._id}_${status}`, {
      to: `uid:${t.uid}`,
      template: `transfer_${status}`,
      title: status === 'accepted' ? '会员关系已转入' : status === 'refused' ? '新工会未接收' : '接转已取消',
      body:
        status === 'accepted'
          ? `您已转入${t.toOrgName}，会员编号${t.memberNo}与会龄不变。`
          : status === 'refused'
            ? `${t.toOrgName}未接收您的转入，原因：${note}。您仍是${t.fromOrgName}的会员。`
            : `接转已取消，您仍是${t.fromOrgName}的会员。`,
      page: '/pages/membership/index',
      fields: { note: status === 'accepted' ? `已转入${t.toOrgName}` : status === 'refused' ? `原因：${note ?? ''}` : `您仍是${t.fromOrgName}的会员` },
    });
    return { ...t, ...set, history: [...t.history, entry] } as TransferDoc;
  }
  return load(deps, t._id);
}

export async function accept(deps: Dependencies, caller: SignedInCaller, id: string) {
  const t = await load(deps, id);
  if (!covers(caller, await getOrg(deps, t.toOrgId))) throw new AppError('FORBIDDEN', '该接转不在您所在工会的管理范围内');
  await claim(deps, t, 'accept');
  const byName = await actorName(deps, caller, t.toOrgName);
  const after = await finish(deps, { ...t, closing: 'accept' }, byName, null);
  await recordAudit(deps, {
    actorUid: caller.uid,
    action: 'transfer.accept',
    target: { collection: TRANSFERS, id: t._id },
    before: { orgId: t.fromOrgId },
    after: { orgId: t.toOrgId },
  });
  return viewFor(deps, caller, after);
}

export async function refuse(deps: Dependencies, caller: SignedInCaller, input: In<'refuse'>) {
  const t = await load(deps, input.transferId);
  if (!covers(caller, await getOrg(deps, t.toOrgId))) throw new AppError('FORBIDDEN', '该接转不在您所在工会的管理范围内');
  await claim(deps, t, 'refuse', { reason: input.reason });
  const after = await finish(deps, { ...t, closing: 'refuse' }, await actorName(deps, caller, t.toOrgName), input.reason);
  await recordAudit(deps, {
    actorUid: caller.uid,
    action: 'transfer.refuse',
    target: { collection: TRANSFERS, id: t._id },
    before: { status: t.status },
    after: { status: 'refused' },
    reason: input.reason,
  });
  return viewFor(deps, caller, after);
}

export async function cancel(deps: Dependencies, caller: SignedInCaller, id: string) {
  const uid = caller.uid;
  const t = await load(deps, id);
  if (t.uid !== uid) throw new AppError('FORBIDDEN', '只能取消自己的接转');
  await claim(deps, t, 'cancel');
  return viewFor(deps, caller, await finish(deps, { ...t, closing: 'cancel' }, t.name, null));
}

export async function queue(deps: Dependencies, caller: Caller, input: In<'queue'>) {
  const statuses: TransferStatus[] = input.status ? [input.status] : input.side === 'out' ? ['awaiting_release'] : ['released'];
  const fields = input.side === 'out' ? { org: 'fromOrgId', fed: 'fromFederationId' } : { org: 'toOrgId', fed: 'toFederationId' };
  const seen = new Map<string, TransferDoc>();
  for (const g of caller.grants) {
    if (g.role !== 'union_officer' && g.role !== 'federation_officer' && g.role !== 'admin') continue;
    const org = await getOrg(deps, g.orgId);
    const field = org.kind === 'union' ? fields.org : org.kind === 'federation' ? fields.fed : 'cityId';
    for (const status of statuses) {
      const page = await deps.store.query<TransferDoc>(TRANSFERS, { where: { [field]: org._id, status }, orderBy: [['createdAt', 'asc']], limit: input.limit });
      for (const t of page.items) seen.set(t._id, t);
    }
  }
  const items = [...seen.values()].sort((a, b) => a.createdAt - b.createdAt).slice(0, input.limit);
  return { items: await Promise.all(items.map((t) => viewFor(deps, caller, t))) };
}

export async function get(deps: Dependencies, caller: Caller, id: string) {
  const t = await deps.store.get<TransferDoc>(TRANSFERS, id);
  if (!t) throw notFound('接转记录');
  const [from, to] = await Promise.all([getOrg(deps, t.fromOrgId), getOrg(deps, t.toOrgId)]);
  if (!covers(caller, to) && !covers(caller, from)) throw notFound('接转记录');
  return viewFor(deps, caller, t);
}

export async function lookup(deps: Dependencies, caller: Caller, code: string) {
  let t: TransferDoc | undefined;
  if (code.startsWith(`${VOUCHER_PREFIX}.`)) {
    const parts = code.split('.');
    const payload = parts.slice(0, 3).join('.');
    if (parts.length !== 4 || !deps.crypto.verify(payload, parts[3])) throw new AppError('CARD_INVALID', '接转凭证二维码无效：可能是伪造或被改动。');
    t = (await deps.store.get<TransferDoc>(TRANSFERS, parts[1])) ?? undefined;
  } else {
    t = (await deps.store.query<TransferDoc>(TRANSFERS, { where: { code: code.toUpperCase() }, limit: 1 })).items[0];
  }
  if (!t) throw notFound('该凭证对应的接转');
  const [from, to] = await Promise.all([getOrg(deps, t.fromOrgId), getOrg(deps, t.toOrgId)]);
  if (!covers(caller, to) && !covers(caller, from)) throw new AppError('FORBIDDEN', '该接转不在您所在工会的管理范围内');
  return viewFor(deps, caller, t);
}

/** Finishes transfers whose closing was claimed but not applied; cancels transfers that never got their member lock. */
export async function repair(deps: Dependencies) {
  let finished = 0;
  let cancelled = 0;
  for (const closing of ['accept', 'refuse', 'cancel'] as const) {
    for (const status of OPEN_TRANSFER) {
      const page = await deps.store.query<TransferDoc>(TRANSFERS, { where: { closing, status }, limit: 500 });
      for (const t of page.items) {
        try {
          await finish(deps, t, '系统补办', closing === 'refuse' ? (t.reason ?? '新工会未接收') : null);
        } catch (e) {
          if (!(e instanceof AppError && e.code === 'CONFLICT')) throw e;
        }
        finished++;
      }
    }
  }
  const now = deps.clock.now();
  for (const status of OPEN_TRANSFER) {
    const page = await deps.store.query<TransferDoc>(TRANSFERS, { where: { closing: null, status, createdAt: { $lt: now - UNLOCKED_GRACE_MS } }, limit: 500 });
    for (const t of page.items) {
      if (await isLockedTo(deps, t.memberId, t._id)) continue;
      if (
        await deps.store.update(
          TRANSFERS,
          t._id,
          { set: { status: 'cancelled', closing: 'cancel', closedAt: now, reason: '发起未完成，已自动取消' } },
          { closing: null, status },
        )
      )
        cancelled++;
    }
  }
  return { finished, cancelled };
}
