/**
 * Starting a transfer: by the member (start) or by the old union on their behalf (startForMember,
 * which releases it at once). Finds where the member lands at the new employer, issues the voucher
 * code, inserts the transfer, then locks the membership to it (one open transfer per member; steps
 * 1–2 of the protocol in closing.ts) and notifies the union that acts next.
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { SignedInCaller } from '../shared/caller';
import { AppError, conflict, notFound } from '../shared/errors';
import { recordAudit } from '../shared/audit';
import { enqueue } from '../shared/outbox';
import { mask } from '../shared/mask';
import { calendarFor } from '../shared/workdays';
import { covers, findEnterprise, getOrg } from '../org';
import { findMember, lockForTransfer, memberByNo, type MemberDoc } from '../member';
import type { transferContract } from './contract';
import { TRANSFERS, type TransferDoc } from './model';
import { OPEN_TRANSFER, type TransferStatus } from './machine';
import { actorName, viewFor } from './views';

type C = typeof transferContract;
type In<K extends keyof C> = z.output<C[K]['input']>;

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

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
