/**
 * The hardship file in-process on both stores: drafts as the worker goes, one household per person
 * (一户一档, also under a race), sealed ID numbers and bank account, consents before household and
 * sensitive data, attachments only from the worker's own uploads, and the dynamic file (activation,
 * officers' list in scope, re-verification, closing, the reminder job).
 */
import { makeWorld, ok, type CallInput, type TestWorld } from '../../server/testing';
import { makeIdNumber } from '../../core/shared/idNumber';
import { FILES, type FileDoc } from '../../core/shared/files';
import { OUTBOX } from '../../core/shared/outbox';
import { AUDIT } from '../../core/shared/audit';
import { AID_FILES, AID_HOUSEHOLD_LOCKS, type AidFileDoc } from '../../core/aid/model';
import { activateFile, fileIdFor, loadFileOf } from '../../core/aid/file';
import { findMember } from '../../core/member';

let w: TestWorld;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.close());

const SPOUSE_ID = makeIdNumber('320506', '19880512', '123');
const CHILD_ID = makeIdNumber('320506', '20120901', '456');
const ACCOUNT = '6222021234567891234';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF').toString('base64');

type Form = CallInput<'aid', 'saveFile'>;
type Row = NonNullable<Form['household']>[number];
const self: Row = { name: '李娜', relation: 'self', birthYear: 1990, monthlyIncome: 3_000, health: 'good', schoolOrWork: '星海精密' };
const spouse: Row = { name: '张伟', relation: 'spouse', idNumber: SPOUSE_ID, birthYear: 1988, monthlyIncome: 0, health: 'ill', schoolOrWork: '' };
const child: Row = { name: '张小雨', relation: 'child', idNumber: CHILD_ID, birthYear: 2012, monthlyIncome: 0, health: 'good', schoolOrWork: '星海二中' };

async function upload(as: string, name = '身份证.pdf') {
  return ok(await w.call('org', 'uploadFile', { name, contentType: 'application/pdf', base64: PDF }, as)).id;
}

async function completeFile(as = 'member'): Promise<Form> {
  return {
    household: [self, spouse, child],
    yearlyIncome: 40_000,
    rigidCosts: 10_000,
    causes: { primary: 'illness', secondary: null, story: '配偶患病，长期治疗' },
    bank: { bankName: '中国工商银行星海支行', account: '6222 0212 3456 7891 234' },
    attachments: [
      { kind: 'id_card', fileId: await upload(as) },
      { kind: 'household_register', fileId: await upload(as, '户口簿.pdf') },
      { kind: 'employer_certificate', fileId: await upload(as, '单位证明.pdf') },
    ],
    consentHousehold: true,
    consentSensitive: true,
    version: null,
  };
}

describe('the worker’s file', () => {
  it('starts empty, saves drafts as the worker goes, and shows what is still missing', async () => {
    expect(ok(await w.call('aid', 'myFile', {}, 'member')).file).toBeNull();
    const draft = ok(await w.call('aid', 'saveFile', { yearlyIncome: 40_000, version: null }, 'member'));
    expect(draft).toMatchObject({
      status: 'draft',
      statusLabel: '填写中',
      name: '李娜',
      orgName: '星海精密制造工会',
      yearlyIncome: 40_000,
      rigidCosts: null,
      version: 1,
    });
    expect(draft.missing.map((m) => m.field)).toEqual([
      'household',
      'rigidCosts',
      'causes',
      'bank',
      'consentHousehold',
      'consentSensitive',
      'attachments.id_card',
      'attachments.household_register',
      'attachments.employer_certificate',
    ]);
    expect(draft.whoSees).toEqual([
      '本会（星海精密制造工会）经办干部',
      '星海高新区工会联合会审核干部',
      '帮扶金额超过20,000元时：星海市总工会审批干部',
      '发放时：星海高新区工会联合会财务（仅姓名、金额和银行卡号）',
      '公示时：本会及上级工会会员（仅脱敏后的姓名和所在工会，不含身份证号、住址、病情）',
    ]);
    const second = ok(await w.call('aid', 'saveFile', { rigidCosts: 0, version: draft.version }, 'member'));
    expect(second).toMatchObject({ yearlyIncome: 40_000, rigidCosts: 0, version: 2 });
    expect(ok(await w.call('aid', 'myFile', {}, 'member')).file?.version).toBe(2);
    // a save on a stale version is refused, not merged
    expect(await w.call('aid', 'saveFile', { rigidCosts: 5, version: draft.version }, 'member')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('a complete file: the applicant’s row from the membership, ID numbers and the account sealed at rest and masked on screen', async () => {
    const v = ok(await w.call('aid', 'saveFile', await completeFile(), 'member'));
    expect(v.missing).toEqual([]);
    expect(v.perHeadMonthly).toBe(833); // (40,000 − 10,000) / 12 / 3
    expect(v.bank).toEqual({ bankName: '中国工商银行星海支行', accountMasked: '尾号1234' });
    expect(v.household.map((m) => [m.name, m.relationLabel, m.idNumberMasked])).toEqual([
      ['李娜', '本人', expect.stringMatching(/^\d{3}\*{11}[\dX]{4}$/)],
      ['张伟', '配偶', `320***********${SPOUSE_ID.slice(-4)}`],
      ['张小雨', '子女', `320***********${CHILD_ID.slice(-4)}`],
    ]);
    expect(v.attachments.map((a) => a.kindLabel)).toEqual(['本人及家庭成员身份证', '户口簿', '所在单位证明']);
    const member = (await findMember(w.deps, 'dev_member'))!;
    const stored = (await w.storedDocuments(AID_FILES)).join('\n');
    for (const secret of [SPOUSE_ID, CHILD_ID, ACCOUNT, w.deps.crypto.open(member.idSealed)]) expect(stored).not.toContain(secret);
    const doc = (await w.deps.store.get<AidFileDoc>(AID_FILES, fileIdFor(member.idHash)))!;
    expect(doc.household[0]).toMatchObject({ relation: 'self', idHash: member.idHash, idSealed: member.idSealed });
    expect(doc.household.every((m) => !('idNumber' in m))).toBe(true);
    // the uploads now belong to the file and its union (its officers may open them)
    const f = (await w.deps.store.get<FileDoc>(FILES, v.attachments[0].file.id))!;
    expect(f).toMatchObject({ ownerId: doc._id, orgId: 'org_union_001' });
    // every household member with an ID number holds a lock naming the file
    expect(await w.deps.store.count(AID_HOUSEHOLD_LOCKS, { fileId: doc._id })).toBe(3);
  });

  it('re-saving the household without the ID numbers (the client only has them masked) keeps them; a dropped member’s lock goes', async () => {
    const v = ok(await w.call('aid', 'saveFile', await completeFile(), 'member'));
    const noIds = [self, { ...spouse, idNumber: null }];
    const after = ok(await w.call('aid', 'saveFile', { household: noIds, version: v.version }, 'member'));
    expect(after.household[1].idNumberMasked).toBe(`320***********${SPOUSE_ID.slice(-4)}`);
    expect(await w.deps.store.get(AID_HOUSEHOLD_LOCKS, `ahp_${w.deps.crypto.hash(`id|${CHILD_ID}`)}`)).toBeNull();
    expect(await w.deps.store.count(AID_HOUSEHOLD_LOCKS, { fileId: after.id })).toBe(2);
  });

  it('one household per person: a member already in another file is refused with their name; dropped, they may be filed again', async () => {
    const mine = ok(await w.call('aid', 'saveFile', await completeFile(), 'member'));
    const other = 'uid:wx_seed_m1';
    const otherSelf: Row = { ...self, name: '某某', birthYear: 1990 };
    const refused = await w.call('aid', 'saveFile', { household: [otherSelf, spouse], consentHousehold: true, consentSensitive: true, version: null }, other);
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '家庭成员张伟已在另一份困难职工档案中（一户一档）' } });
    // nothing half-saved: no file, no lock of theirs
    expect(ok(await w.call('aid', 'myFile', {}, other)).file).toBeNull();
    ok(await w.call('aid', 'saveFile', { household: [self, child], version: mine.version }, 'member'));
    const filed = ok(await w.call('aid', 'saveFile', { household: [otherSelf, spouse], consentHousehold: true, consentSensitive: true, version: null }, other));
    expect(filed.household.map((m) => m.name)).toEqual([expect.any(String), '张伟']);
  });

  it('one household per person under a race: two files claiming the same person at once, one gets them', async () => {
    const a = 'uid:wx_seed_m1';
    const b = 'uid:wx_seed_m2';
    const form = { household: [{ ...self, name: '某某' }, child], consentHousehold: true, version: null };
    const [ra, rb] = await Promise.all([w.call('aid', 'saveFile', form, a), w.call('aid', 'saveFile', form, b)]);
    expect([ra.ok, rb.ok].filter(Boolean)).toHaveLength(1);
    const lost = ra.ok ? rb : ra;
    expect(lost).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '家庭成员张小雨已在另一份困难职工档案中（一户一档）' } });
    expect(await w.deps.store.count(AID_HOUSEHOLD_LOCKS, { _id: `ahp_${w.deps.crypto.hash(`id|${CHILD_ID}`)}` })).toBe(1);
  });

  it('the applicant filed as someone else’s household member is told so', async () => {
    const member = (await findMember(w.deps, 'dev_member'))!;
    const lina = w.deps.crypto.open(member.idSealed);
    const other = 'uid:wx_seed_m1';
    ok(
      await w.call(
        'aid',
        'saveFile',
        {
          household: [
            { ...self, name: '某某' },
            { ...spouse, name: '李娜', idNumber: lina, birthYear: Number(lina.slice(6, 10)) },
          ],
          consentHousehold: true,
          consentSensitive: true,
          version: null,
        },
        other,
      ),
    );
    const r = await w.call('aid', 'saveFile', { household: [self], version: null }, 'member');
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('您已作为家庭成员登记在另一份困难职工档案中') } });
  });

  it('refuses household data before its consent, sensitive data before its own, and bad rows, in Chinese', async () => {
    const noConsent = await w.call('aid', 'saveFile', { household: [self, child], version: null }, 'member');
    expect(noConsent).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('家庭成员信息') } });
    const sensitive = await w.call('aid', 'saveFile', { bank: { bankName: '工商银行', account: ACCOUNT }, consentHousehold: true, version: null }, 'member');
    expect(sensitive).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: ['consentSensitive'] }] } });
    const twoSelves = await w.call('aid', 'saveFile', { household: [self, self], version: null }, 'member');
    expect(twoSelves).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '家庭成员中只能有一位“本人”' } });
    const wrongYear = await w.call('aid', 'saveFile', { household: [self, { ...child, birthYear: 2013 }], consentHousehold: true, version: null }, 'member');
    expect(wrongYear).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '张小雨的出生年份与身份证号不一致' } });
    const twice = await w.call(
      'aid',
      'saveFile',
      { household: [self, child, { ...child, relation: 'other' }], consentHousehold: true, version: null },
      'member',
    );
    expect(twice).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '张小雨的身份证号与其他家庭成员重复' } });
    expect(await w.deps.store.count(AID_FILES)).toBe(0);
  });

  it('attachments only from the worker’s own uploads', async () => {
    const theirs = await upload('union-officer');
    const r = await w.call('aid', 'saveFile', { attachments: [{ kind: 'id_card', fileId: theirs }], version: null }, 'member');
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '附件不存在或不是您上传的' } });
  });

  it('is for members: a worker who has not joined cannot file', async () => {
    expect(await w.call('aid', 'saveFile', { yearlyIncome: 1, version: null }, 'worker')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('the dynamic file', () => {
  async function activeFile() {
    const v = ok(await w.call('aid', 'saveFile', await completeFile(), 'member'));
    const f = await activateFile(w.deps, v.id, 'deep', { uid: 'dev_federation_officer', name: '刘芳' });
    return { v, f };
  }

  it('activation on approval: active, tier, first re-verification after the rules’ 12 months', async () => {
    const { f } = await activeFile();
    expect(f).toMatchObject({ status: 'active', tier: 'deep' });
    expect(f.reverifyDueAt).toBe(Date.UTC(2027, 10, 24, 2, 0)); // 2027-11-24 10:00 Shanghai
    const view = ok(await w.call('aid', 'myFile', {}, 'member')).file!;
    expect(view).toMatchObject({ statusLabel: '已建档', tierLabel: '深度困难', actions: [] });
    expect(view.history.map((h) => h.eventLabel)).toEqual(['开始建档', '审批通过，正式建档']);
    // an established file's consents are not withdrawn online
    const withdraw = await w.call('aid', 'saveFile', { consentSensitive: false, version: view.version }, 'member');
    expect(withdraw).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('联系本会工会办理销档') } });
  });

  it('officers list the files in their scope, with 复核 and 销档; another union sees none and cannot act', async () => {
    const { v } = await activeFile();
    const mine = ok(await w.call('aid', 'files', {}, 'union-officer')).items;
    expect(mine.map((f) => [f.name, f.actions.map((a) => a.label)])).toEqual([['李娜', ['年度复核', '销档']]]);
    expect(ok(await w.call('aid', 'files', {}, 'federation-officer')).items).toHaveLength(1);
    expect(ok(await w.call('aid', 'files', { reverifyDue: true }, 'federation-officer')).items).toHaveLength(0);
    expect(ok(await w.call('aid', 'files', {}, 'union-officer-b')).items).toHaveLength(0);
    const current = (await loadFileOf(w.deps, 'dev_member'))!;
    expect(await w.call('aid', 'reverifyFile', { fileId: v.id, version: current.version }, 'union-officer-b')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('the reminder job tells the worker and the union once per due date; re-verification sets the next one', async () => {
    await activeFile();
    expect(ok(await w.asSystem('aid', 'remindReverify'))).toEqual({ reminded: 0 });
    w.clock.advanceDays(340);
    expect(ok(await w.asSystem('aid', 'remindReverify'))).toEqual({ reminded: 1 });
    expect(ok(await w.asSystem('aid', 'remindReverify'))).toEqual({ reminded: 0 });
    expect(await w.deps.store.count(OUTBOX, { to: 'uid:dev_member', template: 'aid_progress' })).toBe(1);
    expect(await w.deps.store.count(OUTBOX, { to: 'org:org_union_001', template: 'aid_todo' })).toBe(1);
    expect(ok(await w.call('aid', 'files', { reverifyDue: true }, 'union-officer')).items).toHaveLength(1);
    const f = (await loadFileOf(w.deps, 'dev_member'))!;
    const after = ok(await w.call('aid', 'reverifyFile', { fileId: f._id, note: '入户核实，情况未变', version: f.version }, 'union-officer'));
    // 2027 has no rules of its own in the test world: 2026's 12 months still hold
    expect(after.reverifyDueAt).toBe(w.clock.now() + 366 * 86400_000);
    expect(after.history.at(-1)).toMatchObject({ eventLabel: '年度复核', byName: '陈静', note: '入户核实，情况未变' });
    expect(await w.deps.store.count(AUDIT, { action: 'aid.file.reverify' })).toBe(1);
    expect(ok(await w.asSystem('aid', 'remindReverify'))).toEqual({ reminded: 0 });
  });

  it('closing keeps the file and its history, frees its household for another file, and tells the worker', async () => {
    await activeFile();
    const f = (await loadFileOf(w.deps, 'dev_member'))!;
    const closed = ok(await w.call('aid', 'closeFile', { fileId: f._id, reason: 'recovered', note: '配偶康复，已就业', version: f.version }, 'union-officer'));
    expect(closed).toMatchObject({ status: 'closed', closeReasonLabel: '脱困', reverifyDueAt: null, actions: [], missing: [] });
    expect(closed.history.map((h) => h.eventLabel)).toEqual(['开始建档', '审批通过，正式建档', '销档']);
    expect(await w.deps.store.count(AID_HOUSEHOLD_LOCKS, { fileId: f._id })).toBe(0);
    expect(await w.deps.store.count(OUTBOX, { to: 'uid:dev_member', template: 'aid_progress' })).toBe(1);
    expect(await w.call('aid', 'saveFile', { yearlyIncome: 1, version: closed.version }, 'member')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await w.call('aid', 'closeFile', { fileId: f._id, reason: 'moved', version: closed.version }, 'union-officer')).toMatchObject({
      ok: false,
      error: { code: 'ILLEGAL_TRANSITION' },
    });
    const filed = await w.call(
      'aid',
      'saveFile',
      { household: [{ ...self, name: '某某' }, spouse], consentHousehold: true, consentSensitive: true, version: null },
      'uid:wx_seed_m1',
    );
    expect(filed.ok).toBe(true);
  });
});
