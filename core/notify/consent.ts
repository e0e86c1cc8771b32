/**
 * Consents to subscribe messages (订阅消息). WeChat asks the person in `requestSubscribeMessage`
 * (only from a tap, at most 3 templates at a time); each "allow" lets the mini-program send one
 * message of that template. The client reports what was accepted (`subscribe`); the sender takes one
 * consent per message it sends.
 */
import { AppError } from '../shared/errors';
import type { SignedInCaller } from '../shared/caller';
import type { Dependencies } from '../shared/ports';
import { MAX_CONSENTS, SUBSCRIPTIONS, subscriptionId, type SubscriptionDoc } from './model';
import { MOMENT_NAMES, TEMPLATE_NAMES, momentTemplateIds, type Moment, type TemplateConfig } from './templates';

type Store = Pick<Dependencies, 'store' | 'clock'>;

/** Remaining consents of a person per configured template id. */
async function remainingOf(deps: Store, uid: string, config: TemplateConfig): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const name of TEMPLATE_NAMES) {
    const id = config[name].templateId;
    if (id && !(id in out)) out[id] = (await deps.store.get<SubscriptionDoc>(SUBSCRIPTIONS, subscriptionId(uid, id)))?.count ?? 0;
  }
  return out;
}

/** The template ids to ask for at each moment, and how many messages of each the caller may still receive. */
export async function templatesFor(deps: Store, caller: SignedInCaller, config: TemplateConfig) {
  const uid = caller.uid;
  const moments = Object.fromEntries(MOMENT_NAMES.map((m) => [m, momentTemplateIds(config, m)])) as Record<Moment, string[]>;
  return { moments, remaining: await remainingOf(deps, uid, config) };
}

/** Records the templates the caller accepted in one `requestSubscribeMessage`: one more message each. */
export async function subscribe(deps: Store, caller: SignedInCaller, config: TemplateConfig, input: { accepted: string[] }) {
  const uid = caller.uid;
  const known = new Set(TEMPLATE_NAMES.map((n) => config[n].templateId).filter(Boolean));
  const accepted = [...new Set(input.accepted)];
  const unknown = accepted.filter((id) => !known.has(id));
  if (unknown.length) throw new AppError('VALIDATION', '未知的订阅消息模板', [{ path: ['accepted'], message: `未知的模板：${unknown.join('，')}` }]);
  const now = deps.clock.now();
  for (const templateId of accepted) {
    const id = subscriptionId(uid, templateId);
    await deps.store.transact<SubscriptionDoc>(SUBSCRIPTIONS, id, (cur) => ({
      _id: id,
      uid,
      templateId,
      count: Math.min(MAX_CONSENTS, (cur?.count ?? 0) + 1),
      updatedAt: now,
    }));
  }
  return { remaining: await remainingOf(deps, uid, config) };
}

/** Takes one consent for one message; false when there is none left. One conditional update, so two senders never share one. */
export function takeConsent(deps: Store, uid: string, templateId: string): Promise<boolean> {
  return deps.store.update(
    SUBSCRIPTIONS,
    subscriptionId(uid, templateId),
    { inc: { count: -1 }, set: { updatedAt: deps.clock.now() } },
    { count: { $gte: 1 } },
  );
}

/** Gives a consent back when WeChat did not deliver (a transient failure, a bad field): it was not used. */
export async function refundConsent(deps: Store, uid: string, templateId: string): Promise<void> {
  await deps.store.update(
    SUBSCRIPTIONS,
    subscriptionId(uid, templateId),
    { inc: { count: 1 }, set: { updatedAt: deps.clock.now() } },
    { count: { $lt: MAX_CONSENTS } },
  );
}

/** WeChat says the person has no consent (43101): whatever we counted is gone. */
export async function clearConsent(deps: Store, uid: string, templateId: string): Promise<void> {
  await deps.store.update(SUBSCRIPTIONS, subscriptionId(uid, templateId), { set: { count: 0, updatedAt: deps.clock.now() } });
}
