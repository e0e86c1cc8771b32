/** CloudBase entry of the `activity` function (bundled to build/functions/activity/index.js). */
import { cloudbaseMain } from '../_runtime/cloudbase';
import { activityManifest } from './manifest';

export const main = cloudbaseMain(activityManifest);

/** The manifest as bundled: scripts/build-functions.test.ts runs actions through the built file with test dependencies. */
export { activityManifest };
