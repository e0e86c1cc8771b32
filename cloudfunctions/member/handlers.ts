/** The `member` function: joining, the officer queue, the member card. Thin: contract → use case. */
import { qrDataUrl } from '../_runtime/lazy';
import { defineFunction } from '../_runtime/define';
import { memberContract } from '../../core/member/contract';
import * as uc from '../../core/member/usecases';

export const member = defineFunction('member', memberContract, {
  submitApplication: ({ deps, caller }, input) => uc.submitApplication(deps, caller, input),
  resubmitApplication: ({ deps, caller }, input) => uc.resubmitApplication(deps, caller, input),
  withdrawApplication: ({ deps, caller }, input) => uc.withdrawApplication(deps, caller, input),
  myStatus: ({ deps, caller }) => uc.myStatus(deps, caller),
  myCard: async ({ deps, caller }) => {
    const card = await uc.myCard(deps, caller);
    return { ...card, qrDataUrl: await qrDataUrl(card.code, { errorCorrectionLevel: 'M', margin: 1, width: 280 }) };
  },
  listQueue: ({ deps, caller }, input) => uc.listQueue(deps, caller, input),
  getApplication: ({ deps, caller }, input) => uc.getApplication(deps, caller, input),
  decide: ({ deps, caller }, input) => uc.decide(deps, caller, input),
  verifyCard: ({ deps }, input) => uc.verifyCard(deps, input),
  escalateOverdue: ({ deps }) => uc.escalateOverdue(deps),
});
