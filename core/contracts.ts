/**
 * Every cloud function and its action contracts. The mini-program imports this file for types only
 * (`import type`), so no zod reaches the client bundle; the runtime, the gateway and the API
 * reference generator import it for the schemas.
 */
import { memberContract } from './member/contract';
import { orgContract } from './org/contract';
import { activityContract } from './activity/contract';
import { foundingContract } from './founding/contract';
import { transferContract } from './transfer/contract';
import { notifyContract } from './notify/contract';
import { aidContract } from './aid/contract';
import { scholarshipContract } from './scholarship/contract';
import { caseContract } from './case/contract';

export const contracts = {
  member: memberContract,
  org: orgContract,
  activity: activityContract,
  founding: foundingContract,
  transfer: transferContract,
  notify: notifyContract,
  aid: aidContract,
  scholarship: scholarshipContract,
  case: caseContract,
};

export type Contracts = typeof contracts;
export type FunctionName = keyof Contracts;
