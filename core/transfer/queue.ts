/**
 * Reading transfers: the officers' queues (out: awaiting release; in: released, waiting to be
 * received), one transfer, the lookup by voucher code or signed QR, and the member's own transfers
 * with their vouchers. Each answer only within the caller's scope.
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { Caller, SignedInCaller } from '../shared/caller';
import { AppError, notFound } from '../shared/errors';
import { covers, getOrg } from '../org';
import type { transferContract } from './contract';
import { TRANSFERS, type TransferDoc } from './model';
import type { TransferStatus } from './machine';
import { VOUCHER_PREFIX, viewFor, voucherOf } from './views';

type C = typeof transferContract;
type In<K extends keyof C> = z.output<C[K]['input']>;

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

export async function mine(deps: Dependencies, caller: SignedInCaller) {
  const uid = caller.uid;
  const page = await deps.store.query<TransferDoc>(TRANSFERS, { where: { uid }, orderBy: [['createdAt', 'desc']], limit: 20 });
  return Promise.all(page.items.map(async (t) => ({ view: await viewFor(deps, caller, t), voucher: t.status === 'released' ? voucherOf(deps, t) : null })));
}
