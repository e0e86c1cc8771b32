import { APPLICATION_EVENTS, APPLICATION_STATUSES, allowedEvents, nextStatus } from './machine';
import { AppError } from '../shared/errors';

describe('join application state machine', () => {
  it('follows the table', () => {
    expect(nextStatus('pending', 'approve')).toBe('approved');
    expect(nextStatus('pending', 'reject')).toBe('rejected');
    expect(nextStatus('pending', 'request_info')).toBe('needs_info');
    expect(nextStatus('needs_info', 'resubmit')).toBe('pending');
    expect(nextStatus('needs_info', 'withdraw')).toBe('withdrawn');
  });
  it('makes every other transition an ILLEGAL_TRANSITION error with a Chinese message', () => {
    const legal = new Set([
      'pending:approve',
      'pending:reject',
      'pending:request_info',
      'pending:withdraw',
      'needs_info:resubmit',
      'needs_info:reject',
      'needs_info:withdraw',
    ]);
    for (const s of APPLICATION_STATUSES) {
      for (const e of APPLICATION_EVENTS) {
        if (legal.has(`${s}:${e}`)) continue;
        let err: unknown;
        try {
          nextStatus(s, e);
        } catch (x) {
          err = x;
        }
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).code).toBe('ILLEGAL_TRANSITION');
        expect((err as AppError).message).toMatch(/不能/);
      }
    }
  });
  it('allowedEvents lists exactly the legal events of each status', () => {
    expect(allowedEvents('pending')).toEqual(['approve', 'reject', 'request_info', 'withdraw']);
    expect(allowedEvents('needs_info')).toEqual(['reject', 'resubmit', 'withdraw']);
    for (const s of ['approved', 'rejected', 'withdrawn'] as const) expect(allowedEvents(s)).toEqual([]);
    for (const s of APPLICATION_STATUSES) for (const e of allowedEvents(s)) expect(() => nextStatus(s, e)).not.toThrow();
  });
});
