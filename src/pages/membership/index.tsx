import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { ApiError, call, fieldErrors, messageOf, type Output } from '../../api';
import { Button, Tag } from '../../components/nut';
import { formatDate, formatTime } from '../../components/format';
import { StepTimeline } from '../../components/StepTimeline';
import { EnterprisePicker, type Enterprise } from '../../components/EnterprisePicker';
import { askConsent, usePreloadConsent } from '../../api/subscribe';
import { Field } from '../../components/Field';
import { PageState } from '../../components/PageState';
import { PageTitle } from '../../components/Tappable';
import { useConfirm } from '../../components/confirm';
import { imageAlt } from '../../components/a11y';
import './index.scss';

type Status = Output<'member', 'myStatus'>;
type Transfer = Output<'transfer', 'mine'>['items'][number];

const STATUS_TAG = { awaiting_release: 'warning', released: 'info', accepted: 'success', refused: 'danger', cancelled: 'default' } as const;
export default function Membership() {
  const [status, setStatus] = useState<Status | null>(null);
  const [transfers, setTransfers] = useState<Transfer[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [target, setTarget] = useState<Enterprise | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const { confirm, confirmUi } = useConfirm();

  const load = () =>
    Promise.all([call('member', 'myStatus', {}), call('transfer', 'mine', {})])
      .then(([s, t]) => {
        setStatus(s);
        setTransfers(t.items);
        setError(null);
      })
      .catch((e) => setError(e))
      .finally(() => Taro.stopPullDownRefresh());
  useDidShow(load);
  usePullDownRefresh(load);
  usePreloadConsent();

  const act = async (fn: () => Promise<unknown>, ok: string) => {
    if (busy) return;
    setBusy(true);
    setNotice(null);
    try {
      await fn();
      setErrors({});
      setTarget(null);
      setNotice({ kind: 'ok', text: ok });
      await load();
    } catch (e) {
      const fields = fieldErrors(e);
      setErrors(fields);
      if (!(e instanceof ApiError && e.code === 'VALIDATION' && Object.keys(fields).length)) setNotice({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  };

  if (!status)
    return (
      <View className='page'>
        <PageTitle>我的会员关系</PageTitle>
        <PageState loading={!error} error={error} onRetry={load}>
          {null}
        </PageState>
      </View>
    );

  const member = status.member;
  if (!member) {
    return (
      <View className='page'>
        <PageTitle>我的会员关系</PageTitle>
        <View className='card'>
          <Text className='card-title'>您还不是工会会员</Text>
          <Text className='muted'>会员关系接转适用于已入会的职工换工作。请先在工作单位申请入会，审核通过后即可在这里查看会员关系。</Text>
          <View style={{ height: '12px' }} />
          {status.application ? (
            <Button type='primary' block onClick={() => Taro.switchTab({ url: '/pages/me/index' })}>
              查看入会进度
            </Button>
          ) : (
            <Button type='primary' block onClick={() => Taro.navigateTo({ url: '/pages/join/index' })}>
              申请入会
            </Button>
          )}
        </View>
      </View>
    );
  }

  const open = transfers.find((t) => t.open);

  return (
    <View className='page membership'>
      <PageTitle>我的会员关系</PageTitle>
      {confirmUi}
      {error ? <View className='notice notice-error'>{messageOf(error)}</View> : null}
      {notice && (
        <View className={`notice ${notice.kind === 'ok' ? 'notice-ok' : 'notice-error'}`} id='notice'>
          {notice.text}
        </View>
      )}
      <View className='card' id='membershipCard'>
        <Text className='card-title'>当前会员关系</Text>
        <View className='kv'>
          <Text className='kv-k'>所属工会</Text>
          <Text className='kv-v' id='orgName'>
            {member.orgName}
          </Text>
        </View>
        <View className='kv'>
          <Text className='kv-k'>工作单位</Text>
          <Text className='kv-v'>{member.enterpriseName}</Text>
        </View>
        <View className='kv'>
          <Text className='kv-k'>会员编号</Text>
          <Text className='kv-v nowrap' id='memberNo'>
            {member.memberNo}
          </Text>
        </View>
        <View className='kv'>
          <Text className='kv-k'>入会时间</Text>
          <Text className='kv-v'>{formatDate(member.joinedAt)}</Text>
        </View>
        <View className='kv'>
          <Text className='kv-k'>会龄</Text>
          <Text className='kv-v' id='seniority'>
            {member.seniorityYears} 年
          </Text>
        </View>
        <Text className='muted'>换工作时会员关系随之接转，会员编号和会龄保持不变。</Text>
      </View>

      {!open && (
        <View className='card'>
          <Text className='card-title'>转出到新单位</Text>
          <Field id='newEnterprise' label='新工作单位' error={errors.toEnterpriseId}>
            <EnterprisePicker
              id='newEnterprise'
              label='新工作单位'
              value={target}
              onChange={(e) => (setTarget(e), setErrors({}))}
              describe={(e) => (e.hasUnion ? `已建工会：转入${e.handlingOrgName}` : `未建工会：转入${e.handlingOrgName}`)}
            />
          </Field>
          <Text className='muted'>提交后由{member.orgName}办理转出并开具接转凭证，再由新单位工会接收。</Text>
          <View style={{ height: '10px' }} />
          <Button
            type='primary'
            block
            loading={busy}
            disabled={busy}
            onClick={async () => {
              // with an employer picked, ask once first; without one the server's message says what is missing
              if (target) {
                askConsent('transfer');
                const ok = await confirm({
                  title: '申请转出会员关系？',
                  message: `提交后由${member.orgName}办理转出并开具接转凭证，再由${target.handlingOrgName}接收；接收前您仍是${member.orgName}的会员。`,
                  confirmText: '确认申请',
                });
                if (!ok) return;
              }
              act(() => call('transfer', 'start', { toEnterpriseId: target?.id ?? '' }), '已提交转出申请，请等待原工会办理');
            }}
          >
            申请转出
          </Button>
        </View>
      )}

      {transfers.length > 0 && <Text className='section-title'>接转记录</Text>}
      {transfers.map((t) => (
        <View key={t.id} className='card transfer'>
          <Text className='card-title'>转往{t.toEnterpriseName}</Text>
          <View className='transfer-status status-line'>
            <Tag type={STATUS_TAG[t.status]}>{t.statusLabel}</Tag>
          </View>
          <View className='kv'>
            <Text className='kv-k'>原工会</Text>
            <Text className='kv-v'>{t.fromOrgName}</Text>
          </View>
          <View className='kv'>
            <Text className='kv-k'>接收工会</Text>
            <Text className='kv-v'>
              {t.toOrgName}
              {t.toViaFederation ? '（新单位未建会，由联合会接收）' : ''}
            </Text>
          </View>
          <View className='kv'>
            <Text className='kv-k'>申请时间</Text>
            <Text className='kv-v nowrap'>{formatTime(t.createdAt)}</Text>
          </View>
          {t.releaseDeadline && (
            <View className='kv'>
              <Text className='kv-k'>办理期限</Text>
              <Text className='kv-v'>
                <Text className='nowrap'>{formatTime(t.releaseDeadline.at)} 前</Text>
                {t.releaseDeadline.overdueNote ? `（${t.releaseDeadline.overdueNote}）` : ''}
              </Text>
            </View>
          )}
          {t.reason && <View className='notice notice-info'>新工会意见：{t.reason}</View>}
          {t.voucher && (
            <View className='voucher'>
              <Text className='voucher-title'>会员组织关系接转凭证</Text>
              <Image className='voucher-qr' src={t.voucher.qrDataUrl} {...imageAlt(`接转凭证二维码，凭证号 ${t.voucher.code}`)} />
              <View>
                <Text className='muted'>凭证号 </Text>
                <Text className='voucher-code' id='voucherCode'>
                  {t.voucher.code}
                </Text>
              </View>
              <Text className='muted'>请向{t.toOrgName}出示二维码或告知凭证号</Text>
            </View>
          )}
          <View style={{ marginTop: '10px' }}>
            <StepTimeline history={t.history} newestFirst />
          </View>
          {t.actions.some((a) => a.key === 'cancel') && (
            <View className='btn-row'>
              {t.actions
                .filter((a) => a.key === 'cancel')
                .map((a) => (
                  <Button
                    key={a.key}
                    fill='outline'
                    disabled={busy}
                    onClick={async () => {
                      const ok = await confirm({
                        title: '取消这次接转？',
                        message: `取消后不再转往${t.toEnterpriseName}，您仍是${t.fromOrgName}的会员；如需转出须重新申请。`,
                        confirmText: '确认取消接转',
                        danger: true,
                      });
                      if (ok) act(() => call('transfer', 'cancel', { transferId: t.id }), '已取消接转，您仍是原工会会员');
                    }}
                  >
                    {a.label}
                  </Button>
                ))}
            </View>
          )}
        </View>
      ))}
    </View>
  );
}
