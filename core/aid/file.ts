/**
 * The hardship file (困难职工档案, 一户一档), one per applicant: `af_<hash of the member's ID number>`.
 * Every household member with an ID number holds a lock `ahp_<hash>` naming the file, so no person is
 * in two files. The worker saves as they go (drafts); what is missing before an application can go
 * in is `fileMissing`. ID numbers and the bank account are sealed at rest; the applicant's own row
 * takes the membership's ID, never re-entered. Household data and sensitive data (health, bank
 * account, medical papers) are stored only after their separate consent (PIPL Art. 28).
 */
import dayjs from 'dayjs';
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { SignedInCaller } from '../shared/caller';
import { AppError, conflict, notFound, type ErrorIssue } from '../shared/errors';
import { DuplicateKeyError } from '../shared/docstore';
import { TZ, shanghaiYear } from '../shared/time';
import { findMember, type MemberDoc } from '../member';
import { attachFiles, getOrg, type Org } from '../org';
import { AID_FILES, AID_HOUSEHOLD_LOCKS, type AidAttachment, type AidFileDoc, type HouseholdLockDoc, type HouseholdMember } from './model';
import { ATTACHMENT_LABEL, FILE_ATTACHMENTS, KIND_ATTACHMENTS, nextFileStatus, type AidKind, type AidTier, type AttachmentKind } from './machine';
import type { FileForm, FileView } from './schemas';
import type { TierFacts } from './selftest';
import type { Actor } from './step';
import { requireRulesFor } from './rules-store';
import { toFileView } from './file-view';

export { toFileView };

/** From this age a household member must have their ID number on file (a resident ID card is issued at 16). */
export const ID_REQUIRED_FROM_AGE = 16;

export interface Missing {
  field: string;
  message: string;
}

type FileParts = Pick<AidFileDoc, 'household' | 'yearlyIncome' | 'rigidCosts' | 'causes' | 'bank' | 'consent' | 'attachments' | 'updatedAt'>;

/**
 * What the file still lacks before an application of `kind` can be submitted (without `kind`: for
 * any application), in the order the form asks for it. `extra` are attachments the application
 * itself carries (a kind's papers may come with the application rather than the file).
 */
export function fileMissing(file: FileParts, kind?: AidKind, extra: readonly AidAttachment[] = []): Missing[] {
  const out: Missing[] = [];
  const self = file.household.filter((m) => m.relation === 'self');
  if (self.length !== 1) out.push({ field: 'household', message: '请填写家庭成员信息（含本人）' });
  const year = shanghaiYear(file.updatedAt);
  file.household.forEach((m, i) => {
    if (m.relation !== 'self' && !m.idHash && year - m.birthYear >= ID_REQUIRED_FROM_AGE) {
      out.push({ field: `household.${i}.idNumber`, message: `请填写${m.name}的身份证号` });
    }
  });
  if (file.yearlyIncome === null) out.push({ field: 'yearlyIncome', message: '请填写家庭年度可支配收入' });
  if (file.rigidCosts === null) out.push({ field: 'rigidCosts', message: '请填写刚性支出（没有请填0）' });
  if (!file.causes) out.push({ field: 'causes', message: '请选择主要致困原因' });
  if (!file.bank) out.push({ field: 'bank', message: '请填写开户银行和银行卡号（用于发放帮扶金）' });
  if (!file.consent.householdAt) out.push({ field: 'consentHousehold', message: '请阅读并同意家庭成员信息的收集和使用' });
  if (!file.consent.sensitiveAt) out.push({ field: 'consentSensitive', message: '请阅读并同意敏感个人信息（健康、财务）的收集和使用' });
  const have = new Set<AttachmentKind>([...file.attachments, ...extra].map((a) => a.kind));
  for (const k of [...FILE_ATTACHMENTS, ...(kind ? KIND_ATTACHMENTS[kind] : [])]) {
    if (!have.has(k)) out.push({ field: `attachments.${k}`, message: `请上传${ATTACHMENT_LABEL[k]}` });
  }
  return out;
}

/** Per-head monthly income after rigid costs (yuan, rounded down, never below 0); null until the figures are in. */
export function perHeadMonthly(file: Pick<AidFileDoc, 'household' | 'yearlyIncome' | 'rigidCosts'>): number | null {
  if (file.yearlyIncome === null || file.rigidCosts === null || file.household.length === 0) return null;
  return Math.max(0, Math.floor((file.yearlyIncome - file.rigidCosts) / 12 / file.household.length));
}

/**
 * The facts the tier is assessed on, from the file (for `assessTier`): the household as filed, a
 * sudden event when an accident or a disaster is a cause, and this year's hardship costs as given
 * by the application (medical: the out-of-pocket cost).
 */
export function fileFacts(file: Pick<AidFileDoc, 'household' | 'yearlyIncome' | 'rigidCosts' | 'causes'>, hardshipCosts = 0): TierFacts {
  const causes = file.causes ? [file.causes.primary, file.causes.secondary] : [];
  return {
    householdSize: Math.max(1, file.household.length),
    yearlyIncome: file.yearlyIncome ?? 0,
    rigidCosts: file.rigidCosts ?? 0,
    suddenEvent: causes.includes('accident') || causes.includes('disaster'),
    hardshipCosts,
  };
}

/** The file of the member signed in as `uid`: the open one (draft or active), else the last closed one; null when none. */
export async function loadFileOf(deps: Pick<Dependencies, 'store'>, uid: string): Promise<AidFileDoc | null> {
  const files = (await deps.store.query<AidFileDoc>(AID_FILES, { where: { uid }, limit: 10 })).items;
  return files.find((f) => f.status !== 'closed') ?? files.sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0))[0] ?? null;
}

/** `months` calendar months after `ms`, on the Shanghai calendar (a re-verification date). */
export function addShanghaiMonths(ms: number, months: number): number {
  return dayjs(ms).tz(TZ).add(months, 'month').valueOf();
}

/**
 * On an approval: a draft file becomes active (正式建档) with its first re-verification due after
 * the rules' `reverifyMonths`; an active file records the tier just assessed. Compare-and-set on the
 * version, read again when the worker saved meanwhile. A closed file cannot be activated.
 */
export async function activateFile(deps: Dependencies, fileId: string, tier: AidTier, by: Actor): Promise<AidFileDoc> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const f = await deps.store.get<AidFileDoc>(AID_FILES, fileId);
    if (!f) throw notFound('困难职工档案');
    const now = deps.clock.now();
    let set: Partial<AidFileDoc>;
    let push: Record<string, unknown> | undefined;
    if (f.status === 'active') {
      if (f.tier === tier) return f;
      set = { tier, updatedAt: now, version: f.version + 1 };
    } else {
      const status = nextFileStatus(f.status, 'activate');
      const { rules } = await requireRulesFor(deps, await getOrg(deps, f.orgId), shanghaiYear(now));
      set = {
        status,
        tier,
        activatedAt: now,
        reverifyDueAt: addShanghaiMonths(now, rules.reverifyMonths),
        reminderSentFor: null,
        updatedAt: now,
        version: f.version + 1,
      };
      push = { history: { at: now, event: 'activate', by: by.uid, byName: by.name, note: null } };
    }
    if (await deps.store.update(AID_FILES, fileId, { set: set as Record<string, unknown>, ...(push ? { push } : {}) }, { version: f.version })) {
      return { ...f, ...set, history: push ? [...f.history, push.history as AidFileDoc['history'][number]] : f.history };
    }
  }
  throw conflict('档案正在被修改，请稍后重试', { fileId, retryable: true });
}

// ---------------------------------------------------------------------------------------------
// The worker's file: view and save

type Form = z.output<typeof FileForm>;

export const fileIdFor = (memberIdHash: string) => `af_${memberIdHash}`;
export const householdLockId = (idHash: string) => `ahp_${idHash}`;
/** Attachments that carry health or financial data: sensitive (PIPL Art. 28). */
const SENSITIVE_ATTACHMENTS: readonly AttachmentKind[] = ['diagnosis', 'medical_bills', 'income_proof'];

const invalid = (path: Array<string | number>, message: string) => new AppError('VALIDATION', message, [{ path, message }]);

export async function myFile(deps: Dependencies, caller: SignedInCaller): Promise<{ file: FileView | null }> {
  const f = await loadFileOf(deps, caller.uid);
  return { file: f ? await toFileView(deps, f, caller) : null };
}

function newFile(member: MemberDoc, now: number): AidFileDoc {
  return {
    _id: fileIdFor(member.idHash),
    status: 'draft',
    uid: member.uid,
    memberId: member._id,
    name: member.name,
    idHash: member.idHash,
    orgId: member.orgId,
    orgName: member.orgName,
    federationId: member.federationId,
    cityId: member.cityId,
    scope: [],
    household: [],
    yearlyIncome: null,
    rigidCosts: null,
    causes: null,
    bank: null,
    attachments: [],
    consent: { householdAt: null, sensitiveAt: null },
    tier: null,
    activatedAt: null,
    reverifyDueAt: null,
    reminderSentFor: null,
    closedAt: null,
    closeReason: null,
    version: 0,
    updatedAt: now,
    history: [],
  };
}

/** The birth year an 18-digit ID number carries (characters 7–10). */
const birthYearOf = (id: string) => Number(id.slice(6, 10));

/**
 * The household as saved: the `self` row is the member (name and ID from the membership); another
 * row sent without an ID number keeps the one on file for the same name and relation (the client
 * only ever sees it masked).
 */
function buildHousehold(deps: Dependencies, member: MemberDoc, rows: NonNullable<Form['household']>, before: HouseholdMember[]): HouseholdMember[] {
  if (rows.filter((r) => r.relation === 'self').length > 1) throw invalid(['household'], '家庭成员中只能有一位“本人”');
  if (rows.filter((r) => r.relation === 'spouse').length > 1) throw invalid(['household'], '配偶只能填写一位');
  const kept = before.filter((m) => m.relation !== 'self' && m.idHash);
  const seen = new Set<string>([member.idHash]);
  return rows.map((r, i) => {
    if (r.relation === 'self') {
      if (r.idNumber && deps.crypto.hash(`id|${r.idNumber}`) !== member.idHash)
        throw invalid(['household', i, 'idNumber'], '本人身份证号以会员登记信息为准，无需重新填写');
      // the applicant's birth year is the membership's ID number's, whatever the form says
      const selfBirth = birthYearOf(deps.crypto.open(member.idSealed));
      const self: HouseholdMember = {
        name: member.name,
        relation: 'self',
        idSealed: member.idSealed,
        idHash: member.idHash,
        birthYear: selfBirth || r.birthYear,
        monthlyIncome: r.monthlyIncome,
        health: r.health,
        schoolOrWork: r.schoolOrWork,
      };
      return self;
    }
    let idSealed: string | null = null;
    let idHash: string | null = null;
    if (r.idNumber) {
      idHash = deps.crypto.hash(`id|${r.idNumber}`);
      idSealed = deps.crypto.seal(r.idNumber);
      if (birthYearOf(r.idNumber) !== r.birthYear) throw invalid(['household', i, 'birthYear'], `${r.name}的出生年份与身份证号不一致`);
    } else {
      const k = kept.findIndex((m) => m.name === r.name && m.relation === r.relation);
      if (k >= 0) {
        ({ idSealed, idHash } = kept[k]);
        kept.splice(k, 1);
      }
    }
    if (idHash && seen.has(idHash)) {
      throw invalid(['household', i, 'idNumber'], idHash === member.idHash ? `${r.name}的身份证号与本人相同，请核对` : `${r.name}的身份证号与其他家庭成员重复`);
    }
    if (idHash) seen.add(idHash);
    return {
      name: r.name,
      relation: r.relation,
      idSealed,
      idHash,
      birthYear: r.birthYear,
      monthlyIncome: r.monthlyIncome,
      health: r.health,
      schoolOrWork: r.schoolOrWork,
    };
  });
}

function nextConsent(f: AidFileDoc, input: Form, now: number): AidFileDoc['consent'] {
  const pick = (given: boolean | undefined, at: number | null, path: string) => {
    if (given === undefined) return at;
    if (given) return at ?? now;
    if (f.status !== 'draft') throw invalid([path], '档案已正式建立，授权不能在线撤回；如需停止使用您的信息，请联系本会工会办理销档');
    return null;
  };
  return {
    householdAt: pick(input.consentHousehold, f.consent.householdAt, 'consentHousehold'),
    sensitiveAt: pick(input.consentSensitive, f.consent.sensitiveAt, 'consentSensitive'),
  };
}

/** Household and sensitive data are kept only with their consent on file (checked on what would be stored). */
function assertConsents(f: AidFileDoc): void {
  const issues: ErrorIssue[] = [];
  if (!f.consent.householdAt && f.household.some((m) => m.relation !== 'self')) {
    issues.push({ path: ['consentHousehold'], message: '保存家庭成员信息前，请先阅读并同意家庭成员信息的收集和使用' });
  }
  const sensitive = f.bank !== null || f.household.some((m) => m.health !== 'good') || f.attachments.some((a) => SENSITIVE_ATTACHMENTS.includes(a.kind));
  if (!f.consent.sensitiveAt && sensitive) {
    issues.push({ path: ['consentSensitive'], message: '保存健康状况、银行账户或收入、医疗材料前，请先阅读并同意敏感个人信息的收集和使用' });
  }
  if (issues.length) throw new AppError('VALIDATION', issues[0].message, issues);
}

/** Claims each household member's lock for the file; answers the locks newly taken (to give back if the save fails). */
async function claimLocks(deps: Dependencies, f: AidFileDoc, member: MemberDoc): Promise<string[]> {
  const fresh: string[] = [];
  try {
    for (const m of f.household) {
      if (!m.idHash) continue;
      const id = householdLockId(m.idHash);
      try {
        await deps.store.insert<HouseholdLockDoc>(AID_HOUSEHOLD_LOCKS, { _id: id, fileId: f._id });
        fresh.push(id);
      } catch (e) {
        if (!(e instanceof DuplicateKeyError) && (e as Error).name !== 'DuplicateKeyError') throw e;
        const held = await deps.store.get<HouseholdLockDoc>(AID_HOUSEHOLD_LOCKS, id);
        if (held && held.fileId !== f._id) {
          const message =
            m.idHash === member.idHash
              ? '您已作为家庭成员登记在另一份困难职工档案中（一户一档），请由该档案的申请人办理'
              : `家庭成员${m.name}已在另一份困难职工档案中（一户一档）`;
          throw new AppError('CONFLICT', message, [{ path: ['household'], message }]);
        }
        if (!held) {
          // released meanwhile (that file dropped the person): take it now
          await deps.store.insert<HouseholdLockDoc>(AID_HOUSEHOLD_LOCKS, { _id: id, fileId: f._id });
          fresh.push(id);
        }
      }
    }
  } catch (e) {
    await releaseLocks(deps, f._id, fresh);
    throw e;
  }
  return fresh;
}

export async function releaseLocks(deps: Pick<Dependencies, 'store'>, fileId: string, lockIds: string[]): Promise<void> {
  for (const id of lockIds) await deps.store.remove(AID_HOUSEHOLD_LOCKS, id, { fileId });
}

async function attach(deps: Dependencies, caller: SignedInCaller, f: AidFileDoc, given: NonNullable<Form['attachments']>): Promise<AidAttachment[]> {
  const unique = given.filter((a, i) => given.findIndex((b) => b.fileId === a.fileId) === i);
  const known = new Set(f.attachments.map((a) => a.fileId));
  const fresh = unique.filter((a) => !known.has(a.fileId)).map((a) => a.fileId);
  // the caller's own unattached uploads (or files already attached to this file), now readable by the officers of its org
  if (fresh.length) await attachFiles(deps, caller, fresh, { ownerId: f._id, orgId: f.orgId });
  return unique.map((a) => ({ kind: a.kind, fileId: a.fileId }));
}

/** Action: the member saves their file (a draft as they go, or changes to an established one). */
export async function saveFile(deps: Dependencies, caller: SignedInCaller, input: Form): Promise<FileView> {
  const member = await findMember(deps, caller.uid);
  if (!member) throw new AppError('FORBIDDEN', '困难职工档案面向工会会员，请先加入工会');
  const id = fileIdFor(member.idHash);
  const existing = await deps.store.get<AidFileDoc>(AID_FILES, id);
  if (existing?.status === 'closed') {
    throw conflict('您的困难职工档案已销档，档案和历史记录保留；如再次遇到困难，请联系本会工会', { fileId: id });
  }
  if ((existing?.version ?? null) !== input.version) throw conflict('档案已在别处更新，请刷新后再保存', { fileId: id });
  const now = deps.clock.now();
  const org: Org = await getOrg(deps, member.orgId);
  const base = existing ?? newFile(member, now);
  const next: AidFileDoc = {
    ...base,
    uid: member.uid,
    memberId: member._id,
    name: member.name,
    // the handling org follows the membership (a transfer moves the file to the new union)
    orgId: org._id,
    orgName: org.name,
    federationId: org.federationId,
    cityId: org.cityId,
    scope: [...org.ancestors, org._id],
    household: input.household ? buildHousehold(deps, member, input.household, base.household) : base.household,
    yearlyIncome: input.yearlyIncome ?? base.yearlyIncome,
    rigidCosts: input.rigidCosts ?? base.rigidCosts,
    causes: input.causes ?? base.causes,
    bank: input.bank
      ? { bankName: input.bank.bankName, accountSealed: deps.crypto.seal(input.bank.account), accountLast4: input.bank.account.slice(-4) }
      : base.bank,
    consent: nextConsent(base, input, now),
    version: base.version + 1,
    updatedAt: now,
  };
  if (input.attachments) next.attachments = await attach(deps, caller, next, input.attachments);
  assertConsents(next);
  const by = { at: now, by: caller.uid, byName: member.name, note: null };
  if (!existing) next.history = [{ ...by, event: 'create' }];
  else if (existing.status === 'active') next.history = [...existing.history, { ...by, event: 'update' }];

  const fresh = await claimLocks(deps, next, member);
  try {
    if (!existing) await deps.store.insert(AID_FILES, next);
    else if (!(await deps.store.update(AID_FILES, id, { set: withoutId(next) }, { version: existing.version })))
      throw conflict('档案已在别处更新，请刷新后再保存', { fileId: id });
  } catch (e) {
    await releaseLocks(deps, id, fresh);
    if ((e as Error).name === 'DuplicateKeyError') throw conflict('档案已在别处建立，请刷新后再保存', { fileId: id });
    throw e;
  }
  const kept = new Set(next.household.map((m) => m.idHash).filter(Boolean));
  await releaseLocks(
    deps,
    id,
    base.household.filter((m) => m.idHash && !kept.has(m.idHash)).map((m) => householdLockId(m.idHash!)),
  );
  return toFileView(deps, next, caller);
}

/** What a save writes: everything but the id and the reminder mark (the reminder job sets it without a version step). */
function withoutId(f: AidFileDoc): Record<string, unknown> {
  const { _id, reminderSentFor, ...rest } = f;
  return rest;
}
