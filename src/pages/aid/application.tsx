import { useRef, type ReactNode } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { call, type Output } from '../../api';
import { Button } from '../../components/nut';
import { PageState, useRemote } from '../../components/PageState';
import { formatDate, formatTime } from '../../components/format';
import { StepTimeline } from '../../components/StepTimeline';
import { Heading, LinkArrow, PageTitle, Tappable } from '../../components/Tappable';
import { useConfirm } from '../../components/confirm';
import { AidSteps, StatusTag, yuan } from './ui';
import './aid.scss';

type App = Output<'aid', 'getApplication'>;

const Kv = ({ k, children, id }: { k: string; children: ReactNode; id?: string }) => (
  <View className='kv'>
    <Text className='kv-k'>{k}</Text>
    <Text className='kv-v' id={id}>
      {children}
    </Text>
  </View>
);

/**
 * One application as the worker follows it: its steps, who holds it and for how long, what is
 * missing (去补正), the amount, the notice period, the payment; the actions are the server's
 * `workerActions` (this page holds no status rules).
 */
export default function ApplicationPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const remote = useRemote(() => call('aid', 'getApplication', { applicationId: id }), [id]);
  const { decide, confirmUi } = useConfirm();
  const first = useRef(true);
  useDidShow(() => {
    if (!first.current) void remote.reload(); // back from 补正: the state may have moved on
    first.current = false;
  });
  usePullDownRefresh(() => void remote.reload().finally(() => Taro.stopPullDownRefresh()));

  const act = (a: App, key: 'edit' | 'submit' | 'withdraw' | 'resubmit') => {
    if (key === 'edit' || key === 'resubmit') return void Taro.navigateTo({ url: `/pages/aid/apply?id=${a.id}` });
    if (key === 'submit')
      return void decide({
        title: '提交帮扶申请？',
        message: `提交后由${a.orgName}初审，再经复核和联合会审批，每一步的进度都会通知您。审核期间不能修改内容。`,
        confirmText: '确认提交',
        run: () => call('aid', 'submitApplication', { applicationId: a.id, version: a.version }),
        done: '已提交帮扶申请',
        after: remote.reload,
      });
    return void decide({
      title: '撤回帮扶申请？',
      message: `撤回后${a.orgName}将停止审核这份申请；如仍需帮扶，须重新填写提交。`,
      confirmText: '确认撤回',
      cancelText: '不撤回',
      danger: true,
      run: () => call('aid', 'withdrawApplication', { applicationId: a.id }),
      done: '已撤回帮扶申请',
      after: remote.reload,
    });
  };

  if (!id)
    return (
      <View className='page aid'>
        <PageTitle>帮扶申请</PageTitle>
        <PageState
          loading={false}
          isEmpty
          empty={{
            title: '没有指定要查看的申请',
            description: '请从“困难帮扶”里的“我的帮扶申请”进入',
            action: { text: '去困难帮扶', onTap: () => void Taro.redirectTo({ url: '/pages/aid/index' }) },
          }}
        >
          {null}
        </PageState>
      </View>
    );

  return (
    <View className='page aid'>
      <PageTitle>帮扶申请</PageTitle>
      {confirmUi}
      {params.submitted === '1' && <View className='notice notice-ok'>已提交，进度会通过消息通知您，也可以随时在这里查看。</View>}
      <PageState remote={remote} rows={3}>
        {(a) => (
          <View>
            <View className='card' id='app-summary'>
              <View className='row'>
                <Text className='card-title aid-inline-title'>{a.kindLabel}</Text>
                <StatusTag id='app-status' status={a.status} label={a.statusLabel} />
              </View>
              {a.waitingText && (
                <Text className='aid-waiting' id='app-waiting'>
                  {a.waitingText}
                </Text>
              )}
              {a.escalated && <Text className='aid-block aid-escalated'>已超过办理时限，已提醒上级工会督办。</Text>}
              <Kv k='当前办理' id='app-owner'>
                {a.ownerLabel}
              </Kv>
              {a.dueAt && (
                <Kv k='预计办结'>
                  <Text className='nowrap'>{formatDate(a.dueAt)}</Text> 前
                </Kv>
              )}
              <Kv k='申请金额'>{yuan(a.requestedAmount)}</Kv>
              {a.outOfPocket !== null && <Kv k='自付医疗费'>{yuan(a.outOfPocket)}</Kv>}
              {a.amount !== null && (
                <Kv k='批准金额' id='app-amount'>
                  {yuan(a.amount)}
                </Kv>
              )}
              {a.tierLabel && <Kv k='困难类别'>{a.tierLabel}</Kv>}
              {a.student && (
                <Kv k='学生'>
                  {a.student.name} · {a.student.school} {a.student.grade}
                </Kv>
              )}
              {a.submittedAt && (
                <Kv k='提交时间'>
                  <Text className='nowrap'>{formatTime(a.submittedAt)}</Text>
                </Kv>
              )}
              {a.reason ? <Kv k='申请事由'>{a.reason}</Kv> : null}
            </View>

            {a.missing.length > 0 && (
              <View className='card' id='app-missing'>
                <Heading level={2}>需要您补充</Heading>
                {a.missing.map((m, i) => (
                  <Text key={i} className='aid-block aid-missing-line'>
                    · {m}
                  </Text>
                ))}
                <View className='btn-row'>
                  <Button fill='outline' onClick={() => void Taro.navigateTo({ url: '/pages/aid/file' })}>
                    去补正档案
                  </Button>
                  {a.workerActions.some((w) => w.key === 'edit' || w.key === 'resubmit') && (
                    <Button type='primary' onClick={() => void Taro.navigateTo({ url: `/pages/aid/apply?id=${a.id}` })}>
                      去补正申请
                    </Button>
                  )}
                </View>
              </View>
            )}

            {a.workerActions.length > 0 && (
              <View className='btn-row aid-actions' id='app-actions'>
                {a.workerActions.map((w) => (
                  <Button
                    key={w.key}
                    type={w.key === 'withdraw' ? 'default' : 'primary'}
                    fill={w.key === 'withdraw' ? 'outline' : 'solid'}
                    onClick={() => act(a, w.key)}
                  >
                    {w.label}
                  </Button>
                ))}
              </View>
            )}

            <View className='card' id='app-steps'>
              <Heading level={2}>办理进度</Heading>
              <AidSteps steps={a.steps} />
            </View>

            {a.notice && (
              <View className='card' id='app-notice'>
                <Heading level={2}>公示</Heading>
                <Text className='aid-block'>
                  公示至 <Text className='nowrap'>{formatTime(a.notice.closesAt)}</Text>，期满无异议后发放。
                </Text>
                <Tappable role='link' className='aid-link-row' onTap={() => void Taro.navigateTo({ url: `/pages/aid/notice?id=${a.notice!.noticeId}` })}>
                  <Text className='link'>
                    查看公示名单
                    <LinkArrow />
                  </Text>
                </Tappable>
              </View>
            )}

            {a.payment && (
              <View className='card' id='app-payment'>
                <Heading level={2}>发放</Heading>
                <Kv k='收款账户'>{a.payment.bankMasked}</Kv>
                {a.payment.paidAt && (
                  <Kv k='发放时间'>
                    <Text className='nowrap'>{formatTime(a.payment.paidAt)}</Text>
                  </Kv>
                )}
                {a.payment.returnedAt && (
                  <Kv k='退回时间'>
                    <Text className='nowrap'>{formatTime(a.payment.returnedAt)}</Text>
                  </Kv>
                )}
                {a.payment.note && <Kv k='说明'>{a.payment.note}</Kv>}
                {a.payment.returnedAt && !a.payment.paidAt && (
                  <View className='notice notice-info'>
                    款项被银行退回，多为账户有误。请核对档案里的银行账户，工会会重新发放。
                    <Button size='small' fill='outline' onClick={() => void Taro.navigateTo({ url: '/pages/aid/file' })}>
                      核对银行账户
                    </Button>
                  </View>
                )}
              </View>
            )}

            {a.history.length > 0 && (
              <View className='card' id='app-history'>
                <Heading level={2}>办理记录</Heading>
                <StepTimeline history={a.history.map((h) => ({ at: h.at, eventLabel: h.eventLabel, byName: h.byName, note: h.note }))} newestFirst />
              </View>
            )}
          </View>
        )}
      </PageState>
    </View>
  );
}
