import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ApiError, call, fieldErrors, messageOf, type Input, type Output } from '../../api';
import { Button, Tag } from '../../components/nut';
import { SLA_LABEL, SLA_TYPE, formatTime } from '../../components/format';
import { StepTimeline } from '../../components/StepTimeline';
import { useLoadOn } from '../../components/useLoadOn';
import { LabelledTextarea, PageState, PageTitle, SectionTitle, useConfirm } from '../ui';
import '../admin.scss';

type Application = Output<'member', 'getApplication'>;
type Decision = 'approve' | 'reject' | 'request_info';

type Status = NonNullable<Input<'member', 'listQueue'>['status']>;

/** How each decision's button looks (what the officer may decide, and its words, come from the server). */
const DECISION_TYPE = { approve: 'primary', request_info: 'default', reject: 'danger' } as const;
const DECISION_FILL = { approve: undefined, request_info: 'outline', reject: 'outline' } as const;
/** what the officer is told before deciding: the consequence, in words */
const CONSEQUENCE: Record<Decision, string> = {
  approve: '通过后将生成会员编号并通知申请人，申请人即成为本会会员。',
  request_info: '申请将退回申请人补充材料，并通知申请人；审核意见中的理由申请人可以看到。',
  reject: '不予通过后将通知申请人，审核意见中的理由申请人可以看到。',
};
const isDecision = (key: string): key is Decision => key in DECISION_TYPE;
/** a decided application's tag, coloured by what it means (never the black default) */
const STATUS_TAG: Partial<Record<Application['status'], 'success' | 'warning' | 'danger'>> = { approved: 'success', needs_info: 'warning', rejected: 'danger' };

export default function Review() {
  const { params } = useRouter();
  const [app, setApp] = useState<Application | null>(null);
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { confirm, confirmUi } = useConfirm();
  const [loadError, setLoadError] = useState<unknown>(null);
  /** after a decision: the next application waiting in the same queue (undefined: not looked up yet) */
  const [nextId, setNextId] = useState<string | null | undefined>(undefined);

  const load = () =>
    call('member', 'getApplication', { applicationId: params.id ?? '' })
      .then((a) => {
        setApp(a);
        setLoadError(null);
      })
      .catch((e: unknown) => setLoadError(e));
  useLoadOn(load, []);

  /** the oldest other application still waiting in the queue the officer came from */
  const findNext = async () => {
    try {
      const status = (params.status as Status | undefined) ?? 'pending';
      const r = await call('member', 'listQueue', { ...(params.org ? { orgId: params.org } : {}), status, limit: 3 });
      setNextId(r.items.find((i) => i.id !== params.id)?.id ?? null);
    } catch {
      setNextId(null);
    }
  };
  const goNext = () =>
    nextId && Taro.redirectTo({ url: `/admin/review/index?id=${nextId}&org=${encodeURIComponent(params.org ?? '')}&status=${params.status ?? 'pending'}` });

  const decide = async (decision: Decision, label: string) => {
    if (!app || busy) return;
    if (
      !(await confirm({
        title: `确认${label}？`,
        message: `${app.name}（${app.enterpriseName}）：${CONSEQUENCE[decision]}`,
        confirmText: label,
        danger: decision === 'reject',
      }))
    )
      return;
    setBusy(true);
    setReasonError(null);
    try {
      const updated = await call('member', 'decide', { applicationId: app.id, decision, reason, expectedVersion: app.version });
      setApp(updated);
      setNotice({ kind: 'ok', text: `已处理：${updated.statusLabel}${updated.memberNo ? `，会员编号 ${updated.memberNo}` : ''}，已通知申请人` });
      void findNext();
    } catch (e) {
      const fields = fieldErrors(e);
      if (fields.reason) setReasonError(fields.reason);
      else setNotice({ kind: 'error', text: messageOf(e) });
      if (e instanceof ApiError && (e.code === 'CONFLICT' || e.code === 'ILLEGAL_TRANSITION')) load();
    } finally {
      setBusy(false);
    }
  };

  if (!app)
    return (
      <View className='page adm review'>
        <PageTitle>入会审核</PageTitle>
        <PageState loading={!loadError} error={loadError} onRetry={load} rows={6} />
      </View>
    );
  const decisions = app.actions.filter((a): a is { key: Decision; label: string } => isDecision(a.key));

  return (
    <View className='page adm review'>
      <PageTitle>入会审核</PageTitle>
      {confirmUi}
      {notice && (
        <View className='result' {...({ role: 'status' } as object)}>
          <View className={`notice ${notice.kind === 'ok' ? 'notice-ok' : 'notice-error'}`} id='notice'>
            {notice.text}
          </View>
          {notice.kind === 'ok' && nextId !== undefined && (
            <View className='btn-row adm-next'>
              {nextId ? (
                <Button type='primary' onClick={goNext}>
                  下一条
                </Button>
              ) : (
                <Text className='muted'>队列中没有其他待审核的申请了</Text>
              )}
            </View>
          )}
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
            <Tag type={app.slaActive ? SLA_TYPE[app.sla] : (STATUS_TAG[app.status] ?? 'default')} plain={!app.slaActive && !STATUS_TAG[app.status]}>
              {app.slaActive ? `${app.statusLabel} · ${SLA_LABEL[app.sla]}` : app.statusLabel}
            </Tag>
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
          <SectionTitle>同一身份证号的其他申请</SectionTitle>
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
        <SectionTitle>办理记录</SectionTitle>
        <StepTimeline history={app.history.map((h) => ({ at: h.at, eventLabel: h.eventLabel, byName: h.actorLabel, note: h.reason }))} />
      </View>
      {decisions.length > 0 && (
        <View className='card'>
          <SectionTitle>审核意见</SectionTitle>
          <LabelledTextarea
            id='reason'
            label='审核意见'
            hideLabel
            placeholder='不予通过或要求补充材料时必填，申请人可以看到'
            value={reason}
            error={reasonError}
            onInput={(v) => {
              setReason(v);
              setReasonError(null);
            }}
          />
          <View className='btn-row'>
            {decisions.map((a, i) => (
              <Button
                key={a.key}
                type={DECISION_TYPE[a.key]}
                fill={DECISION_FILL[a.key]}
                loading={i === 0 && busy}
                disabled={i > 0 && busy}
                onClick={() => decide(a.key, a.label)}
              >
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
