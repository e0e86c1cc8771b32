/** Placeholder of a use case still being written this session (core/case/PLAN.md); removed when the last one lands. */
import { AppError } from '../shared/errors';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const notYet = (name: string): any => {
  return async () => {
    throw new AppError('INTERNAL', `case.${name} is not built yet`);
  };
};
