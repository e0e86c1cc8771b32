/** The `founding` function in-process: from application to an established union in the tree, in under a week. */
import { makeWorld, ok, type CallInput, type TestWorld } from '../../server/testing';
import { ENTERPRISES, STAFF, type Enterprise, type Staff } from '../../core/org/model';
import { OUTBOX } from '../../core/shared/outbox';
import { AUDIT } from '../../core/shared/audit';
import { openDownloadUrl } from '../../adapters/files/local';
import { FILES, type FileDoc } from '../../core/shared/files';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

let w: TestWorld;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.close());

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF').toString('base64');

function form(overrides: Partial<CallInput<'founding', 'apply'>> = {}): CallInput<'founding', 'apply'> {
  return {
    idempotencyKey: `fk_${Math.random().toString(36).slice(2, 12)}`,
    enterpriseId: 'ent_019',
    headcount: 86,
    intendedMembers: 30,
    organizerName: '王小明',
    organizerMobile: '13900001111',
    organizerJob: '行政主管',
    ...overrides,
  };
}

async function election(id: string, as = 'worker') {
  const file = ok(await w.call('org', 'uploadFile', { name: '会员大会选举结果.pdf', contentType: 'application/pdf', base64: PDF }, as));
  return w.call(
    'founding',
    'submitElection',
    { foundingId: id, meetingDate: '2026-11-26', attendees: 28, chairName: '王小明', committee: ['李四', '张三'], fileIds: [file.id] },
    as,
  );
}

describe('founding a union', () => {
  it('goes from application to an established union in under a week of working days, every step owned, due and notified', async () => {
    const app = ok(await w.call('founding', 'apply', form(), 'worker'));
    expect(app).toMatchObject({ status: 'submitted', owner: 'federation', federationId: 'org_park', organizerMobileMasked: '139****1111' });
    expect(await w.deps.store.count(OUTBOX, { to: 'org:org_park', template: 'founding_todo' })).toBe(1);
    // each party answers on the last moment it is due
    w.clock.t = app.dueAt!;
    const prep = ok(
      await w.call('founding', 'decide', { foundingId: app.id, event: 'approve_preparation', note: '', version: app.version }, 'federation-officer'),
    );
    expect(prep).toMatchObject({ status: 'preparing', owner: 'organizer' });
    expect(await w.deps.store.count(OUTBOX, { to: 'uid:dev_worker', template: 'founding_progress' })).toBe(1);
    w.clock.t = prep.dueAt!;
    const elected = ok(await election(app.id));
    expect(elected).toMatchObject({
      status: 'elected',
      owner: 'federation',
      election: { chairName: '王小明', committee: ['李四', '张三'], files: [{ name: '会员大会选举结果.pdf' }] },
    });
    w.clock.t = elected.dueAt!;
    const done = ok(
      await w.call(
        'founding',
        'decide',
        { foundingId: app.id, event: 'approve_establishment', note: '同意成立', version: elected.version },
        'federation-officer',
      ),
    );
    expect(done.status).toBe('established');
    expect(done.elapsedWorkingDays).toBeLessThanOrEqual(5);
    expect(done.history.map((h: any) => h.event)).toEqual(['apply', 'approve_preparation', 'submit_election', 'approve_establishment']);
    // the union is in the tree, the enterprise has it, the organizer is its officer
    const tree = ok(await w.call('org', 'tree', {}, 'federation-officer')).nodes;
    expect(tree.find((n: any) => n.id === done.unionId)).toMatchObject({ kind: 'union', parentId: 'org_park', enterprises: 1 });
    expect((await w.deps.store.get<Enterprise>(ENTERPRISES, 'ent_019'))!.unionId).toBe(done.unionId);
    expect((await w.deps.store.get<Staff>(STAFF, 'dev_worker'))!.grants).toEqual([{ role: 'union_officer', orgId: done.unionId }]);
    // joining that enterprise now goes to its own union
    expect(ok(await w.call('org', 'getEnterprise', { enterpriseId: 'ent_019' }, null))).toMatchObject({ hasUnion: true, handlingOrgId: done.unionId });
    expect(await w.deps.store.count(AUDIT, { action: 'founding.approve_establishment' })).toBe(1);
  });

  it('refuses bad input with field messages, a second open application for the same enterprise, and an enterprise that has a union', async () => {
    expect(await w.call('founding', 'apply', form({ intendedMembers: 200 }), 'worker')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', issues: [{ path: ['intendedMembers'], message: '拟入会人数不能超过职工人数' }] },
    });
    expect(await w.call('founding', 'apply', form({ enterpriseId: 'ent_001' }), 'worker')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const f = form();
    const [a, again] = await Promise.all([w.call('founding', 'apply', f, 'worker'), w.call('founding', 'apply', f, 'worker')]);
    expect(ok(a).id).toBe(ok(again).id); // a double tap is one application
    const races = await Promise.all(['uid:x1', 'uid:x2', 'uid:x3'].map((u) => w.call('founding', 'apply', form(), u)));
    expect(races.every((r) => !r.ok && r.error.code === 'CONFLICT')).toBe(true);
    // rejection and return need a reason
    const app = ok(a);
    expect(await w.call('founding', 'decide', { foundingId: app.id, event: 'reject', note: '', version: app.version }, 'federation-officer')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', issues: [{ path: ['note'] }] },
    });
    expect(
      await w.call('founding', 'decide', { foundingId: app.id, event: 'approve_establishment', note: '', version: app.version }, 'federation-officer'),
    ).toMatchObject({ ok: false, error: { code: 'ILLEGAL_TRANSITION' } });
    // after a rejection the enterprise may apply again
    ok(
      await w.call('founding', 'decide', { foundingId: app.id, event: 'reject', note: '材料不全，请补充职工名册', version: app.version }, 'federation-officer'),
    );
    expect(ok(await w.call('founding', 'apply', form(), 'worker')).status).toBe('submitted');
  });

  it('two officers deciding at once: one decision stands, the other gets CONFLICT', async () => {
    const app = ok(await w.call('founding', 'apply', form(), 'worker'));
    const [a, b] = await Promise.all([
      w.call('founding', 'decide', { foundingId: app.id, event: 'approve_preparation', note: '', version: app.version }, 'federation-officer'),
      w.call('founding', 'decide', { foundingId: app.id, event: 'reject', note: '不符合条件', version: app.version }, 'admin'),
    ]);
    expect(Number(a.ok) + Number(b.ok)).toBe(1);
    expect(a.ok ? b : a).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it("is seen and decided only within the federation's scope; files only by their uploader and that scope", async () => {
    const app = ok(await w.call('founding', 'apply', form(), 'worker'));
    expect(await w.call('founding', 'get', { foundingId: app.id }, 'federation-officer-b')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await w.call('founding', 'get', { foundingId: app.id }, 'member')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(ok(await w.call('founding', 'queue', {}, 'federation-officer-b')).items).toEqual([]);
    expect(
      await w.call('founding', 'decide', { foundingId: app.id, event: 'approve_preparation', note: '', version: 1 }, 'federation-officer-b'),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const q = ok(await w.call('founding', 'queue', {}, 'federation-officer'));
    expect(q.items.map((i: any) => i.id)).toEqual([app.id]);
    expect(q.counts).toMatchObject({ submitted: 1, preparing: 0, elected: 0, overdue: 0 });
    ok(await w.call('founding', 'decide', { foundingId: app.id, event: 'approve_preparation', note: '', version: 1 }, 'federation-officer'));
    // someone else cannot submit the election, nor attach a file they did not upload
    expect(await election(app.id, 'member')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const elected = ok(await election(app.id));
    const fileId = elected.election!.files[0].id;
    // a short-lived link, not the bytes; the link gives the bytes under the file's name
    const link = ok(await w.call('org', 'getFile', { fileId }, 'federation-officer'));
    expect(link).not.toHaveProperty('base64');
    expect(link.url).toMatch(/^\/files\/dl\//);
    expect(link.expiresAt).toBe(w.clock.now() + 300_000);
    const d = await openDownloadUrl(w.deps.files, link.url);
    expect(d.ok && { name: d.filename, type: d.contentType, base64: Buffer.from(d.bytes).toString('base64') }).toEqual({
      name: '会员大会选举结果.pdf',
      type: 'application/pdf',
      base64: PDF,
    });
    expect(ok(await w.call('org', 'getFile', { fileId }, 'worker')).name).toBe('会员大会选举结果.pdf');
    expect(await w.call('org', 'getFile', { fileId }, 'federation-officer-b')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await w.call('org', 'uploadFile', { name: 'x.exe', contentType: 'application/x-msdownload', base64: PDF }, 'worker')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    // a file whose bytes are gone from storage is not found (not an internal error), and so is an unknown id
    rmSync(join(w.dir, 'files', (await w.deps.store.get<FileDoc>(FILES, fileId))!.ref));
    expect(await w.call('org', 'getFile', { fileId }, 'federation-officer')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: '文件不存在或已被删除' },
    });
    expect(await w.call('org', 'getFile', { fileId: 'f_nothing' }, 'federation-officer')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('flags an overdue step, tells the level above once, and returns it to the owner when papers need fixing', async () => {
    const app = ok(await w.call('founding', 'apply', form(), 'worker'));
    w.clock.advanceDays(2);
    const run = () => w.asSystem('founding', 'escalateOverdue');
    expect(ok(await run())).toEqual({ escalated: 1, completed: 0 });
    expect(ok(await run())).toEqual({ escalated: 0, completed: 0 });
    expect(await w.deps.store.count(OUTBOX, { to: 'org:org_city', template: 'founding_overdue' })).toBe(1);
    const seen = ok(await w.call('founding', 'get', { foundingId: app.id }, 'federation-officer'));
    expect(seen).toMatchObject({ escalated: true, sla: 'overdue', status: 'submitted' });
    expect(ok(await w.call('founding', 'queue', { overdueOnly: true }, 'federation-officer')).items).toHaveLength(1);
    const prep = ok(
      await w.call('founding', 'decide', { foundingId: app.id, event: 'approve_preparation', note: '', version: seen.version }, 'federation-officer'),
    );
    expect(prep).toMatchObject({ escalated: false, sla: 'ok' });
    const elected = ok(await election(app.id));
    const back = ok(
      await w.call('founding', 'decide', { foundingId: app.id, event: 'return', note: '缺少选票统计表', version: elected.version }, 'federation-officer'),
    );
    expect(back).toMatchObject({ status: 'preparing', owner: 'organizer' });
    expect(ok(await w.call('founding', 'mine', {}, 'worker')).items[0].history.at(-1)).toMatchObject({ event: 'return', note: '缺少选票统计表' });
  });
});
