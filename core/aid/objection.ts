/**
 * Objections to a public notice (异议): a member in the notice's scope objects to one entry while the
 * window is open, with a reason and up to 4 files of their own; the federation rules on each —
 * upheld, the aid is stopped (funds released) or revised (a new amount within the cap, funds
 * adjusted, noticed again); dismissed, recorded, and after the window the entry is cleared for
 * payment then. The objector is known to no view: the notice, the applicant's application and the
 * officer's ruling view carry no uid or name of theirs (ObjectionView has no such field); only the
 * objector's own list shows their objections.
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { SignedInCaller } from '../shared/caller';
import { AppError, conflict, forbidden } from '../shared/errors';
import { DuplicateKeyError } from '../shared/docstore';
import { recordAudit } from '../shared/audit';
import { enqueue } from '../shared/outbox';
import { FILES, type FileDoc, type FileRef } from '../shared/files';
import { formatShanghai } from '../shared/time';
import { assertScope, attachFiles, getOrg } from '../org';
import type { aidContract } from './contract';
import { AID_APPLICATIONS, AID_LEDGER, AID_OBJECTIONS, type AidApplicationDoc, type LedgerDoc, type NoticeDoc, type ObjectionDoc } from './model';
import { AID_KIND_LABEL, OBJECTION_RULINGS, OBJECTION_RULING_LABEL, OBJECTION_STATUS_LABEL, nextObjectionStatus, type ObjectionRuling } from './machine';
import type { ObjectionView } from './schemas';
import { transition, type Actor } from './step';
import { assertCapOf, isScholarship } from './programme';
import { adjustFunding, releaseFunding } from './funding';
import {
  FEDERATION_ROLES,
  actorFor,
  assertCanRead,
  clearIfSettled,
  loadNotice,
  orgNameOf,
  rulesOfApplication,
  setEntryState,
  windowOpen,
} from './notice-support';

type In<K extends keyof typeof aidContract> = z.output<(typeof aidContract)[K]['input']>;

export async function toObjectionView(
  deps: Pick<Dependencies, 'store'>,
  o: ObjectionDoc,
  ctx: { notice: NoticeDoc; officer: boolean },
): Promise<z.input<typeof ObjectionView>> {
  const files: FileRef[] = [];
  for (const id of o.fileIds) {
    const f = await deps.store.get<FileDoc>(FILES, id);
    if (f) files.push({ id: f._id, name: f.name, contentType: f.contentType, size: f.size });
  }
  const entry = ctx.notice.entries.find((e) => e.applicationId === o.applicationId);
  return {
    id: o._id,
    noticeId: o.noticeId,
    noticeTitle: ctx.notice.title,
    applicationId: o.applicationId,
    publicName: entry?.publicName ?? '（已移出公示）',
    reason: o.reason,
    files,
    status: o.status,
    statusLabel: OBJECTION_STATUS_LABEL[o.status],
    rulingLabel: o.ruling ? OBJECTION_RULING_LABEL[o.ruling] : null,
    rulingNote: o.rulingNote,
    submittedAt: o.submittedAt,
    ruledAt: o.ruledAt,
    rulings:
      ctx.officer && o.status === 'pending'
        ? OBJECTION_RULINGS.map((key) => ({ key, label: OBJECTION_RULING_LABEL[key], needsAmount: key === 'uphold_revise' }))
        : [],
    version: o.version,
  };
}

/** Action (member in scope, window open): objects to one entry; idempotent by the request key. */
export async function object(deps: Dependencies, caller: SignedInCaller, input: In<'object'>) {
  const n = await loadNotice(deps, input.noticeId);
  const reader = await assertCanRead(deps, caller, n);
  if (!reader.inScopeMember) throw forbidden('只有公示范围内的工会会员可以提出异议');
  const id = `ao_${deps.crypto.hash(`objection|${caller.uid}|${input.idempotencyKey}`).slice(0, 32)}`;
  const again = await deps.store.get<ObjectionDoc>(AID_OBJECTIONS, id);
  if (again) return replay(deps, again, input, n);
  if (!windowOpen(n, deps.clock.now())) {
    throw new AppError('DEADLINE_PASSED', `公示期已于${formatShanghai(n.closesAt, 'M月D日 HH:mm')}结束，不能再提出异议`);
  }
  const entry = n.entries.find((e) => e.applicationId === input.applicationId);
  if (!entry) throw new AppError('NOT_FOUND', '本公示中没有这条名单');
  if (entry.state !== 'listed' && entry.state !== 'objected') throw new AppError('CONFLICT', '该名单已核实处理，不再受理异议');
  const app = await deps.store.get<AidApplicationDoc>(AID_APPLICATIONS, input.applicationId);
  if (app?.uid === caller.uid) throw new AppError('VALIDATION', '不能对本人的帮扶提出异议', [{ path: ['applicationId'], message: '这是您本人的帮扶' }]);
  // the files first, claimed for this objection's id: a retry after a cut-off call finds them already its own
  await attachFiles(deps, caller, input.fileIds, { ownerId: id, orgId: n.orgId });
  const doc: ObjectionDoc = {
    _id: id,
    noticeId: n._id,
    applicationId: input.applicationId,
    objectorUid: caller.uid,
    reason: input.reason,
    fileIds: input.fileIds,
    status: 'pending',
    ruling: null,
    rulingNote: null,
    ruledBy: null,
    submittedAt: deps.clock.now(),
    ruledAt: null,
    version: 0,
  };
  try {
    await deps.store.insert(AID_OBJECTIONS, doc);
  } catch (e) {
    if (!(e instanceof DuplicateKeyError)) throw e;
    return replay(deps, (await deps.store.get<ObjectionDoc>(AID_OBJECTIONS, id))!, input, n);
  }
  const after = await setEntryState(deps, n._id, input.applicationId, 'objected', ['listed']);
  // the officers are told which entry, never by whom; the reason is on the ruling page
  await enqueue(deps, `${id}_submitted`, {
    to: `org:${n.orgId}`,
    template: 'aid_todo',
    title: '公示收到异议',
    body: `“${n.title}”中${entry.publicName}（${entry.unionName}）收到一条异议，请核实后作出结论。`,
    page: '/admin/aid/notices',
    fields: { applicant: entry.publicName, note: '公示收到异议，请核实' },
  });
  return toObjectionView(deps, doc, { notice: after, officer: false });
}

/** The same request again answers the objection it made; the key reused for another entry is a conflict. */
async function replay(deps: Dependencies, o: ObjectionDoc, input: In<'object'>, n: NoticeDoc) {
  if (o.noticeId !== input.noticeId || o.applicationId !== input.applicationId) throw conflict('该请求编号已用于另一条异议，请刷新后重试');
  return toObjectionView(deps, o, { notice: n, officer: false });
}

/** Action (member): the objections I made and what came of them. */
export async function myObjections(deps: Dependencies, caller: SignedInCaller) {
  const page = await deps.store.query<ObjectionDoc>(AID_OBJECTIONS, { where: { objectorUid: caller.uid }, orderBy: [['submittedAt', 'desc']], limit: 50 });
  const notices = new Map<string, NoticeDoc>();
  const items = [];
  for (const o of page.items) {
    if (!notices.has(o.noticeId)) notices.set(o.noticeId, await loadNotice(deps, o.noticeId));
    items.push(await toObjectionView(deps, o, { notice: notices.get(o.noticeId)!, officer: false }));
  }
  return { items };
}

/** The household's ledger entries other than this application's: what the cap counts as aid already given. */
async function priorAid(deps: Dependencies, app: AidApplicationDoc) {
  if (!app.fileId) return { priorThisYear: [], lifetimeOfKind: 0 }; // a scholarship family without a file
  const all = await deps.store.query<LedgerDoc>(AID_LEDGER, { where: { fileId: app.fileId }, orderBy: [['year', 'asc']], limit: 999 });
  const others = all.items.filter((l) => l.applicationId !== app._id);
  return {
    priorThisYear: others.filter((l) => l.year === app.year),
    lifetimeOfKind: others.filter((l) => l.kind === app.kind).reduce((s, l) => s + l.amount, 0),
  };
}

/**
 * Action (federation): rules on one objection. The ruling is written first (compare-and-set on its
 * version: two officers cannot both rule), then its effect on the application; the closing job never
 * clears an entry while an objection to it is pending or upheld, so it cannot slip in between.
 */
export async function ruleObjection(deps: Dependencies, caller: SignedInCaller, input: In<'ruleObjection'>) {
  const o = await deps.store.get<ObjectionDoc>(AID_OBJECTIONS, input.objectionId);
  if (!o) throw new AppError('NOT_FOUND', '异议不存在或已被删除');
  const n = await loadNotice(deps, o.noticeId);
  assertScope(caller, await getOrg(deps, n.orgId), FEDERATION_ROLES);
  if (o.version !== input.version) throw conflict('该异议刚刚已被他人处理，请刷新后查看', { objectionId: o._id });
  const status = nextObjectionStatus(o.status, input.ruling);
  const app = await deps.store.get<AidApplicationDoc>(AID_APPLICATIONS, o.applicationId);
  if (!app) throw new AppError('NOT_FOUND', '帮扶申请不存在或已被删除');
  const inThisNotice = app.status === 'in_notice' && app.noticeId === n._id;
  const upheld = input.ruling !== 'dismiss';
  if (upheld && !inThisNotice && !(input.ruling === 'uphold_stop' && app.status === 'stopped')) {
    throw new AppError('ILLEGAL_TRANSITION', '该帮扶已不在本次公示中（已按其他异议处理或已公示期满），不能再停止或调整', undefined, { status: app.status });
  }
  const rules = await rulesOfApplication(deps, app);
  if (input.ruling === 'uphold_revise') {
    if (input.newAmount === app.amount) throw new AppError('VALIDATION', '调整后的金额与原金额相同', [{ path: ['newAmount'], message: '请填写调整后的金额' }]);
    if (!app.tier && !isScholarship(app)) throw new AppError('CONFLICT', '该申请没有评定的困难类别，不能调整金额');
    // the scholarship's cap is the plan's amount; hardship aid's the caps by tier and kind
    assertCapOf(rules, app, input.newAmount!, await priorAid(deps, app));
  }
  const by = await actorFor(deps, caller.uid, '联合会');
  const now = deps.clock.now();
  const ruled: Partial<ObjectionDoc> = { status, ruling: input.ruling, rulingNote: input.note, ruledBy: caller.uid, ruledAt: now, version: o.version + 1 };
  if (!(await deps.store.update(AID_OBJECTIONS, o._id, { set: ruled }, { version: o.version }))) {
    throw conflict('该异议刚刚已被他人处理，请刷新后查看', { objectionId: o._id });
  }
  const after = { ...o, ...ruled } as ObjectionDoc;
  const outcome = inThisNotice ? await apply(deps, { app, n, ruling: input.ruling, note: input.note, newAmount: input.newAmount, rules, by }) : app.status;
  await recordAudit(deps, {
    actorUid: caller.uid,
    action: `aid.ruleObjection.${input.ruling}`,
    target: { collection: AID_OBJECTIONS, id: o._id },
    before: { status: o.status, applicationStatus: app.status, amount: app.amount },
    after: { status, applicationStatus: outcome, amount: input.ruling === 'uphold_revise' ? input.newAmount : app.amount },
    reason: input.note,
  });
  await enqueue(deps, `${o._id}_ruled`, {
    to: `uid:${o.objectorUid}`,
    template: 'aid_progress',
    title: '您提出的异议已核实',
    body: `您对“${n.title}”提出的异议核实结果：${OBJECTION_RULING_LABEL[input.ruling]}。`,
    page: '/pages/aid/objections',
    fields: { item: '公示异议', status: OBJECTION_STATUS_LABEL[status], note: OBJECTION_RULING_LABEL[input.ruling] },
  });
  return toObjectionView(deps, after, { notice: await loadNotice(deps, n._id), officer: true });
}

/** The ruling's effect on an application still in this notice; answers the application's status afterwards. */
async function apply(
  deps: Dependencies,
  r: {
    app: AidApplicationDoc;
    n: NoticeDoc;
    ruling: ObjectionRuling;
    note: string;
    newAmount: number | null;
    rules: Awaited<ReturnType<typeof rulesOfApplication>>;
    by: Actor;
  },
): Promise<string> {
  const { app, n, by } = r;
  const opts = { rules: r.rules, ownerOrgName: orgNameOf(deps) };
  if (r.ruling === 'dismiss') {
    // another objection to the same entry may still be pending: the entry stays objected until the last is ruled
    const pending = await deps.store.count(AID_OBJECTIONS, { applicationId: app._id, noticeId: n._id, status: 'pending' });
    if (pending > 0) return app.status;
    if (windowOpen(n, deps.clock.now())) {
      await setEntryState(deps, n._id, app._id, 'listed', ['objected']);
      return app.status;
    }
    return (await clearIfSettled(deps, n, app._id, by)) ? 'cleared' : app.status;
  }
  const label = AID_KIND_LABEL[app.kind];
  if (r.ruling === 'uphold_stop') {
    const after = await transition(deps, app, 'stop', by, r.note, opts);
    if (app.ledgerId && app.budgetId && app.amount) await releaseFunding(deps, app.ledgerId, app.budgetId, app.amount);
    await setEntryState(deps, n._id, app._id, 'stopped', ['listed', 'objected']);
    await tellWorker(
      deps,
      after,
      '帮扶经核实已停止',
      `您的${label}申请在公示期间收到异议，经${n.orgName}核实，停止帮扶。核实情况：${r.note}`,
      '异议成立，停止帮扶',
    );
    return after.status;
  }
  // uphold_revise: the funds follow the new amount first, so a budget that cannot cover an increase refuses before anything moves
  const newAmount = r.newAmount!;
  if (app.ledgerId && app.budgetId) await adjustFunding(deps, app.ledgerId, app.budgetId, newAmount);
  let after: AidApplicationDoc;
  try {
    after = await transition(deps, app, 'revise', by, r.note, { ...opts, extra: { amount: newAmount, noticeId: null } });
  } catch (e) {
    if (app.ledgerId && app.budgetId && app.amount) await adjustFunding(deps, app.ledgerId, app.budgetId, app.amount);
    throw e;
  }
  await setEntryState(deps, n._id, app._id, 'revised', ['listed', 'objected']);
  await tellWorker(
    deps,
    after,
    '帮扶金额经核实调整',
    `您的${label}申请在公示期间收到异议，经${n.orgName}核实，帮扶金额调整为${newAmount}元，将重新公示。核实情况：${r.note}`,
    `金额调整为${newAmount}元`,
  );
  return after.status;
}

async function tellWorker(deps: Dependencies, app: AidApplicationDoc, title: string, body: string, note: string) {
  await enqueue(deps, `${app._id}_v${app.version}`, {
    to: `uid:${app.uid}`,
    template: 'aid_progress',
    title,
    body,
    page: `/pages/aid/application?id=${app._id}`,
    fields: { item: AID_KIND_LABEL[app.kind], status: title, note },
  });
}
