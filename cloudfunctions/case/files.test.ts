/**
 * A case's files open through the case (case.file), on both stores, for exactly what the caller's
 * own view lists: the assigned lawyer opens the worker's evidence (org.getFile would refuse her: she
 * is no officer over its org), the worker opens what the handlers attached in public, never a file
 * of an internal entry; a stranger learns nothing.
 */
import { makeWorld, ok, type TestWorld } from '../../server/testing';
import { handled } from './handling.testkit';

let w: TestWorld;
beforeEach(async () => {
  w = await makeWorld();
});
afterEach(() => w.close());

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF').toString('base64');
const upload = async (as: string, name: string) => ok(await w.call('org', 'uploadFile', { name, contentType: 'application/pdf', base64: PDF }, as)).id;

describe('case.file', () => {
  it('Given evidence from the worker and files the lawyer attached in public and internally, Then each opens for whom the case view lists it, and no one else', async () => {
    const evidence = await upload('member', '工资条.pdf');
    const c = await handled(w, { fileIds: [evidence] });
    const agreement = await upload('lawyer', '调解协议.pdf');
    const memo = await upload('lawyer', '内部备忘.pdf');
    ok(await w.call('case', 'addEntry', { caseId: c.id, kind: 'mediation', text: '双方达成调解协议', fileIds: [agreement] }, 'lawyer'));
    ok(await w.call('case', 'addEntry', { caseId: c.id, kind: 'note', text: '企业负责人口头承诺', internal: true, fileIds: [memo] }, 'lawyer'));

    // the assigned lawyer: the worker's evidence, through the case (not through org.getFile)
    expect(await w.call('org', 'getFile', { fileId: evidence }, 'lawyer')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(ok(await w.call('case', 'file', { caseId: c.id, fileId: evidence }, 'lawyer'))).toMatchObject({ name: '工资条.pdf', url: expect.any(String) });
    expect(ok(await w.call('case', 'file', { caseId: c.id, fileId: memo }, 'lawyer')).name).toBe('内部备忘.pdf');

    // the worker: their own and the public one; the internal entry's file is not theirs to reach
    expect(ok(await w.call('case', 'file', { caseId: c.id, fileId: evidence }, 'member')).name).toBe('工资条.pdf');
    expect(ok(await w.call('case', 'file', { caseId: c.id, fileId: agreement }, 'member')).name).toBe('调解协议.pdf');
    expect(await w.call('case', 'file', { caseId: c.id, fileId: memo }, 'member')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(JSON.stringify(ok(await w.call('case', 'getCase', { caseId: c.id }, 'member')))).not.toContain('内部备忘');

    // the desk sees everything; an officer of another union or federation, nothing
    expect(ok(await w.call('case', 'file', { caseId: c.id, fileId: memo }, 'federation-officer')).name).toBe('内部备忘.pdf');
    for (const stranger of ['union-officer-b', 'federation-officer-b', 'social-worker', 'worker'])
      expect(await w.call('case', 'file', { caseId: c.id, fileId: evidence }, stranger)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    // a file of another case is not this case's to open
    const other = await upload('member', '别的材料.pdf');
    const c2 = await handled(w, { fileIds: [other] });
    expect(await w.call('case', 'file', { caseId: c.id, fileId: other }, 'lawyer')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(ok(await w.call('case', 'file', { caseId: c2.id, fileId: other }, 'lawyer')).name).toBe('别的材料.pdf');
  });
});
