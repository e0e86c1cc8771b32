/**
 * An officer's decision on a join application, as a pure function (the decider of
 * ../shared/research/code-style-anchors.md §3.7): given the application as read and the command, it
 * says what should happen and touches nothing. decide.ts is the thin shell that applies it (the
 * claim, the conditional write, the audit entry, the member, the notice), so the rules are tested
 * without a database (decision.test.ts).
 */
import { AppError, conflict } from '../shared/errors';
import type { AuditEntry } from '../shared/audit';
import type { OutboxMessage } from '../shared/outbox';
import { STATUS_LABEL, nextStatus, type ApplicationStatus } from './machine';
import type { DECISIONS } from './contract';
import { APPLICATIONS, type ApplicationDoc } from './model';

export type DecisionKind = (typeof DECISIONS)[number];

export interface DecideCommand {
  decision: DecisionKind;
  /** the officer's reason; required (2+ characters) unless approving, ignored when approving */
  reason: string;
  /** the version the officer saw: a decision on a stale view is refused */
  expectedVersion?: number;
}

export interface Notice {
  /** the outbox key: one notice per decided version */
  key: string;
  message: Pick<OutboxMessage, 'to' | 'template' | 'title' | 'body' | 'page' | 'fields'>;
}

export interface Decided {
  /** the status after the decision, and what the conditional write sets and appends */
  to: ApplicationStatus;
  set: Pick<ApplicationDoc, 'reason'>;
  entry: ApplicationDoc['history'][number];
  /**
   * The person's claim: `take` (an approval: the person must be this application's, checked before
   * the write), `release` (a refusal frees the person for another application, after the write), or
   * `keep` (a request for information: the application stays open).
   */
  claim: 'take' | 'release' | 'keep';
  /** an approval creates the member (idempotently) after the write */
  createMember: boolean;
  audit: Omit<AuditEntry, '_id' | 'at'>;
  /** the applicant's notice; an approval's names the member number, which the shell allocates */
  notice: (memberNo: string | null) => Notice;
}

const REASON_REQUIRED: Record<Exclude<DecisionKind, 'approve'>, string> = {
  reject: '不予通过时请填写理由',
  request_info: '请说明需要补充哪些信息',
};

/** Throws CONFLICT on a stale view, VALIDATION without a reason, ILLEGAL_TRANSITION when the table forbids it. */
export function decideApplication(doc: ApplicationDoc, command: DecideCommand, now: number, actorUid: string): Decided {
  if (command.expectedVersion !== undefined && command.expectedVersion !== doc.version) {
    throw conflict('该申请在您查看后已有变化，请刷新后再处理。');
  }
  const { decision } = command;
  if (decision !== 'approve' && command.reason.trim().length < 2) {
    const message = REASON_REQUIRED[decision];
    throw new AppError('VALIDATION', message, [{ path: ['reason'], message }]);
  }
  const reason = decision === 'approve' ? null : command.reason.trim();
  const to = nextStatus(doc.status, decision);
  const version = doc.version + 1;
  return {
    to,
    set: { reason },
    entry: { at: now, actor: 'officer', event: decision, to, reason },
    claim: to === 'approved' ? 'take' : to === 'rejected' ? 'release' : 'keep',
    createMember: to === 'approved',
    audit: {
      actorUid,
      action: `member.decide.${decision}`,
      target: { collection: APPLICATIONS, id: doc._id },
      before: { status: doc.status, version: doc.version },
      after: { status: to, version },
      reason,
    },
    notice: (memberNo) => ({ key: `${doc._id}_v${version}`, message: decisionNotice(doc, to, reason, memberNo) }),
  };
}

/** What the applicant is told of a decision (their inbox, and the WeChat subscribe message's fields). */
export function decisionNotice(doc: Pick<ApplicationDoc, 'uid'>, to: ApplicationStatus, reason: string | null, memberNo: string | null): Notice['message'] {
  const body: Partial<Record<ApplicationStatus, string>> = {
    approved: `恭喜！您的入会申请已通过，会员编号 ${memberNo}，可在小程序中出示电子会员卡。`,
    rejected: `您的入会申请未通过。理由：${reason}`,
    needs_info: `您的入会申请需要补充信息：${reason}`,
  };
  return {
    to: `uid:${doc.uid}`,
    template: 'join_decision',
    title: `入会申请${STATUS_LABEL[to]}`,
    body: body[to] ?? '',
    page: to === 'approved' ? '/pages/card/index' : '/pages/me/index',
    fields: { result: STATUS_LABEL[to], note: to === 'approved' ? `会员编号 ${memberNo}` : (reason ?? '') },
  };
}
