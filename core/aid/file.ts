/**
 * The hardship file (困难职工档案, 一户一档): what is still missing before an application can go in,
 * and the household figures. The worker's save and view follow.
 */
import dayjs from 'dayjs';
import type { Dependencies } from '../shared/ports';
import { AppError, conflict, notFound } from '../shared/errors';
import { TZ, shanghaiYear } from '../shared/time';
import { getOrg } from '../org';
import { AID_FILES, type AidAttachment, type AidFileDoc } from './model';
import { ATTACHMENT_LABEL, FILE_ATTACHMENTS, KIND_ATTACHMENTS, nextFileStatus, type AidKind, type AidTier, type AttachmentKind } from './machine';
import type { TierFacts } from './selftest';
import type { Actor } from './step';
import { requireRulesFor } from './rules-store';

const notYet = async (..._args: unknown[]): Promise<never> => {
  throw new AppError('INTERNAL', '功能建设中');
};
export const myFile = notYet;
export const saveFile = notYet;

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
