/** The `scholarship` function: 金秋助学 campaigns through their five stages. */
import { defineManifest } from '../_runtime/manifest';
import { SCHOLARSHIP_COLLECTIONS } from '../../core/scholarship/model';
import { MASTER_KEY_ENV } from '../_runtime/env';
import { scholarship } from './handlers';

export const scholarshipManifest = defineManifest({
  name: 'scholarship',
  summary: '金秋助学：摸底、方案、申报、审核公示发放、总结',
  fn: scholarship,
  collections: SCHOLARSHIP_COLLECTIONS,
  jobs: [],
  env: [MASTER_KEY_ENV],
});
