import { useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { call, fieldErrors, messageOf, type Output } from '../../api';
import { Button, Tag } from '../../components/nut';
import { formatDate, formatTime } from '../../components/format';
import { StepTimeline } from '../../components/StepTimeline';
import { askConsent, usePreloadConsent } from '../../api/subscribe';
import { LargeTextSetting } from '../../components/LargeTextSetting';
import { Field, inputA11y } from '../../components/Field';
import { PageState } from '../../components/PageState';
import { PageTitle } from '../../components/Tappable';
import { useConfirm } from '../../components/confirm';

type Status = Output<'member', 'myStatus'>;

const STATUS_TAG = { pending: 'warning', needs_info: 'danger', approved: 'success', rejected: 'default', withdrawn: 'default' } as const;

export default function Me() {
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [fix, setFix] = useState({ mobile: '', job: '', note: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const { decide, confirmUi } = useConfirm();

  const load = () =>
    call('member', 'myStatus', {})
      .then((s) => {
        setStatus(s);
        setError(null);
        if (s.application) setFix((f) => ({ ...f, job: f.job || s.application!.job }));
      })
      .catch((e) => setError(e))
      .finally(() => Taro.stopPullDownRefresh());
  useDidShow(load);
  usePullDownRefresh(load);
  usePreloadConsent();

  const app = status?.application;
  /**
   * The page's title by what it shows: 入会进度 while an application is the news (not yet a member),
   * otherwise 我的 (the tab's name: a member's relation and settings, or the way to 我要入会).
   * app.config gives 我的; the native bar (weapp) and document.title (H5) follow the state.
   */
  const title = app && !status?.member ? '入会进度' : '我的';
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title }).catch(() => undefined);
  }, [title]);
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

  if (!status)
    return (
      <View className='page'>
        <PageTitle>{title}</PageTitle>
        <PageState loading={!error} error={error} onRetry={load}>
          {null}
        </PageState>
        <LargeTextSetting />
      </View>
    );

  return (
    <View className='page me'>
      <PageTitle>{title}</PageTitle>
      {confirmUi}
      {error ? <View className='notice notice-error'>{messageOf(error)}</View> : null}
      {status.member && (
        <View className='card'>
          <Text className='card-title'>您已是工会会员</Text>
          <View className='kv'>
            <Text className='kv-k'>会员编号</Text>
            <Text className='kv-v nowrap' id='memberNo'>
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
      {status.member && (
        <View className='card' id='me-aid'>
          <Text className='card-title'>困难帮扶</Text>
          <Text className='muted' style={{ display: 'block', marginBottom: '10px' }}>
            家庭遇到困难，可先自测，再建档申请生活、医疗、助学或意外致困救助；也可查看本会的帮扶公示。
          </Text>
          <Button fill='outline' block onClick={() => Taro.navigateTo({ url: '/pages/aid/index' })}>
            进入困难帮扶
          </Button>
        </View>
      )}
      <View className='card' id='me-case'>
        <Text className='card-title'>维权服务</Text>
        <Text className='muted' style={{ display: 'block', marginBottom: '10px' }}>
          遇到欠薪、劳动合同、工伤等问题，可以向工会反映或申请法律援助，并查看办理进度。
        </Text>
        <Button fill='outline' block onClick={() => Taro.navigateTo({ url: '/pages/case/index' })}>
          我的诉求
        </Button>
      </View>
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
            <Text className='kv-v nowrap'>{formatTime(app.submittedAt)}</Text>
          </View>
          {app.slaActive && (
            <View className='kv'>
              <Text className='kv-k'>预计办结</Text>
              <Text className='kv-v nowrap'>{formatTime(app.dueAt)} 前</Text>
            </View>
          )}
          {app.reason && <View className='notice notice-info'>工会意见：{app.reason}</View>}
          <View style={{ marginTop: '10px' }}>
            <StepTimeline history={app.history.map((h) => ({ at: h.at, eventLabel: h.eventLabel, byName: h.actorLabel, note: h.reason }))} newestFirst />
          </View>
          {resubmit && (
            <View className='card' style={{ background: '#fafafa' }}>
              <Text className='card-title'>补充信息后重新提交</Text>
              <Field id='fixMobile' label='手机号' error={errors.mobile}>
                <Input
                  className={`field-input ${errors.mobile ? 'invalid' : ''}`}
                  id='fixMobile'
                  type='number'
                  maxlength={11}
                  value={fix.mobile}
                  placeholder='请重新填写手机号'
                  onInput={(e) => setFix({ ...fix, mobile: e.detail.value })}
                  {...inputA11y('fixMobile', '手机号', errors.mobile)}
                />
              </Field>
              <Field id='fixJob' label='工作岗位' error={errors.job}>
                <Input
                  className={`field-input ${errors.job ? 'invalid' : ''}`}
                  id='fixJob'
                  value={fix.job}
                  onInput={(e) => setFix({ ...fix, job: e.detail.value })}
                  {...inputA11y('fixJob', '工作岗位', errors.job)}
                />
              </Field>
              <Field id='fixNote' label='补充说明'>
                <Textarea
                  className='field-input'
                  id='fixNote'
                  style={{ height: '64px', padding: '8px 10px' }}
                  value={fix.note}
                  onInput={(e) => setFix({ ...fix, note: e.detail.value })}
                  {...inputA11y('fixNote', '补充说明')}
                />
              </Field>
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
              <Button
                fill='outline'
                disabled={busy}
                onClick={() =>
                  decide({
                    title: '撤回入会申请？',
                    message: `撤回后，${app.orgName}将不再审核这份申请；如需入会，须重新填写提交。`,
                    confirmText: '确认撤回',
                    danger: true,
                    run: () => call('member', 'withdrawApplication', { applicationId: app.id }),
                    done: '已撤回入会申请',
                    after: load,
                  })
                }
              >
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
