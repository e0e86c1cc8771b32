import { useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { CaseCategory } from '../../../core/case/machine';
import { ApiError, call, messageOf, newIdempotencyKey, type Output } from '../../api';
import { askConsent, usePreloadConsent } from '../../api/subscribe';
import { Button, Switch } from '../../components/nut';
import { Field } from '../../components/Field';
import { EnterprisePicker, type Enterprise } from '../../components/EnterprisePicker';
import { PageState, useRemote } from '../../components/PageState';
import { formatDate } from '../../components/format';
import { Choice, Heading, PageTitle, Tappable } from '../../components/Tappable';
import { useConfirm } from '../../components/confirm';
import { controlProps, groupProps, liveProps } from '../../components/a11y';
import { DateField } from './pick';
import { AreaField, Attachments, InputField, issuesOf, num, without, type FileItem } from './ui';
import './case.scss';

type Catalogue = Output<'case', 'catalogue'>;
type Category = Catalogue['categories'][number];

const KEY_DATE_KINDS = [
  ['filing', '立案日期'],
  ['hearing', '开庭日期'],
  ['limitation', '时效届满日'],
] as const;
type KeyDateKind = (typeof KEY_DATE_KINDS)[number][0];

/** The fields on this form, by the server's issue path: a message on any other path is listed above the button. */
const SHOWN = [
  'category',
  'itemKey',
  'title',
  'description',
  'enterpriseId',
  'contactMobile',
  'name',
  'fileIds',
  'collective',
  'collective.workers',
  'collective.amountOwed',
  'collective.myAmount',
  'legalAid',
  'legalAid.opponent',
  'legalAid.claimAmount',
  'legalAid.keyDate',
  'anonymous',
];

/** A switch row: the label says what it is, the state is said in words too. */
function SwitchRow({ id, label, note, checked, onChange }: { id: string; label: string; note: string; checked: boolean; onChange: (on: boolean) => void }) {
  return (
    <View className='case-switch-row' id={`${id}-row`}>
      <View className='case-switch-text'>
        <Text className='case-switch-label'>{label}</Text>
        <Text className='muted case-hint'>{note}</Text>
      </View>
      <Text className='case-switch-state'>{checked ? '是' : '否'}</Text>
      <Switch ariaLabel={label} checked={checked} onChange={(v) => onChange(Boolean(v))} />
    </View>
  );
}

/**
 * 我要反映: the category (the five 12351 categories, each with what belongs there and how soon it is
 * answered, from the server's catalogue for the employer's federation), the item, the title and what
 * happened, the employer, attachments, a collective case (workers, amounts) or, for 法律援助, the
 * other party, the claim and a key date; anonymous only where the catalogue allows it. Sent once per
 * fill (the idempotency key survives retries), asked once, then the case's page.
 */
export default function NewCase() {
  const { params } = useRouter();
  const [enterprise, setEnterprise] = useState<Enterprise | null>(null);
  const catalogue = useRemote(() => call('case', 'catalogue', { enterpriseId: enterprise?.id ?? null }), [enterprise?.id]);
  const [category, setCategory] = useState<CaseCategory | null>((params.category as CaseCategory) || null);
  const [itemKey, setItemKey] = useState<string | null>(null);
  const [f, setF] = useState({
    title: '',
    description: '',
    name: '',
    contactMobile: '',
    workers: '',
    amountOwed: '',
    myAmount: '',
    opponent: '',
    claimAmount: '',
  });
  const [collective, setCollective] = useState(false);
  const [anonymous, setAnonymous] = useState(false);
  const [keyDate, setKeyDate] = useState('');
  const [keyDateKind, setKeyDateKind] = useState<KeyDateKind | null>(null);
  const [files, setFiles] = useState<FileItem[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState(false);
  // one key per fill: a retry after a timeout or a double tap files one case
  const key = useRef(newIdempotencyKey());
  const [today] = useState(() => formatDate(Date.now()));
  const { confirm, confirmUi } = useConfirm();
  usePreloadConsent();

  const clear = (path: string) => {
    setErrors((prev) => without(prev, path));
    setNotice('');
  };
  const set = (k: keyof typeof f, path: string) => (v: string) => {
    setF((prev) => ({ ...prev, [k]: v }));
    clear(path);
  };

  const cat: Category | null = catalogue.data?.categories.find((c) => c.key === category) ?? null;
  // the employer's federation may list other items: an item no longer offered is chosen again
  const item = cat?.items.find((i) => i.key === itemKey) ?? null;
  const isSuggestion = category === 'suggestion';
  const isLegalAid = category === 'legal_aid';
  const canCollective = Boolean(category) && !isSuggestion;
  const canAnonymous = Boolean(cat?.anonymousAllowed);
  // not a member: the desk needs a name to call them back by (a member's comes from the membership)
  const askName = Boolean(catalogue.data?.askName) && !(canAnonymous && anonymous);

  const form = () => ({
    idempotencyKey: key.current,
    category: category as CaseCategory,
    itemKey: item?.key ?? '',
    title: f.title,
    description: f.description,
    enterpriseId: enterprise?.id ?? null,
    contactMobile: f.contactMobile.trim() ? f.contactMobile.trim() : null,
    name: askName ? f.name.trim() || null : null,
    anonymous: canAnonymous && anonymous,
    fileIds: files.map((x) => x.id),
    collective:
      canCollective && collective ? { workers: num(f.workers) as number, amountOwed: num(f.amountOwed) as number, myAmount: num(f.myAmount) as number } : null,
    legalAid: isLegalAid
      ? { opponent: f.opponent, claimAmount: num(f.claimAmount) as number, keyDate: keyDate || null, keyDateKind: keyDate || keyDateKind ? keyDateKind : null }
      : null,
  });

  const onSubmit = async () => {
    if (busy || uploading) return;
    // WeChat: the consent sheet only opens from the tap itself, so it is asked before anything is awaited
    const complete = Boolean(category && item && f.title.trim() && f.description.trim());
    if (complete) void askConsent('case');
    const collectiveNow = canCollective && collective;
    // an obviously unfinished form goes straight to the server, whose messages say what is missing
    const ok =
      !complete ||
      (await confirm({
        title: '提交诉求？',
        message: collectiveNow
          ? '集体诉求按紧急件办理：提交后立即派给当日值班律师，工会同时跟进。提交后可以邀请工友加入，每一步进展都会通知您。'
          : `提交后工会将指定专人办理${cat?.promise ? `（${cat.promise}）` : ''}，每一步进展都会通知您，也可以在“我的诉求”里随时查看。`,
        confirmText: '确认提交',
        cancelText: '再检查一下',
      }));
    if (!ok) return;
    setBusy(true);
    setNotice('');
    try {
      const done = await call('case', 'submit', form());
      key.current = newIdempotencyKey();
      void Taro.redirectTo({ url: `/pages/case/detail?id=${done.id}&submitted=1` });
    } catch (e) {
      const fields = issuesOf(e);
      setErrors(fields);
      setNotice(e instanceof ApiError && e.code === 'VALIDATION' && Object.keys(fields).length ? '请按提示修改标红的项目' : messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const inThreeYears = `${Number(today.slice(0, 4)) + 3}${today.slice(4)}`;
  const others = Object.entries(errors).filter(([k]) => !SHOWN.includes(k));

  return (
    <View className='page case'>
      <PageTitle>我要反映</PageTitle>
      {confirmUi}
      <PageState remote={catalogue} rows={3}>
        {(c) => (
          <View>
            <View className='notice notice-info'>
              遇到劳动权益问题、生活困难，或对工会工作有意见建议，都可以在这里反映。工会指定专人办理，每一步进展都会通知您。
            </View>

            <View className='card' id='case-category'>
              <Heading level={2}>反映什么问题</Heading>
              <Field id='category' label='诉求类别' error={errors.category}>
                <View id='category' className='case-cats' {...groupProps('radiogroup', { label: '诉求类别' })}>
                  {c.categories.map((k) => {
                    const on = category === k.key;
                    const pick = () => {
                      setCategory(k.key);
                      setItemKey(null);
                      if (!k.anonymousAllowed) setAnonymous(false);
                      setErrors((prev) => without(without(without(without(prev, 'category'), 'itemKey'), 'legalAid'), 'anonymous'));
                      setNotice('');
                    };
                    return (
                      <View
                        key={k.key}
                        id={`category-${k.key}`}
                        className={`case-cat ${on ? 'on' : ''} ${errors.category ? 'invalid' : ''}`}
                        {...controlProps({ role: 'radio', checked: on, label: `${k.label}：${k.hint}`, onActivate: pick })}
                        onClick={pick}
                      >
                        <View className='row'>
                          <Text className='case-cat-label'>{k.label}</Text>
                          {on && <Text className='case-cat-on'>已选</Text>}
                        </View>
                        <Text className='muted case-cat-hint'>{k.hint}</Text>
                      </View>
                    );
                  })}
                </View>
              </Field>
              {cat && (
                <View>
                  <Text className='case-promise' id='case-promise'>
                    {cat.promise}
                  </Text>
                  <Field id='itemKey' label='具体事项' error={errors.itemKey}>
                    <View className='case-wrap'>
                      <Choice
                        id='itemKey'
                        label='具体事项'
                        options={cat.items.map((i) => [i.key, i.label] as const)}
                        value={item?.key ?? null}
                        onChange={(k) => (setItemKey(k), clear('itemKey'))}
                        invalid={Boolean(errors.itemKey)}
                      />
                    </View>
                  </Field>
                </View>
              )}
            </View>

            <View className='card' id='case-facts'>
              <Heading level={2}>具体情况</Heading>
              <InputField
                id='title'
                label='诉求标题'
                value={f.title}
                onChange={set('title', 'title')}
                error={errors.title}
                maxlength={30}
                placeholder={isSuggestion ? '一句话说明您的建议' : '一句话说明，如：公司拖欠10月、11月工资'}
              />
              <AreaField
                id='description'
                label='具体情况'
                value={f.description}
                onChange={set('description', 'description')}
                error={errors.description}
                maxlength={2000}
                tall
                placeholder={isSuggestion ? '您发现了什么问题，建议怎么改进' : '发生了什么、从什么时候开始、涉及多少钱、已经找过谁，写得越清楚办得越快'}
              />
              <Field id='enterprise' label={isSuggestion ? '所在单位（选填）' : '所在单位'} error={errors.enterpriseId}>
                <EnterprisePicker
                  id='enterprise'
                  label={isSuggestion ? '所在单位（选填）' : '所在单位'}
                  value={enterprise}
                  onChange={(e) => (setEnterprise(e), clear('enterpriseId'))}
                  describe={(e) => (e.hasUnion ? '本单位已建工会' : '本单位未建工会，由园区工会联合会受理')}
                />
              </Field>
              <Field id='files' label='证明材料（选填）' error={undefined}>
                <Attachments
                  id='files'
                  items={files}
                  onChange={(u) => (setFiles(u), clear('fileIds'))}
                  error={errors.fileIds}
                  onError={(m) => setErrors((prev) => (m ? { ...prev, fileIds: m } : without(prev, 'fileIds')))}
                  onBusy={setUploading}
                />
              </Field>
            </View>

            {canCollective && (
              <View className='card' id='case-collective'>
                <SwitchRow
                  id='collective'
                  label='多名工友遇到同样的问题（集体诉求）'
                  note='如集体被拖欠工资、集体被解除合同'
                  checked={collective}
                  onChange={(on) => (setCollective(on), clear('collective'))}
                />
                {errors.collective && <Text className='field-error'>{errors.collective}</Text>}
                {collective && (
                  <View>
                    <View className='notice notice-info case-gap-top' id='collective-note'>
                      涉及{c.collectiveMinWorkers}
                      人及以上的集体欠薪等诉求按紧急件办理：提交后立即派给当日值班律师。提交后您会得到一张邀请卡片，发给工友，他们加入时各自填写被拖欠的金额（其他人看不到）。
                    </View>
                    <InputField
                      id='workers'
                      label='涉及人数'
                      type='number'
                      value={f.workers}
                      onChange={set('workers', 'collective.workers')}
                      error={errors['collective.workers']}
                      placeholder='大约多少名工友'
                    />
                    <InputField
                      id='amountOwed'
                      label='涉及总金额（元）'
                      type='number'
                      value={f.amountOwed}
                      onChange={set('amountOwed', 'collective.amountOwed')}
                      error={errors['collective.amountOwed']}
                      placeholder='估算即可，整数元'
                    />
                    <InputField
                      id='myAmount'
                      label='本人被拖欠金额（元）'
                      type='number'
                      value={f.myAmount}
                      onChange={set('myAmount', 'collective.myAmount')}
                      error={errors['collective.myAmount']}
                      placeholder='整数元'
                    />
                  </View>
                )}
              </View>
            )}

            {isLegalAid && (
              <View className='card' id='case-legal-aid'>
                <Heading level={2}>法律援助信息</Heading>
                <Text className='muted case-hint'>工会审查您是否符合法律援助条件后，委派律师代理；会员和困难职工优先。</Text>
                {errors.legalAid && <Text className='field-error'>{errors.legalAid}</Text>}
                <InputField
                  id='opponent'
                  label='对方单位或个人'
                  value={f.opponent}
                  onChange={set('opponent', 'legalAid.opponent')}
                  error={errors['legalAid.opponent']}
                  maxlength={60}
                  placeholder='如：某某餐饮管理有限公司'
                />
                <InputField
                  id='claimAmount'
                  label='请求金额（元）'
                  type='number'
                  value={f.claimAmount}
                  onChange={set('claimAmount', 'legalAid.claimAmount')}
                  error={errors['legalAid.claimAmount']}
                  placeholder='要求对方支付的金额，整数元；没有填0'
                />
                <Field id='keyDateKind' label='近期的关键日期（选填）' error={errors['legalAid.keyDate']}>
                  <Text className='muted case-hint'>如已立案、定了开庭日期或仲裁时效快到了，请填写，临近的会优先审查。</Text>
                  <View className='case-wrap'>
                    <Choice
                      id='keyDateKind'
                      label='日期类型'
                      options={KEY_DATE_KINDS}
                      value={keyDateKind}
                      onChange={(k) => (setKeyDateKind(k), clear('legalAid.keyDate'))}
                      invalid={Boolean(errors['legalAid.keyDate'])}
                    />
                  </View>
                  <View className='case-gap-top'>
                    <Text className='field-label' id='keyDate-label'>
                      日期
                    </Text>
                    <DateField
                      id='keyDate'
                      label='日期'
                      value={keyDate}
                      from={today}
                      to={inThreeYears}
                      invalid={Boolean(errors['legalAid.keyDate'])}
                      onChange={(d) => (setKeyDate(d), clear('legalAid.keyDate'))}
                    />
                    {(keyDate || keyDateKind) && (
                      <Tappable inline className='link' label='清除关键日期' onTap={() => (setKeyDate(''), setKeyDateKind(null), clear('legalAid.keyDate'))}>
                        清除
                      </Tappable>
                    )}
                  </View>
                </Field>
              </View>
            )}

            <View className='card' id='case-contact'>
              <Heading level={2}>联系方式</Heading>
              {askName && (
                <InputField
                  id='name'
                  label='您的姓名'
                  value={f.name}
                  onChange={set('name', 'name')}
                  error={errors.name}
                  placeholder='请填写真实姓名'
                  hint='只有办理您诉求的工作人员能看到。'
                />
              )}
              <InputField
                id='contactMobile'
                label='联系手机（选填）'
                type='number'
                maxlength={11}
                value={f.contactMobile}
                onChange={set('contactMobile', 'contactMobile')}
                error={errors.contactMobile}
                placeholder='便于经办人员电话联系您'
                hint='只有办理您诉求的工作人员能看到，显示时隐去中间四位。'
              />
              {canAnonymous && (
                <SwitchRow
                  id='anonymous'
                  label='匿名提交'
                  note='匿名后，办理人员看不到您的姓名；办理结果仍会在“我的诉求”里告诉您。'
                  checked={anonymous}
                  onChange={(on) => (setAnonymous(on), clear('anonymous'))}
                />
              )}
              {errors.anonymous && <Text className='field-error'>{errors.anonymous}</Text>}
            </View>

            <View {...liveProps()}>
              {notice && (
                <View className='notice notice-error' id='case-notice'>
                  <Text className='case-block'>{notice}</Text>
                  {others.map(([k, m]) => (
                    <Text key={k} className='case-block'>
                      · {m}
                    </Text>
                  ))}
                </View>
              )}
            </View>
            <Button type='primary' block loading={busy} disabled={uploading} onClick={onSubmit} id='case-submit'>
              提交诉求
            </Button>
            <Text className='muted case-hint case-center'>情况紧急、人身安全受到威胁时，请直接拨打110；也可拨打职工服务热线12351。</Text>
          </View>
        )}
      </PageState>
    </View>
  );
}
