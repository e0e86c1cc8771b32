import { useEffect, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { AttachmentKind, Cause } from '../../../core/aid/machine';
import { CAUSES, CAUSE_LABEL, FILE_ATTACHMENTS } from '../../../core/aid/machine';
import { ApiError, call, messageOf, type Input as ApiInput, type Output } from '../../api';
import { Button, Tag } from '../../components/nut';
import { Field } from '../../components/Field';
import { PageState } from '../../components/PageState';
import { formatDate, formatTime } from '../../components/format';
import { CheckRow, Choice, Heading, PageTitle } from '../../components/Tappable';
import { liveProps } from '../../components/a11y';
import { AttachmentChecklist, AreaField, InputField, issuesOf, num, text, without, yuan, type Attached } from './ui';
import { HouseholdTable, MemberEditor, emptyMember, memberFromView, memberToForm, type MemberDraft } from './household';
import './aid.scss';

type FileView = NonNullable<Output<'aid', 'myFile'>['file']>;
type FileForm = ApiInput<'aid', 'saveFile'>;

const NO_SECONDARY = 'none';
const hasKey = (errors: Record<string, string>, key: string) => Object.keys(errors).some((k) => k === key || k.startsWith(`${key}.`));

/**
 * 我的困难职工档案 (一户一档): household, income and rigid costs, causes, bank account, the checklist of
 * papers and the two consents. Each part saves on its own as the worker goes (leaving a field, a
 * choice, an upload, a confirmed member), so a half-filled file is never lost and one part's mistake
 * does not hold up the others; 保存草稿 saves everything typed. What the server still misses is listed on top.
 */
export default function FilePage() {
  const [view, setView] = useState<FileView | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [household, setHousehold] = useState<MemberDraft[]>([]);
  const [editing, setEditing] = useState<{ index: number | null; draft: MemberDraft } | null>(null);
  const [money, setMoney] = useState({ yearlyIncome: '', rigidCosts: '' });
  const [causes, setCauses] = useState<{ primary: Cause | null; secondary: Cause | typeof NO_SECONDARY; story: string }>({
    primary: null,
    secondary: NO_SECONDARY,
    story: '',
  });
  const [bank, setBank] = useState({ bankName: '', account: '' });
  const [bankOpen, setBankOpen] = useState(true);
  const [attachments, setAttachments] = useState<Attached[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const [saveError, setSaveError] = useState('');
  const [refused, setRefused] = useState(0);
  const [uploading, setUploading] = useState(false);
  const version = useRef<number | null>(null);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  // what the server holds (no file yet: no papers), so that only a change is saved
  const attachmentsSent = useRef('[]');

  /** the view's parts into the form (on load, and for the parts a save has just changed) */
  const adopt = (v: FileView, parts: ReadonlyArray<'household' | 'money' | 'causes' | 'bank' | 'attachments'>) => {
    setView(v);
    version.current = v.version;
    if (parts.includes('household')) setHousehold(v.household.map(memberFromView));
    if (parts.includes('money')) setMoney({ yearlyIncome: text(v.yearlyIncome), rigidCosts: text(v.rigidCosts) });
    if (parts.includes('causes') && v.causes) setCauses({ primary: v.causes.primary, secondary: v.causes.secondary ?? NO_SECONDARY, story: v.causes.story });
    if (parts.includes('bank')) {
      setBankOpen(!v.bank);
      setBank({ bankName: v.bank?.bankName ?? '', account: '' });
    }
    if (parts.includes('attachments')) {
      const list = v.attachments.map((a) => ({ kind: a.kind, fileId: a.file.id, name: a.file.name, size: a.file.size }));
      attachmentsSent.current = JSON.stringify(list.map((a) => [a.kind, a.fileId]));
      setAttachments(list);
    }
  };

  const load = () =>
    call('aid', 'myFile', {})
      .then((r) => {
        if (r.file) adopt(r.file, ['household', 'money', 'causes', 'bank', 'attachments']);
        setFailure(null);
        setLoaded(true);
      })
      .catch((e) => setFailure(e));
  const first = useRef(true);
  useDidShow(() => {
    if (first.current || !view) void load(); // once; coming back keeps what is being typed
    first.current = false;
  });

  /**
   * Saves `part` (the other parts stay as they are on the server), one save at a time with the
   * latest version; the server's messages go next to their fields. Resolves whether it was saved.
   */
  const save = (part: Omit<FileForm, 'version'>, keys: string[], after?: (v: FileView) => void) => {
    const run = async () => {
      setSaving(true);
      setSaveError('');
      try {
        const v = await call('aid', 'saveFile', { ...part, version: version.current });
        version.current = v.version;
        setView(v);
        setSavedAt(Date.now());
        setErrors((prev) => keys.reduce(without, prev));
        after?.(v);
        return true;
      } catch (e) {
        const fields = issuesOf(e);
        setErrors((prev) => ({ ...keys.reduce(without, prev), ...fields }));
        setSaveError(messageOf(e)); // the server's own words: a refused consent or a field's message
        setRefused((n) => n + 1);
        // someone (another phone) saved in between: take the new version, keep what is typed here
        if (e instanceof ApiError && e.code === 'CONFLICT' && !Object.keys(fields).length)
          void call('aid', 'myFile', {})
            .then((r) => (version.current = r.file?.version ?? version.current))
            .catch(() => undefined);
        return false;
      } finally {
        setSaving(false);
      }
    };
    const p = queue.current.then(run, run);
    queue.current = p;
    return p;
  };

  const moneyPart = () => ({ yearlyIncome: num(money.yearlyIncome), rigidCosts: num(money.rigidCosts) });
  const saveMoney = () => {
    if (!money.yearlyIncome.trim() && !money.rigidCosts.trim()) return;
    if (view && text(view.yearlyIncome) === money.yearlyIncome.trim() && text(view.rigidCosts) === money.rigidCosts.trim()) return;
    void save(moneyPart(), ['yearlyIncome', 'rigidCosts']);
  };
  const causesPart = (c = causes) =>
    c.primary ? { causes: { primary: c.primary, secondary: c.secondary === NO_SECONDARY ? null : c.secondary, story: c.story } } : {};
  const setCause = (next: typeof causes) => {
    setCauses(next);
    setErrors((prev) => without(prev, 'causes'));
    if (next.primary) void save(causesPart(next), ['causes']);
  };
  const bankPart = () => (bankOpen && (bank.bankName.trim() || bank.account.trim()) ? { bank: { bankName: bank.bankName, account: bank.account } } : {});
  const saveBank = () => void save(bankPart(), ['bank'], (v) => adopt(v, ['bank']));

  // an upload or a removal saves the list of papers
  useEffect(() => {
    const sig = JSON.stringify(attachments.map((a) => [a.kind, a.fileId]));
    if (!loaded || sig === attachmentsSent.current) return;
    attachmentsSent.current = sig;
    void save({ attachments: attachments.map((a) => ({ kind: a.kind, fileId: a.fileId })) }, ['attachments']);
  }, [attachments, loaded]);

  const saveMember = async (m: MemberDraft) => {
    if (!editing) return;
    const index = editing.index ?? household.length;
    const next = [...household];
    next[index] = m;
    const ok = await save({ household: next.map(memberToForm) }, ['household'], (v) => adopt(v, ['household']));
    if (ok) setEditing(null);
  };
  const removeMember = (i: number) => {
    const next = household.filter((_, j) => j !== i);
    void save({ household: next.map(memberToForm) }, ['household'], (v) => adopt(v, ['household']));
  };
  const consent = (key: 'consentHousehold' | 'consentSensitive', on: boolean) => void save({ [key]: on }, [key]);

  const saveAll = async () => {
    const ok = await save({ ...moneyPart(), ...causesPart(), ...bankPart(), attachments: attachments.map((a) => ({ kind: a.kind, fileId: a.fileId })) }, [
      'yearlyIncome',
      'rigidCosts',
      'causes',
      'bank',
      'attachments',
    ]);
    if (ok) void Taro.showToast({ title: '草稿已保存', icon: 'none' });
  };

  if (!loaded)
    return (
      <View className='page aid'>
        <PageTitle>我的困难职工档案</PageTitle>
        <PageState loading={!failure} error={failure} onRetry={() => (setFailure(null), void load())} rows={4}>
          {null}
        </PageState>
      </View>
    );

  if (!view)
    return (
      <View className='page aid'>
        <PageTitle>我的困难职工档案</PageTitle>
        <View className='card' id='file-start'>
          <Heading level={2}>建立困难职工档案</Heading>
          <Text className='aid-block'>帮扶实行“先建档、后帮扶”，一个家庭只建一份档案。档案包括：</Text>
          <Text className='aid-block muted'>1. 个人信息授权（先看清谁会看到您的档案）</Text>
          <Text className='aid-block muted'>2. 共同生活的家庭成员及收入、健康状况</Text>
          <Text className='aid-block muted'>3. 家庭年收入、刚性支出和致困原因</Text>
          <Text className='aid-block muted'>4. 收款银行账户和证明材料</Text>
          <Text className='aid-block'>可以分几次填完：每填完一项会自动保存为草稿，只有您和经办工会能看到。</Text>
          {saveError ? <View className='notice notice-error'>{saveError}</View> : null}
          <Button type='primary' block loading={saving} onClick={() => void save({}, [])}>
            开始建档
          </Button>
        </View>
      </View>
    );

  const missing = view.missing;
  /** a part refused for want of a consent: said where it was refused, not only at the consents */
  const consentProblem = errors.consentHousehold ?? errors.consentSensitive;
  const hasSelf = household.some((m) => m.relation === 'self');
  const editorErrors = (i: number) =>
    Object.fromEntries(
      Object.entries(errors)
        .filter(([k]) => k.startsWith(`household.${i}.`))
        .map(([k, v]) => [k.split('.')[2], v]),
    );
  const householdError = errors.household;

  return (
    <View className='page aid'>
      <PageTitle>我的困难职工档案</PageTitle>
      <View className='card'>
        <View className='row'>
          <Text className='card-title aid-inline-title'>一户一档</Text>
          <Tag type={view.status === 'active' ? 'success' : 'warning'}>{view.statusLabel}</Tag>
        </View>
        <Text className='muted aid-hint'>
          {view.orgName}
          {view.tierLabel ? ` · ${view.tierLabel}` : ''}
          {view.reverifyDueAt ? ` · ${formatDate(view.reverifyDueAt)}前年度复核` : ''}
          。每填完一项会自动保存。
        </Text>
        <View className='aid-save-line' {...liveProps()} id='save-state'>
          {saving ? (
            <Text className='muted'>正在保存…</Text>
          ) : saveError ? (
            <Text className='aid-missing'>未保存：{saveError}</Text>
          ) : savedAt ? (
            <Text className='aid-ok'>已保存 {formatTime(savedAt).slice(11)}</Text>
          ) : null}
        </View>
        <View id='file-missing'>
          {missing.length ? (
            <View className='notice notice-info'>
              <Text className='aid-block'>申请帮扶前还需要完成：</Text>
              {missing.map((m, i) => (
                <Text key={i} className='aid-block'>
                  · {m.message}
                </Text>
              ))}
            </View>
          ) : (
            <View className='notice notice-ok'>档案信息已齐全，可以申请帮扶。</View>
          )}
        </View>
        {!missing.length && (
          <Button type='primary' block onClick={() => void Taro.navigateTo({ url: '/pages/aid/apply' })}>
            申请帮扶
          </Button>
        )}
      </View>

      <View className='card' id='section-consent'>
        <Heading level={2}>个人信息授权</Heading>
        <Text className='muted aid-hint'>依照《个人信息保护法》，家庭成员的信息和敏感个人信息需要您分别同意后才能保存。请先看清谁会看到您的档案。</Text>
        <View className='aid-whosees' id='whoSees'>
          <Text className='aid-block aid-whosees-title'>谁会看到您的档案：</Text>
          {view.whoSees.map((w, i) => (
            <Text key={i} className='aid-block muted'>
              · {w}
            </Text>
          ))}
        </View>
        <CheckRow
          id='consentHousehold'
          checked={view.consent.household}
          invalid={hasKey(errors, 'consentHousehold')}
          onChange={(on) => consent('consentHousehold', on)}
        >
          同意工会收集、使用我填写的家庭成员信息（姓名、身份证号、出生年份、收入、健康状况、学校或单位），仅用于困难认定和帮扶。
        </CheckRow>
        {errors.consentHousehold ? <Text className='field-error'>{errors.consentHousehold}</Text> : null}
        <CheckRow
          id='consentSensitive'
          checked={view.consent.sensitive}
          invalid={hasKey(errors, 'consentSensitive')}
          onChange={(on) => consent('consentSensitive', on)}
        >
          单独同意工会处理敏感个人信息（本人及家人的健康状况、银行账户、收入和医疗材料、未满14周岁子女的信息），仅用于困难认定和发放帮扶款。
        </CheckRow>
        {errors.consentSensitive ? <Text className='field-error'>{errors.consentSensitive}</Text> : null}
      </View>

      <View className='card' id='section-household'>
        <Heading level={2}>家庭成员</Heading>
        <Text className='muted aid-hint'>填写与您共同生活的家庭成员。一个家庭只建一份档案，同一人不能出现在两份档案中。</Text>
        {householdError && <Text className='field-error'>{householdError}</Text>}
        <HouseholdTable rows={household} errors={errors} onEdit={(i) => setEditing({ index: i, draft: household[i] })} onRemove={removeMember} />
        {editing ? (
          <MemberEditor
            key={editing.index ?? 'new'}
            initial={editing.draft}
            isNew={editing.index === null}
            hasSelf={hasSelf}
            errors={editorErrors(editing.index ?? household.length)}
            round={refused}
            busy={saving}
            problem={consentProblem}
            onSave={saveMember}
            onCancel={() => (setEditing(null), setErrors((prev) => without(prev, 'household')))}
          />
        ) : (
          <Button
            fill='outline'
            block
            onClick={() => setEditing({ index: null, draft: hasSelf ? emptyMember(null) : { ...emptyMember('self'), name: view.name } })}
          >
            {hasSelf ? '添加家庭成员' : '填写本人信息'}
          </Button>
        )}
      </View>

      <View className='card' id='section-money'>
        <Heading level={2}>家庭收入与支出</Heading>
        <InputField
          id='yearlyIncome'
          label='家庭年度可支配收入（元）'
          type='number'
          value={money.yearlyIncome}
          onChange={(v) => (setMoney({ ...money, yearlyIncome: v }), setErrors(without(errors, 'yearlyIncome')))}
          onBlur={saveMoney}
          error={errors.yearlyIncome}
          placeholder='全家一年的工资、养老金等收入合计'
        />
        <InputField
          id='rigidCosts'
          label='年度刚性支出（元）'
          type='number'
          value={money.rigidCosts}
          onChange={(v) => (setMoney({ ...money, rigidCosts: v }), setErrors(without(errors, 'rigidCosts')))}
          onBlur={saveMoney}
          error={errors.rigidCosts}
          placeholder='没有填 0'
          hint='刚性支出：因病、因残自付的医疗康复费用，子女上学的学杂费，上班必需的就业成本（全年合计，不含日常吃穿）。'
        />
        {view.perHeadMonthly !== null && (
          <Text className='muted aid-hint' id='perHead'>
            按已保存的数字，扣除刚性支出后家庭人均月收入约 {yuan(view.perHeadMonthly)}。
          </Text>
        )}
      </View>

      <View className='card' id='section-causes'>
        <Heading level={2}>致困原因</Heading>
        <Field id='causes-primary' label='主要原因' error={errors['causes.primary'] ?? errors.causes}>
          <View className='aid-wrap'>
            <Choice
              id='causes-primary'
              label='主要致困原因'
              options={CAUSES.map((c) => [c, CAUSE_LABEL[c]] as const)}
              value={causes.primary}
              onChange={(c) => setCause({ ...causes, primary: c, secondary: causes.secondary === c ? NO_SECONDARY : causes.secondary })}
              invalid={Boolean(errors['causes.primary'])}
            />
          </View>
        </Field>
        <Field id='causes-secondary' label='次要原因（选填）' error={errors['causes.secondary']}>
          <View className='aid-wrap'>
            <Choice
              id='causes-secondary'
              label='次要致困原因'
              options={[[NO_SECONDARY, '无'] as const, ...CAUSES.filter((c) => c !== causes.primary).map((c) => [c, CAUSE_LABEL[c]] as const)]}
              value={causes.secondary}
              onChange={(c) => setCause({ ...causes, secondary: c })}
            />
          </View>
        </Field>
        <AreaField
          id='causes-story'
          label='困难情况说明'
          value={causes.story}
          onChange={(v) => (setCauses({ ...causes, story: v }), setErrors(without(errors, 'causes.story')))}
          onBlur={() => causes.primary && view.causes?.story !== causes.story && void save(causesPart(), ['causes'])}
          error={errors['causes.story']}
          placeholder='简要说明家庭遇到的困难，如患病时间、治疗情况、收入变化（500字以内）'
        />
        {!causes.primary && causes.story.trim() ? <Text className='muted aid-hint'>请先选择主要原因，说明才会保存。</Text> : null}
      </View>

      <View className='card' id='section-bank'>
        <Heading level={2}>收款银行账户</Heading>
        <Text className='muted aid-hint'>帮扶款发放到本人名下的银行卡。卡号加密保存，页面上只显示尾号。</Text>
        {view.bank && !bankOpen ? (
          <View className='row aid-bank-saved' id='bank-saved'>
            <Text>
              {view.bank.bankName} {view.bank.accountMasked}
            </Text>
            <Button size='small' fill='outline' onClick={() => setBankOpen(true)}>
              修改
            </Button>
          </View>
        ) : (
          <View>
            <InputField
              id='bankName'
              label='开户银行'
              value={bank.bankName}
              onChange={(v) => (setBank({ ...bank, bankName: v }), setErrors(without(errors, 'bank.bankName')))}
              error={errors['bank.bankName'] ?? errors.bank}
              placeholder='如 中国工商银行星海支行'
              maxlength={40}
            />
            <InputField
              id='bankAccount'
              label='银行卡号'
              type='number'
              value={bank.account}
              onChange={(v) => (setBank({ ...bank, account: v }), setErrors(without(errors, 'bank.account')))}
              error={errors['bank.account']}
              placeholder='12到19位数字'
              maxlength={23}
            />
            <View className='btn-row'>
              {view.bank && (
                <Button fill='outline' onClick={() => (setBankOpen(false), setErrors(without(errors, 'bank')))}>
                  不修改
                </Button>
              )}
              <Button type='primary' disabled={saving} onClick={saveBank}>
                保存银行账户
              </Button>
            </View>
            {errors.consentSensitive && !hasKey(errors, 'bank') ? <Text className='field-error'>{errors.consentSensitive}</Text> : null}
          </View>
        )}
      </View>

      <View className='card' id='section-attachments'>
        <Heading level={2}>证明材料</Heading>
        <AttachmentChecklist
          id='file-attach'
          required={FILE_ATTACHMENTS}
          optional={['other'] as AttachmentKind[]}
          items={attachments}
          onChange={(u) => (setAttachments(u), setErrors((prev) => without(prev, 'attachments')))}
          error={errors.attachments}
          onError={(message) => setErrors((prev) => (message ? { ...prev, attachments: message } : without(prev, 'attachments')))}
          onBusy={setUploading}
        />
        <Text className='muted aid-hint'>申请医疗救助、助学等时，还需在申请页上传对应材料（诊断证明、录取通知书等）。</Text>
      </View>

      <Button type='primary' block loading={saving} disabled={uploading} onClick={saveAll}>
        保存草稿
      </Button>
    </View>
  );
}
