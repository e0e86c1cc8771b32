/** The `case` function: rights cases. Thin: contract → use case. */
import { defineFunction } from '../_runtime/define';
import { caseContract } from '../../core/case/contract';
import { getRules, setRules } from '../../core/case/rules-store';
import { catalogue, submit } from '../../core/case/intake';
import { join, sharePreview } from '../../core/case/collective';
import { getRota, setRota } from '../../core/case/rota';
import { addEntry, ask, assign, assignees, classify, decline, resolve, returnAssignment, sign, transfer } from '../../core/case/handling';
import { callback, qualityCheck, rate, reply, withdraw } from '../../core/case/callback';
import { escalateOverdue } from '../../core/case/escalation';
import { appointLawyer, legalAidDecide, legalAidReport } from '../../core/case/legal-aid';
import { bookings, fromBooking } from '../../core/case/booking';
import { getCase, myCases } from '../../core/case/views';
import { queue } from '../../core/case/queue';
import { stats } from '../../core/case/stats';
import { caseFile } from '../../core/case/files';

export const cases = defineFunction('case', caseContract, {
  catalogue: ({ deps, caller }, input) => catalogue(deps, caller, input),
  submit: ({ deps, caller }, input) => submit(deps, caller, input),
  myCases: ({ deps, caller }) => myCases(deps, caller),
  getCase: ({ deps, caller }, input) => getCase(deps, caller, input),
  file: ({ deps, caller }, input) => caseFile(deps, caller, input),
  reply: ({ deps, caller }, input) => reply(deps, caller, input),
  rate: ({ deps, caller }, input) => rate(deps, caller, input),
  withdraw: ({ deps, caller }, input) => withdraw(deps, caller, input),
  sharePreview: ({ deps, caller }, input) => sharePreview(deps, caller, input),
  join: ({ deps, caller }, input) => join(deps, caller, input),
  queue: ({ deps, caller }, input) => queue(deps, caller, input),
  assignees: ({ deps, caller }, input) => assignees(deps, caller, input),
  assign: ({ deps, caller }, input) => assign(deps, caller, input),
  sign: ({ deps, caller }, input) => sign(deps, caller, input),
  returnAssignment: ({ deps, caller }, input) => returnAssignment(deps, caller, input),
  transfer: ({ deps, caller }, input) => transfer(deps, caller, input),
  decline: ({ deps, caller }, input) => decline(deps, caller, input),
  classify: ({ deps, caller }, input) => classify(deps, caller, input),
  addEntry: ({ deps, caller }, input) => addEntry(deps, caller, input),
  ask: ({ deps, caller }, input) => ask(deps, caller, input),
  resolve: ({ deps, caller }, input) => resolve(deps, caller, input),
  callback: ({ deps, caller }, input) => callback(deps, caller, input),
  qualityCheck: ({ deps, caller }, input) => qualityCheck(deps, caller, input),
  legalAidDecide: ({ deps, caller }, input) => legalAidDecide(deps, caller, input),
  appointLawyer: ({ deps, caller }, input) => appointLawyer(deps, caller, input),
  legalAidReport: ({ deps, caller }, input) => legalAidReport(deps, caller, input),
  fromBooking: ({ deps, caller }, input) => fromBooking(deps, caller, input),
  bookings: ({ deps, caller }) => bookings(deps, caller),
  stats: ({ deps, caller }, input) => stats(deps, caller, input),
  getRules: ({ deps, caller }, input) => getRules(deps, caller, input),
  setRules: ({ deps, caller }, input) => setRules(deps, caller, input),
  getRota: ({ deps, caller }, input) => getRota(deps, caller, input),
  setRota: ({ deps, caller }, input) => setRota(deps, caller, input),
  escalateOverdue: ({ deps }) => escalateOverdue(deps),
});
