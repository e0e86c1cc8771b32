/** Placeholder: replaced by its owner (core/aid/PLAN.md). */
import { AppError } from '../shared/errors';
const notYet = async (..._args: unknown[]): Promise<never> => {
  throw new AppError('INTERNAL', '功能建设中');
};
export const getApplication = notYet;
export const myApplications = notYet;
export const saveApplication = notYet;
export const submitApplication = notYet;
export const withdrawApplication = notYet;
