/**
 * How a transfer looks to whoever asks: the view with its labels, deadline note and the `actions`
 * open to the viewer (machine.ts), who the viewer is to the transfer (member, releasing officer,
 * receiving officer), and the voucher (code + signed QR) the new union checks. Also the two small
 * lookups every step shares (load, actorName).
 */
import type { Dependencies } from '../shared/ports';
import type { Caller } from '../shared/caller';
import { notFound } from '../shared/errors';
import { mask } from '../shared/mask';
import { OFFICER_ROLES, covers, getOrg, staffName, type Org } from '../org';
import { seniorityYears } from '../member';
import type { TransferView } from './contract';
import { TRANSFERS, type TransferDoc } from './model';
import { OPEN_TRANSFER, TRANSFER_EVENT_LABEL, TRANSFER_STATUS_LABEL, transferActionsFor, type TransferViewer } from './machine';

export const VOUCHER_PREFIX = 'TV1';

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
export function releaseRight(caller: Caller, from: Org, t: TransferDoc, now: number): 'own' | 'overdue' | 'early' | 'none' {
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

export async function load(deps: Dependencies, id: string): Promise<TransferDoc> {
  const t = await deps.store.get<TransferDoc>(TRANSFERS, id);
  if (!t) throw notFound('接转记录');
  return t;
}

export const actorName = (deps: Dependencies, caller: Caller, fallback: string) => staffName(deps, caller.uid, fallback);
