/**
 * The handling tests' journey steps, through the real actions: 李娜 (member, ent_001) reports a wage
 * complaint, received at the park federation; 刘芳 (federation-officer) is its desk; 周律师 (lawyer)
 * the usual assignee. Each step returns the case as its actor saw it, so the next one sends its version.
 */
import { randomBytes } from 'node:crypto';
import { ok, type CallInput, type TestWorld } from '../../server/testing';
import { queryAll } from '../../core/shared/docstore';
import { OUTBOX, type OutboxMessage } from '../../core/shared/outbox';
import { CASES, type CaseDoc } from '../../core/case/model';
import type { CaseView } from '../../core/case/schemas';
import { personRef } from '../../core/case/step';
import { PERSONAS } from '../../server/personas';

export const DESK = 'federation-officer';
export const LAWYER_UID = 'dev_lawyer';
const uidOf = (persona: string) => PERSONAS.find((p) => p.id === persona)!.uid;

export const caseForm = (over: Partial<CallInput<'case', 'submit'>> = {}): CallInput<'case', 'submit'> => ({
  idempotencyKey: `hk_${randomBytes(6).toString('hex')}`,
  category: 'complaint',
  itemKey: 'wage_arrears',
  title: '公司拖欠两个月工资',
  description: '公司自十月起未发工资，多次找人事部门均无答复。',
  enterpriseId: 'ent_001',
  // ignored for a member (their membership's name); a worker who is not one gives it
  name: '王小明',
  ...over,
});

/** The person handle `uid` as the assignee list shows it to `persona`. */
export const personFor = (w: TestWorld, persona: string, uid: string) => personRef(w.deps, uidOf(persona), uid);

export async function submitted(w: TestWorld, over: Partial<CallInput<'case', 'submit'>> = {}): Promise<CaseView> {
  return ok(await w.call('case', 'submit', caseForm(over), 'member'));
}

export async function assigned(w: TestWorld, to = LAWYER_UID, over: Partial<CallInput<'case', 'submit'>> = {}): Promise<CaseView> {
  const c = await submitted(w, over);
  return ok(await w.call('case', 'assign', { caseId: c.id, version: c.version, personId: personFor(w, DESK, to) }, DESK));
}

export async function handled(w: TestWorld, over: Partial<CallInput<'case', 'submit'>> = {}): Promise<CaseView> {
  const c = await assigned(w, LAWYER_UID, over);
  return ok(await w.call('case', 'sign', { caseId: c.id, version: c.version }, 'lawyer'));
}

export async function resolvedCase(w: TestWorld, recovered = 12_000): Promise<CaseView> {
  const c = await handled(w);
  return ok(
    await w.call(
      'case',
      'resolve',
      { caseId: c.id, version: c.version, kind: 'mediated', summary: '经调解，企业同意十日内一次性支付拖欠工资', recovered },
      'lawyer',
    ),
  );
}

export const stored = async (w: TestWorld, id: string) => (await w.deps.store.get<CaseDoc>(CASES, id))!;
export const outbox = (w: TestWorld) => queryAll<OutboxMessage>(w.deps.store, OUTBOX, { orderBy: [['createdAt', 'asc']] });
/** Messages about case `id` to `to` (uid:… or org:…), oldest first. */
export const messagesTo = async (w: TestWorld, id: string, to: string) => (await outbox(w)).filter((m) => m.to === to && m.page.endsWith(`id=${id}`));
