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

/** The subject of a valid, unexpired token, else null. */
export function verifyToken(crypto: Crypto, token: string, now: number): string | null {
  const [body, sig] = token.split('.');
  if (!body || !sig || !crypto.verify(`token|${body}`, sig)) return null;
  try {
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenPayload;
    return typeof payload.sub === 'string' && payload.exp > now ? payload.sub : null;
  } catch {
    return null;
  }
}
