/** Every cloud function by name: the gateway routes `POST /api/<name>` through this map. */
import type { CloudFunction } from './_runtime/define';
import { activity } from './activity/handlers';
import { member } from './member/handlers';
import { org } from './org/handlers';
import { founding } from './founding/handlers';
import { transfer } from './transfer/handlers';

export const functions: Record<string, CloudFunction> = { member, org, activity, founding, transfer };
