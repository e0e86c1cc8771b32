/**
 * 申报: a member applies for their child inside the apply stage's window (closing at 24:00 of its
 * close date, Asia/Shanghai; later: DEADLINE_PASSED). One application per student and campaign, by a
 * natural key on the student's ID number, so a double tap or a second parent cannot file twice. The
 * student's ID number and the bank account are sealed; views show them masked. Eligible by the
 * parent's active hardship file or the campaign's own income test; once stored, the application is
 * handed to the aid pipeline for review, notice and payment (core/aid: fileExternalApplication).
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
import { activeFileOf, fileExternalApplication, outcomesOf, type ExternalOutcome } from '../aid';
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
  // eligible by the parent's active hardship file (一户一档), or else by the campaign's own income test
  const file = await activeFileOf(deps, caller.uid);
  let household: ScholarshipApplicationDoc['household'] = null;
  if (!file) {
    if (!input.household) {
      throw new AppError('VALIDATION', '未建立困难职工档案的家庭，请填写家庭人口和家庭年收入（按家庭月人均收入核对申请条件）', [
        { path: ['household'], message: '请填写家庭收入情况' },
      ]);
    }
    const test = campaignTest(plan.eligibility, input.household);
    if (!test.eligible)
      throw new AppError('VALIDATION', `不符合本次金秋助学申请条件：${test.reason}`, [{ path: ['household', 'yearlyIncome'], message: test.reason }]);
    household = { size: input.household.size, yearlyIncome: input.household.yearlyIncome, perHeadMonthly: test.perHeadMonthly };
  }

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
    household,
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
  try {
    await handOff(deps, doc, c);
  } catch (e) {
    // not received for review (the year's aid rules not published, …): the application is not kept
    // half-filed; the parent's retry files both again
    await deps.store.remove(SCHOLARSHIP_APPLICATIONS, id, { uid: caller.uid, version: doc.version });
    throw e;
  }
  return toApplicationView(deps, doc, c);
}

/**
 * Hands a stored application to the aid pipeline (core/aid), which reviews, notices and pays it by
 * the hardship rules: the union's first check and review, the federation's approval at the plan's
 * amount from the campaign's budget. Idempotent by the application's id.
 */
async function handOff(deps: Dependencies, d: ScholarshipApplicationDoc, c: CampaignDoc) {
  return fileExternalApplication(deps, {
    programme: 'scholarship',
    sourceId: d._id,
    campaignId: c._id,
    uid: d.uid,
    beneficiary: { name: d.student.name, idHash: d.student.idHash },
    student: { school: d.student.school, grade: d.student.grade },
    year: d.year,
    amount: d.amount,
    fundOrgId: c.orgId,
    reason: `${c.title}：${CATEGORY_LABEL[d.student.category]}，${d.student.school}${d.student.grade}`,
    bank: d.bank,
    attachments: [{ kind: 'admission_letter', fileId: d.student.admissionLetterFileId }],
  });
}

/**
 * A retry of one's own application answers it again (and finishes handing it to review if a call was
 * cut off before); someone else's application for the same student is refused without showing it.
 */
async function sameOrRefused(deps: Dependencies, d: ScholarshipApplicationDoc, caller: SignedInCaller, c: CampaignDoc) {
  if (d.uid !== caller.uid) throw conflict('该学生已在本次金秋助学中申报，如有疑问请联系所在工会');
  await handOff(deps, d, c);
  return toApplicationView(deps, d, c);
}

export async function myApplications(deps: Dependencies, caller: SignedInCaller) {
  const page = await deps.store.query<ScholarshipApplicationDoc>(SCHOLARSHIP_APPLICATIONS, {
    where: { uid: caller.uid },
    orderBy: [['submittedAt', 'desc']],
    limit: 20,
  });
  const campaigns = new Map<string, CampaignDoc | null>();
  const outcomes = await outcomesOf(
    deps,
    page.items.map((d) => d._id),
  );
  const items = [];
  for (const d of page.items) {
    if (!campaigns.has(d.campaignId)) campaigns.set(d.campaignId, await deps.store.get<CampaignDoc>(SCHOLARSHIP_CAMPAIGNS, d.campaignId));
    const c = campaigns.get(d.campaignId);
    if (c) items.push(await toApplicationView(deps, d, c, outcomes.get(d._id) ?? null));
  }
  return { items };
}

/** The application as its parent reads it; `outcome` (read when not given): where review, notice and payment stand. */
export async function toApplicationView(
  deps: Dependencies,
  d: ScholarshipApplicationDoc,
  c: Pick<CampaignDoc, 'title'>,
  outcome: ExternalOutcome | null | undefined = undefined,
) {
  const o = outcome === undefined ? ((await outcomesOf(deps, [d._id])).get(d._id) ?? null) : outcome;
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
    // the pipeline's status in words (待初审, 公示中, 已发放, …) once it holds the application
    statusLabel: o?.statusLabel ?? SCHOLARSHIP_APPLICATION_LABEL[d.status],
    // the aid application: its steps, who holds it and for how long (the aid pages)
    reviewId: o?.applicationId ?? null,
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
    eligibilityText: d.household ? `家庭月人均收入${d.household.perHeadMonthly}元（${d.household.size}人）` : '已建立困难职工档案（在档困难职工家庭）',
    bankMasked: `${d.bank.bankName} ${mask('bankAccount', d.bank.accountLast4)}`,
    amount: d.amount,
    submittedAt: d.submittedAt,
  };
}
