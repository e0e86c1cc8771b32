/**
 * Shanghai time, the server side's one module for it (the client's is src/components/format.ts).
 * Cloud functions run in UTC; every date a person reads, every year a number is counted in and every
 * cron slot is on the Asia/Shanghai clock. China keeps no daylight saving time, so the offset is a
 * fixed UTC+8.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

export const TZ = 'Asia/Shanghai';
export const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** 2026-11-24 */
export function shanghaiDate(ms: number): string {
  return dayjs(ms).tz(TZ).format('YYYY-MM-DD');
}

/** Any dayjs pattern in Shanghai time; default 2026-11-24 10:00. */
export function formatShanghai(ms: number, pattern = 'YYYY-MM-DD HH:mm'): string {
  return dayjs(ms).tz(TZ).format(pattern);
}

/** 11-24 10:00: a time within the coming days, for notices and check-in answers. */
export const shanghaiShortTime = (ms: number) => formatShanghai(ms, 'MM-DD HH:mm');

/** The Shanghai calendar year of an instant. */
export const shanghaiYear = (ms: number) => new Date(ms + SHANGHAI_OFFSET_MS).getUTCFullYear();

/** 00:00 Shanghai time of the day `ms` falls in. */
export const startOfShanghaiDay = (ms: number) => Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;

/** Minutes since 00:00 Shanghai time (0–1439). */
export const minuteOfShanghaiDay = (ms: number) => Math.floor(((((ms + SHANGHAI_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);

/** Local day number of an instant in Shanghai (days since 1970-01-01 on the Shanghai calendar). */
export const shanghaiDayNumber = (ms: number) => Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);

/** 00:00 Shanghai time of a calendar date (2026-08-14 → the instant that day begins in Shanghai). */
export const startOfShanghaiDate = (date: string): number => dayjs.tz(date, 'YYYY-MM-DD', TZ).valueOf();

/** 24:00 Shanghai time of a calendar date: a window that closes "on" that date closes at this instant. */
export const endOfShanghaiDate = (date: string): number => startOfShanghaiDate(date) + DAY_MS;
