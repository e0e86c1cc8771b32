/**
 * The case and legal-aid transition tables, exhaustively: every (status, event) pair either reaches
 * the target written out here (independently of the table, from the 12351 flow and the
 * 青岛/江油 legal-aid steps) or throws ILLEGAL_TRANSITION with a Chinese message naming where it is.
 */
import { AppError } from '../shared/errors';
import {
  CASE_ENTRY_KINDS,
  CASE_EVENTS,
  CASE_EVENT_LABEL,
  CASE_HISTORY_EVENTS,
  CASE_STATUSES,
  CASE_STATUS_LABEL,
  CASE_STEP_OWNER,
  CLOCKED_CASE_STATUSES,
  CLOSED_CASE_STATUSES,
  LEGAL_AID_EVENTS,
  LEGAL_AID_EVENT_LABEL,
  LEGAL_AID_STATUSES,
  LEGAL_AID_STATUS_LABEL,
  OPEN_CASE_STATUSES,
  caseEventsFrom,
  isSatisfied,
  legalAidEventsFrom,
  nextCaseStatus,
  nextLegalAidStatus,
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

/** Every pair of a table either gives its expected target or refuses in Chinese; returns how many pairs were tried. */
function exhaust<S extends string, E extends string>(statuses: readonly S[], events: readonly E[], expected: string[], next: (s: S, e: E) => string): number {
  const want = new Map(expected.map((line) => line.split(' ')).map(([from, event, to]) => [`${from} ${event}`, to]));
  let legal = 0;
  let pairs = 0;
  for (const s of statuses) {
    for (const e of events) {
      pairs++;
      const target = want.get(`${s} ${e}`);
      const err = thrown(() => next(s, e));
      if (target) {
        legal++;
        expect([s, e, err?.message ?? null]).toEqual([s, e, null]);
        expect([s, e, next(s, e)]).toEqual([s, e, target]);
      } else {
        expect([s, e, err?.code]).toEqual([s, e, 'ILLEGAL_TRANSITION']);
        expect(err!.message).toMatch(/[\u4e00-\u9fa5]/);
        expect(err!.details).toEqual({ from: s, event: e });
      }
    }
  }
  // every expected line names a real status and event (a typo would otherwise pass as "illegal")
  expect(legal).toBe(expected.length);
  return pairs;
}

describe('the case table', () => {
  const expected = [
    'received assign assigned',
    'received transfer received',
    'received decline declined',
    'received withdraw withdrawn',
    'assigned sign handling',
    'assigned return_assignment received',
    'assigned reassign assigned',
    'assigned transfer received',
    'assigned withdraw withdrawn',
    'handling resolve resolved',
    'handling reassign assigned',
    'handling transfer received',
    'handling withdraw withdrawn',
    'resolved rate_satisfied quality_check',
    'resolved rate_unsatisfied handling',
    'quality_check pass_quality closed',
    'quality_check fail_quality handling',
  ];

  it('gives the target of every legal pair and refuses every other pair with ILLEGAL_TRANSITION', () => {
    expect(exhaust(CASE_STATUSES, CASE_EVENTS, expected, nextCaseStatus)).toBe(CASE_STATUSES.length * CASE_EVENTS.length);
  });

  it('offers from each status exactly the events of its legal pairs', () => {
    for (const s of CASE_STATUSES) {
      const mine = expected.filter((l) => l.startsWith(`${s} `)).map((l) => l.split(' ')[1]);
      expect([s, caseEventsFrom(s).sort()]).toEqual([s, mine.sort()]);
    }
  });

  it('refuses in the words of the status and the event', () => {
    expect(thrown(() => nextCaseStatus('closed', 'withdraw'))!.message).toBe('案件当前“已结案”，不能撤回');
    expect(thrown(() => nextCaseStatus('resolved', 'withdraw'))!.message).toBe('案件当前“已办结，待回访”，不能撤回');
    expect(thrown(() => nextCaseStatus('handling', 'decline'))!.message).toBe('案件当前“办理中”，不能不予受理');
  });

  it('labels every status and history event; entries that move nothing are not table events', () => {
    for (const s of CASE_STATUSES) expect(CASE_STATUS_LABEL[s]).toMatch(/[\u4e00-\u9fa5]/);
    for (const e of CASE_HISTORY_EVENTS) expect(CASE_EVENT_LABEL[e]).toMatch(/[\u4e00-\u9fa5]/);
    for (const k of CASE_ENTRY_KINDS) expect(CASE_EVENTS).not.toContain(k);
    expect(CASE_ENTRY_KINDS).toContain('escalate');
  });

  it('ends nowhere after a closing status; open and closed statuses partition the table', () => {
    for (const s of CLOSED_CASE_STATUSES) expect([s, caseEventsFrom(s)]).toEqual([s, []]);
    expect([...OPEN_CASE_STATUSES, ...CLOSED_CASE_STATUSES].sort()).toEqual([...CASE_STATUSES].sort());
    for (const s of CLOSED_CASE_STATUSES) expect(CASE_STEP_OWNER[s]).toBeNull();
  });

  it('gives every open status an owner; the clock never runs on the worker (回访 does not escalate)', () => {
    expect(OPEN_CASE_STATUSES.map((s) => CASE_STEP_OWNER[s])).toEqual(['desk', 'assignee', 'assignee', 'worker', 'quality']);
    expect([...CLOCKED_CASE_STATUSES]).toEqual(OPEN_CASE_STATUSES.filter((s) => CASE_STEP_OWNER[s] !== 'worker'));
  });

  it('withdrawing is possible only before 办结; a 办结 case can only be rated', () => {
    const withdrawable = CASE_STATUSES.filter((s) => !thrown(() => nextCaseStatus(s, 'withdraw')));
    expect(withdrawable).toEqual(['received', 'assigned', 'handling']);
    expect(caseEventsFrom('resolved').sort()).toEqual(['rate_satisfied', 'rate_unsatisfied']);
  });

  it('counts 3–5 as satisfied and 1–2 as not', () => {
    expect([1, 2, 3, 4, 5].map(isSatisfied)).toEqual([false, false, true, true, true]);
  });
});

describe('the legal-aid table', () => {
  const expected = [
    'applied pre_approve pre_approved',
    'applied approve approved',
    'applied refuse refused',
    'pre_approved approve approved',
    'pre_approved refuse refused',
    'approved appoint appointed',
    'appointed report reported',
  ];

  it('gives the target of every legal pair and refuses every other pair with ILLEGAL_TRANSITION', () => {
    expect(exhaust(LEGAL_AID_STATUSES, LEGAL_AID_EVENTS, expected, nextLegalAidStatus)).toBe(LEGAL_AID_STATUSES.length * LEGAL_AID_EVENTS.length);
  });

  it('offers from each status exactly the events of its legal pairs', () => {
    for (const s of LEGAL_AID_STATUSES) {
      const mine = expected.filter((l) => l.startsWith(`${s} `)).map((l) => l.split(' ')[1]);
      expect([s, legalAidEventsFrom(s).sort()]).toEqual([s, mine.sort()]);
    }
  });

  it('refuses in the words of the status and the event', () => {
    expect(thrown(() => nextLegalAidStatus('refused', 'approve'))!.message).toBe('法律援助当前“不予法律援助”，不能同意提供法律援助');
    expect(thrown(() => nextLegalAidStatus('applied', 'appoint'))!.message).toBe('法律援助当前“法律援助待审查”，不能出具委派函，委派律师');
  });

  it('labels every status and event', () => {
    for (const s of LEGAL_AID_STATUSES) expect(LEGAL_AID_STATUS_LABEL[s]).toMatch(/[\u4e00-\u9fa5]/);
    for (const e of LEGAL_AID_EVENTS) expect(LEGAL_AID_EVENT_LABEL[e]).toMatch(/[\u4e00-\u9fa5]/);
  });
});
