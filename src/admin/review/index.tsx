import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, Textarea, View } from '@tarojs/components';
import { ApiError, call, fieldErrors, messageOf, type Output } from '../../api';
import { Button, Tag } from '../../components/nut';
import { SLA_LABEL, SLA_TYPE, formatTime } from '../../components/format';
import { StepTimeline } from '../../components/StepTimeline';
import { useLoadOn } from '../../components/useLoadOn';

type Application = Output<'member', 'getApplication'>;
type Decision = 'approve' | 'reject' | 'request_info';

/** How each decision's button looks (what the officer may decide, and its words, come from the server). */
const DECISION_TYPE = { approve: 'success', request_info: 'warning', reject: 'danger' } as const;
const isDecision = (key: string): key is Decision => key in DECISION_TYPE;

export default function Review() {
  const { params } = useRouter();
  const [app, setApp] = useState<Application | null>(null);
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = () =>
    call('member', 'getApplication', { applicationId: params.id ?? '' })
      .then(setApp)
      .catch((e) => setNotice({ kind: 'error', text: messageOf(e) }));
  useLoadOn(load, []);

  const decide = async (decision: Decision) => {
    if (!app || busy) return;
    setBusy(true);
    setReasonError(null);
    try {
      const updated = await call('member', 'decide', { applicationId: app.id, decision, reason, expectedVersion: app.version });
      setApp(updated);
      setNotice({ kind: 'ok', text: `已处理：${updated.statusLabel}${updated.memberNo ? `，会员编号 ${updated.memberNo}` : ''}` });
    } catch (e) {
      const fields = fieldErrors(e);
      if (fields.reason) setReasonError(fields.reason);
      else setNotice({ kind: 'error', text: messageOf(e) });
      if (e instanceof ApiError && (e.code === 'CONFLICT' || e.code === 'ILLEGAL_TRANSITION')) load();
    } finally {
      setBusy(false);
    }
  };

  if (!app) return <View className='page'>{notice ? <View className='notice notice-error'>{notice.text}</View> : <Text className='muted'>加载中…</Text>}</View>;
  const decisions = app.actions.filter((a): a is { key: Decision; label: string } => isDecision(a.key));

  return (
    <View className='page review'>
      {notice && (
        <View className={`notice ${notice.kind === 'ok' ? 'notice-ok' : 'notice-error'}`} id='notice'>
          {notice.text}
        </View>
      )}
      <View className='card'>
        <View className='row'>
          <Text className='card-title'>{app.name}</Text>
          <View style={{ display: 'flex', gap: '6px' }}>
            {app.contested && (
              <Tag type='warning' plain>
                身份待核实
              </Tag>
            )}
            {app.escalated && (
              <Tag type='danger' plain>
                已升级
              </Tag>
            )}
            <Tag type={app.slaActive ? SLA_TYPE[app.sla] : 'default'}>{app.slaActive ? `${app.statusLabel} · ${SLA_LABEL[app.sla]}` : app.statusLabel}</Tag>
          </View>
        </View>
        <View className='kv'>
          <Text className='kv-k'>身份证号</Text>
          <Text className='kv-v'>{app.idNumberMasked}</Text>
        </View>
        <View className='kv'>
          <Text className='kv-k'>手机号</Text>
          <Text className='kv-v'>{app.mobileMasked}</Text>
        </View>
        <View className='kv'>
          <Text className='kv-k'>工作单位</Text>
          <Text className='kv-v'>{app.enterpriseName}</Text>
        </View>
        <View className='kv'>
          <Text className='kv-k'>岗位</Text>
          <Text className='kv-v'>
            {app.job}
            {app.migrantWorker ? '（农民工）' : ''}
          </Text>
        </View>
        <View className='kv'>
          <Text className='kv-k'>受理单位</Text>
          <Text className='kv-v'>
            {app.orgName}
            {app.viaFederation ? '（源头入会）' : ''}
          </Text>
        </View>
        <View className='kv'>
          <Text className='kv-k'>进入队列</Text>
          <Text className='kv-v'>
            {formatTime(app.queuedAt)}，已等待 {app.ageWorkingDays} 个工作日
          </Text>
        </View>
        <View className='kv'>
          <Text className='kv-k'>办理时限</Text>
          <Text className='kv-v'>{formatTime(app.dueAt)}</Text>
        </View>
        {app.memberNo && (
          <View className='kv'>
            <Text className='kv-k'>会员编号</Text>
            <Text className='kv-v'>{app.memberNo}</Text>
          </View>
        )}
      </View>
      {app.contested && app.competing && (
        <View className='card' id='competing'>
          <Text className='card-title'>同一身份证号的其他申请</Text>
          <View className='notice notice-error'>
            {app.competing.isMember ? '该身份证号已是工会会员。' : ''}
            请核实申请人身份（如电话联系、查验身份证），对使用他人身份证号的申请不予通过；只有核实后的一份可以审核通过。
          </View>
          {app.competing.applications.map((o) => (
            <View className='kv' key={o.id}>
              <Text className='kv-k'>{o.statusLabel}</Text>
              <Text className='kv-v'>
                {o.enterpriseName}（{o.orgName}），{formatTime(o.submittedAt)}提交
              </Text>
            </View>
          ))}
        </View>
      )}
      <View className='card'>
        <Text className='card-title'>办理记录</Text>
        <StepTimeline history={app.history.map((h) => ({ at: h.at, eventLabel: h.eventLabel, byName: h.actorLabel, note: h.reason }))} />
      </View>
      {decisions.length > 0 && (
        <View className='card'>
          <Text className='card-title'>审核意见</Text>
          <Textarea
            className='field-input'
            id='reason'
            style={{ height: '72px', padding: '8px 10px' }}
            placeholder='不予通过或要求补充材料时必填，申请人可以看到'
            value={reason}
            onInput={(e) => setReason(e.detail.value)}
          />
          {reasonError && <Text className='field-error'>{reasonError}</Text>}
          <View className='btn-row'>
            {decisions.map((a, i) => (
              <Button key={a.key} type={DECISION_TYPE[a.key]} loading={i === 0 && busy} disabled={i > 0 && busy} onClick={() => decide(a.key)}>
                {a.label}
              </Button>
            ))}
          </View>
        </View>
      )}
      <Button fill='outline' block onClick={() => Taro.navigateBack()}>
        返回队列
      </Button>
    </View>
  );
}
