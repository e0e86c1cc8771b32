/**
 * 申报: a member applies for their child inside the apply stage's window (closing at 24:00 of its
 * close date, Asia/Shanghai; later: DEADLINE_PASSED). One application per student and campaign, by a
 * natural key on the student's ID number, so a double tap or a second parent cannot file twice. The
 * student's ID number and the bank account are sealed; views show them masked.
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { SignedInCaller } from '../shared/caller';
import { AppError, conflict } from '../shared/errors';
import { DuplicateKeyError } from '../shared/docstore';
import { FILES, type FileDoc } from '../shared/files';
import { mask } from '../shared/mask';
import { attachFiles, getOrg } from '../org';
import { findMember } from '../member';
import type { scholarshipContract } from './contract';
import { SCHOLARSHIP_APPLICATIONS, SCHOLARSHIP_CAMPAIGNS, type CampaignDoc, type ScholarshipApplicationDoc } from './model';
import { BATCH_LABEL, CATEGORY_LABEL, SCHOLARSHIP_APPLICATION_LABEL, SPECIAL_GROUP_LABEL } from './machine';
import { assertApplyOpen, awardFor, campaignTest } from './rules';
import { loadVisible } from './campaign';

type In<K extends keyof typeof scholarshipContract> = z.output<(typeof scholarshipContract)[K]['input']>;

export async function apply(deps: Dependencies, caller: SignedInCaller, input: In<'apply'>) {
  const c = await loadVisible(deps, caller, input.campaignId);
  const now = deps.clock.now();
  assertApplyOpen(c, now);
  const plan = c.plan;
  if (!plan) throw new AppError('CONFLICT', '本次金秋助学方案尚未制订，请稍后再申报');
  const member = await findMember(deps, caller.uid);
  if (!member) throw new AppError('FORBIDDEN', '金秋助学由工会会员为子女申报');
  // phase 1 has no hardship-file lookup: the campaign's own income test decides
  if (!input.household) {
    throw new AppError('VALIDATION', '请填写家庭人口和家庭年收入（按家庭月人均收入核对申请条件）', [{ path: ['household'], message: '请填写家庭收入情况' }]);
  }
  const test = campaignTest(plan.eligibility, input.household);
  if (!test.eligible)
    throw new AppError('VALIDATION', `不符合本次金秋助学申请条件：${test.reason}`, [{ path: ['household', 'yearlyIncome'], message: test.reason }]);

  const idHash = deps.crypto.hash(`id|${input.student.idNumber}`);
  const id = `sa_${c._id}_${idHash.slice(0, 24)}`;
  const existing = await deps.store.get<ScholarshipApplicationDoc>(SCHOLARSHIP_APPLICATIONS, id);
  if (existing) return sameOrRefused(deps, existing, caller, c);
  const org = await getOrg(deps, member.orgId);
  await attachFiles(deps, caller, [input.student.admissionLetterFileId], { ownerId: id, orgId: org._id });
  const doc: ScholarshipApplicationDoc = {
    _id: id,
    campaignId: c._id,
    year: c.year,
    status: 'submitted',
    uid: caller.uid,
    parentName: member.name,
    orgId: org._id,
    orgName: org.name,
    scope: [...org.ancestors, org._id],
    student: {
      name: input.student.name,
      idSealed: deps.crypto.seal(input.student.idNumber),
      idHash,
      category: input.student.category,
      school: input.student.school,
      batch: input.student.batch,
      grade: input.student.grade,
      admissionLetterFileId: input.student.admissionLetterFileId,
      specialGroup: input.student.specialGroup,
    },
    household: { size: input.household.size, yearlyIncome: input.household.yearlyIncome, perHeadMonthly: test.perHeadMonthly },
    bank: { bankName: input.bank.bankName, accountSealed: deps.crypto.seal(input.bank.account), accountLast4: input.bank.account.slice(-4) },
    amount: awardFor(plan, input.student.category, input.student.specialGroup),
    submittedAt: now,
    version: 1,
  };
  try {
    await deps.store.insert(SCHOLARSHIP_APPLICATIONS, doc);
  } catch (e) {
    if (!(e instanceof DuplicateKeyError)) throw e;
    return sameOrRefused(deps, (await deps.store.get<ScholarshipApplicationDoc>(SCHOLARSHIP_APPLICATIONS, id))!, caller, c);
  }
  return toApplicationView(deps, doc, c);
}

/** A retry of one's own application answers it again; someone else's application for the same student is refused without showing it. */
async function sameOrRefused(deps: Dependencies, d: ScholarshipApplicationDoc, caller: SignedInCaller, c: CampaignDoc) {
  if (d.uid === caller.uid) return toApplicationView(deps, d, c);
  throw conflict('该学生已在本次金秋助学中申报，如有疑问请联系所在工会');
}

export async function myApplications(deps: Dependencies, caller: SignedInCaller) {
  const page = await deps.store.query<ScholarshipApplicationDoc>(SCHOLARSHIP_APPLICATIONS, {
    where: { uid: caller.uid },
    orderBy: [['submittedAt', 'desc']],
    limit: 20,
  });
  const campaigns = new Map<string, CampaignDoc | null>();
  const items = [];
  for (const d of page.items) {
    if (!campaigns.has(d.campaignId)) campaigns.set(d.campaignId, await deps.store.get<CampaignDoc>(SCHOLARSHIP_CAMPAIGNS, d.campaignId));
    const c = campaigns.get(d.campaignId);
    if (c) items.push(await toApplicationView(deps, d, c));
  }
  return { items };
}

export async function toApplicationView(deps: Dependencies, d: ScholarshipApplicationDoc, c: Pick<CampaignDoc, 'title'>) {
  const f = await deps.store.get<FileDoc>(FILES, d.student.admissionLetterFileId);
  let idNumber = '';
  try {
    idNumber = deps.crypto.open(d.student.idSealed);
  } catch {
    // a damaged seal shows as stars, never fails the list
  }
  return {
    id: d._id,
    campaignId: d.campaignId,
    campaignTitle: c.title,
    year: d.year,
    status: d.status,
    statusLabel: SCHOLARSHIP_APPLICATION_LABEL[d.status],
    orgName: d.orgName,
    student: {
      name: d.student.name,
      idNumberMasked: idNumber ? mask('idNumber', idNumber) : '******',
      category: d.student.category,
      categoryLabel: CATEGORY_LABEL[d.student.category],
      school: d.student.school,
      batchLabel: BATCH_LABEL[d.student.batch],
      grade: d.student.grade,
      specialGroupLabel: d.student.specialGroup ? SPECIAL_GROUP_LABEL[d.student.specialGroup] : null,
    },
    admissionLetter: f ? { id: f._id, name: f.name, contentType: f.contentType, size: f.size } : null,
    eligibilityText: d.household ? `家庭月人均收入${d.household.perHeadMonthly}元（${d.household.size}人）` : '已建立困难职工档案',
    bankMasked: `${d.bank.bankName} ${mask('bankAccount', d.bank.accountLast4)}`,
    amount: d.amount,
    submittedAt: d.submittedAt,
  };
}
