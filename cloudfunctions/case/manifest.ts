/** The `case` function: rights cases (投诉建议 / 维权 / 法律援助) from the worker's report to 结案. */
import { defineManifest } from '../_runtime/manifest';
import { CASE_COLLECTIONS } from '../../core/case/model';
import { MASTER_KEY_ENV } from '../_runtime/env';
import { cases } from './handlers';

export const caseManifest = defineManifest({
  name: 'case',
  summary: '投诉建议与维权：受理、分派、签收、办理、办结、回访、质检、结案；集体欠薪与法律援助',
  fn: cases,
  collections: CASE_COLLECTIONS,
  jobs: [{ action: 'escalateOverdue', everyMinutes: 30, summary: 'case steps past their due time escalate to the level above (flagged red, never closed)' }],
  env: [MASTER_KEY_ENV],
  timeoutSeconds: 30,
});
