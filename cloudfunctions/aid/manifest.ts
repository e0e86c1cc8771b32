/** The `aid` function: 困难职工帮扶 from self-test to payment, with the public notice. */
import { defineManifest } from '../_runtime/manifest';
import { AID_COLLECTIONS } from '../../core/aid/model';
import { MASTER_KEY_ENV } from '../_runtime/env';
import { aid } from './handlers';

export const aidManifest = defineManifest({
  name: 'aid',
  summary: '困难职工帮扶：自测、建档、两级审核、公示与异议、发放名单',
  fn: aid,
  collections: AID_COLLECTIONS,
  jobs: [
    { action: 'escalateOverdue', everyMinutes: 30, summary: 'aid review steps past their due date escalate to the level above (never rejected)' },
    {
      action: 'closeNotices',
      everyMinutes: 60,
      summary: 'notices past their window are archived; entries with no upheld or pending objection are cleared for payment',
    },
    { action: 'reconcile', everyMinutes: 60, summary: 'funding-ledger entries of approvals cut off are released; budgets recomputed from the ledger' },
    { action: 'remindReverify', everyMinutes: 1440, summary: 'hardship files due for their yearly re-verification are reminded' },
  ],
  env: [MASTER_KEY_ENV],
  timeoutSeconds: 30,
});
