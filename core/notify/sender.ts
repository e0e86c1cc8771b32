/**
 * The sender (`notify.send`, on the function's timer): every pending outbox message, oldest first.
 *
 * - `org:<orgId>`: fanned out to one `uid:` message per officer of the org (read through
 *   core/org/staff.ts), each with its own delivery and inbox state; the parent is then `sent` (or
 *   `failed` when the org has no officer).
 * - `uid:<uid>`: already in the person's inbox; the sender tries WeChat. No configured template, or no
 *   consent left: `skipped` (the inbox has it). Otherwise one consent is taken and the message sent:
 *   `sent`; a refusal WeChat will repeat (43101 no consent, 47003 bad field, …) `failed` at once; any
 *   other failure is retried with exponential backoff (`nextAttemptAt`) up to MAX_ATTEMPTS, and the
 *   consent is given back (WeChat did not use it).
 *
 * Two ticks may overlap (a slow tick, a retry of the trigger): each message is first claimed with one
 * conditional update (`status` pending and the claim seen when read), so exactly one tick sends it;
 * every later write is conditional on holding the claim. A tick that dies leaves a claim that expires
 * after CLAIM_MS, and the next tick takes the message over.
 */
import { DuplicateKeyError } from '../shared/docstore';
import type { Dependencies } from '../shared/ports';
import { OUTBOX } from '../shared/outbox';
import { officersOf } from '../org';
import { clearConsent, refundConsent, takeConsent } from './consent';
import { CLAIM_MS, MAX_ATTEMPTS, NEVER_RETRY, NO_CONSENT, backoffMs, type Delivery, type Notifier, type SendOutcome } from './model';
import { render, type TemplateConfig } from './templates';
import { nextDeliveryStatus, type DeliveryEvent } from './machine';

type Deps = Pick<Dependencies, 'store' | 'clock' | 'crypto'>;

export interface SenderPorts {
  notifier: Notifier;
  templates: TemplateConfig;
  /** one line per message handled (the local gateway prints them: what went where, and why not) */
  log?: (line: string) => void;
}

export interface SendStats {
  fannedOut: number;
  sent: number;
  skipped: number;
  failed: number;
  retrying: number;
  /** claimed by another tick meanwhile */
  busy: number;
}

export interface SendOptions {
  /** messages one tick handles at most (the rest wait for the next tick) */
  max?: number;
  /** stop starting new messages after this long (the function's timeout is 60 s) */
  budgetMs?: number;
}

const PAGE = 100;

/** Fans an `org:` message out to one message per officer (idempotent: deterministic ids); returns them. */
export async function fanOut(deps: Deps, m: Delivery, memo = new Map<string, string[]>()): Promise<Delivery[]> {
  const orgId = m.to.slice('org:'.length);
  let officers = memo.get(orgId);
  if (!officers) memo.set(orgId, (officers = await officersOf(deps, orgId)));
  const children: Delivery[] = officers.map((uid) => ({
    _id: `${m._id}__${uid}`,
    to: `uid:${uid}`,
    template: m.template,
    title: m.title,
    body: m.body,
    page: m.page,
    ...(m.fields ? { fields: m.fields } : {}),
    status: 'pending',
    attempts: 0,
    createdAt: m.createdAt,
    parentId: m._id,
  }));
  const stored: Delivery[] = [];
  for (const c of children) {
    try {
      await deps.store.insert<Delivery>(OUTBOX, c);
      stored.push(c);
    } catch (e) {
      if (!(e instanceof DuplicateKeyError)) throw e;
      // fanned out before (a tick cut off before marking the parent, or the inbox): keep its state
      const had = await deps.store.get<Delivery>(OUTBOX, c._id);
      if (had) stored.push(had);
    }
  }
  const now = deps.clock.now();
  const done = officers.length
    ? { status: nextDeliveryStatus('pending', 'fan_out'), recipients: officers.length, doneAt: now }
    : { status: nextDeliveryStatus('pending', 'no_recipients'), recipients: 0, doneAt: now, errcode: 'no_recipients', error: '该组织没有可接收消息的工作人员' };
  await deps.store.update(OUTBOX, m._id, { set: done }, { status: 'pending' });
  return stored;
}

/** Claims, then delivers one `uid:` message. */
async function deliver(deps: Deps, ports: SenderPorts, m: Delivery, stats: SendStats): Promise<void> {
  const now = deps.clock.now();
  const claim = deps.crypto.randomId(9);
  const claimed = await deps.store.update(
    OUTBOX,
    m._id,
    { set: { claim, claimedUntil: now + CLAIM_MS } },
    { status: 'pending', claimedUntil: m.claimedUntil ?? null },
  );
  if (!claimed) {
    stats.busy++;
    return;
  }
  const finish = (event: DeliveryEvent, fields: Omit<Partial<Delivery>, 'status'>) => {
    const status = nextDeliveryStatus('pending', event);
    ports.log?.(`[notify] ${status}${fields.errcode ? ` (${fields.errcode})` : ''} ${m.template} → ${m.to}: ${m.title}`);
    return deps.store.update(OUTBOX, m._id, { set: { ...fields, status, claim: null, claimedUntil: null } }, { claim });
  };
  const uid = m.to.startsWith('uid:') ? m.to.slice('uid:'.length) : '';
  const rendered = render(m, ports.templates);
  if (!uid || !rendered.ok) {
    const reason = !uid ? 'bad_address' : rendered.ok ? '' : rendered.reason;
    const bad = reason === 'bad_field' || reason === 'bad_address' || reason === 'unknown_kind';
    if (bad) stats.failed++;
    else stats.skipped++;
    const error =
      !rendered.ok && rendered.reason === 'bad_field' ? rendered.issues.join('；') : reason === 'no_template' ? '未配置订阅消息模板：仅站内消息' : reason;
    await finish(bad ? 'refuse' : 'skip', { errcode: reason, error, doneAt: now, nextAttemptAt: null });
    return;
  }
  const templateId = rendered.templateId;
  if (!(await takeConsent(deps, uid, templateId))) {
    stats.skipped++;
    await finish('skip', { templateId, errcode: 'no_consent', error: '用户未订阅或订阅次数已用完：仅站内消息', doneAt: now, nextAttemptAt: null });
    return;
  }
  const outcome: SendOutcome = await ports.notifier
    .send({ toUid: uid, templateId, page: m.page.replace(/^\//, ''), data: rendered.data })
    .catch((e: unknown) => ({ ok: false as const, errcode: 'exception', errmsg: e instanceof Error ? e.message : String(e) }));
  const attempts = (m.attempts ?? 0) + 1;
  const at = deps.clock.now();
  if (outcome.ok) {
    stats.sent++;
    await finish('send', { templateId, attempts, sentAt: at, doneAt: at, errcode: null, error: null, nextAttemptAt: null });
    return;
  }
  if (outcome.errcode === NO_CONSENT) await clearConsent(deps, uid, templateId);
  else await refundConsent(deps, uid, templateId);
  if (NEVER_RETRY.has(outcome.errcode) || attempts >= MAX_ATTEMPTS) {
    stats.failed++;
    await finish(NEVER_RETRY.has(outcome.errcode) ? 'refuse' : 'give_up', {
      templateId,
      attempts,
      errcode: outcome.errcode,
      error: outcome.errmsg,
      doneAt: at,
      nextAttemptAt: null,
    });
    return;
  }
  stats.retrying++;
  await finish('retry', { templateId, attempts, errcode: outcome.errcode, error: outcome.errmsg, nextAttemptAt: at + backoffMs(attempts) });
}

/** One tick: every pending message that is due, oldest first, paged by `status_created`. */
export async function send(deps: Deps, ports: SenderPorts, opts: SendOptions = {}): Promise<SendStats> {
  const max = opts.max ?? 500;
  const budgetMs = opts.budgetMs ?? 45_000;
  const started = Date.now();
  const stats: SendStats = { fannedOut: 0, sent: 0, skipped: 0, failed: 0, retrying: 0, busy: 0 };
  const memo = new Map<string, string[]>();
  let handled = 0;
  let after: string | null = null;
  do {
    const page: { items: Delivery[]; next: string | null } = await deps.store.query<Delivery>(OUTBOX, {
      where: { status: 'pending' },
      orderBy: [['createdAt', 'asc']],
      limit: PAGE,
      after,
    });
    for (const m of page.items) {
      if (handled >= max || Date.now() - started > budgetMs) return stats;
      const now = deps.clock.now();
      if ((m.nextAttemptAt ?? 0) > now) continue;
      if ((m.claimedUntil ?? 0) > now) {
        stats.busy++;
        continue;
      }
      handled++;
      if (m.to.startsWith('org:')) {
        const children = await fanOut(deps, m, memo);
        stats.fannedOut++;
        for (const c of children) if (c.status === 'pending' && (c.nextAttemptAt ?? 0) <= now) await deliver(deps, ports, c, stats);
      } else {
        await deliver(deps, ports, m, stats);
      }
    }
    after = page.next;
  } while (after);
  return stats;
}
