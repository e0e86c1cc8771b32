/**
 * The scholarship context's front door (金秋助学: a campaign a federation or the city runs each year
 * through 摸底 → 方案 → 申报 → 审核、公示、发放 → 总结). Nobody else reads or writes its collections
 * (core/scholarship/model.ts); nothing depends on it. It uses org (the unions in a campaign's
 * scope), member (who applies) and, in phase 2, aid (review, notice, payment, the funding ledger).
 */
export { CAMPAIGN_STAGES, STAGE_LABEL, CATEGORY_LABEL, SPECIAL_GROUP_LABEL, type CampaignStage, type StudentCategory } from './machine';
export { assertApplyOpen } from './rules';
export { NOT_CONNECTED, type ScholarshipPipeline, type ApplicationOutcome } from './pipeline';
