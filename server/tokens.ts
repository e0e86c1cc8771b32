/** Gateway session tokens: `<base64url payload>.<signature>`, signed with the Crypto port. */
import type { Crypto } from '../core/shared/ports';

export interface TokenPayload {
  sub: string;
  exp: number;
}

export function issueToken(crypto: Crypto, sub: string, now: number, ttlMs = 7 * 24 * 3600_000): string {
  const body = Buffer.from(JSON.stringify({ sub, exp: now + ttlMs } satisfies TokenPayload)).toString('base64url');
  return `${body}.${crypto.sign(`token|${body}`)}`;
}

/**
 * Tokens already verified: the signature check (an HMAC) is paid once per token, not per request.
 * Only valid tokens are kept, with their expiry, so an entry can never outlive its token; bounded.
 */
const verified = new WeakMap<Crypto, Map<string, TokenPayload>>();
const MAX_VERIFIED = 100_000;

/** The subject of a valid, unexpired token, else null. */
export function verifyToken(crypto: Crypto, token: string, now: number): string | null {
  let seen = verified.get(crypto);
  if (!seen) verified.set(crypto, (seen = new Map()));
  const hit = seen.get(token);
  if (hit) return hit.exp > now ? hit.sub : null;
  const payload = checkToken(crypto, token);
  if (!payload) return null;
  if (seen.size >= MAX_VERIFIED) seen.clear();
  seen.set(token, payload);
  return payload.exp > now ? payload.sub : null;
}

/** One spelling per token: two unpadded base64url segments, each its own canonical encoding (no `=`, no extra segments, no stray bits). */
const TOKEN_SHAPE = /^([A-Za-z0-9_-]{1,4096})\.([A-Za-z0-9_-]{24})$/;
const canonical = (segment: string) => Buffer.from(segment, 'base64url').toString('base64url') === segment;

function checkToken(crypto: Crypto, token: string): TokenPayload | null {
  const m = TOKEN_SHAPE.exec(token);
  if (!m) return null;
  const [, body, sig] = m;
  if (!canonical(body) || !canonical(sig) || !crypto.verify(`token|${body}`, sig)) return null;
  try {
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenPayload;
    return typeof payload.sub === 'string' && typeof payload.exp === 'number' ? { sub: payload.sub, exp: payload.exp } : null;
  } catch {
    return null;
  }
}
