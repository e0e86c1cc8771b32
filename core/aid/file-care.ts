/**
 * The dynamic file (动态管理, research §1b): officers list the files in their scope, re-verify an
 * active file each year (应建则建、应帮尽帮、应退则退), close one with a reason (脱困, 退休, 调离, 死亡,
 * 不符合) keeping it and its history, and a daily job reminds the worker and the union of a
 * re-verification due within 30 days, once per due date.
 */
import type { z } from 'zod';
import type { Dependencies } from '../shared/ports';
import type { Caller, SignedInCaller } from '../shared/caller';
import { conflict, notFound } from '../shared/errors';
import { recordAudit } from '../shared/audit';
import { enqueue } from '../shared/outbox';
import { mask } from '../shared/mask';
import { formatShanghai, shanghaiYear } from '../shared/time';
import { queryAll, type Where } from '../shared/docstore';
import { assertScope, getOrg, officerOrgId, staffName } from '../org';
import type { aidContract } from './contract';
import { AID_FILES, type AidFileDoc } from './model';
import { CLOSE_REASON_LABEL, FILE_EVENT_LABEL, nextFileStatus, type FileEvent } from './machine';
import type { FileView } from './schemas';
import { requireRulesFor, rulesFor } from './rules-store';
import { addShanghaiMonths, householdLockId, releaseLocks } from './file';
import { fileOrg, isFileOfficer, toFileView } from './file-view';

type In<K extends keyof typeof aidContract> = z.output<(typeof aidContract)[K]['input']>;

/** A re-verification due within this many days is reminded, and listed as due. */
export const REVERIFY_NOTICE_DAYS = 30;
const DAY_MS = 86_400_000;
const FILE_PAGE = '/pages/aid/file';
const OFFICER_FILES_PAGE = '/admin/aid/files';

/** Action: the files of an org's scope (a union: its own; a federation: its subtree), active ones by re-verification date. */
export async function listFiles(deps: Dependencies, caller: Caller, input: In<'files'>): Promise<{ items: FileView[]; next: string | null }> {
  const org = await getOrg(deps, officerOrgId(caller, input.orgId));
  assertScope(caller, org);
  const where: Where = org.kind === 'union' ? { orgId: org._id } : org.kind === 'federation' ? { federationId: org._id } : { cityId: org._id };
  if (input.reverifyDue) Object.assign(where, { status: 'active', reverifyDueAt: { $lte: deps.clock.now() + REVERIFY_NOTICE_DAYS * DAY_MS } });
  const page = await deps.store.query<AidFileDoc>(AID_FILES, {
    where,
    orderBy: [
      ['status', 'asc'],
      ['reverifyDueAt', 'asc'],
    ],
    limit: input.limit,
    after: input.after,
  });
  return { items: await Promise.all(page.items.map((f) => toFileView(deps, f, caller))), next: page.next };
}

/** The file for an officer's decision: NOT_FOUND outside their scope (nothing tells a stranger it exists), CONFLICT on a stale version. */
async function loadForOfficer(deps: Dependencies, caller: Caller, fileId: string, version: number): Promise<AidFileDoc> {
  const f = await deps.store.get<AidFileDoc>(AID_FILES, fileId);
  if (!f || !isFileOfficer(caller, f)) throw notFound('困难职工档案');
  if (f.version !== version) throw conflict('该档案刚刚已被他人处理，请刷新后查看', { fileId });
  return f;
}

async function step(deps: Dependencies, f: AidFileDoc, event: FileEvent, by: { uid: string; name: string }, note: string | null, set: Partial<AidFileDoc>) {
  const status = nextFileStatus(f.status, event);
  const now = deps.clock.now();
  const entry = { at: now, event, by: by.uid, byName: by.name, note };
  const next = { ...set, status, updatedAt: now, version: f.version + 1 };
  if (!(await deps.store.update(AID_FILES, f._id, { set: next, push: { history: entry } }, { version: f.version }))) {
    throw conflict('该档案刚刚已被他人处理，请刷新后查看', { fileId: f._id });
  }
  const after: AidFileDoc = { ...f, ...next, history: [...f.history, entry] };
  await recordAudit(deps, {
    actorUid: by.uid,
    action: `aid.file.${event}`,
    target: { collection: AID_FILES, id: f._id },
    before: { status: f.status, reverifyDueAt: f.reverifyDueAt },
    after: { status: after.status, reverifyDueAt: after.reverifyDueAt, closeReason: after.closeReason },
    reason: note,
  });
  return after;
}

/** Action: the yearly re-verification of an active file: still eligible, next one in the rules' `reverifyMonths`. */
export async function reverifyFile(deps: Dependencies, caller: SignedInCaller, input: In<'reverifyFile'>): Promise<FileView> {
  const f = await loadForOfficer(deps, caller, input.fileId, input.version);
  const now = deps.clock.now();
  // early in a year the new rules may not be out yet: the interval of last year's still holds
  const year = shanghaiYear(now);
  const { rules } = (await rulesFor(deps, fileOrg(f), year)) ?? (await requireRulesFor(deps, fileOrg(f), year - 1));
  const by = { uid: caller.uid, name: await staffName(deps, caller.uid, '工会干部') };
  const after = await step(deps, f, 'reverify', by, input.note || null, { reverifyDueAt: addShanghaiMonths(now, rules.reverifyMonths), reminderSentFor: null });
  return toFileView(deps, after, caller);
}

/** Action: closes a file with a reason; the file and its history stay, its household locks go (the people may be filed again). */
export async function closeFile(deps: Dependencies, caller: SignedInCaller, input: In<'closeFile'>): Promise<FileView> {
  const f = await loadForOfficer(deps, caller, input.fileId, input.version);
  const by = { uid: caller.uid, name: await staffName(deps, caller.uid, '工会干部') };
  const reason = CLOSE_REASON_LABEL[input.reason];
  const note = input.note ? `${reason}：${input.note}` : reason;
  const after = await step(deps, f, 'close', by, note, { closedAt: deps.clock.now(), closeReason: input.reason, reverifyDueAt: null });
  await releaseLocks(
    deps,
    f._id,
    f.household.filter((m) => m.idHash).map((m) => householdLockId(m.idHash!)),
  );
  await enqueue(deps, `aid_file_${f._id}_v${after.version}`, {
    to: `uid:${f.uid}`,
    template: 'aid_progress',
    title: '困难职工档案销档',
    body: `您的困难职工档案已销档（${reason}），档案和帮扶记录保留。如再次遇到困难，请联系${f.orgName}。`,
    page: FILE_PAGE,
    fields: { item: '困难职工档案', status: FILE_EVENT_LABEL.close, note: reason },
  });
  return toFileView(deps, after, caller);
}

/**
 * Timer job: active files whose re-verification is due within 30 days (or overdue) and not yet
 * reminded for that due date: the worker and the union are told. The mark is set conditionally on
 * the due date and the previous mark, so two runs never remind twice; the outbox key is the file
 * and the due date as well.
 */
export async function remindReverify(deps: Dependencies): Promise<{ reminded: number }> {
  const now = deps.clock.now();
  const due = await queryAll<AidFileDoc>(deps.store, AID_FILES, {
    where: { status: 'active', reverifyDueAt: { $lte: now + REVERIFY_NOTICE_DAYS * DAY_MS } },
    orderBy: [['reverifyDueAt', 'asc']],
  });
  let reminded = 0;
  for (const f of due) {
    if (f.reverifyDueAt === null || f.reminderSentFor === f.reverifyDueAt) continue;
    const marked = await deps.store.update(
      AID_FILES,
      f._id,
      { set: { reminderSentFor: f.reverifyDueAt } },
      { status: 'active', reverifyDueAt: f.reverifyDueAt, reminderSentFor: f.reminderSentFor },
    );
    if (!marked) continue;
    reminded++;
    const date = formatShanghai(f.reverifyDueAt, 'YYYY年M月D日');
    const overdue = f.reverifyDueAt < now;
    const key = `aid_reverify_${f._id}_${f.reverifyDueAt}`;
    await enqueue(deps, key, {
      to: `uid:${f.uid}`,
      template: 'aid_progress',
      title: '困难职工档案年度复核',
      body: `您的困难职工档案${overdue ? '已到' : '将于'}${date}${overdue ? '复核期限' : '到期复核'}，请核对家庭成员、收入等信息是否有变化，如有变化请更新档案，${f.orgName}会联系您复核。`,
      page: FILE_PAGE,
      fields: { item: '困难职工档案年度复核', status: overdue ? '已到复核期限' : '即将到期复核', note: `复核期限${date}` },
    });
    await enqueue(deps, `${key}_org`, {
      to: `org:${f.orgId}`,
      template: 'aid_todo',
      title: '困难职工档案待年度复核',
      body: `${mask('name', f.name)}的困难职工档案${overdue ? '已超过' : '将于'}${date}${overdue ? '复核期限' : '到期'}，请入户核实后办理年度复核或销档。`,
      page: OFFICER_FILES_PAGE,
      fields: { applicant: mask('name', f.name), note: `复核期限${date}` },
    });
  }
  return { reminded };
}
