/**
 * Display helpers: times in Asia/Shanghai for every viewer, wherever their phone is set. China keeps
 * no daylight saving time, so a fixed UTC+8 offset is exact and needs no Intl time-zone data
 * (which some WeChat clients lack).
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

export const formatTime = (ms: number) => dayjs(ms).utcOffset(480).format('YYYY-MM-DD HH:mm');
export const formatDate = (ms: number) => dayjs(ms).utcOffset(480).format('YYYY-MM-DD');

export const SLA_LABEL = { ok: '正常', due_soon: '即将超时', overdue: '已超时' } as const;
export const SLA_TYPE = { ok: 'success', due_soon: 'warning', overdue: 'danger' } as const;

export const HISTORY_LABEL: Record<string, string> = {
  submit: '提交入会申请',
  approve: '审核通过',
  reject: '不予通过',
  request_info: '要求补充材料',
  resubmit: '补充材料后重新提交',
  withdraw: '撤回申请',
  escalate: '超时提醒上级工会督办',
};
export const ACTOR_LABEL: Record<string, string> = { worker: '申请人', officer: '工会工作人员', system: '系统' };
