/**
 * Working days in Asia/Shanghai with a configurable holiday calendar (法定节假日 and 调休 make-up
 * working days). Cloud functions run in UTC; every deadline goes through here.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import type { HolidayCalendar } from './ports';

dayjs.extend(utc);
dayjs.extend(timezone);

export const TZ = 'Asia/Shanghai';

export function shanghaiDate(ms: number): string {
  return dayjs(ms).tz(TZ).format('YYYY-MM-DD');
}

export function formatShanghai(ms: number, pattern = 'YYYY-MM-DD HH:mm'): string {
  return dayjs(ms).tz(TZ).format(pattern);
}

export class WorkCalendar {
  private readonly holidays: Set<string>;
  private readonly workdays: Set<string>;

  constructor(calendar: HolidayCalendar) {
    this.holidays = new Set(calendar.holidays);
    this.workdays = new Set(calendar.workdays);
  }

  isWorkingDay(date: string): boolean {
    if (this.workdays.has(date)) return true;
    if (this.holidays.has(date)) return false;
    const dow = dayjs.tz(date, TZ).day();
    return dow !== 0 && dow !== 6;
  }

  /**
   * The instant `n` working days after `from`: the same local time on the n-th following working
   * day (an item submitted on Friday 15:00 with n=3 is due Wednesday 15:00).
   */
  addWorkingDays(from: number, n: number): number {
    let t = dayjs(from).tz(TZ);
    let left = n;
    while (left > 0) {
      t = t.add(1, 'day');
      if (this.isWorkingDay(t.format('YYYY-MM-DD'))) left--;
    }
    return t.valueOf();
  }

  /** Whole working days elapsed between two instants (0 on the same day). */
  workingDaysBetween(from: number, to: number): number {
    if (to <= from) return 0;
    let t = dayjs(from).tz(TZ);
    const end = shanghaiDate(to);
    let count = 0;
    while (t.format('YYYY-MM-DD') < end) {
      t = t.add(1, 'day');
      if (this.isWorkingDay(t.format('YYYY-MM-DD'))) count++;
    }
    return count;
  }
}
