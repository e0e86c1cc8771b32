/**
 * The case context's front door (投诉建议 / 维权 / 法律援助: intake by the five 12351 categories,
 * dispatch to officers, social workers and on-site lawyers, handling with a timeline, 办结, 回访,
 * 质检, 结案; collective wage cases; legal aid). Nobody else reads or writes its collections
 * (core/case/model.ts).
 */
export { CASE_STATUS_LABEL, CATEGORY_LABEL, type CaseStatus, type CaseCategory } from './machine';
export type { CaseRules } from './rules';
