/**
 * The hardship file as a person reads it: ID numbers masked for everyone (the worker included: a
 * screen never needs them in full), the bank account as 尾号1234, who will see the file (shown next
 * to the consents, PIPL Art. 28), what is still missing, and what an officer may do with it.
 */
import type { Dependencies } from '../shared/ports';
import type { Caller } from '../shared/caller';
import { FILES, type FileDoc, type FileRef } from '../shared/files';
import { mask } from '../shared/mask';
import { shanghaiYear } from '../shared/time';
import { covers, getOrg } from '../org';
import type { AidFileDoc } from './model';
import type { FileView } from './schemas';
import {
  ATTACHMENT_LABEL,
  AID_TIER_LABEL,
  CAUSE_LABEL,
  CLOSE_REASON_LABEL,
  FILE_EVENT_LABEL,
  FILE_STATUS_LABEL,
  HEALTH_LABEL,
  RELATION_LABEL,
} from './machine';
import { rulesFor } from './rules-store';
import { fileMissing, perHeadMonthly } from './file';

/** The file's handling org as the scope rule reads it (its scope lists the org tree from the root down to it). */
export const fileOrg = (f: Pick<AidFileDoc, 'orgId' | 'scope'>) => ({ _id: f.orgId, ancestors: f.scope.slice(0, -1) });

/** An officer whose grant covers the file's handling org. */
export const isFileOfficer = (caller: Caller, f: Pick<AidFileDoc, 'orgId' | 'scope'>) => covers(caller, fileOrg(f));

const yuan = (n: number) => `${n.toLocaleString('zh-CN')}元`;

/** Who will see the file, by the real org names, in the order the file travels. */
export async function whoSees(deps: Dependencies, f: AidFileDoc): Promise<string[]> {
  const fed = f.federationId ? await getOrg(deps, f.federationId) : null;
  const out: string[] = [];
  if (f.orgId !== f.federationId) out.push(`本会（${f.orgName}）经办干部`);
  if (fed) out.push(`${fed.name}审核干部`);
  const rules = await rulesFor(deps, fileOrg(f), shanghaiYear(deps.clock.now()));
  const above = rules?.rules.upperApprovalAbove ?? null;
  if (above !== null && f.cityId && f.cityId !== f.federationId) {
    out.push(`帮扶金额超过${yuan(above)}时：${(await getOrg(deps, f.cityId)).name}审批干部`);
  }
  out.push(`发放时：${fed?.name ?? f.orgName}财务（仅姓名、金额和银行卡号）`);
  out.push('公示时：本会及上级工会会员（仅脱敏后的姓名和所在工会，不含身份证号、住址、病情）');
  return out;
}

async function attachmentViews(deps: Dependencies, f: AidFileDoc) {
  const out: Array<{ kind: AidFileDoc['attachments'][number]['kind']; kindLabel: string; file: FileRef }> = [];
  for (const a of f.attachments) {
    const doc = await deps.store.get<FileDoc>(FILES, a.fileId);
    // a file whose record is gone is not shown (the checklist then asks for it again)
    if (doc)
      out.push({ kind: a.kind, kindLabel: ATTACHMENT_LABEL[a.kind], file: { id: doc._id, name: doc.name, contentType: doc.contentType, size: doc.size } });
  }
  return out;
}

export async function toFileView(deps: Dependencies, f: AidFileDoc, caller: Caller): Promise<FileView> {
  const attachments = await attachmentViews(deps, f);
  // the checklist counts only attachments that still exist
  const present = f.attachments.filter((a) => attachments.some((v) => v.file.id === a.fileId));
  const officer = isFileOfficer(caller, f);
  return {
    id: f._id,
    status: f.status,
    statusLabel: FILE_STATUS_LABEL[f.status],
    name: f.name,
    orgName: f.orgName,
    household: f.household.map((m) => ({
      name: m.name,
      relation: m.relation,
      relationLabel: RELATION_LABEL[m.relation],
      idNumberMasked: m.idSealed ? mask('idNumber', deps.crypto.open(m.idSealed)) : '未填写',
      birthYear: m.birthYear,
      monthlyIncome: m.monthlyIncome,
      health: m.health,
      healthLabel: HEALTH_LABEL[m.health],
      schoolOrWork: m.schoolOrWork,
    })),
    yearlyIncome: f.yearlyIncome,
    rigidCosts: f.rigidCosts,
    perHeadMonthly: perHeadMonthly(f),
    causes: f.causes ? { primary: f.causes.primary, primaryLabel: CAUSE_LABEL[f.causes.primary], secondary: f.causes.secondary, story: f.causes.story } : null,
    bank: f.bank ? { bankName: f.bank.bankName, accountMasked: mask('bankAccount', f.bank.accountLast4) } : null,
    attachments,
    consent: { household: f.consent.householdAt !== null, sensitive: f.consent.sensitiveAt !== null },
    whoSees: await whoSees(deps, f),
    missing: f.status === 'closed' ? [] : fileMissing({ ...f, attachments: present }),
    tier: f.tier,
    tierLabel: f.tier ? AID_TIER_LABEL[f.tier] : null,
    activatedAt: f.activatedAt,
    reverifyDueAt: f.reverifyDueAt,
    closedAt: f.closedAt,
    closeReasonLabel: f.closeReason ? CLOSE_REASON_LABEL[f.closeReason] : null,
    version: f.version,
    history: f.history.map((h) => ({ at: h.at, eventLabel: FILE_EVENT_LABEL[h.event], byName: h.byName, note: h.note })),
    actions:
      officer && f.status === 'active'
        ? [
            { key: 'reverify', label: '年度复核' },
            { key: 'close', label: '销档' },
          ]
        : [],
  };
}
