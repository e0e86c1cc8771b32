/**
 * 金秋助学申报 (the worker's side): a member applies for their child in a campaign whose 申报 window is
 * open — the least the campaign needs of a minor (name, ID number, category, school, batch, grade,
 * the admission letter, a special group), the household's size and yearly income for the campaign's
 * own test, and the account the money goes to — submitted once (asked once); after the close date the
 * server refuses (DEADLINE_PASSED) and its words are shown. Below, the member's applications.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import {
  ADMISSION_BATCHES,
  BATCH_LABEL,
  CATEGORY_LABEL,
  SPECIAL_GROUPS,
  SPECIAL_GROUP_LABEL,
  STUDENT_CATEGORIES,
  type AdmissionBatch,
  type SpecialGroup,
  type StudentCategory,
} from '../../../core/scholarship/machine';
import { ApiError, call, messageOf, type Output } from '../../api';
import { Button, Tag } from '../../components/nut';
import { Field } from '../../components/Field';
import { FilePicker } from '../../components/FilePicker';
import { PageState } from '../../components/PageState';
import { Choice, Heading, LinkArrow, PageTitle, Tappable } from '../../components/Tappable';
import { useConfirm } from '../../components/confirm';
import { useLoadOn } from '../../components/useLoadOn';
import { formatTime } from '../../components/format';
import { liveProps } from '../../components/a11y';
import { InputField, issuesOf, num, without, yuan } from './ui';
import './aid.scss';
import './scholarship.scss';

type Campaign = Output<'scholarship', 'campaigns'>['items'][number];
type Mine = Output<'scholarship', 'myApplications'>['items'][number];

const EMPTY = { name: '', idNumber: '', school: '', grade: '', size: '', yearlyIncome: '', bankName: '', account: '' };

export default function ScholarshipApply() {
  const [campaigns, setCampaigns] = useState<Campaign[] | null>(null);
  const [mine, setMine] = useState<Mine[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [f, setF] = useState(EMPTY);
  const [category, setCategory] = useState<StudentCategory | null>(null);
  const [batch, setBatch] = useState<AdmissionBatch | null>(null);
  const [group, setGroup] = useState<SpecialGroup | 'none'>('none');
  const [letter, setLetter] = useState<{ id: string; name: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState(false);
  /** the form is open: by default, unless the member already applied in the open campaign */
  const [adding, setAdding] = useState(true);
  const { confirm, confirmUi } = useConfirm();

  const load = async () => {
    try {
      const [c, m] = await Promise.all([call('scholarship', 'campaigns', {}), call('scholarship', 'myApplications', {})]);
      setCampaigns(c.items);
      setMine(m.items);
      const openNow = c.items.find((x) => x.apply.open);
      setAdding(!openNow || !m.items.some((a) => a.campaignId === openNow.id));
      setFailure(null);
    } catch (e) {
      setFailure(e);
    }
  };
  useLoadOn(load, []);

  const open = campaigns?.find((c) => c.apply.open) ?? null;
  const set = (key: keyof typeof EMPTY, path: string) => (v: string) => {
    setF({ ...f, [key]: v });
    setErrors(without(errors, path));
  };

  const submit = async () => {
    if (!open || busy || uploading) return;
    const ok = await confirm({
      title: '提交助学申请？',
      message: `提交后由所在工会和${open.orgName}审核，审核通过的名单将公示（只显示学生的部分姓名、学校和年级）。同一学生在本次活动中只能申报一次。`,
      confirmText: '提交申请',
    });
    if (!ok) return;
    setBusy(true);
    setNotice(null);
    try {
      const r = await call('scholarship', 'apply', {
        campaignId: open.id,
        student: {
          name: f.name,
          idNumber: f.idNumber,
          category: category as StudentCategory,
          school: f.school,
          batch: batch as AdmissionBatch,
          grade: f.grade,
          admissionLetterFileId: letter?.id ?? '',
          specialGroup: group === 'none' ? null : group,
        },
        household: { size: num(f.size) as number, yearlyIncome: num(f.yearlyIncome) as number },
        bank: { bankName: f.bankName, account: f.account },
      });
      setNotice({ kind: 'ok', text: `已提交${r.student.name}的助学申请，资助标准 ${yuan(r.amount)}。审核进展会通知您。` });
      setF(EMPTY);
      setCategory(null);
      setBatch(null);
      setGroup('none');
      setLetter(null);
      setErrors({});
      await load();
    } catch (e) {
      const byPath = issuesOf(e);
      // no letter uploaded yet: say what to do, not that an id is missing
      if (!letter && byPath['student.admissionLetterFileId']) byPath['student.admissionLetterFileId'] = '请上传录取通知书（须与学生姓名、录取批次一致）';
      setErrors(byPath);
      setNotice({ kind: 'error', text: Object.keys(byPath).length ? `请按提示修改标红的项目（${Object.keys(byPath).length}处）` : messageOf(e) });
      if (e instanceof ApiError && e.code === 'DEADLINE_PASSED') await load();
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='page aid-scholarship'>
      <PageTitle>金秋助学</PageTitle>
      {confirmUi}
      {notice && (
        <View className={`notice ${notice.kind === 'ok' ? 'notice-ok' : 'notice-error'}`} id='notice' {...liveProps()}>
          {notice.text}
        </View>
      )}
      <PageState
        loading={campaigns === null && !failure}
        error={campaigns === null ? failure : ''}
        onRetry={load}
        isEmpty={campaigns !== null && campaigns.length === 0 && mine.length === 0}
        empty={{ title: '暂无金秋助学活动', description: '上级工会启动金秋助学并开放申报后，可以在这里为子女申请助学金。' }}
      >
        {!open && campaigns && campaigns.length > 0 && (
          <View className='card' id='not-open'>
            <Heading level={2} className='card-title'>
              {campaigns[0].title}
            </Heading>
            <Text className='muted'>{campaigns[0].apply.text}。申报期内可以在这里为子女申请。</Text>
          </View>
        )}
        {mine.length > 0 && (
          <View className='card' id='mine'>
            <Heading level={2} className='card-title'>
              我的助学申请
            </Heading>
            {mine.map((a) => (
              <View key={a.id} className='aid-entry'>
                <View className='row'>
                  <Text>
                    {a.student.name} · {a.student.school} {a.student.grade}
                  </Text>
                  <Tag type='primary' plain>
                    {a.statusLabel}
                  </Tag>
                </View>
                <Text className='muted sch-line'>
                  {a.campaignTitle} · {a.student.categoryLabel}
                  {a.student.specialGroupLabel ? ` · ${a.student.specialGroupLabel}` : ''} · 资助标准 {yuan(a.amount)}
                </Text>
                <Text className='muted sch-line'>
                  收款 {a.bankMasked} · <Text className='nowrap'>{formatTime(a.submittedAt)}</Text> 提交
                </Text>
                {a.reviewId && (
                  <Tappable inline role='link' className='sch-line' onTap={() => Taro.navigateTo({ url: `/pages/aid/application?id=${a.reviewId}` })}>
                    查看审核进度
                    <LinkArrow />
                  </Tappable>
                )}
              </View>
            ))}
          </View>
        )}
        {open && !adding && (
          <View className='btn-row'>
            <Button type='default' id='add-child' onClick={() => setAdding(true)}>
              为另一名子女申报
            </Button>
          </View>
        )}
        {open && adding && (
          <>
            <View className='card' id='campaign'>
              <Heading level={2} className='card-title'>
                {open.title}
              </Heading>
              <Text className='muted'>
                {open.orgName} · {open.apply.text}
              </Text>
              {open.plan && (
                <>
                  <View className='kv'>
                    <Text className='kv-k'>资助标准</Text>
                    <Text className='kv-v'>{open.plan.amounts.map((a) => `${a.label} ${yuan(a.amount)}`).join('，')}</Text>
                  </View>
                  <Text className='muted'>{open.plan.eligibility.text}</Text>
                </>
              )}
            </View>
            <View className='card' id='student'>
              <Heading level={2} className='card-title'>
                学生信息
              </Heading>
              <InputField id='student-name' label='学生姓名' value={f.name} error={errors['student.name']} onChange={set('name', 'student.name')} />
              <InputField
                id='student-idNumber'
                label='学生身份证号'
                type='idcard'
                maxlength={18}
                value={f.idNumber}
                error={errors['student.idNumber']}
                hint='加密保存，只用于核对同一学生不重复申报'
                onChange={set('idNumber', 'student.idNumber')}
              />
              <Field id='student-category' label='学生类别' error={errors['student.category']}>
                <Choice
                  id='category'
                  label='学生类别'
                  options={STUDENT_CATEGORIES.map((k) => [k, CATEGORY_LABEL[k]] as const)}
                  value={category}
                  invalid={!!errors['student.category']}
                  onChange={(k) => {
                    setCategory(k);
                    setErrors(without(errors, 'student.category'));
                  }}
                />
              </Field>
              <InputField id='student-school' label='录取学校' value={f.school} error={errors['student.school']} onChange={set('school', 'student.school')} />
              <Field id='student-batch' label='录取批次' error={errors['student.batch']}>
                <Choice
                  id='batch'
                  label='录取批次'
                  options={ADMISSION_BATCHES.map((k) => [k, BATCH_LABEL[k]] as const)}
                  value={batch}
                  invalid={!!errors['student.batch']}
                  onChange={(k) => {
                    setBatch(k);
                    setErrors(without(errors, 'student.batch'));
                  }}
                />
              </Field>
              <InputField
                id='student-grade'
                label='年级'
                placeholder='如：大一'
                value={f.grade}
                error={errors['student.grade']}
                onChange={set('grade', 'student.grade')}
              />
              <Field id='student-group' label='特殊群体（如有）'>
                <Choice
                  id='group'
                  label='特殊群体'
                  options={[['none', '无'] as const, ...SPECIAL_GROUPS.map((g) => [g, SPECIAL_GROUP_LABEL[g]] as const)]}
                  value={group}
                  onChange={setGroup}
                />
              </Field>
              <Field id='student-letter' label='录取通知书' error={errors['student.admissionLetterFileId']}>
                {letter && <Text className='muted'>已上传：{letter.name}</Text>}
                <FilePicker
                  id='letter-pick'
                  kind='files'
                  label={letter ? '重新上传录取通知书' : '上传录取通知书'}
                  weappLabel='从聊天记录选择录取通知书'
                  onUploaded={(u) => {
                    setLetter({ id: u.id, name: u.name });
                    setErrors(without(errors, 'student.admissionLetterFileId'));
                  }}
                  onError={(m) => m && setErrors({ ...errors, 'student.admissionLetterFileId': m })}
                  onBusy={setUploading}
                />
              </Field>
            </View>
            <View className='card' id='household'>
              <Heading level={2} className='card-title'>
                家庭收入与收款账户
              </Heading>
              <InputField
                id='household-size'
                label='家庭人口（人）'
                type='number'
                value={f.size}
                error={errors['household.size']}
                onChange={set('size', 'household.size')}
              />
              <InputField
                id='household-income'
                label='家庭年收入（元）'
                type='number'
                value={f.yearlyIncome}
                error={errors['household.yearlyIncome'] ?? errors.household}
                onChange={set('yearlyIncome', 'household.yearlyIncome')}
              />
              <InputField id='bank-name' label='开户银行' value={f.bankName} error={errors['bank.bankName']} onChange={set('bankName', 'bank.bankName')} />
              <InputField
                id='bank-account'
                label='银行卡号'
                type='number'
                value={f.account}
                error={errors['bank.account']}
                hint='加密保存，页面上只显示尾号'
                onChange={set('account', 'bank.account')}
              />
            </View>
            <View className='btn-row'>
              <Button type='primary' id='submit-scholarship' loading={busy} disabled={busy || uploading} onClick={submit}>
                提交申请
              </Button>
            </View>
          </>
        )}
      </PageState>
    </View>
  );
}
