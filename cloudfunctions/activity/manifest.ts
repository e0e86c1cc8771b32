/** The `activity` function: activities, training and booking slots on one seat engine. */
import { defineManifest } from '../_runtime/manifest';
import { ACTIVITY_COLLECTIONS } from '../../core/activity/model';
import { MASTER_KEY_ENV } from '../_runtime/env';
import { activity } from './handlers';

export const activityManifest = defineManifest({
  name: 'activity',
  summary: '活动、培训、服务预约：报名、候补、签到、名单',
  fn: activity,
  collections: ACTIVITY_COLLECTIONS,
  jobs: [
    {
      action: 'reconcile',
      everyMinutes: 5,
      summary: 'complete the signups, cancels, promotions and notices a killed request left half done; recount seats; promote waiters who fit',
    },
    { action: 'remindUpcoming', everyMinutes: 60, summary: 'remind confirmed participants of what starts within a day' },
  ],
  env: [MASTER_KEY_ENV, { name: 'PUBLIC_BASE_URL', summary: 'where the H5 app is served (poster QR codes point there)' }],
});
