/**
 * 我的消息: a person's inbox is their `uid:` messages in the outbox, newest first (index
 * `to_created`), whatever became of the WeChat send — so a message whose consent was missing is still
 * seen. An officer's `org:` messages are fanned out to them by the sender's tick, and also when they
 * open the inbox (pending ones of their orgs first), so they need not wait for the timer.
 */
import type { Caller, SignedInCaller } from '../shared/caller';
import type { Dependencies } from '../shared/ports';
import { OUTBOX } from '../shared/outbox';
import type { Page } from '../shared/docstore';
import { fanOut } from './sender';
import type { Delivery } from './model';

type Deps = Pick<Dependencies, 'store' | 'clock' | 'crypto'>;

const OFFICER_ROLES = new Set(['union_officer', 'federation_officer', 'admin']);
/** pending `org:` messages fanned out per inbox read and org, at most */
const FAN_OUT_ON_READ = 50;

export interface InboxItem {
  id: string;
  kind: string;
  title: string;
  body: string;
  page: string;
  createdAt: number;
  read: boolean;
}

const toItem = (m: Delivery): InboxItem => ({
  id: m._id,
  kind: m.template,
  title: m.title,
  body: m.body,
  page: m.page,
  createdAt: m.createdAt,
  read: !!m.readAt,
});

/** The caller's officer orgs' messages still waiting for the tick: fanned out now (idempotent). */
async function fanOutMine(deps: Deps, caller: Caller): Promise<void> {
  const orgIds = [...new Set(caller.grants.filter((g) => OFFICER_ROLES.has(g.role)).map((g) => g.orgId))];
  const memo = new Map<string, string[]>();
  for (const orgId of orgIds) {
    const page = await deps.store.query<Delivery>(OUTBOX, {
      where: { to: `org:${orgId}`, status: 'pending' },
      orderBy: [['createdAt', 'desc']],
      limit: FAN_OUT_ON_READ,
    });
    for (const m of page.items) await fanOut(deps, m, memo);
  }
}

async function countUnread(deps: Deps, uid: string): Promise<number> {
  return deps.store.count(OUTBOX, { to: `uid:${uid}`, readAt: null });
}

export async function inbox(deps: Deps, caller: SignedInCaller, input: { limit: number; after?: string | null }) {
  const uid = caller.uid;
  if (!input.after) await fanOutMine(deps, caller);
  const page: Page<Delivery> = await deps.store.query<Delivery>(OUTBOX, {
    where: { to: `uid:${uid}` },
    orderBy: [['createdAt', 'desc']],
    limit: input.limit,
    after: input.after ?? null,
  });
  return { items: page.items.map(toItem), next: page.next, unread: await countUnread(deps, uid) };
}

export async function unreadCount(deps: Deps, caller: SignedInCaller) {
  const uid = caller.uid;
  await fanOutMine(deps, caller);
  const latest = (await deps.store.query<Delivery>(OUTBOX, { where: { to: `uid:${uid}`, readAt: null }, orderBy: [['createdAt', 'desc']], limit: 1 })).items[0];
  return { count: await countUnread(deps, uid), latest: latest ? toItem(latest) : null };
}

/** Marks the caller's messages read: the given ones, or all. Someone else's id changes nothing. */
export async function markRead(deps: Deps, caller: SignedInCaller, input: { ids: string[]; all: boolean }) {
  const uid = caller.uid;
  const to = `uid:${uid}`;
  const now = deps.clock.now();
  let marked = 0;
  const mark = async (id: string) => {
    if (await deps.store.update(OUTBOX, id, { set: { readAt: now } }, { to, readAt: null })) marked++;
  };
  for (const id of new Set(input.ids)) await mark(id);
  if (input.all) {
    for (;;) {
      const page = await deps.store.query<Delivery>(OUTBOX, { where: { to, readAt: null }, orderBy: [['createdAt', 'desc']], limit: 100 });
      if (!page.items.length) break;
      const before = marked;
      for (const m of page.items) await mark(m._id);
      if (marked === before) break;
    }
  }
  return { marked, unread: await countUnread(deps, uid) };
}
