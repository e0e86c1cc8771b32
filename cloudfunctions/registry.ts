/**
 * Every cloud function, by its manifest. The gateway routes `POST /api/<name>` through `functions`;
 * the collections list, `cloudbaserc.json`, the local scheduler, the deploy script and the docs are
 * derived from `MANIFESTS` (cloudfunctions/manifests.test.ts checks they agree).
 */
import type { CloudFunction } from './_runtime/define';
import type { FunctionManifest } from './_runtime/manifest';
import { memberManifest } from './member/manifest';
import { orgManifest } from './org/manifest';
import { activityManifest } from './activity/manifest';
import { foundingManifest } from './founding/manifest';
import { transferManifest } from './transfer/manifest';
import { notifyManifest } from './notify/manifest';
import { aidManifest } from './aid/manifest';
import { scholarshipManifest } from './scholarship/manifest';
import { caseManifest } from './case/manifest';

export const MANIFESTS: FunctionManifest[] = [
  memberManifest,
  orgManifest,
  activityManifest,
  foundingManifest,
  transferManifest,
  notifyManifest,
  aidManifest,
  scholarshipManifest,
  caseManifest,
];

/** Function by name, with no prototype: `__proto__` or `constructor` is not a function name. */
export const functions: Record<string, CloudFunction> = Object.assign(
  Object.create(null) as Record<string, CloudFunction>,
  Object.fromEntries(MANIFESTS.map((m) => [m.name, m.fn])),
);
