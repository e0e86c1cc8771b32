/** Placeholder: replaced by its owner (core/aid/PLAN.md). */
import { AppError } from '../shared/errors';
const notYet = async (..._args: unknown[]): Promise<never> => {
  throw new AppError('INTERNAL', '功能建设中');
};
export const listFiles = notYet;
export const reverifyFile = notYet;
export const closeFile = notYet;
export const remindReverify = notYet;
