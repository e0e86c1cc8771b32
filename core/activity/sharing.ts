/**
 * Who shared a card, without putting anyone's uid into it. On CloudBase the uid is the WeChat
 * OPENID, and a share card's path is visible to the whole group chat; `sharedBy` used to be that uid,
 * taken from the link at signup, so anyone could also credit anyone.
 *
 * Now a viewer's card carries their sharer token: the first 20 hex characters (80 bits) of the keyed
 * hash (HMAC-SHA256 under the master key, Crypto.hash) of `sharer|<uid>` — short, url-safe, not
 * reversible and not computable without the key. `sharers/<token>` = {uid} lets signup resolve it;
 * it is written once per uid per instance when a signed-in viewer opens an activity (an insert that
 * may find it there already), so reading a card costs no extra read.
 *
 * At signup the token is attribution only, never identity: one that does not resolve, or whose
 * record does not hash back to it, is ignored and the signup goes ahead unattributed (a worker who
 * opened a mangled link should not be refused a seat for it); so is one's own.
 */
import { DuplicateKeyError } from '../shared/docstore';
import type { Dependencies } from '../shared/ports';
import { ttlCache } from '../shared/cache';
import { SHARERS } from './model';

export interface SharerDoc {
  /** the token */
  _id: string;
  uid: string;
  createdAt: number;
}

const TOKEN = /^[0-9a-f]{20}$/;

export const sharerTokenOf = (deps: Pick<Dependencies, 'crypto'>, uid: string) => deps.crypto.hash(`sharer|${uid}`).slice(0, 20);

/** uids whose sharer record this instance has written (per store) */
const registered = ttlCache<true>(24 * 3600_000);

/** The viewer's token for their share card; makes sure it can be resolved. */
export async function sharerTokenFor(deps: Dependencies, uid: string): Promise<string> {
  const token = sharerTokenOf(deps, uid);
  await registered.get(deps, uid, async () => {
    try {
      await deps.store.insert<SharerDoc>(SHARERS, { _id: token, uid, createdAt: deps.clock.now() });
    } catch (e) {
      if (!(e instanceof DuplicateKeyError)) throw e;
    }
    return true as const;
  });
  return token;
}

/** The uid a card's token stands for, or null when it is not a token this service handed out. */
export async function resolveSharer(deps: Dependencies, token: string | null | undefined): Promise<string | null> {
  if (!token || !TOKEN.test(token)) return null;
  const doc = await deps.store.get<SharerDoc>(SHARERS, token);
  return doc && sharerTokenOf(deps, doc.uid) === token ? doc.uid : null;
}
