/**
 * The case rules of a federation or a city (data, not code): the sub-item catalogue per category, the
 * deadlines in working days, what makes a collective case, the legal-aid decision time. A use case
 * reads the nearest rules up the org tree (rules-store.ts `caseRulesFor`); an org with none of its
 * own, and no ancestor with any, uses DEFAULT_CASE_RULES — a worker's report is never refused for
 * want of configuration.
 *
 * The defaults are the research's (aid-scholarship-cases-outreach.md §3): 12351 publishes no time
 * limits, so they come from the 12345 rules (sign within 1 working day, answer a consultation in 2,
 * a help request in 5, general cases closed in 7, complex ones in 15) and from 青岛/江油 for legal aid
 * (a decision within 7 working days; urgent when a filing or hearing date is near).
 */
import { z } from 'zod';
import { CASE_CATEGORIES, COMPLEXITIES, type CaseCategory, type Complexity } from './machine';

const days = (what: string) =>
  z
    .number({ error: `请填写${what}` })
    .int({ error: `${what}须为整数个工作日` })
    .min(1, { error: `${what}至少1个工作日` })
    .max(90, { error: `${what}不超过90个工作日` });

export const CatalogueItem = z.object({
  /** stable key, e.g. wage_arrears */
  key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, { error: '事项代码须为小写字母、数字或下划线' }),
  label: z.string().trim().min(1, { error: '请填写事项名称' }).max(30, { error: '事项名称不超过30字' }),
});
export type CatalogueItem = z.infer<typeof CatalogueItem>;

export const CaseRules = z.object({
  /** sub-items per category (内蒙古 has 81 in all) */
  catalogue: z.record(z.enum(CASE_CATEGORIES), z.array(CatalogueItem).min(1, { error: '每类至少一个事项' }).max(60)),
  /** 分派: the desk assigns within */
  dispatchWorkingDays: days('分派时限'),
  /** 签收: the assignee signs within */
  signWorkingDays: days('签收时限'),
  /** answered (resolved) within, per category, overriding the complexity's: consultation 2, help 5 */
  answerWorkingDays: z.partialRecord(z.enum(CASE_CATEGORIES), days('答复时限')),
  /** closed (办结) within, per complexity class, from the report */
  closeWorkingDays: z.record(z.enum(COMPLEXITIES), days('办结时限')),
  /** after 不满意 or a failed quality check, the assignee has this long again */
  reopenWorkingDays: days('重办时限'),
  /** the worker's rating is awaited this long; after it the desk records a phone callback */
  callbackWorkingDays: days('回访时限'),
  /** 质检 within */
  qualityWorkingDays: days('质检时限'),
  /** a case with at least this many workers is collective: urgent, the duty lawyer at once */
  collectiveMinWorkers: z.number().int().min(2, { error: '集体案件人数至少2人' }).max(1000),
  /** 法律援助: decided within */
  legalAidDecisionWorkingDays: days('法律援助审查时限'),
  /** 法律援助: a filing, hearing or limitation date within this many calendar days makes it urgent (pre-review) */
  legalAidUrgentDays: z.number().int().min(1).max(60),
});
export type CaseRules = z.infer<typeof CaseRules>;

const items = (...pairs: Array<[string, string]>) => pairs.map(([key, label]) => ({ key, label }));

export const DEFAULT_CASE_RULES: CaseRules = {
  catalogue: {
    consult: items(
      ['labour_contract', '劳动合同'],
      ['wages_hours', '工资工时'],
      ['social_insurance', '社会保险'],
      ['injury', '工伤认定'],
      ['union_affairs', '工会事务'],
      ['other', '其他咨询'],
    ),
    help: items(
      ['hardship', '生活困难'],
      ['medical', '医疗救助'],
      ['schooling', '子女就学'],
      ['employment', '就业服务'],
      ['psychology', '心理疏导'],
      ['other', '其他帮扶'],
    ),
    complaint: items(
      ['wage_arrears', '拖欠工资'],
      ['illegal_dismissal', '违法解除劳动合同'],
      ['overtime', '加班及休息休假'],
      ['social_insurance', '未缴社会保险'],
      ['safety', '劳动安全卫生'],
      ['union_rights', '侵犯工会权利'],
      ['other', '其他投诉'],
    ),
    legal_aid: items(
      ['labour_dispute', '劳动争议'],
      ['injury_claim', '工伤赔偿'],
      ['wage_claim', '追索劳动报酬'],
      ['union_staff', '工会干部维权'],
      ['other', '其他法律援助'],
    ),
    suggestion: items(['union_work', '工会工作'], ['services', '服务职工'], ['platform', '平台使用'], ['other', '其他建议']),
  },
  dispatchWorkingDays: 1,
  signWorkingDays: 1,
  answerWorkingDays: { consult: 2, help: 5 },
  closeWorkingDays: { general: 7, hard: 15, special: 30 },
  reopenWorkingDays: 5,
  callbackWorkingDays: 3,
  qualityWorkingDays: 2,
  collectiveMinWorkers: 10,
  legalAidDecisionWorkingDays: 7,
  legalAidUrgentDays: 10,
};

/** Working days a case has from its report to 办结: the category's answer time, else its complexity's. */
export function resolveWorkingDays(rules: Pick<CaseRules, 'answerWorkingDays' | 'closeWorkingDays'>, category: CaseCategory, complexity: Complexity): number {
  return rules.answerWorkingDays[category] ?? rules.closeWorkingDays[complexity];
}

/** The catalogue item, or null when the category's catalogue has no such key. */
export function catalogueItem(rules: Pick<CaseRules, 'catalogue'>, category: CaseCategory, key: string): CatalogueItem | null {
  return rules.catalogue[category].find((i) => i.key === key) ?? null;
}
