/** CloudBase entry of the `founding` function (bundled to build/functions/founding/index.js). */
import { cloudbaseMain } from '../_runtime/cloudbase';
import { foundingManifest } from './manifest';

export const main = cloudbaseMain(foundingManifest);
