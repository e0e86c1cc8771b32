/** The `founding` function: founding a union online (申请建会). Thin: contract → use case. */
import { defineFunction } from '../_runtime/define';
import { foundingContract } from '../../core/founding/contract';
import { apply, get, mine, withdraw } from '../../core/founding/apply';
import { decide, queue } from '../../core/founding/decide';
import { submitElection } from '../../core/founding/election';
import { escalateOverdue } from '../../core/founding/escalation';

export const founding = defineFunction('founding', foundingContract, {
  apply: ({ deps, caller }, input) => apply(deps, caller, input),
  mine: ({ deps, caller }) => mine(deps, caller),
  get: ({ deps, caller }, input) => get(deps, caller, input.foundingId),
  queue: ({ deps, caller }, input) => queue(deps, caller, input),
  decide: ({ deps, caller }, input) => decide(deps, caller, input),
  submitElection: ({ deps, caller }, input) => submitElection(deps, caller, input),
  withdraw: ({ deps, caller }, input) => withdraw(deps, caller, input.foundingId),
  escalateOverdue: ({ deps }) => escalateOverdue(deps),
});
