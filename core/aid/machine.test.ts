/**
 * The aid transition tables, exhaustively: every status × event either reaches the target written
 * out here (independently of the table, from the flow) or throws ILLEGAL_TRANSITION with a
 * Chinese message. The same for the file, the notice and the objection; and which decisions each
 * owner is offered in each status.
 */
import { AppError } from '../shared/errors';
import {
  AID_CLOSED_STATUSES,
  AID_DECISIONS,
  AID_EVENTS,
  AID_EVENT_LABEL,
  AID_FUNDED_STATUSES,
  AID_HISTORY_EVENTS,
  AID_REVIEW_STATUSES,
  AID_STATUSES,
  AID_STATUS_LABEL,
  AID_STEP_OWNER,
  AID_TRANSITIONS,
  FILE_EVENTS,
  FILE_STATUSES,
  NOTICE_STATUSES,
  OBJECTION_RULINGS,
  OBJECTION_STATUSES,
  aidDecisionsFor,
  nextAidStatus,
  nextFileStatus,
  nextNoticeStatus,
  nextObjectionStatus,
  type AidOwner,
  type AidStatus,
} from './machine';

/** Runs `fn`; the AppError it throws (or null when it returns). */
function thrown(fn: () => unknown): AppError | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
}

/** Every pair of a table either gives its expected target or refuses in Chinese. */
function exhaust<S extends string, E extends string>(statuses: readonly S[], events: readonly E[], expected: string[], next: (s: S, e: E) => string) {
  const want = new Map(expected.map((line) => line.split(' ')).map(([from, event, to]) => [`${from} ${event}`, to]));
  let legal = 0;
  for (const s of statuses) {
    for (const e of events) {
      const target = want.get(`${s} ${e}`);
      const err = thrown(() => next(s, e));
      if (target) {
        legal++;
        expect([s, e, err?.message ?? null]).toEqual([s, e, null]);
        expect([s, e, next(s, e)]).toEqual([s, e, target]);
      } else {
        expect([s, e, err?.code]).toEqual([s, e, 'ILLEGAL_TRANSITION']);
        expect(err!.message).toMatch(/[\u4e00-\u9fa5]/);
        expect(err!.details).toMatchObject({ from: s });
      }
    }
  }
  // every expected line names a real status and event (a typo would otherwise pass as "illegal")
  expect(legal).toBe(expected.length);
}

describe('the aid application table', () => {
  const expected = [
    'draft submit first_check',
    'draft withdraw withdrawn',
    'first_check pass_first_check union_review',
    'first_check return returned',
    'first_check reject rejected',
    'first_check withdraw withdrawn',
    'union_review recommend federation_review',
    'union_review return returned',
    'union_review reject rejected',
    'union_review withdraw withdrawn',
    'federation_review approve approved',
    'federation_review refer_upper upper_review',
    'federation_review reject rejected',
    'upper_review upper_approve approved',
    'upper_review reject rejected',
    'returned resubmit first_check',
    'returned withdraw withdrawn',
    'approved publish in_notice',
    'in_notice clear cleared',
    'in_notice stop stopped',
    'in_notice revise approved',
    'cleared pay paid',
    'cleared bounce payment_returned',
    'payment_returned reissue cleared',
  ];

  it('gives the target of every legal pair and refuses every other pair with ILLEGAL_TRANSITION', () => {
    exhaust(AID_STATUSES, AID_EVENTS, expected, nextAidStatus);
  });

  it('refuses in the words of the status and the event', () => {
    expect(thrown(() => nextAidStatus('paid', 'approve'))!.message).toBe('该帮扶申请当前为“已发放”，不能审批通过');
  });

  it('labels every status and event, and the timer escalation is not a table event', () => {
    for (const s of AID_STATUSES) expect(AID_STATUS_LABEL[s]).toMatch(/[\u4e00-\u9fa5]/);
    for (const e of AID_HISTORY_EVENTS) expect(AID_EVENT_LABEL[e]).toMatch(/[\u4e00-\u9fa5]/);
    expect(AID_EVENTS).not.toContain('escalate');
    expect(AID_HISTORY_EVENTS).toContain('escalate');
  });

  it('ends nowhere after a closing status, and no review step may be withdrawn once the federation holds it', () => {
    for (const s of AID_CLOSED_STATUSES) expect([s, Object.keys(AID_TRANSITIONS[s])]).toEqual([s, []]);
    for (const s of ['federation_review', 'upper_review', 'approved', 'in_notice', 'cleared'] as const) {
      expect(thrown(() => nextAidStatus(s, 'withdraw'))?.code).toBe('ILLEGAL_TRANSITION');
    }
  });

  it('gives every review step an officer owner, and holds funds from the referral upward until it ends', () => {
    expect(AID_REVIEW_STATUSES.map((s) => AID_STEP_OWNER[s])).toEqual(['union', 'union', 'federation', 'upper']);
    expect([...AID_FUNDED_STATUSES].sort()).toEqual(['approved', 'cleared', 'in_notice', 'paid', 'payment_returned', 'upper_review']);
    // funds are reserved by the federation's decision only: no other event enters a funded status from outside
    const entering: string[] = [];
    for (const s of AID_STATUSES) {
      for (const [event, to] of Object.entries(AID_TRANSITIONS[s]))
        if (AID_FUNDED_STATUSES.includes(to!) && !AID_FUNDED_STATUSES.includes(s)) entering.push(`${s} ${event}`);
    }
    expect(entering.sort()).toEqual(['federation_review approve', 'federation_review refer_upper']);
  });
});

describe('aidDecisionsFor', () => {
  const keys = (status: AidStatus, parties: AidOwner[]) => aidDecisionsFor(status, parties).map((a) => a.key);
  const OWNERS: AidOwner[] = ['worker', 'union', 'federation', 'upper', 'finance'];
  /** what the owner of each status is offered; everyone else gets nothing */
  const OFFERED: Partial<Record<AidStatus, [AidOwner, string[]]>> = {
    first_check: ['union', ['pass_first_check', 'return', 'reject']],
    union_review: ['union', ['recommend', 'return', 'reject']],
    federation_review: ['federation', ['approve', 'reject']],
    upper_review: ['upper', ['upper_approve', 'reject']],
  };

  it('offers each owner exactly the decisions of its step, and nobody else anything', () => {
    for (const status of AID_STATUSES) {
      for (const owner of OWNERS) {
        const [who, decisions] = OFFERED[status] ?? [null, []];
        expect([status, owner, keys(status, [owner])]).toEqual([status, owner, who === owner ? decisions : []]);
      }
    }
  });

  it('marks which decisions need a note and which an amount', () => {
    expect(aidDecisionsFor('first_check', ['union'])).toEqual([
      { key: 'pass_first_check', label: '初审通过', needsNote: false, needsAmount: false },
      { key: 'return', label: '退回补正', needsNote: true, needsAmount: false },
      { key: 'reject', label: '不予批准', needsNote: true, needsAmount: false },
    ]);
    expect(aidDecisionsFor('federation_review', ['worker', 'federation'])).toEqual([
      { key: 'approve', label: '批准帮扶', needsNote: false, needsAmount: true },
      { key: 'reject', label: '不予批准', needsNote: true, needsAmount: false },
    ]);
  });

  it('offers only decisions the table allows from the status', () => {
    for (const status of AID_STATUSES) {
      for (const a of aidDecisionsFor(status, OWNERS)) expect(AID_TRANSITIONS[status][a.key]).toBeDefined();
    }
    expect(AID_DECISIONS.every((d) => (AID_EVENTS as readonly string[]).includes(d))).toBe(true);
  });
});

describe('the file, notice and objection tables', () => {
  it('file: draft → active on approval, active is re-verified or closed, closed is final', () => {
    exhaust(FILE_STATUSES, FILE_EVENTS, ['draft activate active', 'active reverify active', 'active close closed'], nextFileStatus);
  });

  it('notice: open → archived, once', () => {
    exhaust(NOTICE_STATUSES, ['archive'] as const, ['open archive archived'], nextNoticeStatus);
  });

  it('objection: a pending one is ruled once, a ruled one never again', () => {
    exhaust(
      OBJECTION_STATUSES,
      OBJECTION_RULINGS,
      ['pending uphold_stop upheld', 'pending uphold_revise upheld', 'pending dismiss dismissed'],
      nextObjectionStatus,
    );
  });
});
