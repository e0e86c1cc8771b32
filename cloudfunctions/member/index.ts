/** CloudBase entry of the `member` function (bundled to build/functions/member/index.js). */
import { cloudbaseMain } from '../_runtime/cloudbase';
import { member } from './handlers';

export const main = cloudbaseMain(member);
