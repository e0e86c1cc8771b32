/** Environment variables every function shares. */
import type { EnvSpec } from './manifest';

export const MASTER_KEY_ENV: EnvSpec = {
  name: 'UNION_MASTER_KEY',
  summary: '32 bytes, base64: seals ID numbers and phones, keys the look-up hash, signs cards and tokens',
};
