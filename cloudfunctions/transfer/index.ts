/** CloudBase entry of the `transfer` function (bundled to build/functions/transfer/index.js). */
import { cloudbaseMain } from '../_runtime/cloudbase';
import { transfer } from './handlers';

export const main = cloudbaseMain(transfer);
