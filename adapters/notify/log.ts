/**
 * The Notifier off WeChat (the local gateway, tests): writes one log line per message and keeps what
 * it "sent". A test can make it answer like WeChat does (`answer`) to drive retries and refusals.
 */
import type { Notifier, SendOutcome, SubscribeMessage } from '../../core/notify';

export interface LogNotifier extends Notifier {
  readonly sent: SubscribeMessage[];
  /** every call, answered or not */
  readonly calls: SubscribeMessage[];
  /** the next answers (then `{ ok: true }`); a function answers each call */
  answer: SendOutcome[] | ((m: SubscribeMessage) => SendOutcome | Promise<SendOutcome>);
  reset(): void;
}

export function logNotifier(log: (line: string) => void = (line) => console.log(line)): LogNotifier {
  const n: LogNotifier = {
    sent: [],
    calls: [],
    answer: [],
    async send(m) {
      n.calls.push(m);
      const outcome = typeof n.answer === 'function' ? await n.answer(m) : (n.answer.shift() ?? { ok: true as const });
      if (outcome.ok) n.sent.push(m);
      const fields = Object.entries(m.data)
        .map(([k, v]) => `${k}=${v.value}`)
        .join(' ');
      log(`[notify] ${outcome.ok ? 'sent' : `refused ${outcome.errcode}`} → ${m.toUid} template ${m.templateId} page ${m.page} | ${fields}`);
      return outcome;
    },
    reset() {
      n.sent.length = 0;
      n.calls.length = 0;
      n.answer = [];
    },
  };
  return n;
}
