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
 *  5. A process that dies after the claim leaves `closing` set on an open transfer; `repair` (timer,
 *     repair.ts) replays steps 4–5, which are idempotent. The claim records the decision, so it is
 *     never lost and never changes. Until then the member is simply still in the old union.
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { SignedInCaller } from '../shared/caller';
import { AppError, conflict } from '../shared/errors';
import { recordAudit } from '../shared/audit';
import { enqueue } from '../shared/outbox';
import { mask } from '../shared/mask';
import { covers, getOrg } from '../org';
import { moveForTransfer, unlockFromTransfer } from '../member';
import type { transferContract } from './contract';
import { TRANSFERS, type TransferDoc } from './model';
import { OPEN_TRANSFER, nextTransferStatus, type ClosingEvent, type TransferEvent, type TransferStatus } from './machine';
import { actorName, load, releaseRight, viewFor } from './views';

type C = typeof transferContract;
type In<K extends keyof C> = z.output<C[K]['input']>;

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
export async function finish(deps: Dependencies, t: TransferDoc, byName: string, note: string | null): Promise<TransferDoc> {
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
