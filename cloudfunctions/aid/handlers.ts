/** The `aid` function: hardship aid (困难职工帮扶). Thin: contract → use case. */
import { defineFunction } from '../_runtime/define';
import { aidContract } from '../../core/aid/contract';
import { getRules, setRules } from '../../core/aid/rules-store';
import { selfTest } from '../../core/aid/selftest';
import { budgets, reconcile, setBudget } from '../../core/aid/funding';
import { myFile, saveFile } from '../../core/aid/file';
import { closeFile, listFiles, remindReverify, reverifyFile } from '../../core/aid/file-care';
import { getApplication, myApplications, saveApplication, submitApplication, withdrawApplication } from '../../core/aid/apply';
import { decide, queue } from '../../core/aid/review';
import { escalateOverdue } from '../../core/aid/escalation';
import { closeNotices, getNotice, noticeBoard, notices, publishNotice } from '../../core/aid/notice';
import { myObjections, object, ruleObjection } from '../../core/aid/objection';
import { exportPayments, paymentRoster, recordPayment } from '../../core/aid/payment';

export const aid = defineFunction('aid', aidContract, {
  selfTest: ({ deps, caller }, input) => selfTest(deps, caller, input),
  myFile: ({ deps, caller }) => myFile(deps, caller),
  saveFile: ({ deps, caller }, input) => saveFile(deps, caller, input),
  saveApplication: ({ deps, caller }, input) => saveApplication(deps, caller, input),
  submitApplication: ({ deps, caller }, input) => submitApplication(deps, caller, input),
  withdrawApplication: ({ deps, caller }, input) => withdrawApplication(deps, caller, input),
  myApplications: ({ deps, caller }) => myApplications(deps, caller),
  getApplication: ({ deps, caller }, input) => getApplication(deps, caller, input),
  notices: ({ deps, caller }, input) => notices(deps, caller, input),
  getNotice: ({ deps, caller }, input) => getNotice(deps, caller, input),
  object: ({ deps, caller }, input) => object(deps, caller, input),
  myObjections: ({ deps, caller }) => myObjections(deps, caller),
  queue: ({ deps, caller }, input) => queue(deps, caller, input),
  decide: ({ deps, caller }, input) => decide(deps, caller, input),
  getRules: ({ deps, caller }, input) => getRules(deps, caller, input),
  setRules: ({ deps, caller }, input) => setRules(deps, caller, input),
  budgets: ({ deps, caller }, input) => budgets(deps, caller, input),
  setBudget: ({ deps, caller }, input) => setBudget(deps, caller, input),
  publishNotice: ({ deps, caller }, input) => publishNotice(deps, caller, input),
  noticeBoard: ({ deps, caller }, input) => noticeBoard(deps, caller, input),
  ruleObjection: ({ deps, caller }, input) => ruleObjection(deps, caller, input),
  files: ({ deps, caller }, input) => listFiles(deps, caller, input),
  reverifyFile: ({ deps, caller }, input) => reverifyFile(deps, caller, input),
  closeFile: ({ deps, caller }, input) => closeFile(deps, caller, input),
  paymentRoster: ({ deps, caller }, input) => paymentRoster(deps, caller, input),
  exportPayments: ({ deps, caller }, input) => exportPayments(deps, caller, input),
  recordPayment: ({ deps, caller }, input) => recordPayment(deps, caller, input),
  escalateOverdue: ({ deps }) => escalateOverdue(deps),
  closeNotices: ({ deps }) => closeNotices(deps),
  remindReverify: ({ deps }) => remindReverify(deps),
  reconcile: ({ deps }) => reconcile(deps),
});
