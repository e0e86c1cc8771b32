/** What the server says a viewer may do with an application, and 会龄. */
import { officerActions, seniorityYears, workerActions } from './views';
import type { ApplicationStatus } from './machine';
import type { ApplicationDoc } from './model';

const app = (status: ApplicationStatus) => ({ status }) as ApplicationDoc;
const keys = (a: Array<{ key: string }>) => a.map((x) => x.key);

describe('actions', () => {
  it('an officer in scope: the decisions the table allows', () => {
    expect(officerActions(app('pending'))).toEqual([
      { key: 'approve', label: '通过' },
      { key: 'request_info', label: '要求补充' },
      { key: 'reject', label: '不予通过' },
    ]);
    expect(keys(officerActions(app('needs_info')))).toEqual(['reject']);
    for (const s of ['approved', 'rejected', 'withdrawn'] as const) expect(officerActions(app(s))).toEqual([]);
  });
  it('the applicant: withdraw while open, resubmit when asked, apply again once closed without a membership', () => {
    expect(workerActions(app('pending'), false)).toEqual([{ key: 'withdraw', label: '撤回申请' }]);
    expect(workerActions(app('needs_info'), false)).toEqual([
      { key: 'resubmit', label: '重新提交' },
      { key: 'withdraw', label: '撤回申请' },
    ]);
    expect(workerActions(app('rejected'), false)).toEqual([{ key: 'apply_again', label: '重新申请' }]);
    expect(keys(workerActions(app('withdrawn'), false))).toEqual(['apply_again']);
    expect(workerActions(app('withdrawn'), true)).toEqual([]);
    expect(workerActions(app('approved'), false)).toEqual([]);
  });
});

describe('seniorityYears', () => {
  // 2020-03-02 00:30 in Shanghai is 2020-03-01 16:30 UTC
  const joined = Date.UTC(2020, 2, 1, 16, 30);
  it('counts whole years by Shanghai calendar dates', () => {
    expect(seniorityYears(joined, joined)).toBe(0);
    expect(seniorityYears(joined, Date.UTC(2021, 2, 1, 15, 59))).toBe(0); // 2021-03-01 23:59 Shanghai
    expect(seniorityYears(joined, Date.UTC(2021, 2, 1, 16, 0))).toBe(1); // 2021-03-02 00:00 Shanghai
    expect(seniorityYears(joined, Date.UTC(2026, 11, 1))).toBe(6);
    expect(seniorityYears(joined, joined - 86400_000)).toBe(0);
  });
});
