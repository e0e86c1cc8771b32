/** CloudBase entry of the `activity` function (bundled to build/functions/activity/index.js). */
import { cloudbaseMain } from '../_runtime/cloudbase';
import { activity } from './handlers';

export const main = cloudbaseMain(activity);
