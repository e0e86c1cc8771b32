import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { ApiError, call, messageOf, type Output } from '../../api';
import { Button } from '../../components/nut';
import { useLoadOn } from '../../components/useLoadOn';
import { CASE_CATEGORIES, CATEGORY_LABEL, COMPLEXITIES, COMPLEXITY_LABEL, type CaseCategory } from '../../../core/case/machine';
import type { CaseRules } from '../../../core/case/rules';
import { LabelledInput, PageState, PageTitle, SectionTitle, TabBar, Tap, useConfirm } from '../ui';
import { staffKind } from './labels';
import '../admin.scss';
import './case.scss';

type Got = Output<'case', 'getRules'>;

/** the single figures, by their path in CaseRules, with what each means on the page */
const DAYS: ReadonlyArray<{ key: keyof CaseRules; label: string; hint: string }> = [
  { key: 'dispatchWorkingDays', label: '分派时限（工作日）', hint: '受理后多少个工作日内派给承办人' },
  { key: 'signWorkingDays', label: '签收时限（工作日）', hint: '派单后承办人多少个工作日内签收' },
  { key: 'reopenWorkingDays', label: '重办时限（工作日）', hint: '不满意或质检不通过后重新办理的时间' },
  { key: 'callbackWorkingDays', label: '回访时限（工作日）', hint: '办结后等待诉求人评价的时间，逾期由工作人员电话回访' },
  { key: 'qualityWorkingDays', label: '质检时限（工作日）', hint: '评价后联合会质检的时间' },
  { key: 'legalAidDecisionWorkingDays', label: '法律援助审查时限（工作日）', hint: '申请法律援助后作出决定的时间' },
  { key: 'legalAidUrgentDays', label: '法律援助紧急天数（自然日）', hint: '立案、开庭或时效届满在此天数内的，可紧急预审先行受理' },
  { key: 'collectiveMinWorkers', label: '集体诉求人数（人）', hint: '涉及人数达到此数即为集体诉求：紧急，立即派给值班律师' },
];

interface Form {
  numbers: Record<string, string>;
  catalogue: Record<CaseCategory, Array<{ key: string; label: string }>>;
}

const toForm = (r: CaseRules): Form => ({
  numbers: {
    ...Object.fromEntries(DAYS.map((d) => [d.key, String(r[d.key] as number)])),
    ...Object.fromEntries(CASE_CATEGORIES.map((c) => [`answerWorkingDays.${c}`, r.answerWorkingDays[c] === undefined ? '' : String(r.answerWorkingDays[c])])),
    ...Object.fromEntries(COMPLEXITIES.map((c) => [`closeWorkingDays.${c}`, String(r.closeWorkingDays[c])])),
  },
  catalogue: Object.fromEntries(CASE_CATEGORIES.map((c) => [c, r.catalogue[c].map((i) => ({ ...i }))])) as Form['catalogue'],
});

/** '' → undefined (the server names a missing figure), else the number (NaN when not one: caught before sending) */
const num = (s: string) => (s.trim() === '' ? undefined : Number(s.trim()));

const fromForm = (f: Form) =>
  ({
    ...Object.fromEntries(DAYS.map((d) => [d.key, num(f.numbers[d.key])])),
    answerWorkingDays: Object.fromEntries(CASE_CATEGORIES.map((c) => [c, num(f.numbers[`answerWorkingDays.${c}`])]).filter(([, v]) => v !== undefined)),
    closeWorkingDays: Object.fromEntries(COMPLEXITIES.map((c) => [c, num(f.numbers[`closeWorkingDays.${c}`])])),
    catalogue: Object.fromEntries(CASE_CATEGORIES.map((c) => [c, f.catalogue[c].map((i) => ({ key: i.key, label: i.label.trim() }))])),
  }) as CaseRules;

/** a new item's key: never shown, only stable (existing cases keep pointing at their item) */
const newKey = () => `item_${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;

export default function CaseRulesPage() {
  const who = staffKind();
  const [got, setGot] = useState<Got | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [category, setCategory] = useState<CaseCategory>('complaint');
  const [error, setError] = useState<unknown>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const { confirm, confirmUi } = useConfirm();

  const load = async () => {
    try {
      const r = await call('case', 'getRules', {});
      setGot(r);
      setForm(toForm(r.rules));
      setError(null);
    } catch (e) {
      setError(e);
    }
  };
  useLoadOn(load, []);

  const editable = who.federation;
  const setNumber = (key: string, v: string) => {
    if (!form) return;
    setForm({ ...form, numbers: { ...form.numbers, [key]: v } });
    setErrors((e) => ({ ...e, [key]: '' }));
  };
  const setItems = (c: CaseCategory, items: Form['catalogue'][CaseCategory]) => form && setForm({ ...form, catalogue: { ...form.catalogue, [c]: items } });

  const save = async () => {
    if (!form || !got || busy) return;
    const bad: Record<string, string> = {};
    for (const [k, v] of Object.entries(form.numbers)) if (v.trim() !== '' && !Number.isInteger(Number(v.trim()))) bad[k] = '请填写整数';
    if (Object.keys(bad).length) {
      setErrors(bad);
      return setResult({ kind: 'error', text: `请按提示修改标红的项目（${Object.keys(bad).length}处）` });
    }
    const ok = await confirm({
      title: '保存案件办理规则？',
      message: `保存后${got.orgName}及下级工会新受理的案件按新规则计算时限、选择事项；已受理案件的时限不变。修改记入审计。`,
      confirmText: '保存规则',
    });
    if (!ok) return;
    setBusy(true);
    setErrors({});
    setResult(null);
    try {
      const r = await call('case', 'setRules', { orgId: got.orgId, rules: fromForm(form) });
      setGot(r);
      setForm(toForm(r.rules));
      setResult({ kind: 'ok', text: '已保存案件办理规则' });
    } catch (e) {
      const byPath: Record<string, string> = {};
      if (e instanceof ApiError) for (const i of e.issues) byPath[i.path.filter((p) => p !== 'rules').join('.')] ??= i.message;
      setErrors(byPath);
      const first = Object.keys(byPath)[0];
      // a catalogue error sits on a category's tab: show that category
      if (first?.startsWith('catalogue.')) setCategory(first.split('.')[1] as CaseCategory);
      setResult({ kind: 'error', text: first ? `请按提示修改标红的项目（${Object.keys(byPath).length}处）` : messageOf(e) });
    } finally {
      setBusy(false);
    }
  };

  const field = (key: string, label: string, hint?: string) =>
    editable ? (
      <LabelledInput
        key={key}
        id={key.replace(/\./g, '-')}
        label={label}
        type='number'
        value={form!.numbers[key]}
        error={errors[key]}
        hint={hint}
        onInput={(v) => setNumber(key, v)}
      />
    ) : (
      <View key={key} className='kv'>
        <Text className='kv-k case-rule-k'>{label}</Text>
        <Text className='kv-v'>{form!.numbers[key] || '按复杂程度'}</Text>
      </View>
    );

  const items = form?.catalogue[category] ?? [];
  return (
    <View className='page adm case-rules'>
      <PageTitle>案件办理规则</PageTitle>
      {confirmUi}
      <PageState loading={!form && !error} error={error} onRetry={load} rows={6}>
        {form && got && (
          <>
            <Text className='muted case-org'>
              {got.orgName}
              {got.inheritedFrom
                ? ` · 现沿用${got.inheritedFrom.endsWith('规则') ? got.inheritedFrom : `${got.inheritedFrom}的规则`}${editable ? '，保存后为本会自己的规则' : ''}`
                : ''}
            </Text>
            {!editable && <View className='notice notice-info'>规则由工会联合会设定，这里仅供查看。</View>}
            {result && (
              <View className={`notice ${result.kind === 'ok' ? 'notice-ok' : 'notice-error'}`} id='notice' {...({ role: 'status' } as object)}>
                {result.text}
              </View>
            )}
            <View className='card' id='deadlines'>
              <SectionTitle>各环节时限</SectionTitle>
              {DAYS.slice(0, 5).map((d) => field(d.key, d.label, d.hint))}
            </View>
            <View className='card' id='close'>
              <SectionTitle>办结时限（按复杂程度，自受理起）</SectionTitle>
              {COMPLEXITIES.map((c) => field(`closeWorkingDays.${c}`, `${COMPLEXITY_LABEL[c]}（工作日）`))}
            </View>
            <View className='card' id='answer'>
              <SectionTitle>答复时限（按类别，优先于复杂程度）</SectionTitle>
              <Text className='muted case-block'>不填的类别按复杂程度的办结时限。</Text>
              {CASE_CATEGORIES.map((c) => field(`answerWorkingDays.${c}`, `${CATEGORY_LABEL[c]}（工作日）`))}
            </View>
            <View className='card' id='collective-legal'>
              <SectionTitle>集体诉求与法律援助</SectionTitle>
              {DAYS.slice(5).map((d) => field(d.key, d.label, d.hint))}
            </View>
            <View className='card' id='catalogue'>
              <SectionTitle>事项目录</SectionTitle>
              <TabBar
                id='categories'
                items={CASE_CATEGORIES.map((c) => ({ key: c, label: CATEGORY_LABEL[c], count: form.catalogue[c].length }))}
                value={category}
                onChange={setCategory}
              />
              {errors[`catalogue.${category}`] ? <Text className='field-error'>{errors[`catalogue.${category}`]}</Text> : null}
              {items.map((it, i) =>
                editable ? (
                  <View key={it.key} className='row case-item-edit'>
                    <View className='case-grow'>
                      <LabelledInput
                        id={`item-${category}-${i}`}
                        label={`事项${i + 1}`}
                        value={it.label}
                        error={errors[`catalogue.${category}.${i}.label`] || errors[`catalogue.${category}.${i}.key`]}
                        onInput={(v) =>
                          setItems(
                            category,
                            items.map((x, j) => (j === i ? { ...x, label: v } : x)),
                          )
                        }
                      />
                    </View>
                    <Tap
                      className='link case-remove'
                      label={`删除事项：${it.label}`}
                      onTap={() =>
                        setItems(
                          category,
                          items.filter((_, j) => j !== i),
                        )
                      }
                    >
                      删除
                    </Tap>
                  </View>
                ) : (
                  <Text key={it.key} className='case-cat-item'>
                    {i + 1}. {it.label}
                  </Text>
                ),
              )}
              {editable && (
                <Button fill='outline' onClick={() => setItems(category, [...items, { key: newKey(), label: '' }])}>
                  添加事项
                </Button>
              )}
              {editable && <Text className='muted case-block'>删除事项不影响已受理的案件；职工提交时只能选择目录中的事项。</Text>}
            </View>
            {editable && (
              <Button type='primary' block loading={busy} disabled={busy} onClick={() => void save()}>
                保存规则
              </Button>
            )}
          </>
        )}
      </PageState>
    </View>
  );
}
