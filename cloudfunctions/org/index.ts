/** CloudBase entry of the `org` function (bundled to build/functions/org/index.js). */
import { cloudbaseMain } from '../_runtime/cloudbase';
import { org } from './handlers';

export const main = cloudbaseMain(org);
