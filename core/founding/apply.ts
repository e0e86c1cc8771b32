/**
 * The organizer's side of a founding: applying (idempotent per submission, one open founding per
 * enterprise, a few per account), withdrawing, and reading their own foundings or any they may see.
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { Caller, SignedInCaller } from '../shared/caller';
import { AppError } from '../shared/errors';
import { DuplicateKeyError } from '../shared/docstore';
import { findEnterprise, getOrg } from '../org';
import type { foundingContract, FoundingView } from './contract';
import { FOUNDINGS, FOUNDING_LOCKS, type FoundingDoc } from './model';
import { OPEN_FOUNDING } from './machine';
import { canSee, load, toView } from './views';
import { dueFor, notifyNextOwner, step } from './decide';

type In<K extends keyof typeof foundingContract> = z.output<(typeof foundingContract)[K]['input']>;

/** Open foundings one account may hold at once (an organizer founds one union, a social worker helps a few): squatting every union-less enterprise is not possible. */
export const MAX_OPEN_FOUNDINGS_PER_ACCOUNT = 3;

export async function apply(deps: Dependencies, caller: SignedInCaller, input: In<'apply'>): Promise<FoundingView> {
  const uid = caller.uid;
  const id = `fd_${deps.crypto.hash(`founding|${uid}|${input.idempotencyKey}`).slice(0, 20)}`;
  const again = await deps.store.get<FoundingDoc>(FOUNDINGS, id);
  if (again) return toView(deps, again, caller); // a retry of the same submission
  const ent = await findEnterprise(deps, input.enterpriseId);
  if (!ent) throw new AppError('VALIDATION', '请选择企业', [{ path: ['enterpriseId'], message: '请选择企业' }]);
  const mineOpen = await deps.store.query<FoundingDoc>(FOUNDINGS, { where: { organizerUid: uid }, orderBy: [['submittedAt', 'desc']], limit: 50 });
  if (mineOpen.items.filter((d) => OPEN_FOUNDING.includes(d.status)).length >= MAX_OPEN_FOUNDINGS_PER_ACCOUNT) {
    throw new AppError('QUOTA_FULL', `您已有${MAX_OPEN_FOUNDINGS_PER_ACCOUNT}份正在办理的建会申请，请办结或撤回后再申请`, undefined, {
      limit: MAX_OPEN_FOUNDINGS_PER_ACCOUNT,
    });
  }
  if (ent.unionId) throw new AppError('CONFLICT', `${ent.name}已建立工会，无需再申请`, undefined, { unionId: ent.unionId });
  const federation = await getOrg(deps, ent.federationId);
  // one open founding per enterprise: whoever inserts the lock first
  try {
    await deps.store.insert(FOUNDING_LOCKS, { _id: ent._id, foundingId: id, at: deps.clock.now() });
  } catch (e) {
    if (!(e instanceof DuplicateKeyError)) throw e;
    const lock = await deps.store.get<{ _id: string; foundingId: string }>(FOUNDING_LOCKS, ent._id);
    if (lock?.foundingId === id) {
      const d = await deps.store.get<FoundingDoc>(FOUNDINGS, id);
      if (d) return toView(deps, d, caller);
    } else throw new AppError('CONFLICT', `${ent.name}已有一份正在办理的建会申请，如有疑问请联系${federation.name}`); // never the other applicant's founding id
  }
  const now = deps.clock.now();
  const doc: FoundingDoc = {
    _id: id,
    enterpriseId: ent._id,
    enterpriseName: ent.name,
    headcount: input.headcount,
    intendedMembers: input.intendedMembers,
    federationId: federation._id,
    federationName: federation.name,
    scope: [...federation.ancestors, federation._id],
    organizerUid: uid,
    organizerName: input.organizerName,
    organizerMobileSealed: deps.crypto.seal(input.organizerMobile),
    organizerJob: input.organizerJob,
    status: 'submitted',
    owner: 'federation',
    stepStartedAt: now,
    dueAt: dueFor(deps, 'submitted', now),
    escalated: false,
    election: null,
    unionId: null,
    submittedAt: now,
    closedAt: null,
    version: 1,
    history: [{ at: now, event: 'apply', by: uid, byName: input.organizerName, to: 'submitted', note: null }],
  };
  try {
    await deps.store.insert(FOUNDINGS, doc);
  } catch (e) {
    if (!(e instanceof DuplicateKeyError)) throw e;
    return toView(deps, await load(deps, id), caller);
  }
  await notifyNextOwner(deps, doc, 'apply');
  return toView(deps, doc, caller);
}

export async function mine(deps: Dependencies, caller: SignedInCaller) {
  const uid = caller.uid;
  const page = await deps.store.query<FoundingDoc>(FOUNDINGS, { where: { organizerUid: uid }, orderBy: [['submittedAt', 'desc']], limit: 20 });
  return { items: await Promise.all(page.items.map((d) => toView(deps, d, caller))) };
}

export async function get(deps: Dependencies, caller: Caller, id: string) {
  const d = await load(deps, id);
  if (!canSee(caller, d)) throw new AppError('FORBIDDEN', '您无权查看该建会申请');
  return toView(deps, d, caller);
}

export async function withdraw(deps: Dependencies, caller: SignedInCaller, id: string) {
  const uid = caller.uid;
  const d = await load(deps, id);
  if (d.organizerUid !== uid) throw new AppError('FORBIDDEN', '只有建会组织者可以撤回');
  return toView(deps, await step(deps, d, 'withdraw', { uid, name: d.organizerName }, null), caller);
}
