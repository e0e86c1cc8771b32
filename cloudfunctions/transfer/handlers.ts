/** The `transfer` function: membership transfer (会员组织关系接转). Thin: contract → use case. */
import { qrDataUrl } from '../_runtime/lazy';
import { defineFunction } from '../_runtime/define';
import { transferContract } from '../../core/transfer/contract';
import * as uc from '../../core/transfer/usecases';

export const transfer = defineFunction('transfer', transferContract, {
  start: ({ deps, caller }, input) => uc.start(deps, caller, input),
  startForMember: ({ deps, caller }, input) => uc.startForMember(deps, caller, input),
  mine: async ({ deps, caller }) => ({
    items: await Promise.all(
      (await uc.mine(deps, caller)).map(async ({ view, voucher }) => ({
        ...view,
        voucher: voucher && { ...voucher, qrDataUrl: await qrDataUrl(voucher.qrPayload, { errorCorrectionLevel: 'M', margin: 1, width: 280 }) },
      })),
    ),
  }),
  cancel: ({ deps, caller }, input) => uc.cancel(deps, caller, input.transferId),
  release: ({ deps, caller }, input) => uc.release(deps, caller, input.transferId),
  accept: ({ deps, caller }, input) => uc.accept(deps, caller, input.transferId),
  refuse: ({ deps, caller }, input) => uc.refuse(deps, caller, input),
  queue: ({ deps, caller }, input) => uc.queue(deps, caller, input),
  get: ({ deps, caller }, input) => uc.get(deps, caller, input.transferId),
  lookup: ({ deps, caller }, input) => uc.lookup(deps, caller, input.code),
  repair: ({ deps }) => uc.repair(deps),
});
