/** The `member` function: joining (个人入会), the join queue and the member card. */
import { defineManifest } from '../_runtime/manifest';
import { MEMBER_COLLECTIONS } from '../../core/member/model';
import { MASTER_KEY_ENV } from '../_runtime/env';
import { member } from './handlers';

export const memberManifest = defineManifest({
  name: 'member',
  summary: '个人入会、入会审核队列、电子会员卡',
  fn: member,
  collections: MEMBER_COLLECTIONS,
  jobs: [{ action: 'escalateOverdue', everyMinutes: 30, summary: 'join applications past their SLA escalate to the parent federation' }],
  env: [
    MASTER_KEY_ENV,
    { name: 'JOIN_SLA_WORKING_DAYS', value: '3', summary: 'working days before a join application is overdue and escalates' },
    { name: 'CARD_QR_TTL_SECONDS', value: '60', summary: 'lifetime of a member-card QR' },
  ],
});
