/** CloudBase entry of the `org` function (bundled to build/functions/org/index.js). */
import { cloudbaseMain } from '../_runtime/cloudbase';
import { orgManifest } from './manifest';

export const main = cloudbaseMain(orgManifest);
