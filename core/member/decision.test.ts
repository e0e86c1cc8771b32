/** The officer's decision as a pure function: Given an application, When the officer decides, Then what should happen. No database. */
import { AppError } from '../shared/errors';
import { decideApplication, type DecideCommand } from './decision';
import type { ApplicationStatus } from './machine';
import type { ApplicationDoc } from './model';

const NOW = Date.UTC(2026, 2, 2, 2, 0);

const anApplication = (status: ApplicationStatus, overrides: Partial<ApplicationDoc> = {}): ApplicationDoc => ({
  _id: 'ja_1',
  uid: 'u_worker',
  status,
  version: 3,
  name: '王小明',
  idSealed: 'sealed-id',
  idHash: 'h1',
  mobileSealed: 'sealed-mobile',
  enterpriseId: 'ent_1',
  enterpriseName: '星海精密制造有限公司',
  job: '数控车工',
  migrantWorker: true,
  consentAt: NOW - 1000,
  orgId: 'org_1',
  orgName: '星海精密制造工会',
  federationId: 'fed_1',
  cityId: 'city_1',
  viaFederation: false,
  submittedAt: NOW - 1000,
  queuedAt: NOW - 1000,
  dueAt: NOW + 86400_000,
  escalated: false,
  reason: null,
  memberNo: null,
  history: [],
  ...overrides,
});

const given = (doc: ApplicationDoc) => ({
  when: (command: DecideCommand) => {
    const run = () => decideApplication(doc, command, NOW, 'u_officer');
    return {
      then: run,
      thenThrows: (code: string, message?: RegExp) => {
        let err: unknown;
        try {
          run();
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).code).toBe(code);
        if (message) expect((err as AppError).message).toMatch(message);
        return err as AppError;
      },
    };
  },
});

describe('Given a pending application', () => {
  const pending = anApplication('pending');

  it('When the officer approves, Then it is approved, the claim is taken and a member is created, audited and noticed', () => {
    const d = given(pending).when({ decision: 'approve', reason: 'ignored' }).then();
    expect(d.to).toBe('approved');
    expect(d.set).toEqual({ reason: null });
    expect(d.entry).toEqual({ at: NOW, actor: 'officer', event: 'approve', to: 'approved', reason: null });
    expect(d.claim).toBe('take');
    expect(d.createMember).toBe(true);
    expect(d.audit).toEqual({
      actorUid: 'u_officer',
      action: 'member.decide.approve',
      target: { collection: 'join_applications', id: 'ja_1' },
      before: { status: 'pending', version: 3 },
      after: { status: 'approved', version: 4 },
      reason: null,
    });
    const n = d.notice('GH2600000001');
    expect(n.key).toBe('ja_1_v4');
    expect(n.message).toEqual({
      to: 'uid:u_worker',
      template: 'join_decision',
      title: '入会申请已通过',
      body: '恭喜！您的入会申请已通过，会员编号 GH2600000001，可在小程序中出示电子会员卡。',
      page: '/pages/card/index',
      fields: { result: '已通过', note: '会员编号 GH2600000001' },
    });
  });

  it('When the officer rejects with a reason, Then it is rejected and the claim released, the reason told', () => {
    const d = given(pending).when({ decision: 'reject', reason: '非本单位职工' }).then();
    expect(d.to).toBe('rejected');
    expect(d.set).toEqual({ reason: '非本单位职工' });
    expect(d.claim).toBe('release');
    expect(d.createMember).toBe(false);
    expect(d.notice(null).message).toMatchObject({
      title: '入会申请未通过',
      body: '您的入会申请未通过。理由：非本单位职工',
      page: '/pages/me/index',
      fields: { result: '未通过', note: '非本单位职工' },
    });
  });

  it('When the officer rejects without a reason, Then it is a VALIDATION error on the reason', () => {
    const err = given(pending)
      .when({ decision: 'reject', reason: ' ' })
      .thenThrows('VALIDATION', /不予通过时请填写理由/);
    expect(err.issues).toEqual([{ path: ['reason'], message: '不予通过时请填写理由' }]);
  });

  it('When the officer asks for information, Then it needs info, keeps the claim and tells what is needed', () => {
    const d = given(pending).when({ decision: 'request_info', reason: '请补充劳动合同' }).then();
    expect(d.to).toBe('needs_info');
    expect(d.claim).toBe('keep');
    expect(d.createMember).toBe(false);
    expect(d.entry.event).toBe('request_info');
    expect(d.notice(null).message).toMatchObject({ title: '入会申请待补充材料', body: '您的入会申请需要补充信息：请补充劳动合同' });
    given(pending)
      .when({ decision: 'request_info', reason: '' })
      .thenThrows('VALIDATION', /请说明需要补充哪些信息/);
  });

  it('When the officer saw an older version, Then it is a CONFLICT', () => {
    given(pending)
      .when({ decision: 'approve', reason: '', expectedVersion: 2 })
      .thenThrows('CONFLICT', /已有变化/);
  });
});

describe('Given an application that needs information', () => {
  it('When the officer approves, Then it is an ILLEGAL_TRANSITION (the applicant resubmits first)', () => {
    given(anApplication('needs_info')).when({ decision: 'approve', reason: '' }).thenThrows('ILLEGAL_TRANSITION');
  });
  it('When the officer rejects, Then it is rejected', () => {
    expect(given(anApplication('needs_info')).when({ decision: 'reject', reason: '逾期未补充' }).then().to).toBe('rejected');
  });
});

describe('Given a decided application', () => {
  for (const status of ['approved', 'rejected', 'withdrawn'] as const) {
    it(`When the officer decides on a ${status} one, Then it is an ILLEGAL_TRANSITION error in Chinese`, () => {
      for (const decision of ['approve', 'reject', 'request_info'] as const) {
        given(anApplication(status)).when({ decision, reason: '理由充分' }).thenThrows('ILLEGAL_TRANSITION', /不能/);
      }
    });
  }
});
