/** The `org` function: the org tree, staff and grants, “六有”, uploaded files. */
import { defineManifest } from '../_runtime/manifest';
import { ORG_COLLECTIONS } from '../../core/org/model';
import { SIX_COLLECTIONS } from '../../core/org/six';
import { MASTER_KEY_ENV } from '../_runtime/env';
import { org } from './handlers';

export const orgManifest = defineManifest({
  name: 'org',
  summary: '组织树、工作人员与授权、“六有”评估、附件',
  fn: org,
  collections: [...ORG_COLLECTIONS, ...SIX_COLLECTIONS],
  jobs: [{ action: 'sweepUploads', everyMinutes: 60, summary: 'uploads still unattached 24 hours after upload are deleted (record, then bytes)' }],
  env: [MASTER_KEY_ENV],
});
