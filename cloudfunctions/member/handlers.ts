/** The `member` function: joining, the officer queue, the member card. Thin: contract → use case. */
import { qrDataUrl } from '../_runtime/lazy';
import { defineFunction } from '../_runtime/define';
import { memberContract } from '../../core/member/contract';
import { myStatus, resubmitApplication, submitApplication, withdrawApplication } from '../../core/member/joining';
import { myCard, verifyCard } from '../../core/member/card';
import { getApplication, listQueue } from '../../core/member/queue';
import { decide } from '../../core/member/decide';
import { escalateOverdue } from '../../core/member/escalation';

export const member = defineFunction('member', memberContract, {
  submitApplication: ({ deps, caller }, input) => submitApplication(deps, caller, input),
  resubmitApplication: ({ deps, caller }, input) => resubmitApplication(deps, caller, input),
  withdrawApplication: ({ deps, caller }, input) => withdrawApplication(deps, caller, input),
  myStatus: ({ deps, caller }) => myStatus(deps, caller),
  myCard: async ({ deps, caller }) => {
    const card = await myCard(deps, caller);
    return { ...card, qrDataUrl: await qrDataUrl(card.code, { errorCorrectionLevel: 'M', margin: 1, width: 280 }) };
  },
  listQueue: ({ deps, caller }, input) => listQueue(deps, caller, input),
  getApplication: ({ deps, caller }, input) => getApplication(deps, caller, input),
  decide: ({ deps, caller }, input) => decide(deps, caller, input),
  verifyCard: ({ deps }, input) => verifyCard(deps, input),
  escalateOverdue: ({ deps }) => escalateOverdue(deps),
});
