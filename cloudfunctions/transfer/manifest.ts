/** The `transfer` function: 会员组织关系接转. */
import { defineManifest } from '../_runtime/manifest';
import { TRANSFER_COLLECTIONS } from '../../core/transfer/model';
import { MASTER_KEY_ENV } from '../_runtime/env';
import { transfer } from './handlers';

export const transferManifest = defineManifest({
  name: 'transfer',
  summary: '会员组织关系接转：转出、凭证、转入',
  fn: transfer,
  collections: TRANSFER_COLLECTIONS,
  jobs: [{ action: 'repair', everyMinutes: 5, summary: 'complete moves a killed process left half done' }],
  env: [MASTER_KEY_ENV, { name: 'TRANSFER_RELEASE_WORKING_DAYS', value: '3', summary: 'working days the old union has to release a transfer' }],
});
