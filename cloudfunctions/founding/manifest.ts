/** The `founding` function: 申请建会 from application to an established union. */
import { defineManifest } from '../_runtime/manifest';
import { FOUNDING_COLLECTIONS } from '../../core/founding/model';
import { MASTER_KEY_ENV } from '../_runtime/env';
import { founding } from './handlers';

export const foundingManifest = defineManifest({
  name: 'founding',
  summary: '申请建会：审查、会员大会、批复成立',
  fn: founding,
  collections: FOUNDING_COLLECTIONS,
  jobs: [{ action: 'escalateOverdue', everyMinutes: 30, summary: 'founding steps past their due date escalate' }],
  env: [
    MASTER_KEY_ENV,
    { name: 'FOUNDING_REVIEW_WORKING_DAYS', value: '1', summary: 'working days for the federation review' },
    { name: 'FOUNDING_ELECTION_WORKING_DAYS', value: '3', summary: "working days for the members' meeting" },
    { name: 'FOUNDING_APPROVAL_WORKING_DAYS', value: '1', summary: 'working days for the final approval' },
  ],
});
