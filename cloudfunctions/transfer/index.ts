/** CloudBase entry of the `transfer` function (bundled to build/functions/transfer/index.js). */
import { cloudbaseMain } from '../_runtime/cloudbase';
import { transferManifest } from './manifest';

export const main = cloudbaseMain(transferManifest);
