/** The `activity` function: activities, training and bookings on one seat engine. */
import { defineFunction } from '../_runtime/define';
import { activityContract } from '../../core/activity/contract';
import * as uc from '../../core/activity/usecases';

export const activity = defineFunction('activity', activityContract, {
  health: async () => ({ up: true as const }),
  publish: ({ deps, caller }, input) => uc.publish(deps, caller, input),
  list: ({ deps }, input) => uc.list(deps, input),
  get: ({ deps, caller }, input) => uc.get(deps, caller, input),
  signup: ({ deps, caller }, input) => uc.signup(deps, caller, input),
  cancel: ({ deps, caller }, input) => uc.cancel(deps, caller, input),
  mySignups: ({ deps, caller }) => uc.mySignups(deps, caller),
  roster: ({ deps, caller }, input) => uc.roster(deps, caller, input),
  close: ({ deps, caller }, input) => uc.closeActivity(deps, caller, input),
  cancelActivity: ({ deps, caller }, input) => uc.cancelActivity(deps, caller, input),
  reconcile: ({ deps }, input) => uc.reconcile(deps, input),
});
