/** Builders for the scholarship function's tests (and the authorization matrix's fixtures). */
import { startOfShanghaiDate } from '../../core/shared/time';
import { makeIdNumber } from '../../core/shared/idNumber';
import { ok, type CallInput, type TestWorld } from '../../server/testing';

const HOUR = 3600_000;
/** `date` at `hh:mm`, Shanghai time */
export const at = (date: string, hh = 10, mm = 0) => startOfShanghaiDate(date) + hh * HOUR + mm * 60_000;

/** A campaign of the park for `year`, dated like the seed story (survey by May 31, apply until Aug 14, …). */
export function aCampaignForm(year = 2027, over: Partial<CallInput<'scholarship', 'createCampaign'>> = {}): CallInput<'scholarship', 'createCampaign'> {
  return {
    orgId: 'org_park',
    year,
    title: `${year}年金秋助学活动`,
    stages: {
      survey: { opens: `${year}-05-01`, closes: `${year}-05-31` },
      plan: { opens: `${year}-06-01`, closes: `${year}-06-30` },
      apply: { opens: `${year}-07-01`, closes: `${year}-08-14` },
      review: { opens: `${year}-08-15`, closes: `${year}-09-15` },
      summary: { opens: `${year}-09-16`, closes: `${year}-10-31` },
    },
    ...over,
  };
}

export const aPlan = (campaignId: string, version: number): CallInput<'scholarship', 'savePlan'> => ({
  campaignId,
  version,
  budget: 500_000,
  amounts: { undergraduate: 3_000, college: 2_000, secondary: 1_000, postgraduate: 4_000 },
  specialAmounts: { model_worker_child: 5_000, single_parent: 3_500, disabled: 3_500, dibao: 3_500 },
  eligibility: { dibaoMonthly: 1_020, multiple: 3 },
});

const PDF = Buffer.from('%PDF-1.4\n% 录取通知书\n%%EOF').toString('base64');
let students = 0;

/** An application form for a fresh student, with an admission letter uploaded by `as`. */
export async function anApplication(
  w: TestWorld,
  campaignId: string,
  as: string,
  over: Partial<CallInput<'scholarship', 'apply'>['student']> = {},
): Promise<CallInput<'scholarship', 'apply'>> {
  const letter = ok(await w.call('org', 'uploadFile', { name: '录取通知书.pdf', contentType: 'application/pdf', base64: PDF }, as));
  students++;
  return {
    campaignId,
    student: {
      name: '李小雨',
      idNumber: makeIdNumber('320506', '20080915', String(students % 1000).padStart(3, '0')),
      category: 'undergraduate',
      school: '南京大学',
      batch: 'first',
      grade: '大一',
      admissionLetterFileId: letter.id,
      specialGroup: null,
      ...over,
    },
    household: { size: 3, yearlyIncome: 90_000 },
    bank: { bankName: '中国工商银行星海支行', account: '6222 0212 3456 7890 123' },
  };
}

/**
 * The park's aid rules for `year` (the review pipeline's step deadlines, notice period, the
 * exclusive programmes), copied through the aid function from the nearest earlier year's (the
 * seeded city's) — the clock must be in `year` or before it.
 */
export async function publishAidRules(w: TestWorld, year: number, over: Partial<CallInput<'aid', 'setRules'>> = {}) {
  // the nearest earlier year's rules (the seed writes the city's for the year the world starts in)
  for (let y = year; y > year - 20; y--) {
    const found = ok(await w.call('aid', 'getRules', { orgId: 'org_park', year: y }, 'federation-officer')).rules;
    if (found) return ok(await w.call('aid', 'setRules', { ...found, orgId: 'org_park', year, ...over }, 'federation-officer'));
  }
  throw new Error('no aid rules to copy');
}

/** Moves a fresh 2027 park campaign (with the park's aid rules for the year) to `stage` through the federation officer, with the clock where each move is allowed. */
export async function campaignAt(w: TestWorld, stage: 'survey' | 'plan' | 'apply' | 'review' | 'summary' | 'closed', year = 2027) {
  const as = 'federation-officer';
  let c = ok(await w.call('scholarship', 'createCampaign', aCampaignForm(year), as));
  // applications go to the aid pipeline, which works by the year's aid rules
  await publishAidRules(w, year);
  const steps: Array<[typeof stage, number]> = [
    ['plan', at(`${year}-06-01`)],
    ['apply', at(`${year}-07-01`)],
    ['review', at(`${year}-08-15`)],
    ['summary', at(`${year}-09-16`)],
    ['closed', at(`${year}-10-01`)],
  ];
  for (const [to, t] of steps) {
    if (c.stage === stage) break;
    w.clock.t = t;
    if (to === 'apply') c = ok(await w.call('scholarship', 'savePlan', aPlan(c.id, c.version), as));
    c = ok(await w.call('scholarship', 'advance', { campaignId: c.id, to, version: c.version }, as));
  }
  return c;
}
