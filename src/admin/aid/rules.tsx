import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { ApiError, call, messageOf, type Output } from '../../api';
import { currentUser } from '../../api/session';
import { Button, Switch } from '../../components/nut';
import { useLoadOn } from '../../components/useLoadOn';
import { AID_KINDS, AID_KIND_LABEL, AID_TIERS, AID_TIER_LABEL, type AidKind, type AidTier } from '../../../core/aid/machine';
import type { AidRules } from '../../../core/aid/rules';
import { LabelledInput, PageState, PageTitle, SectionTitle, TabBar, Tap, useConfirm } from '../ui';
import { PROGRAMMES, parseYuan, shanghaiYear, yuan } from './labels';
import '../admin.scss';
import './aid.scss';

type Budget = Output<'aid', 'budgets'>['items'][number];
type CapField = 'monthsOfDibao' | 'shareOfCost' | 'maxAmount' | 'lifetimeCap';
type Step = keyof AidRules['stepWorkingDays'];

/** the form keeps what was typed; numbers are read when it is saved */
interface Form {
  dibaoMonthly: string;
  relativeMultiplier: string;
  suddenCostShare: string;
  caps: Record<AidTier, Record<AidKind, { allowed: boolean } & Record<CapField, string>>>;
  oneKindPerYear: Record<AidTier, boolean>;
  upperApprovalAbove: string;
  stepWorkingDays: Record<Step, string>;
  noticeWorkingDays: string;
  noticeShows: { amount: boolean; kind: boolean };
  reverifyMonths: string;
  exclusive: string[][];
}

const CAP_FIELDS: ReadonlyArray<{ key: CapField; label: string; hint: string }> = [
  { key: 'monthsOfDibao', label: '每年最多几个月低保', hint: '按低保标准×月数封顶' },
  { key: 'shareOfCost', label: '自付费用比例上限', hint: '0到1，如0.8即80%' },
  { key: 'maxAmount', label: '每次最高金额（元）', hint: '' },
  { key: 'lifetimeCap', label: '累计最高金额（元）', hint: '同一人历年累计' },
];
const STEPS: ReadonlyArray<[Step, string]> = [
  ['first_check', '初审'],
  ['union_review', '入户调查复核'],
  ['federation_review', '联合会审批'],
  ['upper_review', '上级工会审批'],
];

const text = (n: number | null) => (n === null ? '' : String(n));
const toForm = (r: AidRules): Form => ({
  dibaoMonthly: text(r.dibaoMonthly),
  relativeMultiplier: text(r.relativeMultiplier),
  suddenCostShare: text(r.suddenCostShare),
  caps: Object.fromEntries(
    AID_TIERS.map((t) => [
      t,
      Object.fromEntries(
        AID_KINDS.map((k) => {
          const c = r.caps[t][k];
          return [
            k,
            {
              allowed: c.allowed,
              monthsOfDibao: text(c.monthsOfDibao),
              shareOfCost: text(c.shareOfCost),
              maxAmount: text(c.maxAmount),
              lifetimeCap: text(c.lifetimeCap),
            },
          ];
        }),
      ),
    ]),
  ) as Form['caps'],
  oneKindPerYear: { ...r.oneKindPerYear },
  upperApprovalAbove: text(r.upperApprovalAbove),
  stepWorkingDays: Object.fromEntries(STEPS.map(([s]) => [s, text(r.stepWorkingDays[s])])) as Form['stepWorkingDays'],
  noticeWorkingDays: text(r.noticeWorkingDays),
  noticeShows: { ...r.noticeShows },
  reverifyMonths: text(r.reverifyMonths),
  exclusive: r.exclusive,
});
/** a number as typed: '' is "not set" (null, or missing for a required figure: the server names it), else the number (NaN: not one) */
const num = (s: string) => (s.trim() === '' ? null : Number(s.trim().replace(/[,，¥￥]/g, '')));
const required = (s: string) => num(s) ?? undefined;

const fromForm = (f: Form, orgId: string, year: number) =>
  ({
    orgId,
    year,
    dibaoMonthly: required(f.dibaoMonthly),
    relativeMultiplier: required(f.relativeMultiplier),
    suddenCostShare: required(f.suddenCostShare),
    caps: Object.fromEntries(
      AID_TIERS.map((t) => [
        t,
        Object.fromEntries(
          AID_KINDS.map((k) => {
            const c = f.caps[t][k];
            return [
              k,
              {
                allowed: c.allowed,
                monthsOfDibao: num(c.monthsOfDibao),
                shareOfCost: num(c.shareOfCost),
                maxAmount: num(c.maxAmount),
                lifetimeCap: num(c.lifetimeCap),
              },
            ];
          }),
        ),
      ]),
    ),
    oneKindPerYear: f.oneKindPerYear,
    upperApprovalAbove: num(f.upperApprovalAbove),
    stepWorkingDays: Object.fromEntries(STEPS.map(([s]) => [s, required(f.stepWorkingDays[s])])),
    noticeWorkingDays: required(f.noticeWorkingDays),
    noticeShows: f.noticeShows,
    reverifyMonths: required(f.reverifyMonths),
    exclusive: f.exclusive,
  }) as AidRules;

/** every figure typed that is not a number, by its path (the server's paths), so nothing unreadable is silently dropped */
function notNumbers(f: Form): Record<string, string> {
  const out: Record<string, string> = {};
  const check = (path: string, v: string) => {
    if (v.trim() !== '' && !Number.isFinite(num(v))) out[path] = '请填写数字';
  };
  (['dibaoMonthly', 'relativeMultiplier', 'suddenCostShare', 'upperApprovalAbove', 'noticeWorkingDays', 'reverifyMonths'] as const).forEach((k) =>
    check(k, f[k]),
  );
  STEPS.forEach(([s]) => check(`stepWorkingDays.${s}`, f.stepWorkingDays[s]));
  AID_TIERS.forEach((t) => AID_KINDS.forEach((k) => CAP_FIELDS.forEach((c) => check(`caps.${t}.${k}.${c.key}`, f.caps[t][k][c.key]))));
  return out;
}

/** the federation whose rules these are: the officer's own (a system admin's: the city) */
const ownOrg = () => (currentUser()?.grants ?? []).find((g) => g.role === 'federation_officer' || g.role === 'admin')?.orgId ?? '';
/** the server's messages are Chinese; a bare range check without one is said in Chinese here */
const chinese = (m: string) => (/[\u4e00-\u9fa5]/.test(m) ? m : '数值不在允许的范围内');

export default function AidRulesPage() {
  const thisYear = shanghaiYear();
  const [year, setYear] = useState(thisYear);
  const [form, setForm] = useState<Form | null>(null);
  const [source, setSource] = useState<{ orgName: string; inherited: boolean; found: boolean } | null>(null);
  const [budgets, setBudgets] = useState<Budget[] | null>(null);
  const [budgetInput, setBudgetInput] = useState<Record<string, string>>({});
  /** the programme whose budget is being set */
  const [editing, setEditing] = useState<string | null>(null);
  const [tier, setTier] = useState<AidTier>('deep');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const { confirm, confirmUi } = useConfirm();

  const load = async () => {
    setForm(null);
    try {
      const [r, b] = await Promise.all([call('aid', 'getRules', { year }), call('aid', 'budgets', { year })]);
      // no rules for the year yet: start from last year's figures, if any, for the officer to review
      const base = r.rules ?? (await call('aid', 'getRules', { year: year - 1 })).rules;
      setSource({ orgName: r.orgName, inherited: r.inherited, found: r.rules !== null });
      setForm(base ? toForm(base) : null);
      setBudgets(b.items);
      setLoadError(null);
      setErrors({});
    } catch (e) {
      setLoadError(e);
    }
  };
  useLoadOn(load, [year]);

  const set = (patch: Partial<Form>) => form && setForm({ ...form, ...patch });
  const setCap = (t: AidTier, k: AidKind, patch: Partial<Form['caps'][AidTier][AidKind]>) =>
    form && setForm({ ...form, caps: { ...form.caps, [t]: { ...form.caps[t], [k]: { ...form.caps[t][k], ...patch } } } });

  const showErrors = (byPath: Record<string, string>, fallback: string) => {
    setErrors(byPath);
    const first = Object.keys(byPath)[0];
    setResult({ kind: 'error', text: first ? `请按提示修改标红的项目（${Object.keys(byPath).length}处）` : fallback });
    // a cap error sits on a tier's tab: show that tier
    if (first?.startsWith('caps.')) setTier(first.split('.')[1] as AidTier);
  };

  const save = async () => {
    if (!form || busy) return;
    const bad = notNumbers(form);
    if (Object.keys(bad).length) return showErrors(bad, '');
    const ok = await confirm({
      title: `保存${year}年帮扶政策？`,
      message: `保存后本会辖区${year}年的自测、审核上限、审批权限和公示期即按新政策执行；已批准的帮扶不受影响。`,
      confirmText: '保存政策',
    });
    if (!ok) return;
    setBusy(true);
    setErrors({});
    try {
      await call('aid', 'setRules', fromForm(form, ownOrg(), year));
      setResult({ kind: 'ok', text: `已保存${year}年帮扶政策` });
      await load();
    } catch (e) {
      const byPath: Record<string, string> = {};
      if (e instanceof ApiError) for (const i of e.issues) byPath[i.path.join('.')] ??= chinese(i.message);
      showErrors(byPath, messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const setBudget = async (p: (typeof PROGRAMMES)[number], current: Budget | undefined) => {
    const n = parseYuan(budgetInput[p.key] ?? '');
    if (!Number.isFinite(n)) return setErrors({ ...errors, [`budget-${p.key}`]: '请填写预算金额（整数元）' });
    const used = current ? `，已使用 ${yuan(current.committed)}` : '';
    if (
      !(await confirm({
        title: `设定${p.label}预算？`,
        message: `${year}年${p.label}预算设为 ${yuan(n)}${used}。预算不能低于已使用的金额；批准帮扶时从中预留。`,
        confirmText: '设定预算',
      }))
    )
      return;
    try {
      const b = await call('aid', 'setBudget', { year, programme: p.key, total: n });
      setBudgets((prev) => [...(prev ?? []).filter((x) => x.programme !== p.key), b]);
      setBudgetInput({ ...budgetInput, [p.key]: '' });
      setEditing(null);
      setErrors({ ...errors, [`budget-${p.key}`]: '' });
      setResult({ kind: 'ok', text: `已设定${year}年${b.programmeLabel}预算 ${yuan(b.total)}` });
    } catch (e) {
      setErrors({ ...errors, [`budget-${p.key}`]: messageOf(e) });
    }
  };

  const field = (id: string, label: string, value: string, onInput: (v: string) => void, hint?: string) => (
    <LabelledInput id={id.replace(/\./g, '-')} label={label} type='digit' value={value} error={errors[id]} hint={hint} onInput={onInput} />
  );
  const toggle = (label: string, checked: boolean, onChange: (v: boolean) => void) => (
    <View className='switch-row'>
      <Text>{label}</Text>
      <View className='kv-inline'>
        <Text className='switch-state'>{checked ? '是' : '否'}</Text>
        <Switch checked={checked} ariaLabel={label} onChange={(v: boolean) => onChange(v)} />
      </View>
    </View>
  );

  return (
    <View className='page adm aid-rules'>
      <PageTitle>帮扶政策与预算</PageTitle>
      {confirmUi}
      <View className='filters' {...({ role: 'radiogroup', 'aria-label': '年度' } as object)}>
        {[thisYear, thisYear + 1].map((y) => (
          <Tap key={y} role='radio' pressed={year === y} className={`adm-chip ${year === y ? 'on' : ''}`} onTap={() => setYear(y)}>
            {y}年
          </Tap>
        ))}
      </View>
      {result && (
        <View className={`notice ${result.kind === 'ok' ? 'notice-ok' : 'notice-error'}`} id='notice' {...({ role: 'status' } as object)}>
          {result.text}
        </View>
      )}
      <PageState loading={!source && !loadError} error={loadError} onRetry={load} rows={5}>
        {source && (
          <>
            <View className='card' id='budgets'>
              <SectionTitle>{year}年帮扶资金预算</SectionTitle>
              {PROGRAMMES.map((p) => {
                const b = budgets?.find((x) => x.programme === p.key);
                return (
                  <View key={p.key} className='aid-entry' id={`budget-${p.kind}`}>
                    <View className='row'>
                      <Text className='item-name'>{b?.programmeLabel ?? p.label}</Text>
                      <Text className='aid-amount'>{b ? `剩余 ${yuan(b.left)}` : '尚未安排预算'}</Text>
                    </View>
                    {b && (
                      <>
                        <View className='progress' {...({ 'aria-hidden': 'true' } as object)}>
                          <View className='progress-bar' style={{ width: `${b.total ? Math.min(100, Math.round((b.committed / b.total) * 100)) : 0}%` }} />
                        </View>
                        <Text className='item-line'>
                          总额 {yuan(b.total)} · 已使用 {yuan(b.committed)} · 剩余 {yuan(b.left)}
                        </Text>
                      </>
                    )}
                    {editing === p.key ? (
                      <View className='lookup-row'>
                        <LabelledInput
                          id={`budget-${p.kind}-total`}
                          label={`${p.label}预算总额（元）`}
                          type='number'
                          value={budgetInput[p.key] ?? ''}
                          error={errors[`budget-${p.key}`] || undefined}
                          onInput={(v) => setBudgetInput({ ...budgetInput, [p.key]: v })}
                        />
                        <Button type='primary' label={`设定${p.label}预算`} onClick={() => setBudget(p, b)}>
                          设定
                        </Button>
                      </View>
                    ) : (
                      <Tap
                        className='link aid-edit'
                        id={`budget-${p.kind}-edit`}
                        label={`${b ? '调整' : '安排'}${p.label}预算`}
                        onTap={() => setEditing(p.key)}
                      >
                        {b ? '调整预算' : '安排预算'}
                      </Tap>
                    )}
                  </View>
                );
              })}
            </View>

            <View className='card' id='rules'>
              <SectionTitle>{year}年帮扶政策</SectionTitle>
              <Text className='muted aid-block'>
                {source.found
                  ? source.inherited
                    ? `本会沿用${source.orgName}的政策；修改并保存后，本会辖区按本会的政策执行。`
                    : `${source.orgName}的政策。`
                  : form
                    ? `${year}年政策尚未发布，下面是上一年的数值，请核对后保存。`
                    : `${year}年政策尚未发布，请逐项填写后保存。`}
              </Text>
              {!form && (
                <Button type='primary' onClick={() => setForm(EMPTY)}>
                  开始填写
                </Button>
              )}
            </View>
            {form && (
              <>
                <View className='card'>
                  <SectionTitle>困难认定</SectionTitle>
                  {field('dibaoMonthly', '本地低保标准（元/人/月）', form.dibaoMonthly, (v) => set({ dibaoMonthly: v }))}
                  {field(
                    'relativeMultiplier',
                    '相对困难：低于低保标准的倍数',
                    form.relativeMultiplier,
                    (v) => set({ relativeMultiplier: v }),
                    '1到5，如2即人均收入低于2倍低保',
                  )}
                  {field(
                    'suddenCostShare',
                    '意外致困：年度致困费用占家庭收入的比例',
                    form.suddenCostShare,
                    (v) => set({ suddenCostShare: v }),
                    '0到1，如0.8即80%',
                  )}
                </View>

                <View className='card' id='caps'>
                  <SectionTitle>各类帮扶上限</SectionTitle>
                  <Text className='muted aid-block'>填写的各项限额同时适用，取最小值；不填即不设该项限额。</Text>
                  <TabBar items={AID_TIERS.map((t) => ({ key: t, label: AID_TIER_LABEL[t] }))} value={tier} onChange={setTier} />
                  {toggle(`${AID_TIER_LABEL[tier]}每年只能享受一类帮扶`, form.oneKindPerYear[tier], (v) =>
                    set({ oneKindPerYear: { ...form.oneKindPerYear, [tier]: v } }),
                  )}
                  {AID_KINDS.map((k) => {
                    const c = form.caps[tier][k];
                    return (
                      <View key={k} className='aid-kind' id={`cap-${tier}-${k}`}>
                        <View className='aid-kind-head'>
                          <Text>{AID_KIND_LABEL[k]}</Text>
                          <View className='kv-inline'>
                            <Text className='switch-state'>{c.allowed ? '可申请' : '不可申请'}</Text>
                            <Switch
                              checked={c.allowed}
                              ariaLabel={`${AID_TIER_LABEL[tier]}可申请${AID_KIND_LABEL[k]}`}
                              onChange={(v: boolean) => setCap(tier, k, { allowed: v })}
                            />
                          </View>
                        </View>
                        {c.allowed && (
                          <View className='aid-grid'>
                            {CAP_FIELDS.map((f) =>
                              field(`caps.${tier}.${k}.${f.key}`, f.label, c[f.key], (v) => setCap(tier, k, { [f.key]: v }), f.hint || undefined),
                            )}
                          </View>
                        )}
                      </View>
                    );
                  })}
                </View>

                <View className='card'>
                  <SectionTitle>审批与时限</SectionTitle>
                  {field(
                    'upperApprovalAbove',
                    '超过此金额报上级工会审批（元）',
                    form.upperApprovalAbove,
                    (v) => set({ upperApprovalAbove: v }),
                    '不填：联合会自行审批',
                  )}
                  {STEPS.map(([s, label]) =>
                    field(`stepWorkingDays.${s}`, `${label}时限（工作日）`, form.stepWorkingDays[s], (v) =>
                      set({ stepWorkingDays: { ...form.stepWorkingDays, [s]: v } }),
                    ),
                  )}
                  {field('reverifyMonths', '档案年度复核间隔（月）', form.reverifyMonths, (v) => set({ reverifyMonths: v }))}
                </View>

                <View className='card'>
                  <SectionTitle>公示</SectionTitle>
                  {field('noticeWorkingDays', '公示期（工作日）', form.noticeWorkingDays, (v) => set({ noticeWorkingDays: v }))}
                  <Text className='muted aid-block'>公示一律显示脱敏姓名和所在工会，从不显示身份证号、电话、住址和病情。</Text>
                  {toggle('公示显示帮扶金额', form.noticeShows.amount, (v) => set({ noticeShows: { ...form.noticeShows, amount: v } }))}
                  {toggle('公示显示帮扶类别', form.noticeShows.kind, (v) => set({ noticeShows: { ...form.noticeShows, kind: v } }))}
                  {form.exclusive.length > 0 && (
                    <Text className='muted aid-block'>
                      同一人同一年只能享受其一：
                      {form.exclusive
                        .map((g) => g.map((p) => PROGRAMMES.find((x) => x.key === p)?.label ?? (p === 'scholarship' ? '金秋助学' : p)).join(' 或 '))
                        .join('；')}
                    </Text>
                  )}
                </View>
                <Button type='primary' block loading={busy} disabled={busy} onClick={save}>
                  保存{year}年政策
                </Button>
              </>
            )}
          </>
        )}
      </PageState>
    </View>
  );
}

const blankCap = { allowed: true, monthsOfDibao: '', shareOfCost: '', maxAmount: '', lifetimeCap: '' };
/** a blank form, for a federation with no rules before this year */
const EMPTY: Form = {
  dibaoMonthly: '',
  relativeMultiplier: '',
  suddenCostShare: '',
  caps: Object.fromEntries(AID_TIERS.map((t) => [t, Object.fromEntries(AID_KINDS.map((k) => [k, { ...blankCap }]))])) as Form['caps'],
  oneKindPerYear: { deep: false, relative: false, sudden: false },
  upperApprovalAbove: '',
  stepWorkingDays: { first_check: '', union_review: '', federation_review: '', upper_review: '' },
  noticeWorkingDays: '',
  noticeShows: { amount: false, kind: false },
  reverifyMonths: '',
  exclusive: [],
};
