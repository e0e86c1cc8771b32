import { useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ApiError, call, fieldErrors, messageOf, newIdempotencyKey, type Output } from '../../api';
import { Button } from '../../components/nut';
import { askConsent, usePreloadConsent } from '../../api/subscribe';
import { Field, TextField, inputA11y } from '../../components/Field';
import { SearchBox } from '../../components/SearchBox';
import { CheckRow, Choice, LinkArrow, PageTitle, Tappable } from '../../components/Tappable';
import { go } from '../../components/navigation';
import { groupProps } from '../../components/a11y';
import './index.scss';

type Enterprise = Output<'org', 'searchEnterprises'>['items'][number];

const PRIVACY =
  '我们仅为办理工会会员身份收集姓名、身份证号、手机号、工作单位和岗位。身份证号和手机号加密保存，在任何页面、导出和公示中均以脱敏形式显示（如 110***********1234、138****5678），仅受理您申请的工会工作人员可以审核。';

export default function Join() {
  const router = useRouter();
  const [form, setForm] = useState({ name: '', idNumber: '', mobile: '', job: '' });
  const [migrant, setMigrant] = useState<boolean | null>(null);
  const [consent, setConsent] = useState(false);
  const [enterprise, setEnterprise] = useState<Enterprise | null>(null);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Enterprise[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ text: string; link?: string; fix?: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef(newIdempotencyKey()); // one per form fill: retries and double taps reuse it
  usePreloadConsent();

  // Deep link from the official-account menu or a poster: /pages/join/index?enterpriseId=ent_001
  const linkedEnterpriseId = router.params.enterpriseId;
  useEffect(() => {
    if (linkedEnterpriseId)
      call('org', 'getEnterprise', { enterpriseId: linkedEnterpriseId })
        .then(setEnterprise)
        .catch(() => setNotice({ text: '链接中的工作单位不存在，请搜索选择' }));
  }, [linkedEnterpriseId]);

  useEffect(() => {
    if (enterprise) return;
    const t = setTimeout(() => {
      call('org', 'searchEnterprises', { q: query.trim(), limit: 8 })
        .then((r) => setResults(r.items))
        .catch(() => setResults([]));
    }, 250);
    return () => clearTimeout(t);
  }, [query, enterprise]);

  // a field's message goes as soon as the field is changed (the server checks it again on submit)
  const clearError = (k: string) => {
    setErrors((all) => (k in all ? Object.fromEntries(Object.entries(all).filter(([x]) => x !== k)) : all));
    setNotice((n) => (n?.fix ? null : n)); // "请按提示修改…" goes once the worker starts fixing
  };
  const set = (k: keyof typeof form) => (e: { detail: { value: string } }) => {
    setForm({ ...form, [k]: e.detail.value });
    clearError(k);
  };
  const pickEnterprise = (e: Enterprise | null) => {
    setEnterprise(e);
    if (e) clearError('enterpriseId');
  };

  const submit = async () => {
    if (busy) return;
    // WeChat: ask (from this tap) to be told the decision; only for a form that looks complete
    if (consent && enterprise && form.name && form.idNumber && form.mobile && form.job) askConsent('join');
    setBusy(true);
    setNotice(null);
    try {
      await call('member', 'submitApplication', {
        idempotencyKey: key.current,
        ...form,
        enterpriseId: enterprise?.id ?? '',
        migrantWorker: migrant as boolean,
        consent: consent as true,
      });
      setErrors({});
      Taro.showToast({ title: '提交成功', icon: 'success' });
      Taro.switchTab({ url: '/pages/me/index' });
    } catch (e) {
      setErrors(fieldErrors(e));
      if (e instanceof ApiError && e.code === 'ALREADY_MEMBER') setNotice({ text: e.message, link: '/pages/card/index' });
      else if (e instanceof ApiError && e.code === 'CONFLICT' && e.details.applicationId) setNotice({ text: e.message, link: '/pages/me/index' });
      else if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') setNotice({ text: '请先在首页选择身份登录', link: '/pages/index/index' });
      else if (!(e instanceof ApiError && e.code === 'VALIDATION')) setNotice({ text: messageOf(e) });
      else setNotice({ text: '请按提示修改标红的项目', fix: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='page join'>
      <PageTitle>我要入会</PageTitle>
      <View className='notice notice-info'>填写以下信息，工会审核通过后即成为会员，可使用电子会员卡。</View>
      {notice && (
        <View className='notice notice-error'>
          <Text>{notice.text}</Text>
          {notice.link && (
            <Tappable inline role='link' className='link' onTap={() => go(notice.link!)}>
              {' '}
              查看
              <LinkArrow />
            </Tappable>
          )}
        </View>
      )}
      <View className='card'>
        <TextField id='name' label='姓名' placeholder='与身份证一致' value={form.name} onInput={set('name')} error={errors.name} />
        <TextField
          id='idNumber'
          label='身份证号'
          type='idcard'
          maxlength={18}
          placeholder='18位身份证号'
          value={form.idNumber}
          onInput={set('idNumber')}
          error={errors.idNumber}
        />
        <TextField
          id='mobile'
          label='手机号'
          type='number'
          maxlength={11}
          placeholder='用于接收审核结果'
          value={form.mobile}
          onInput={set('mobile')}
          error={errors.mobile}
        />
        <Field id='enterprise' label='工作单位' error={errors.enterpriseId}>
          {enterprise ? (
            <View className='ent-picked'>
              <View className='row'>
                <Text className='ent-name'>{enterprise.name}</Text>
                <Tappable inline className='link' label='更换工作单位' onTap={() => pickEnterprise(null)}>
                  更换
                </Tappable>
              </View>
              <Text className='muted'>
                {enterprise.hasUnion
                  ? `本单位已建工会：由${enterprise.handlingOrgName}办理`
                  : `本单位未建工会：由${enterprise.handlingOrgName}受理（源头入会）`}
              </Text>
            </View>
          ) : (
            <View>
              <SearchBox
                id='enterprise'
                placeholder='输入单位名称搜索'
                value={query}
                onChange={setQuery}
                a11y={inputA11y('enterprise', '工作单位', errors.enterpriseId)}
                invalid={Boolean(errors.enterpriseId)}
              />
              {/* a slot of fixed height, there before the first answer: results arriving or changing while typing never push the form down */}
              <View className='ent-results ent-slot' {...groupProps('group', { label: '搜索到的工作单位', focusable: true })}>
                {results.map((r) => (
                  <Tappable key={r.id} className='ent-item' onTap={() => pickEnterprise(r)}>
                    <Text className='ent-name'>{r.name}</Text>
                    <Text className='muted'>
                      {r.industry} · {r.hasUnion ? '已建工会' : '未建工会，由联合会受理'}
                    </Text>
                  </Tappable>
                ))}
                {results.length === 0 && <Text className='muted ent-empty'>{query.trim() ? '没有找到匹配的单位' : '正在载入单位…'}</Text>}
              </View>
            </View>
          )}
        </Field>
        <TextField id='job' label='工作岗位' placeholder='如：操作工、软件工程师' value={form.job} onInput={set('job')} error={errors.job} />
        <Field id='migrantWorker' label='是否为农民工' error={errors.migrantWorker}>
          <Choice
            id='migrantWorker'
            label='是否为农民工'
            options={[
              [true, '是'],
              [false, '否'],
            ]}
            value={migrant}
            invalid={Boolean(errors.migrantWorker)}
            onChange={(v) => {
              setMigrant(v);
              clearError('migrantWorker');
            }}
          />
        </Field>
        <Field error={errors.consent}>
          <CheckRow
            id='consent'
            checked={consent}
            invalid={Boolean(errors.consent)}
            onChange={(on) => {
              setConsent(on);
              if (on) clearError('consent');
            }}
          >
            <Text>我已阅读并同意《个人信息保护说明》</Text>
          </CheckRow>
          <View className='privacy'>{PRIVACY}</View>
        </Field>
      </View>
      <Button type='primary' block loading={busy} disabled={busy} onClick={submit}>
        提交入会申请
      </Button>
    </View>
  );
}
