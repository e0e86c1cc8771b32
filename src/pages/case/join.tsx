import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { call, messageOf } from '../../api';
import { askConsent, usePreloadConsent } from '../../api/subscribe';
import { Button } from '../../components/nut';
import { PageState, useRemote } from '../../components/PageState';
import { Heading, PageTitle } from '../../components/Tappable';
import { liveProps } from '../../components/a11y';
import { InputField, Kv, issuesOf, num } from './ui';
import './case.scss';

/**
 * 加入集体诉求, opened from a co-worker's share card (?code=): what the case is about and how many
 * have joined (nothing personal: the server's preview), then 加入 with my own amount. Someone who
 * has joined already (or reported it) is taken to their case.
 */
export default function JoinCase() {
  const { params } = useRouter();
  const code = (params.code ?? '').trim();
  const preview = useRemote(() => call('case', 'sharePreview', { code }), [code]);
  const [amount, setAmount] = useState('');
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState('');
  usePreloadConsent();

  const joinedCase = preview.data?.joined ? preview.data.caseId : null;
  useEffect(() => {
    if (joinedCase) void Taro.redirectTo({ url: `/pages/case/detail?id=${joinedCase}` });
  }, [joinedCase]);

  const join = async () => {
    if (busy) return;
    if (amount.trim()) void askConsent('case'); // WeChat: from the tap itself, before anything is awaited
    setBusy(true);
    setNotice('');
    try {
      const c = await call('case', 'join', { code, amountOwed: num(amount) as number, name: preview.data?.askName ? name.trim() || null : null });
      void Taro.redirectTo({ url: `/pages/case/detail?id=${c.id}&joined=1` });
    } catch (e) {
      const fields = issuesOf(e);
      setError(fields.amountOwed ?? '');
      setNameError(fields.name ?? '');
      if (!fields.amountOwed && !fields.name) setNotice(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  if (!code)
    return (
      <View className='page case'>
        <PageTitle>加入集体诉求</PageTitle>
        <PageState
          loading={false}
          isEmpty
          empty={{
            title: '邀请链接不完整',
            description: '请让工友重新分享邀请卡片，或复制完整的邀请链接打开',
            action: { text: '去我的诉求', onTap: () => void Taro.redirectTo({ url: '/pages/case/index' }) },
          }}
        >
          {null}
        </PageState>
      </View>
    );

  return (
    <View className='page case'>
      <PageTitle>加入集体诉求</PageTitle>
      <PageState remote={preview} rows={2}>
        {(p) =>
          p.joined ? (
            <View className='notice notice-ok'>您已加入这件集体诉求，正在打开…</View>
          ) : (
            <View>
              <View className='card' id='join-preview'>
                <Text className='muted case-block'>工友邀请您一起反映</Text>
                <Text className='card-title'>{p.title}</Text>
                {p.enterpriseName && <Kv k='单位'>{p.enterpriseName}</Kv>}
                <Kv k='事项'>{p.itemLabel}</Kv>
                <Kv k='涉及人数'>约{p.workers}人</Kv>
                <Kv k='已加入' id='join-claimants'>
                  {p.claimants}人
                </Kv>
                <Kv k='办理情况'>{p.statusLabel}</Kv>
              </View>
              {p.open ? (
                <View className='card' id='join-form'>
                  <Heading level={2}>填写本人情况后加入</Heading>
                  <Text className='muted case-block'>加入后您是这件诉求的共同诉求人，办理进展会通知您。您的姓名和金额只有办理人员能看到，其他工友看不到。</Text>
                  {p.askName && (
                    <InputField
                      id='join-name'
                      label='您的姓名'
                      value={name}
                      onChange={(v) => (setName(v), setNameError(''), setNotice(''))}
                      error={nameError}
                      placeholder='请填写真实姓名'
                    />
                  )}
                  <InputField
                    id='join-amount'
                    label='本人被拖欠金额（元）'
                    type='number'
                    value={amount}
                    onChange={(v) => (setAmount(v), setError(''), setNotice(''))}
                    error={error}
                    placeholder='整数元，如 5200'
                  />
                  <View {...liveProps()}>
                    {notice && (
                      <View className='notice notice-error' id='join-notice'>
                        {notice}
                      </View>
                    )}
                  </View>
                  <Button type='primary' block loading={busy} onClick={join} id='join-send'>
                    加入集体诉求
                  </Button>
                </View>
              ) : (
                <View className='notice notice-info' id='join-closed'>
                  这件诉求已不再接受工友加入。如您也有同样的问题，可以单独反映。
                  <Button size='small' fill='outline' onClick={() => void Taro.redirectTo({ url: '/pages/case/new' })}>
                    我要反映
                  </Button>
                </View>
              )}
            </View>
          )
        }
      </PageState>
    </View>
  );
}
