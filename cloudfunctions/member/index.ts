/** CloudBase entry of the `member` function (bundled to build/functions/member/index.js). */
import { cloudbaseMain } from '../_runtime/cloudbase';
import { memberManifest } from './manifest';

export const main = cloudbaseMain(memberManifest);
