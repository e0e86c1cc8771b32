import { randomBytes } from 'node:crypto';
import { createCrypto } from '../adapters/crypto';
import { issueToken, verifyToken } from './tokens';

const crypto = createCrypto(randomBytes(32));

it('accepts a valid token, again from memory, and stops at its expiry even when remembered', () => {
  const token = issueToken(crypto, 'dev_member', 1_000, 60_000);
  expect(verifyToken(crypto, token, 2_000)).toBe('dev_member');
  expect(verifyToken(crypto, token, 3_000)).toBe('dev_member');
  expect(verifyToken(crypto, token, 61_001)).toBeNull();
});

it('refuses forged, tampered and foreign tokens', () => {
  const token = issueToken(crypto, 'dev_member', 1_000);
  const [body, sig] = token.split('.');
  const other = Buffer.from(JSON.stringify({ sub: 'dev_admin', exp: 9e15 })).toString('base64url');
  expect(verifyToken(crypto, `${other}.${sig}`, 2_000)).toBeNull();
  expect(verifyToken(crypto, `${body}.${sig.slice(0, -2)}xx`, 2_000)).toBeNull();
  expect(verifyToken(createCrypto(randomBytes(32)), token, 2_000)).toBeNull();
  expect(verifyToken(crypto, 'garbage', 2_000)).toBeNull();
});

it('accepts one spelling per token: extra segments, padding, stray characters and non-canonical bits are refused', () => {
  const token = issueToken(crypto, 'dev_member', 1_000);
  const [body, sig] = token.split('.');
  expect(sig).toHaveLength(24);
  for (const variant of [`${token}.extra`, `${token}!!`, `${token}==`, `${body}=.${sig}`, ` ${token}`, `${token}\n`, `${body}..${sig}`]) {
    expect(verifyToken(crypto, variant, 2_000)).toBeNull();
  }
  // the same bytes under a different last character (base64url ignores the low bits of a final partial group)
  const last = body[body.length - 1];
  const alias = body.slice(0, -1) + (last === 'A' ? 'B' : String.fromCharCode(last.charCodeAt(0) ^ 1));
  if (Buffer.from(alias, 'base64url').equals(Buffer.from(body, 'base64url'))) expect(verifyToken(crypto, `${alias}.${sig}`, 2_000)).toBeNull();
  expect(verifyToken(crypto, token, 2_000)).toBe('dev_member');
});
