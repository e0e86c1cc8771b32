/**
 * The "六有" standard (DESIGN.md §4): each union is assessed on six items; the national goal is that
 * 80% of unions meet all six.
 */
import type { CollectionSpec } from '../shared/docstore';

export const SIX_ITEMS = [
  { key: 'elected_chair', label: '有依法选举的工会主席' },
  { key: 'sound_organization', label: '有健全的组织机构' },
  { key: 'venues_programs', label: '有服务职工的活动阵地和载体' },
  { key: 'rules_systems', label: '有规范的制度和工作机制' },
  { key: 'self_managed_funds', label: '有独立管理的经费' },
  { key: 'member_satisfaction', label: '有职工群众满意的工作绩效' },
] as const;

export type SixKey = (typeof SIX_ITEMS)[number]['key'];
export const SIX_GOAL = 0.8;
export const SIX_ASSESSMENTS = 'six_assessments';

export interface SixAssessmentDoc {
  /** the union's org id: one current assessment per union */
  _id: string;
  unionName: string;
  ancestors: string[];
  items: Array<{ key: SixKey; met: boolean; evidence: string; fileIds: string[] }>;
  metCount: number;
  meetsAll: boolean;
  assessorUid: string;
  assessorName: string;
  assessedAt: number;
}

export const SIX_COLLECTIONS: CollectionSpec[] = [{ name: SIX_ASSESSMENTS, indexes: [] }];

export const labelOf = (key: string) => SIX_ITEMS.find((i) => i.key === key)?.label ?? key;
