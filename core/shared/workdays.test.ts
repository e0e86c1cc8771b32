import { WorkCalendar } from './workdays';
import { formatShanghai } from './time';
import { loadAppConfig } from '../../config/app';

const cal = new WorkCalendar(loadAppConfig({}).calendar);
const at = (iso: string) => Date.parse(iso);

describe('working days in Asia/Shanghai', () => {
  it('skips weekends: Friday 15:00 + 3 working days is Wednesday 15:00', () => {
    const due = cal.addWorkingDays(at('2026-11-20T15:00:00+08:00'), 3);
    expect(formatShanghai(due)).toBe('2026-11-25 15:00');
  });
  it('skips the National Day holiday and counts the make-up Saturday (2026-10-10)', () => {
    const due = cal.addWorkingDays(at('2026-09-30T10:00:00+08:00'), 2);
    expect(formatShanghai(due)).toBe('2026-10-09 10:00');
    expect(cal.isWorkingDay('2026-10-10')).toBe(true);
    expect(cal.isWorkingDay('2026-10-05')).toBe(false);
  });
  it('uses the Shanghai date, not the UTC date, for a late-evening submission', () => {
    // 23:30 Friday in Shanghai is 15:30 Friday UTC; Saturday is not a working day there either way.
    expect(cal.workingDaysBetween(at('2026-11-20T23:30:00+08:00'), at('2026-11-23T09:00:00+08:00'))).toBe(1);
  });
  it('counts elapsed working days', () => {
    expect(cal.workingDaysBetween(at('2026-11-16T09:00:00+08:00'), at('2026-11-24T09:00:00+08:00'))).toBe(6);
    expect(cal.workingDaysBetween(at('2026-11-24T09:00:00+08:00'), at('2026-11-24T18:00:00+08:00'))).toBe(0);
  });
});

describe('counting agrees with walking day by day', () => {
  it('over two years of random spans', () => {
    const walk = (from: number, to: number) => {
      let n = 0;
      for (
        let d = new Date(formatShanghai(from, 'YYYY-MM-DD') + 'T12:00:00+08:00').getTime() + 86400_000;
        formatShanghai(d, 'YYYY-MM-DD') <= formatShanghai(to, 'YYYY-MM-DD');
        d += 86400_000
      ) {
        if (cal.isWorkingDay(formatShanghai(d, 'YYYY-MM-DD'))) n++;
      }
      return n;
    };
    let seed = 1;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const base = at('2025-12-01T00:00:00+08:00');
    for (let i = 0; i < 60; i++) {
      const from = base + Math.floor(rand() * 400 * 86400_000);
      const to = from + Math.floor(rand() * 120 * 86400_000);
      expect(cal.workingDaysBetween(from, to)).toBe(walk(from, to));
    }
  });
});
