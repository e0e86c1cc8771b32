/** CloudBase entry of the `founding` function (bundled to build/functions/founding/index.js). */
import { cloudbaseMain } from '../_runtime/cloudbase';
import { founding } from './handlers';

export const main = cloudbaseMain(founding);
