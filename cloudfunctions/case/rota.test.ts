/**
 * The duty rota of on-site lawyers, in-process on both stores: a federation officer picks the
 * lawyers placed with the federation for weekdays and dated exceptions; on a simulated clock the
 * duty lawyer is the date's, else the weekday's, else nobody; a lawyer who has left is on duty no
 * more. Every change is audited; nobody outside the federation sets it.
 */
import { makeWorld, ok, type TestWorld } from '../../server/testing';
import { DEMO } from '../../server/personas';
import { STAFF, type Staff } from '../../core/org/model';
import { AUDIT, type AuditEntry } from '../../core/shared/audit';
import { queryAll } from '../../core/shared/docstore';
import { startOfShanghaiDate } from '../../core/shared/time';
import { dutyLawyer, isoWeekday } from '../../core/case/rota';
import { personRef } from '../../core/case/step';

let w: TestWorld;
beforeEach(async () => {
  w = await makeWorld();
  // a second lawyer placed with the park, and one with the logistics federation
  await w.deps.store.insertMany<Staff>(STAFF, [
    { _id: 'dev_lawyer_wu', name: '吴律师', grants: [{ role: 'lawyer', orgId: DEMO.park }] },
    { _id: 'dev_lawyer_logistics', name: '郑律师', grants: [{ role: 'lawyer', orgId: DEMO.logistics }] },
  ]);
});
afterEach(() => w.close());

/** 10:00 Shanghai time on a date */
const at = (date: string) => startOfShanghaiDate(date) + 10 * 3600_000;

async function lawyerIds(as = 'federation-officer') {
  const v = ok(await w.call('case', 'getRota', {}, as));
  return Object.fromEntries(v.lawyers.map((l) => [l.name, l.personId]));
}

/** 周律师 Tuesdays and Thursdays, 吴律师 Fridays; 吴律师 instead of 周律师 on Thursday 2026-11-26. */
async function aRota() {
  const p = await lawyerIds();
  return ok(
    await w.call(
      'case',
      'setRota',
      {
        orgId: DEMO.park,
        weekly: [
          { weekday: 4, personId: p['周律师'] },
          { weekday: 2, personId: p['周律师'] },
          { weekday: 5, personId: p['吴律师'] },
        ],
        dates: [{ date: '2026-11-26', personId: p['吴律师'] }],
      },
      'federation-officer',
    ),
  );
}

describe('getRota', () => {
  it('Given no rota yet, Then it is empty, nobody is on duty today, and the lawyers to choose from are the park’s own', async () => {
    const v = ok(await w.call('case', 'getRota', {}, 'federation-officer'));
    expect(v).toMatchObject({ orgId: DEMO.park, orgName: '星海高新区工会联合会', weekly: [], dates: [], today: '今日无值班律师' });
    expect(v.lawyers.map((l) => l.name).sort()).toEqual(['吴律师', '周律师']);
    expect(JSON.stringify(v)).not.toContain('dev_lawyer');
  });

  it('Given a union officer, Then they read their federation’s rota', async () => {
    await aRota();
    const v = ok(await w.call('case', 'getRota', {}, 'union-officer'));
    expect(v.orgName).toBe('星海高新区工会联合会');
    expect(v.today).toBe('今日值班律师：周律师');
  });

  it('Given an officer of another federation, Then the park’s rota is not theirs to read', async () => {
    expect(await w.call('case', 'getRota', { orgId: DEMO.park }, 'federation-officer-b')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('setRota', () => {
  it('Given 周律师 on Tuesdays and Thursdays and 吴律师 on Fridays, Then the rota reads Monday to Sunday, and today (a Tuesday) 周律师 is on duty', async () => {
    const v = await aRota();
    expect(v.weekly.map((s) => `${s.weekdayLabel}${s.name}`)).toEqual(['周二周律师', '周四周律师', '周五吴律师']);
    expect(v.dates.map((d) => `${d.date}${d.name}`)).toEqual(['2026-11-26吴律师']);
    expect(v.today).toBe('今日值班律师：周律师');
  });

  it('Given the rota, When the clock moves through the week, Then the duty lawyer is the date’s exception, else the weekday’s, else nobody', async () => {
    await aRota();
    expect(isoWeekday(at('2026-11-24'))).toBe(2);
    expect(await dutyLawyer(w.deps, DEMO.park, at('2026-11-24'))).toEqual({ uid: 'dev_lawyer', name: '周律师', role: 'lawyer' });
    expect(await dutyLawyer(w.deps, DEMO.park, at('2026-11-25'))).toBeNull();
    expect((await dutyLawyer(w.deps, DEMO.park, at('2026-11-26')))?.name).toBe('吴律师');
    expect((await dutyLawyer(w.deps, DEMO.park, at('2026-12-03')))?.name).toBe('周律师');
    expect((await dutyLawyer(w.deps, DEMO.park, at('2026-11-27')))?.name).toBe('吴律师');
    // Sunday night 23:30 Shanghai is still Sunday, although it is Sunday afternoon in UTC
    expect(await dutyLawyer(w.deps, DEMO.park, startOfShanghaiDate('2026-11-29') + 23.5 * 3600_000)).toBeNull();
    expect(await dutyLawyer(w.deps, DEMO.logistics, at('2026-11-24'))).toBeNull();
  });

  it('Given the lawyer on duty has since lost their grant on the park, Then nobody is on duty (no case goes to someone who cannot open it)', async () => {
    await aRota();
    await w.deps.store.update(STAFF, 'dev_lawyer', { set: { grants: [] } });
    w.clock.t += 5_000; // past the grants cache
    expect(await dutyLawyer(w.deps, DEMO.park, w.clock.now())).toBeNull();
  });

  it('Given a change, Then it is audited with the rota before and after', async () => {
    await aRota();
    const p = await lawyerIds();
    w.clock.t += 60_000; // the audit is read in time order
    ok(await w.call('case', 'setRota', { orgId: DEMO.park, weekly: [{ weekday: 1, personId: p['吴律师'] }], dates: [] }, 'federation-officer'));
    const audits = await queryAll<AuditEntry>(w.deps.store, AUDIT, { where: { action: 'case.setRota' }, orderBy: [['at', 'asc']] });
    expect(audits).toHaveLength(2);
    expect(audits[1]).toMatchObject({
      actorUid: 'dev_federation_officer',
      before: { weekly: [{ weekday: 4, name: '周律师' }, { weekday: 2 }, { weekday: 5 }] },
      after: { weekly: [{ weekday: 1, uid: 'dev_lawyer_wu', name: '吴律师' }], dates: [] },
    });
  });

  it('Given someone who is not a lawyer of the park, Then they cannot be put on duty', async () => {
    const officer = 'dev_federation_officer';
    for (const uid of ['dev_social_worker', 'dev_lawyer_logistics']) {
      const r = await w.call(
        'case',
        'setRota',
        { orgId: DEMO.park, weekly: [{ weekday: 1, personId: personRef(w.deps, officer, uid) }], dates: [] },
        'federation-officer',
      );
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '只能安排派驻星海高新区工会联合会的律师值班' } });
    }
  });

  it('Given a person handle forged, damaged or shown to another officer, Then it is refused: 请重新选择人员', async () => {
    const mine = (await lawyerIds())['周律师'];
    const theirs = personRef(w.deps, 'dev_admin', 'dev_lawyer');
    for (const personId of ['dev_lawyer', `${mine.slice(0, -4)}AAAA`, theirs]) {
      const r = await w.call('case', 'setRota', { orgId: DEMO.park, weekly: [{ weekday: 1, personId }], dates: [] }, 'federation-officer');
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '请重新选择人员' } });
    }
  });

  it('Given a weekday twice, or a date twice, or a date already past, Then it is refused saying which', async () => {
    const p = (await lawyerIds())['周律师'];
    const weekly = [
      { weekday: 2, personId: p },
      { weekday: 2, personId: p },
    ];
    expect(await w.call('case', 'setRota', { orgId: DEMO.park, weekly, dates: [] }, 'federation-officer')).toMatchObject({
      ok: false,
      error: { message: '周二重复安排' },
    });
    const dates = [
      { date: '2026-12-01', personId: p },
      { date: '2026-12-01', personId: p },
    ];
    expect(await w.call('case', 'setRota', { orgId: DEMO.park, weekly: [], dates }, 'federation-officer')).toMatchObject({
      ok: false,
      error: { message: '2026-12-01重复安排' },
    });
    expect(await w.call('case', 'setRota', { orgId: DEMO.park, weekly: [], dates: [{ date: '2026-11-20', personId: p }] }, 'federation-officer')).toMatchObject(
      {
        ok: false,
        error: { message: '2026-11-20已过，不能再安排值班' },
      },
    );
  });

  it('Given an officer of another federation, a union officer or a union, Then the park’s rota is not theirs to set', async () => {
    expect(await w.call('case', 'setRota', { orgId: DEMO.park, weekly: [], dates: [] }, 'federation-officer-b')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await w.call('case', 'setRota', { orgId: DEMO.park, weekly: [], dates: [] }, 'union-officer')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await w.call('case', 'setRota', { orgId: DEMO.unionA, weekly: [], dates: [] }, 'federation-officer')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: '值班表由联合会设定' },
    });
  });
});
