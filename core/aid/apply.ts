/**
 * The worker's side of an aid application: drafts saved as they go (idempotent per request key,
 * one open application per kind and year), submitting once the hardship file is complete for the
 * kind and the household meets a tier, resubmitting after a return, withdrawing before the
 * federation holds it, and reading their own applications with the steps.
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { Caller, SignedInCaller } from '../shared/caller';
import { AppError, conflict, type ErrorIssue } from '../shared/errors';
import { DuplicateKeyError } from '../shared/docstore';
import { shanghaiYear } from '../shared/time';
import { attachFiles, getOrg } from '../org';
import { findMember, type MemberDoc } from '../member';
import type { aidContract } from './contract';
import type { ApplicationView } from './schemas';
import { AID_APPLICATIONS, type AidApplicationDoc, type AidAttachment } from './model';
import { AID_CLOSED_STATUSES, AID_KIND_LABEL } from './machine';
import { assertCanSee, transition } from './step';
import { requireRulesFor } from './rules-store';
import { assessTier } from './selftest';
import { fileFacts, fileMissing, loadFileOf } from './file';
import { applicationGaps, loadApplication, rulesOfApplication, toApplicationView } from './views';
import type { AidRules } from './rules';
import { actorOf, notifyAfter, orgNamer } from './review';
import { isScholarship } from './programme';

type In<K extends keyof typeof aidContract> = z.output<(typeof aidContract)[K]['input']>;

const notMine = () => new AppError('NOT_FOUND', '帮扶申请不存在或已被删除');

async function memberOf(deps: Dependencies, uid: string): Promise<MemberDoc> {
  const m = await findMember(deps, uid);
  if (!m) throw new AppError('FORBIDDEN', '困难职工帮扶面向工会会员，请先申请入会');
  return m;
}

/** The caller's own application, NOT_FOUND otherwise (nobody learns another's exists). */
async function loadMine(deps: Dependencies, caller: SignedInCaller, id: string): Promise<AidApplicationDoc> {
  const d = await deps.store.get<AidApplicationDoc>(AID_APPLICATIONS, id);
  if (!d || d.uid !== caller.uid) throw notMine();
  return d;
}

/** The form's fields as stored. */
function fieldsOf(input: In<'saveApplication'>, attachments: AidAttachment[]) {
  return {
    reason: input.reason,
    requestedAmount: input.requestedAmount,
    outOfPocket: input.kind === 'medical' ? input.outOfPocket : null,
    student: input.kind === 'study' ? input.student : null,
    attachments,
  };
}

export async function saveApplication(deps: Dependencies, caller: SignedInCaller, input: In<'saveApplication'>): Promise<ApplicationView> {
  const member = await memberOf(deps, caller.uid);
  if (input.applicationId) {
    const d = await loadMine(deps, caller, input.applicationId);
    if (d.status !== 'draft' && d.status !== 'returned')
      throw new AppError('ILLEGAL_TRANSITION', `该申请已${d.status === 'withdrawn' ? '撤回' : '提交'}，不能再修改`);
    if (d.kind !== input.kind && d.status !== 'draft')
      throw new AppError('VALIDATION', '退回补正的申请不能更改帮扶类别', [{ path: ['kind'], message: '不能更改帮扶类别' }]);
    if (input.version !== null && input.version !== d.version) throw conflict('该申请已在别处修改，请刷新后再改', { applicationId: d._id });
    const attachments = await attached(deps, caller, d._id, member.orgId, input.attachments);
    const set = { kind: input.kind, ...fieldsOf(input, attachments), updatedAt: deps.clock.now(), version: d.version + 1 };
    if (!(await deps.store.update(AID_APPLICATIONS, d._id, { set }, { version: d.version, status: d.status }))) {
      throw conflict('该申请已在别处修改，请刷新后再改', { applicationId: d._id });
    }
    return toApplicationView(deps, { ...d, ...set }, caller);
  }

  const id = `aa_${deps.crypto.hash(`aid|${caller.uid}|${input.idempotencyKey}`).slice(0, 24)}`;
  const again = await deps.store.get<AidApplicationDoc>(AID_APPLICATIONS, id);
  if (again) return toApplicationView(deps, again, caller); // a retry of the same save
  const now = deps.clock.now();
  const year = shanghaiYear(now);
  // One open application per kind and year keeps the worker's list readable; it is a guard, not the
  // money's guarantee: the funding ledger's natural key refuses a second grant for the same need.
  const mine = await deps.store.query<AidApplicationDoc>(AID_APPLICATIONS, { where: { uid: caller.uid }, orderBy: [['updatedAt', 'desc']], limit: 100 });
  // (the campaign's own applications are not the worker's to edit here: the ledger decides 助学 against them)
  const open = mine.items.find((a) => !isScholarship(a) && a.kind === input.kind && a.year === year && !AID_CLOSED_STATUSES.includes(a.status));
  if (open) {
    throw new AppError('CONFLICT', `您今年已有一份${AID_KIND_LABEL[input.kind]}申请正在办理，请在原申请中修改或补正`, undefined, { applicationId: open._id });
  }
  const org = await getOrg(deps, member.orgId);
  const attachments = await attached(deps, caller, id, member.orgId, input.attachments);
  const doc: AidApplicationDoc = {
    _id: id,
    uid: caller.uid,
    // the file's key is the applicant's ID hash, so a draft can name it before the file exists
    fileId: `af_${member.idHash}`,
    kind: input.kind,
    status: 'draft',
    owner: 'worker',
    ownerOrgId: null,
    ownerOrgName: null,
    name: member.name,
    idHash: member.idHash,
    orgId: org._id,
    orgName: org.name,
    federationId: member.federationId ?? org._id,
    cityId: member.cityId,
    scope: [...org.ancestors, org._id],
    year,
    ...fieldsOf(input, attachments),
    tier: null,
    amount: null,
    missing: [],
    ledgerId: null,
    budgetId: null,
    noticeId: null,
    payment: null,
    stepStartedAt: now,
    dueAt: null,
    escalated: false,
    submittedAt: null,
    closedAt: null,
    updatedAt: now,
    version: 1,
    history: [],
  };
  try {
    await deps.store.insert(AID_APPLICATIONS, doc);
  } catch (e) {
    if (!(e instanceof DuplicateKeyError)) throw e;
    return toApplicationView(deps, await loadApplication(deps, id), caller); // the same save, twice at once
  }
  return toApplicationView(deps, doc, caller);
}

/** The application's own attachments: files the caller uploaded (or already on it), attached to it. */
async function attached(
  deps: Dependencies,
  caller: Caller,
  applicationId: string,
  orgId: string,
  list: In<'saveApplication'>['attachments'],
): Promise<AidAttachment[]> {
  if (!list.length) return [];
  const refs = await attachFiles(
    deps,
    caller,
    list.map((a) => a.fileId),
    { ownerId: applicationId, orgId },
  );
  return list.map((a, i) => ({ kind: a.kind, fileId: refs[i].id }));
}

export async function submitApplication(deps: Dependencies, caller: SignedInCaller, input: In<'submitApplication'>): Promise<ApplicationView> {
  const d = await loadMine(deps, caller, input.applicationId);
  if (d.version !== input.version) throw conflict('该申请已在别处修改，请刷新后再提交', { applicationId: d._id });
  const event = d.status === 'returned' ? 'resubmit' : 'submit';
  if (d.status !== 'draft' && d.status !== 'returned') {
    throw new AppError('ILLEGAL_TRANSITION', `该申请当前为“${d.status === 'withdrawn' ? '已撤回' : '已提交'}”，不能再次提交`, undefined, {
      from: d.status,
      event,
    });
  }
  const file = await loadFileOf(deps, caller.uid);
  if (!file || file._id !== d.fileId)
    throw new AppError('VALIDATION', '请先填写困难职工档案，再提交帮扶申请', [{ path: ['file'], message: '尚未建立困难职工档案' }]);
  // a document the kind needs may come with the application instead of the file (this year's bills)
  const fileGaps = fileMissing(file, d.kind, d.attachments);
  const issues: ErrorIssue[] = [...fileGaps.map((m) => ({ path: ['file', m.field], message: m.message })), ...applicationGaps(d, file)];
  if (issues.length) throw new AppError('VALIDATION', `还差${issues.length}项才能提交：${issues.map((i) => i.message).join('；')}`, issues);

  const org = await getOrg(deps, d.orgId);
  const { rules } = await requireRulesFor(deps, org, d.year);
  const assessed = assessTier(rules, fileFacts(file, d.outOfPocket ?? 0));
  if (!assessed.eligible || !assessed.tier) {
    throw new AppError(
      'VALIDATION',
      `按本地帮扶政策，暂不符合困难职工认定条件：${assessed.reasons.join('；')}`,
      [{ path: ['file'], message: assessed.reasons.join('；') }],
      {
        reasons: assessed.reasons,
      },
    );
  }
  const now = deps.clock.now();
  const after = await transition(deps, d, event, actorOf(caller.uid, d.name), null, {
    rules,
    ownerOrgName: orgNamer(deps),
    extra: { tier: assessed.tier, missing: [], submittedAt: d.submittedAt ?? now },
  });
  await notifyAfter(deps, after, event);
  return toApplicationView(deps, after, caller);
}

export async function withdrawApplication(deps: Dependencies, caller: SignedInCaller, input: In<'withdrawApplication'>): Promise<ApplicationView> {
  const d = await loadMine(deps, caller, input.applicationId);
  // a withdrawn application has no clock, so no step's working days are read: a draft made before
  // this year's rules were published can still be withdrawn
  const rules = (await rulesOfApplication(deps, d)) ?? { stepWorkingDays: {} as AidRules['stepWorkingDays'] };
  const after = await transition(deps, d, 'withdraw', actorOf(caller.uid, d.name), null, { rules, ownerOrgName: orgNamer(deps) });
  await notifyAfter(deps, after, 'withdraw', d.ownerOrgId);
  return toApplicationView(deps, after, caller);
}

export async function myApplications(deps: Dependencies, caller: SignedInCaller): Promise<{ items: ApplicationView[] }> {
  const page = await deps.store.query<AidApplicationDoc>(AID_APPLICATIONS, { where: { uid: caller.uid }, orderBy: [['updatedAt', 'desc']], limit: 50 });
  return { items: await Promise.all(page.items.map((d) => toApplicationView(deps, d, caller))) };
}

export async function getApplication(deps: Dependencies, caller: Caller, input: In<'getApplication'>): Promise<ApplicationView> {
  const d = await loadApplication(deps, input.applicationId);
  assertCanSee(caller, d);
  return toApplicationView(deps, d, caller);
}
