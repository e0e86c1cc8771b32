/** The `founding` function: founding a union online (申请建会). Thin: contract → use case. */
import { defineFunction } from '../_runtime/define';
import { foundingContract } from '../../core/founding/contract';
import * as uc from '../../core/founding/usecases';

export const founding = defineFunction('founding', foundingContract, {
  apply: ({ deps, caller }, input) => uc.apply(deps, caller, input),
  mine: ({ deps, caller }) => uc.mine(deps, caller),
  get: ({ deps, caller }, input) => uc.get(deps, caller, input.foundingId),
  queue: ({ deps, caller }, input) => uc.queue(deps, caller, input),
  decide: ({ deps, caller }, input) => uc.decide(deps, caller, input),
  submitElection: ({ deps, caller }, input) => uc.submitElection(deps, caller, input),
  withdraw: ({ deps, caller }, input) => uc.withdraw(deps, caller, input.foundingId),
  escalateOverdue: ({ deps }) => uc.escalateOverdue(deps),
});
