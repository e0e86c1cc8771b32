/** Placeholder: replaced by its owner (core/aid/PLAN.md). */
import { AppError } from '../shared/errors';
const notYet = async (..._args: unknown[]): Promise<never> => {
  throw new AppError('INTERNAL', '功能建设中');
};
export const decide = notYet;
export const queue = notYet;
