/**
 * 方案: the federation sets the campaign's budget, the amount per category (the four of the seed
 * story) and, higher, per special group, and the campaign's own income test (a multiple of the local
 * 低保 line) for families without a hardship file. What is typed is kept as text; the server checks
 * it and its Chinese message stands next to the field. The survey's totals price the table as the
 * officer types, so the budget can be weighed against the need.
 */
import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ApiError, call, messageOf, type Output } from '../../api';
import { Button } from '../../components/nut';
import { useLoadOn } from '../../components/useLoadOn';
import {
  CATEGORY_LABEL,
  SPECIAL_GROUPS,
  SPECIAL_GROUP_LABEL,
  STUDENT_CATEGORIES,
  type SpecialGroup,
  type StudentCategory,
} from '../../../core/scholarship/machine';
import { LabelledInput, PageState, PageTitle, SectionTitle, useConfirm } from '../ui';
import { issuesByPath, typed, yuan } from './labels';
import '../admin.scss';
import './scholarship.scss';

type Campaign = Output<'scholarship', 'getCampaign'>;
type Totals = Output<'scholarship', 'surveyBoard'>['totals'];

interface Form {
  budget: string;
  amounts: Record<StudentCategory, string>;
  special: Record<SpecialGroup, string>;
  dibaoMonthly: string;
  multiple: string;
}

const blank = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, ''])) as Record<K, string>;
const toForm = (plan: Campaign['plan']): Form => {
  const amounts = blank(STUDENT_CATEGORIES);
  const special = blank(SPECIAL_GROUPS);
  for (const a of plan?.amounts ?? []) amounts[a.key as StudentCategory] = String(a.amount);
  for (const a of plan?.specialAmounts ?? []) special[a.key as SpecialGroup] = String(a.amount);
  return {
    budget: plan ? String(plan.budget) : '',
    amounts,
    special,
    dibaoMonthly: plan ? String(plan.eligibility.dibaoMonthly) : '',
    multiple: plan ? String(plan.eligibility.multiple) : '',
  };
};

export default function ScholarshipPlan() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const [c, setC] = useState<Campaign | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [totals, setTotals] = useState<Totals | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const { confirm, confirmUi } = useConfirm();

  const load = async () => {
    try {
      const got = await call('scholarship', 'getCampaign', { campaignId: id });
      setC(got);
      setForm(toForm(got.plan));
      setLoadError(null);
      if (got.canManage) setTotals((await call('scholarship', 'surveyBoard', { campaignId: id }).catch(() => null))?.totals ?? null);
    } catch (e) {
      setLoadError(e);
    }
  };
  useLoadOn(load, [id]);

  if (!c || !form)
    return (
      <View className='page adm sch-plan'>
        <PageTitle>助学方案</PageTitle>
        <PageState loading={!loadError} error={loadError} onRetry={load} rows={8} />
      </View>
    );

  const editable = c.canManage && (c.stage === 'survey' || c.stage === 'plan');
  const clear = (key: string) => errors[key] && setErrors({ ...errors, [key]: '' });
  const amount = (k: StudentCategory) => typed(form.amounts[k]);
  const need = totals?.every((t) => Number.isFinite(amount(t.key))) ? totals.reduce((n, t) => n + t.count * amount(t.key)!, 0) : null;
  const budget = typed(form.budget);
  const line =
    typed(form.dibaoMonthly) !== undefined && typed(form.multiple) !== undefined ? Math.floor(typed(form.dibaoMonthly)! * typed(form.multiple)!) : NaN;

  const input = (key: string, label: string, value: string, set: (v: string) => void, hint?: string, type: 'number' | 'digit' = 'number') => (
    <LabelledInput
      id={key.replace('.', '-')}
      label={label}
      type={type}
      value={value}
      hint={hint}
      error={errors[key]}
      onInput={(v) => {
        set(v);
        clear(key);
      }}
    />
  );

  const save = async () => {
    if (busy) return;
    const figures: Array<[string, string]> = [
      ['budget', form.budget],
      ...STUDENT_CATEGORIES.map((k): [string, string] => [`amounts.${k}`, form.amounts[k]]),
      ...SPECIAL_GROUPS.map((g): [string, string] => [`specialAmounts.${g}`, form.special[g]]),
      ['eligibility.dibaoMonthly', form.dibaoMonthly],
      ['eligibility.multiple', form.multiple],
    ];
    const bad = Object.fromEntries(figures.filter(([, v]) => Number.isNaN(typed(v))).map(([k]) => [k, '请填写数字']));
    if (Object.keys(bad).length) {
      setErrors(bad);
      return setNotice({ kind: 'error', text: '请按提示修改标红的项目' });
    }
    const ok = await confirm({
      title: '保存方案？',
      message: `保存后本次活动按此预算、资助标准和申请条件执行：审批金额不超过资助标准，批准总额不超过预算。进入申报前仍可修改，申报开始后不能再改。`,
      confirmText: '保存方案',
    });
    if (!ok) return;
    setBusy(true);
    setErrors({});
    try {
      const after = await call('scholarship', 'savePlan', {
        campaignId: c.id,
        version: c.version,
        budget: typed(form.budget) as number,
        amounts: Object.fromEntries(STUDENT_CATEGORIES.map((k) => [k, typed(form.amounts[k])])) as Record<StudentCategory, number>,
        // a group left blank gets its category's amount
        specialAmounts: Object.fromEntries(SPECIAL_GROUPS.filter((g) => typed(form.special[g]) !== undefined).map((g) => [g, typed(form.special[g])])),
        eligibility: { dibaoMonthly: typed(form.dibaoMonthly) as number, multiple: typed(form.multiple) as number },
      });
      setC(after);
      setForm(toForm(after.plan));
      setNotice({ kind: 'ok', text: '方案已保存' });
    } catch (e) {
      const byPath = e instanceof ApiError ? issuesByPath(e.issues) : {};
      setErrors(byPath);
      setNotice({ kind: 'error', text: Object.keys(byPath).length ? `请按提示修改标红的项目（${Object.keys(byPath).length}处）` : messageOf(e) });
      if (e instanceof ApiError && (e.code === 'CONFLICT' || e.code === 'ILLEGAL_TRANSITION')) void load();
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='page adm sch-plan'>
      <PageTitle>助学方案</PageTitle>
      {confirmUi}
      {notice && (
        <View className={`notice ${notice.kind === 'ok' ? 'notice-ok' : 'notice-error'}`} id='notice' {...({ role: 'status' } as object)}>
          {notice.text}
        </View>
      )}
      {notice?.kind === 'ok' && (
        <View className='btn-row'>
          <Button
            type='default'
            id='back-board'
            onClick={() => Taro.navigateBack().catch(() => Taro.redirectTo({ url: `/admin/scholarship/index?id=${c.id}` }))}
          >
            返回活动
          </Button>
        </View>
      )}
      <View className='card'>
        <SectionTitle>{c.title}</SectionTitle>
        <Text className='muted sch-block'>
          {editable ? '金额均为整数元。进入申报前可修改，申报开始后方案不能再改。' : `活动已进入“${c.stageLabel}”阶段，方案不能再修改。`}
        </Text>
      </View>
      <View className='card' id='plan-budget'>
        <SectionTitle>助学预算</SectionTitle>
        {input('budget', '本年度助学预算（元）', form.budget, (v) => setForm({ ...form, budget: v }))}
        {totals && (
          <Text className='muted sch-block' id='need'>
            摸底合计 {totals.reduce((n, t) => n + t.count, 0)} 人{need !== null ? `，按下表标准约需 ${yuan(need)}` : ''}
            {need !== null && budget !== undefined && Number.isFinite(budget) ? (need > budget ? `，超出预算 ${yuan(need - budget)}` : '，预算可以覆盖') : ''}
          </Text>
        )}
      </View>
      <View className='card' id='plan-amounts'>
        <SectionTitle>各类别资助标准（元/人）</SectionTitle>
        <View className='sch-grid'>
          {STUDENT_CATEGORIES.map((k) =>
            input(`amounts.${k}`, CATEGORY_LABEL[k], form.amounts[k], (v) => setForm({ ...form, amounts: { ...form.amounts, [k]: v } })),
          )}
        </View>
      </View>
      <View className='card' id='plan-special'>
        <SectionTitle>特殊群体资助标准（元/人，选填）</SectionTitle>
        <Text className='muted sch-block'>高于类别标准时按此发放；留空则按学生所在类别的标准。</Text>
        <View className='sch-grid'>
          {SPECIAL_GROUPS.map((g) =>
            input(`specialAmounts.${g}`, SPECIAL_GROUP_LABEL[g], form.special[g], (v) => setForm({ ...form, special: { ...form.special, [g]: v } })),
          )}
        </View>
      </View>
      <View className='card' id='plan-eligibility'>
        <SectionTitle>申请条件</SectionTitle>
        <Text className='muted sch-block'>未建立困难职工档案的家庭，按家庭月人均收入核对是否符合条件。</Text>
        <View className='sch-grid'>
          {input('eligibility.dibaoMonthly', '本地低保标准（元/月）', form.dibaoMonthly, (v) => setForm({ ...form, dibaoMonthly: v }))}
          {input('eligibility.multiple', '不高于低保标准的倍数', form.multiple, (v) => setForm({ ...form, multiple: v }), '1到5，如 1.5', 'digit')}
        </View>
        <Text className='sch-block' id='income-test'>
          {Number.isFinite(line) ? `家庭月人均收入不高于 ${line} 元可以申请` : '填写低保标准和倍数后，这里显示收入上限'}
        </Text>
      </View>
      {editable && (
        <View className='btn-row'>
          <Button type='primary' id='save-plan' loading={busy} disabled={busy} onClick={save}>
            保存方案
          </Button>
        </View>
      )}
    </View>
  );
}
