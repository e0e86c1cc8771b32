/** The `transfer` function: membership transfer (会员组织关系接转). Thin: contract → use case. */
import { qrDataUrl } from '../_runtime/lazy';
import { defineFunction } from '../_runtime/define';
import { transferContract } from '../../core/transfer/contract';
import { start, startForMember } from '../../core/transfer/start';
import { accept, cancel, refuse, release } from '../../core/transfer/closing';
import { get, lookup, mine, queue } from '../../core/transfer/queue';
import { repair } from '../../core/transfer/repair';

export const transfer = defineFunction('transfer', transferContract, {
  start: ({ deps, caller }, input) => start(deps, caller, input),
  startForMember: ({ deps, caller }, input) => startForMember(deps, caller, input),
  mine: async ({ deps, caller }) => ({
    items: await Promise.all(
      (await mine(deps, caller)).map(async ({ view, voucher }) => ({
        ...view,
        voucher: voucher && { ...voucher, qrDataUrl: await qrDataUrl(voucher.qrPayload, { errorCorrectionLevel: 'M', margin: 1, width: 280 }) },
      })),
    ),
  }),
  cancel: ({ deps, caller }, input) => cancel(deps, caller, input.transferId),
  release: ({ deps, caller }, input) => release(deps, caller, input.transferId),
  accept: ({ deps, caller }, input) => accept(deps, caller, input.transferId),
  refuse: ({ deps, caller }, input) => refuse(deps, caller, input),
  queue: ({ deps, caller }, input) => queue(deps, caller, input),
  get: ({ deps, caller }, input) => get(deps, caller, input.transferId),
  lookup: ({ deps, caller }, input) => lookup(deps, caller, input.code),
  repair: ({ deps }) => repair(deps),
});
