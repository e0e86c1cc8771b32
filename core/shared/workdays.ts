/**
 * Working days in Asia/Shanghai with a configurable holiday calendar (法定节假日 and 调休 make-up
 * working days). Cloud functions run in UTC; every deadline goes through here.
 *
 * Dates are handled as Shanghai day numbers (days since 1970-01-01 in local time), so counting the
 * working days between two instants costs O(weeks/7 + holidays), not a loop over every day: the
 * queue computes an age for every row it shows.
 */
import type { HolidayCalendar } from './ports';
import { shanghaiDayNumber as dayNumber } from './time';

const DAY = 86_400_000;

const dateDayNumber = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY);
/** 1970-01-01 was a Thursday: 0 = Sunday … 6 = Saturday */
const weekday = (day: number) => (((day + 4) % 7) + 7) % 7;
const isWeekend = (day: number) => weekday(day) === 0 || weekday(day) === 6;

export class WorkCalendar {
  private readonly holidays: Set<number>;
  private readonly workdays: Set<number>;

  constructor(calendar: HolidayCalendar) {
    this.holidays = new Set(calendar.holidays.map(dateDayNumber));
    this.workdays = new Set(calendar.workdays.map(dateDayNumber));
  }

  private isWorkingDayNumber(day: number): boolean {
    if (this.workdays.has(day)) return true;
    if (this.holidays.has(day)) return false;
    return !isWeekend(day);
  }

  isWorkingDay(date: string): boolean {
    return this.isWorkingDayNumber(dateDayNumber(date));
  }

  /**
   * The instant `n` working days after `from`: the same local time on the n-th following working
   * day (an item submitted on Friday 15:00 with n=3 is due Wednesday 15:00). Shanghai keeps no
   * daylight saving time, so whole days are 24 hours.
   */
  addWorkingDays(from: number, n: number): number {
    let day = dayNumber(from);
    let steps = 0;
    for (let left = n; left > 0;) {
      day++;
      steps++;
      if (this.isWorkingDayNumber(day)) left--;
    }
    return from + steps * DAY;
  }

  /** Working days after `from`'s day up to and including `to`'s day (0 on the same day). */
  workingDaysBetween(from: number, to: number): number {
    const a = dayNumber(from);
    const b = dayNumber(to);
    if (b <= a) return 0;
    const span = b - a;
    let count = Math.floor(span / 7) * 5;
    for (let d = a + 1 + Math.floor(span / 7) * 7; d <= b; d++) if (!isWeekend(d)) count++;
    for (const h of this.holidays) if (h > a && h <= b && !isWeekend(h) && !this.workdays.has(h)) count--;
    for (const w of this.workdays) if (w > a && w <= b && isWeekend(w)) count++;
    return count;
  }
}

const calendars = new WeakMap<object, WorkCalendar>();
/** One calendar per configured holiday list (built once, reused by every use case). */
export function calendarFor(calendar: HolidayCalendar): WorkCalendar {
  let cal = calendars.get(calendar);
  if (!cal) calendars.set(calendar, (cal = new WorkCalendar(calendar)));
  return cal;
}
