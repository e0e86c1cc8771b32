/**
 * Display helpers, and the client's one Shanghai-time module: times are shown, entered and counted
 * in Asia/Shanghai for every viewer, wherever their phone is set. China keeps no daylight saving
 * time, so a fixed UTC+8 offset is exact and needs no Intl time-zone data (which some WeChat clients
 * lack). Every place in src/ that formats, parses or computes a Shanghai time uses these.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import customParseFormat from 'dayjs/plugin/customParseFormat';

dayjs.extend(utc);
dayjs.extend(customParseFormat);

/** UTC+8, in minutes */
const SHANGHAI_OFFSET = 480;
/** how times are shown and typed */
export const TIME_FORMAT = 'YYYY-MM-DD HH:mm';

export const formatTime = (ms: number) => dayjs(ms).utcOffset(SHANGHAI_OFFSET).format(TIME_FORMAT);
/** the end of a span: only its time when it ends on the day it starts ("2026-12-06 15:00 至 17:00") */
export const formatEnd = (startMs: number, endMs: number) => (formatDate(startMs) === formatDate(endMs) ? formatTime(endMs).slice(11) : formatTime(endMs));
export const formatDate = (ms: number) => dayjs(ms).utcOffset(SHANGHAI_OFFSET).format('YYYY-MM-DD');
/** A Shanghai time typed as `TIME_FORMAT` (strictly), as epoch ms; NaN when it is not one. */
export const parseTime = (text: string) => {
  const d = dayjs.utc(text.trim(), TIME_FORMAT, true);
  return d.isValid() ? d.valueOf() - SHANGHAI_OFFSET * 60_000 : NaN;
};
/** Midnight in Shanghai of the day `ms` falls on, as epoch ms. */
export const startOfDay = (ms: number) => dayjs(ms).utcOffset(SHANGHAI_OFFSET).startOf('day').valueOf();

export const SLA_LABEL = { ok: '正常', due_soon: '即将超时', overdue: '已超时' } as const;
export const SLA_TYPE = { ok: 'success', due_soon: 'warning', overdue: 'danger' } as const;
