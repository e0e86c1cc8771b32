/**
 * Crypto port on node:crypto. One 32-byte master key (env `UNION_MASTER_KEY`, base64; locally a
 * key generated into the data folder on first start) derives, by HKDF, separate keys for sealing
 * (AES-256-GCM), keyed hashing (HMAC-SHA256) and signing (HMAC-SHA256).
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Crypto } from '../core/shared/ports';

const derive = (master: Buffer, label: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), label, 32));

export function createCrypto(masterKey: Buffer): Crypto {
  if (masterKey.length !== 32) throw new Error('master key must be 32 bytes');
  const sealKey = derive(masterKey, 'seal');
  const hashKey = derive(masterKey, 'hash');
  const signKey = derive(masterKey, 'sign');
  const mac = (key: Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', sealKey, iv);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64url'), ct.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
    },
    open(sealed) {
      const [v, iv, ct, tag] = sealed.split('.');
      if (v !== 'v1' || !iv || ct === undefined || !tag) throw new Error('not a sealed value');
      const decipher = createDecipheriv('aes-256-gcm', sealKey, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
    },
    hash: (plain) => mac(hashKey, plain).toString('hex'),
    sign: (data) => mac(signKey, data).subarray(0, 18).toString('base64url'),
    verify(data, signature) {
      const expected = mac(signKey, data).subarray(0, 18);
      const given = Buffer.from(signature, 'base64url');
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
    randomId: (bytes = 12) => randomBytes(bytes).toString('base64url'),
  };
}

/** The master key from `UNION_MASTER_KEY`, else from `<dataDir>/master.key` (created when missing). */
export function loadMasterKey(dataDir?: string): Buffer {
  const fromEnv = process.env.UNION_MASTER_KEY;
  if (fromEnv) {
    const key = Buffer.from(fromEnv, 'base64');
    if (key.length !== 32) throw new Error('UNION_MASTER_KEY must be 32 bytes, base64-encoded');
    return key;
  }
  if (!dataDir) throw new Error('UNION_MASTER_KEY is not set');
  const file = join(dataDir, 'master.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}
