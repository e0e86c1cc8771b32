/**
 * What the scholarship officer pages say beside the server's own labels (every stage, owner and
 * blocker text on screen is the server's; these are only the look and the consequence an officer is
 * told before moving a campaign on). Values from core/scholarship/machine.ts, which is zod-free
 * (core/architecture.test.ts).
 */
import { currentUser } from '../../api/session';
import { formatDate } from '../../components/format';
import type { CampaignStage } from '../../../core/scholarship/machine';

/** the campaign's stage as a tag colour: running stages warm, the summary green, closed grey */
export const STAGE_TAG: Record<CampaignStage, 'warning' | 'info' | 'success' | 'default'> = {
  survey: 'warning',
  plan: 'warning',
  apply: 'info',
  review: 'info',
  summary: 'success',
  closed: 'default',
};

/** what entering a stage does, told before 进入下一阶段 (the server's move cannot be undone: stages go forward only) */
export const ENTER_CONSEQUENCE: Record<Exclude<CampaignStage, 'survey'>, string> = {
  plan: '进入方案制订后，各基层工会不能再上报或更正摸底人数，摸底合计即按已上报的数字计。',
  apply: '进入申报后，方案（预算、资助标准、申请条件）不能再修改；各基层工会将收到申报通知，职工可在申报期内为子女申报。',
  review: '进入审核、公示、发放后不再受理申报，之后提交的申请将被拒绝。',
  summary: '进入总结后，审核、公示、发放阶段结束，总结报告按活动数据生成，可导出。',
  closed: '结束活动后，总结报告按当前数据固定存档，不再变化；活动不能再推进或修改。',
};

/** whole yuan, grouped: ¥300,000 */
export const yuan = (n: number) => `¥${n.toLocaleString('en-US')}`;

/** a figure as typed: '' → undefined (the server names what is missing), digits (commas, ¥ tolerated) → the number, else NaN */
export const typed = (text: string) => {
  const t = text.replace(/[,，¥￥\s]/g, '');
  return t === '' ? undefined : /^\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
};

/** the server's issues by their whole path ('stages.survey.opens', 'amounts.college') */
export function issuesByPath(issues: ReadonlyArray<{ path: ReadonlyArray<string | number>; message: string }>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const key = i.path.join('.');
    if (key && !out[key]) out[key] = /[\u4e00-\u9fa5]/.test(i.message) ? i.message : '填写的内容不符合要求';
  }
  return out;
}

const grants = () => currentUser()?.grants ?? [];
/** the federations (or the city) the officer may run a campaign for */
export const runnerOrgs = () => grants().filter((g) => g.role === 'federation_officer' || g.role === 'admin');
/** the unions the officer reports the survey for */
export const unionOrgs = () => grants().filter((g) => g.role === 'union_officer');

/** the current year on the Shanghai calendar, and today as YYYY-MM-DD */
export const today = () => formatDate(Date.now());
export const shanghaiYear = () => Number(today().slice(0, 4));

/** 'YYYY-MM-DD' → 8月14日 */
export const monthDay = (date: string) => date.replace(/^\d{4}-0?(\d{1,2})-0?(\d{1,2})$/, '$1月$2日');

/** where `now` (taken when the campaign was loaded) stands to the survey window: before it, in it (the form is offered), or past it */
export function surveyWindow(c: { stage: string; stages: ReadonlyArray<{ key: string; opensAt: number; closesAt: number }> }, now: number) {
  const s = c.stages.find((x) => x.key === 'survey')!;
  if (c.stage !== 'survey' || now >= s.closesAt) return 'closed' as const;
  return now < s.opensAt ? ('before' as const) : ('open' as const);
}
