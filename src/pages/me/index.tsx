import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { call, fieldErrors, messageOf, type Output } from '../../api';
import { Button, Tag } from '../../components/nut';
import { formatDate, formatTime } from '../../components/format';
import { StepTimeline } from '../../components/StepTimeline';
import { askConsent, usePreloadConsent } from '../../api/subscribe';
import { LargeTextSetting } from '../../components/LargeTextSetting';

type Status = Output<'member', 'myStatus'>;

const STATUS_TAG = { pending: 'warning', needs_info: 'danger', approved: 'success', rejected: 'default', withdrawn: 'default' } as const;

export default function Me() {
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fix, setFix] = useState({ mobile: '', job: '', note: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const load = () =>
    call('member', 'myStatus', {})
      .then((s) => {
        setStatus(s);
        setError(null);
        if (s.application) setFix((f) => ({ ...f, job: f.job || s.application!.job }));
      })
      .catch((e) => setError(messageOf(e)))
      .finally(() => Taro.stopPullDownRefresh());
  useDidShow(load);
  usePullDownRefresh(load);
  usePreloadConsent();

  const app = status?.application;
  /** the action the server offers, if it does */
  const offered = (key: 'resubmit' | 'withdraw' | 'apply_again') => app?.actions.find((a) => a.key === key);
  const resubmit = offered('resubmit');
  const withdraw = offered('withdraw');
  const applyAgain = offered('apply_again');
  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
      setErrors({});
      await load();
    } catch (e) {
      setErrors(fieldErrors(e));
      Taro.showToast({ title: messageOf(e), icon: 'none' });
    } finally {
      setBusy(false);
    }
  };

  if (error)
    return (
      <View className='page'>
        <View className='notice notice-error'>{error}</View>
      </View>
    );
  if (!status)
    return (
      <View className='page'>
        <Text className='muted'>加载中…</Text>
      </View>
    );

  return (
    <View className='page me'>
      {status.member && (
        <View className='card'>
          <Text className='card-title'>您已是工会会员</Text>
          <View className='kv'>
            <Text className='kv-k'>会员编号</Text>
            <Text className='kv-v' id='memberNo'>
              {status.member.memberNo}
            </Text>
          </View>
          <View className='kv'>
            <Text className='kv-k'>所属工会</Text>
            <Text className='kv-v'>{status.member.orgName}</Text>
          </View>
          <View className='kv'>
            <Text className='kv-k'>入会时间</Text>
            <Text className='kv-v'>{formatDate(status.member.joinedAt)}</Text>
          </View>
          <Button type='primary' block onClick={() => Taro.navigateTo({ url: '/pages/card/index' })}>
            查看电子会员卡
          </Button>
        </View>
      )}
      {!app && !status.member && (
        <View className='card'>
          <Text className='card-title'>您还没有提交入会申请</Text>
          <Button type='primary' block onClick={() => Taro.navigateTo({ url: '/pages/join/index' })}>
            我要入会
          </Button>
        </View>
      )}
      {app && (
        <View className='card'>
          <View className='row'>
            <Text className='card-title'>入会申请</Text>
            <View id='status'>
              <Tag type={STATUS_TAG[app.status]}>{app.statusLabel}</Tag>
            </View>
          </View>
          <View className='kv'>
            <Text className='kv-k'>申请人</Text>
            <Text className='kv-v'>
              {app.name}（{app.idNumberMasked}）
            </Text>
          </View>
          <View className='kv'>
            <Text className='kv-k'>工作单位</Text>
            <Text className='kv-v'>{app.enterpriseName}</Text>
          </View>
          <View className='kv'>
            <Text className='kv-k'>受理单位</Text>
            <Text className='kv-v'>
              {app.orgName}
              {app.viaFederation ? '（源头入会）' : ''}
            </Text>
          </View>
          <View className='kv'>
            <Text className='kv-k'>提交时间</Text>
            <Text className='kv-v'>{formatTime(app.submittedAt)}</Text>
          </View>
          {app.slaActive && (
            <View className='kv'>
              <Text className='kv-k'>预计办结</Text>
              <Text className='kv-v'>{formatTime(app.dueAt)} 前</Text>
            </View>
          )}
          {app.reason && <View className='notice notice-info'>工会意见：{app.reason}</View>}
          <View style={{ marginTop: '10px' }}>
            <StepTimeline history={app.history.map((h) => ({ at: h.at, eventLabel: h.eventLabel, byName: h.actorLabel, note: h.reason }))} newestFirst />
          </View>
          {resubmit && (
            <View className='card' style={{ background: '#fafafa' }}>
              <Text className='card-title'>补充信息后重新提交</Text>
              <View className='field'>
                <Text className='field-label'>手机号</Text>
                <Input
                  className='field-input'
                  type='number'
                  maxlength={11}
                  value={fix.mobile}
                  placeholder='请重新填写手机号'
                  onInput={(e) => setFix({ ...fix, mobile: e.detail.value })}
                />
                {errors.mobile && <Text className='field-error'>{errors.mobile}</Text>}
              </View>
              <View className='field'>
                <Text className='field-label'>工作岗位</Text>
                <Input className='field-input' value={fix.job} onInput={(e) => setFix({ ...fix, job: e.detail.value })} />
                {errors.job && <Text className='field-error'>{errors.job}</Text>}
              </View>
              <View className='field'>
                <Text className='field-label'>补充说明</Text>
                <Textarea
                  className='field-input'
                  style={{ height: '64px', padding: '8px 10px' }}
                  value={fix.note}
                  onInput={(e) => setFix({ ...fix, note: e.detail.value })}
                />
              </View>
              <Button
                type='primary'
                block
                loading={busy}
                onClick={() => (askConsent('join'), act(() => call('member', 'resubmitApplication', { applicationId: app.id, ...fix })))}
              >
                {resubmit.label}
              </Button>
            </View>
          )}
          {withdraw && (
            <View className='btn-row'>
              <Button fill='outline' disabled={busy} onClick={() => act(() => call('member', 'withdrawApplication', { applicationId: app.id }))}>
                {withdraw.label}
              </Button>
            </View>
          )}
          {applyAgain && (
            <Button type='primary' block onClick={() => Taro.navigateTo({ url: '/pages/join/index' })}>
              {applyAgain.label}
            </Button>
          )}
        </View>
      )}
      <LargeTextSetting />
    </View>
  );
}
