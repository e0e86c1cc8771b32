/** CloudBase entry of the `case` function (bundled to build/functions/case/index.js). */
import { cloudbaseMain } from '../_runtime/cloudbase';
import { caseManifest } from './manifest';

export const main = cloudbaseMain(caseManifest);
