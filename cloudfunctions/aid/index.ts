/** CloudBase entry of the `aid` function (bundled to build/functions/aid/index.js). */
import { cloudbaseMain } from '../_runtime/cloudbase';
import { aidManifest } from './manifest';

export const main = cloudbaseMain(aidManifest);
