/** CloudBase entry of the `scholarship` function (bundled to build/functions/scholarship/index.js). */
import { cloudbaseMain } from '../_runtime/cloudbase';
import { scholarshipManifest } from './manifest';

export const main = cloudbaseMain(scholarshipManifest);
