import { DELIVERY_EVENTS, DELIVERY_TRANSITIONS, nextDeliveryStatus, type DeliveryStatus } from './machine';

describe('a message delivery', () => {
  it('given a pending message, each outcome of a send ends it or keeps it for a retry', () => {
    expect(nextDeliveryStatus('pending', 'send')).toBe('sent');
    expect(nextDeliveryStatus('pending', 'fan_out')).toBe('sent');
    expect(nextDeliveryStatus('pending', 'skip')).toBe('skipped');
    expect(nextDeliveryStatus('pending', 'refuse')).toBe('failed');
    expect(nextDeliveryStatus('pending', 'give_up')).toBe('failed');
    expect(nextDeliveryStatus('pending', 'no_recipients')).toBe('failed');
    expect(nextDeliveryStatus('pending', 'retry')).toBe('pending');
  });

  it('given a message already ended, no event moves it again', () => {
    for (const from of ['sent', 'skipped', 'failed'] as DeliveryStatus[]) {
      expect(DELIVERY_TRANSITIONS[from]).toEqual({});
      for (const event of DELIVERY_EVENTS) expect(() => nextDeliveryStatus(from, event)).toThrow(expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }));
    }
  });
});
