/** A legal-aid case's key date (立案, 开庭, 时效届满): how near it is, judged on the Shanghai calendar. Pure. */
import { startOfShanghaiDate, startOfShanghaiDay } from '../shared/time';

const DAY_MS = 86_400_000;

/** Calendar days from today (Shanghai) to `date`: 0 on the day itself, negative once it has passed. */
export const daysUntil = (date: string, now: number): number => Math.round((startOfShanghaiDate(date) - startOfShanghaiDay(now)) / DAY_MS);

/** Urgent (紧急预审 allowed): the key date is today or within `urgentDays` calendar days. */
export function isNear(keyDate: string | null, now: number, urgentDays: number): boolean {
  if (!keyDate) return false;
  const n = daysUntil(keyDate, now);
  return n >= 0 && n <= urgentDays;
}
