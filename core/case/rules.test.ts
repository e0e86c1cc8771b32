/** Case rules as data, pure: Given the rules, When a case's deadline or item is looked up or rules are validated, Then what a person would see. */
import { CaseRules, DEFAULT_CASE_RULES, catalogueItem, resolveWorkingDays } from './rules';
import { CASE_CATEGORIES } from './machine';
import { CATEGORY_HINT, promiseOf } from './intake';

describe('the default rules', () => {
  it('Given no federation has configured anything, Then the defaults are valid rules themselves, with every category catalogued', () => {
    expect(CaseRules.parse(DEFAULT_CASE_RULES)).toEqual(DEFAULT_CASE_RULES);
    for (const c of CASE_CATEGORIES) {
      expect(DEFAULT_CASE_RULES.catalogue[c].length).toBeGreaterThan(0);
      expect(CATEGORY_HINT[c]).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('Given the defaults, Then a consultation is answered in 2 working days, help in 5, a general complaint closed in 7 and a complex one in 15', () => {
    expect(resolveWorkingDays(DEFAULT_CASE_RULES, 'consult', 'general')).toBe(2);
    expect(resolveWorkingDays(DEFAULT_CASE_RULES, 'help', 'special')).toBe(5);
    expect(resolveWorkingDays(DEFAULT_CASE_RULES, 'complaint', 'general')).toBe(7);
    expect(resolveWorkingDays(DEFAULT_CASE_RULES, 'complaint', 'hard')).toBe(15);
  });

  it('Given the defaults, Then the worker is promised “2个工作日内答复” for a consultation, “一般7个工作日内办结” for a complaint, the legal-aid decision time for legal aid', () => {
    expect(promiseOf(DEFAULT_CASE_RULES, 'consult')).toBe('2个工作日内答复');
    expect(promiseOf(DEFAULT_CASE_RULES, 'help')).toBe('5个工作日内答复');
    expect(promiseOf(DEFAULT_CASE_RULES, 'complaint')).toBe('一般7个工作日内办结');
    expect(promiseOf(DEFAULT_CASE_RULES, 'suggestion')).toBe('一般7个工作日内办结');
    expect(promiseOf(DEFAULT_CASE_RULES, 'legal_aid')).toBe('7个工作日内决定是否给予法律援助');
    expect(promiseOf({ ...DEFAULT_CASE_RULES, closeWorkingDays: { general: 10, hard: 15, special: 30 } }, 'complaint')).toBe('一般10个工作日内办结');
  });

  it('Given an item key, Then it is found only in its own category', () => {
    expect(catalogueItem(DEFAULT_CASE_RULES, 'complaint', 'wage_arrears')?.label).toBe('拖欠工资');
    expect(catalogueItem(DEFAULT_CASE_RULES, 'consult', 'wage_arrears')).toBeNull();
  });
});

describe('the rules schema', () => {
  const messages = (value: unknown) => {
    const r = CaseRules.safeParse(value);
    return r.success ? [] : r.error.issues.map((i) => i.message);
  };

  it('Given a deadline of 0 or a fraction of a day, Then it is refused in Chinese naming the deadline', () => {
    expect(messages({ ...DEFAULT_CASE_RULES, signWorkingDays: 0 })).toContain('签收时限至少1个工作日');
    expect(messages({ ...DEFAULT_CASE_RULES, closeWorkingDays: { general: 7.5, hard: 15, special: 30 } })).toContain('办结时限须为整数个工作日');
  });

  it('Given a category with no items, or a malformed item key, Then it is refused', () => {
    expect(messages({ ...DEFAULT_CASE_RULES, catalogue: { ...DEFAULT_CASE_RULES.catalogue, help: [] } })).toContain('每类至少一个事项');
    expect(messages({ ...DEFAULT_CASE_RULES, catalogue: { ...DEFAULT_CASE_RULES.catalogue, help: [{ key: 'Bad Key', label: '坏' }] } })).toContain(
      '事项代码须为小写字母、数字或下划线',
    );
  });

  it('Given a collective threshold of one worker, Then it is refused', () => {
    expect(messages({ ...DEFAULT_CASE_RULES, collectiveMinWorkers: 1 })).toContain('集体案件人数至少2人');
  });
});
