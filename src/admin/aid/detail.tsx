import { useState, type ReactNode } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ApiError, call, fieldErrors, messageOf, type Input, type Output } from '../../api';
import { Button, Tag } from '../../components/nut';
import { formatTime } from '../../components/format';
import { StepTimeline } from '../../components/StepTimeline';
import { useLoadOn } from '../../components/useLoadOn';
import { openDownload } from '../../platform/download';
import { ATTACHMENT_LABEL, FILE_ATTACHMENTS, KIND_ATTACHMENTS } from '../../../core/aid/machine';
import { LabelledInput, LabelledTextarea, PageState, PageTitle, SectionTitle, Tap, useConfirm } from '../ui';
import { CONSEQUENCE, DECISION_LOOK, SLA_LABEL, SLA_TYPE, STATUS_TAG, parseYuan, yuan } from './labels';
import '../admin.scss';
import './aid.scss';

type App = Output<'aid', 'getApplication'>;
type Decision = Input<'aid', 'decide'>['event'];
type Status = NonNullable<NonNullable<Input<'aid', 'queue'>>['status']>;
type Rules = Output<'aid', 'getRules'>['rules'];

/** errors whose words the server chose for the amount (the cap, the budget, funding elsewhere): shown under the amount */
const AMOUNT_CODES = ['CAP_EXCEEDED', 'BUDGET_EXHAUSTED', 'ALREADY_FUNDED'];

const Kv = ({ k, children }: { k: string; children: ReactNode }) => (
  <View className='kv'>
    <Text className='kv-k'>{k}</Text>
    <View className='kv-v'>{children}</View>
  </View>
);

export default function AidDetail() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const [app, setApp] = useState<App | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [rules, setRules] = useState<Rules>(null);
  const [note, setNote] = useState('');
  const [amount, setAmount] = useState('');
  const [missing, setMissing] = useState<string[]>([]);
  const [otherMissing, setOtherMissing] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [nextId, setNextId] = useState<string | null | undefined>(undefined);
  const { confirm, confirmUi } = useConfirm();

  const load = () =>
    call('aid', 'getApplication', { applicationId: id })
      .then((a) => {
        setApp(a);
        setLoadError(null);
        if (a.actions.some((x) => x.needsAmount)) {
          setAmount((v) => v || String(a.cap ? Math.min(a.requestedAmount, a.cap.max) : a.requestedAmount));
          call('aid', 'getRules', {})
            .then((r) => setRules(r.rules))
            .catch(() => setRules(null));
        }
      })
      .catch((e: unknown) => setLoadError(e));
  useLoadOn(load, []);

  /** the oldest other application waiting at the step the officer came from */
  const findNext = async () => {
    try {
      const status = (params.status || undefined) as Status | undefined;
      const q = await call('aid', 'queue', { status, supervise: false, overdueOnly: false, limit: 5 });
      setNextId(q.items.find((i) => i.id !== id && i.actions.length > 0)?.id ?? q.items.find((i) => i.id !== id)?.id ?? null);
    } catch {
      setNextId(null);
    }
  };

  const missingList = () => [
    ...missing,
    ...otherMissing
      .split(/[、，,；;\n]/)
      .map((s) => s.trim())
      .filter(Boolean),
  ];

  /** the question before a decision: the consequence, and for an approval the amount against the cap */
  const question = (a: App, key: Decision, n: number) => {
    if (key !== 'approve') return `${a.name}（${a.kindLabel}）：${CONSEQUENCE[key]}`;
    const upper = rules?.upperApprovalAbove ?? null;
    const capText = a.cap ? `，政策上限 ${yuan(a.cap.max)}` : '';
    const upperText = upper !== null && n > upper ? `金额超过本级审批权限（${yuan(upper)}），将报上级工会审批，资金先行预留。` : '';
    return `批准向${a.name}发放${a.kindLabel} ${yuan(n)}${capText}。${upperText}${CONSEQUENCE.approve}`;
  };

  const decide = async (key: Decision, label: string, needsNote: boolean, needsAmount: boolean) => {
    if (!app || busy) return;
    const n = needsAmount ? parseYuan(amount) : NaN;
    const local: Record<string, string> = {};
    // what the server would refuse anyway is said at once, under its field, with no question first
    if (needsNote && !note.trim()) local.note = '请写明理由，申请人可以看到';
    if (needsAmount && !Number.isFinite(n)) local.amount = '请填写帮扶金额（整数元）';
    setErrors(local);
    if (Object.keys(local).length) return;
    if (!(await confirm({ title: `确认${label}？`, message: question(app, key, n), confirmText: label, danger: key === 'reject' }))) return;
    setBusy(true);
    setNotice(null);
    try {
      const after = await call('aid', 'decide', {
        applicationId: app.id,
        event: key,
        note,
        amount: needsAmount ? n : null,
        missing: key === 'return' ? missingList() : [],
        version: app.version,
      });
      setApp(after);
      setNote('');
      setMissing([]);
      setOtherMissing('');
      const money = after.amount !== null && (key === 'approve' || key === 'upper_approve') ? `，批准金额 ${yuan(after.amount)}` : '';
      setNotice({ kind: 'ok', text: `已处理：${after.statusLabel}${money}，已通知申请人` });
      void findNext();
    } catch (e) {
      const fields = fieldErrors(e);
      if (e instanceof ApiError && AMOUNT_CODES.includes(e.code)) setErrors({ amount: e.message });
      else if (fields.note || fields.amount || fields.missing) setErrors(fields);
      else setNotice({ kind: 'error', text: messageOf(e) });
      if (e instanceof ApiError && ['CONFLICT', 'ILLEGAL_TRANSITION', 'CAP_EXCEEDED', 'BUDGET_EXHAUSTED'].includes(e.code)) void load();
    } finally {
      setBusy(false);
    }
  };

  const download = (fileId: string) =>
    call('org', 'getFile', { fileId })
      .then((f) => openDownload({ url: f.url, filename: f.name, contentType: f.contentType }))
      .catch((e) => setNotice({ kind: 'error', text: messageOf(e) }));

  if (!app)
    return (
      <View className='page adm aid-detail'>
        <PageTitle>帮扶审核</PageTitle>
        <PageState loading={!loadError} error={loadError} onRetry={load} rows={6} />
      </View>
    );

  const actions = app.actions;
  const needsAmount = actions.some((a) => a.needsAmount);
  const canReturn = actions.some((a) => a.key === 'return');
  const checklist = [...FILE_ATTACHMENTS, ...KIND_ATTACHMENTS[app.kind]].map((k) => ATTACHMENT_LABEL[k]);
  const typed = parseYuan(amount);

  return (
    <View className='page adm aid-detail'>
      <PageTitle>帮扶审核</PageTitle>
      {confirmUi}
      {notice && (
        <View {...({ role: 'status' } as object)}>
          <View className={`notice ${notice.kind === 'ok' ? 'notice-ok' : 'notice-error'}`} id='notice'>
            {notice.text}
          </View>
          {notice.kind === 'ok' && nextId !== undefined && (
            <View className='btn-row adm-next'>
              {nextId ? (
                <Button type='primary' onClick={() => Taro.redirectTo({ url: `/admin/aid/detail?id=${nextId}&status=${params.status ?? ''}` })}>
                  下一条
                </Button>
              ) : (
                <Text className='muted aid-block'>这一步没有其他待办的申请了</Text>
              )}
              {app.status === 'approved' && (
                <Button fill='outline' onClick={() => Taro.navigateTo({ url: '/admin/aid/notices' })}>
                  去发布公示
                </Button>
              )}
            </View>
          )}
        </View>
      )}

      <View className='card'>
        <View className='row'>
          <Text className='card-title'>{app.name}</Text>
          <View className='tags' id='status'>
            {app.escalated && (
              <Tag type='danger' plain>
                已督办
              </Tag>
            )}
            <Tag type={STATUS_TAG[app.status]} plain={STATUS_TAG[app.status] === 'default'}>
              {app.statusLabel}
            </Tag>
          </View>
        </View>
        <Kv k='帮扶类别'>
          <Text>{app.kindLabel}</Text>
        </Kv>
        <Kv k='困难类别'>
          <Text>{app.tierLabel ?? '未评定'}</Text>
        </Kv>
        <Kv k='申请金额'>
          <Text className='aid-amount'>{yuan(app.requestedAmount)}</Text>
        </Kv>
        {app.amount !== null && (
          <Kv k='批准金额'>
            <Text className='aid-amount'>{yuan(app.amount)}</Text>
          </Kv>
        )}
        {app.outOfPocket !== null && (
          <Kv k='自付医疗费用'>
            <Text>{yuan(app.outOfPocket)}</Text>
          </Kv>
        )}
        {app.student && (
          <Kv k='受助学生'>
            <Text>
              {app.student.name}，{app.student.school} {app.student.grade}
            </Text>
          </Kv>
        )}
        <Kv k='所在工会'>
          <Text>{app.orgName}</Text>
        </Kv>
        {app.submittedAt !== null && (
          <Kv k='提交时间'>
            <Text>{formatTime(app.submittedAt)}</Text>
          </Kv>
        )}
        <Kv k='当前办理'>
          <Text>{app.ownerLabel}</Text>
        </Kv>
        {app.waitingText && (
          <Kv k='进度'>
            <Text>{app.waitingText}</Text>
          </Kv>
        )}
        {app.dueAt !== null && app.sla !== 'none' && (
          <Kv k='本步期限'>
            <View className='kv-inline'>
              <Text className='nowrap'>{formatTime(app.dueAt)}</Text>
              <Tag type={SLA_TYPE[app.sla]} plain>
                {SLA_LABEL[app.sla]}
              </Tag>
            </View>
          </Kv>
        )}
        {app.reason && <Text className='aid-reason'>申请事由：{app.reason}</Text>}
      </View>

      {app.facts && (
        <View className='card' id='facts'>
          <SectionTitle>家庭情况</SectionTitle>
          <Kv k='家庭人口'>
            <Text>{app.facts.householdSize} 人</Text>
          </Kv>
          <Kv k='人均月收入'>
            <Text>{app.facts.perHeadMonthly !== null ? `${yuan(app.facts.perHeadMonthly)}（扣除刚性支出后）` : '收入信息未填全'}</Text>
          </Kv>
          <Kv k='低保标准'>
            <Text>{yuan(app.facts.dibaoMonthly)} / 人 / 月</Text>
          </Kv>
          {app.facts.tierSuggested && (
            <Kv k='政策测算'>
              <Text>{app.facts.tierSuggested}</Text>
            </Kv>
          )}
        </View>
      )}

      <View className='card' id='attachments'>
        <SectionTitle>申请材料</SectionTitle>
        {app.attachments.length === 0 && <Text className='muted'>申请人未上传材料</Text>}
        {app.attachments.map((x) => (
          <View key={x.file.id} className='aid-file'>
            <Text className='muted'>{x.kindLabel}</Text>
            <Tap className='link file-link' role='link' label={`打开${x.kindLabel}：${x.file.name}`} onTap={() => download(x.file.id)}>
              {x.file.name}（{Math.max(1, Math.round(x.file.size / 1024))} KB）
            </Tap>
          </View>
        ))}
        {app.missing.length > 0 && <View className='notice notice-error'>尚缺：{app.missing.join('、')}</View>}
      </View>

      <View className='card'>
        <SectionTitle>办理记录</SectionTitle>
        <StepTimeline history={app.history} />
      </View>

      {actions.length > 0 && (
        <View className='card' id='decision'>
          <SectionTitle>审核意见</SectionTitle>
          {needsAmount && (
            <>
              {app.cap && (
                <View className='aid-cap' id='cap'>
                  <Text>
                    按政策最多可批 <Text className='aid-cap-max'>{yuan(app.cap.max)}</Text>
                  </Text>
                  {app.cap.reasons.map((r, i) => (
                    <Text key={i} className='aid-reason'>
                      · {r}
                    </Text>
                  ))}
                  {app.cap.budgetLeft !== null && <Text className='aid-reason'>本年度该项目预算剩余 {yuan(app.cap.budgetLeft)}</Text>}
                </View>
              )}
              <LabelledInput
                id='amount'
                label='批准金额（元）'
                type='number'
                value={amount}
                error={errors.amount}
                hint={app.cap && Number.isFinite(typed) && typed > app.cap.max ? `超过政策上限 ${yuan(app.cap.max)}，将被拒绝` : undefined}
                onInput={(v) => {
                  setAmount(v);
                  setErrors((e) => ({ ...e, amount: '' }));
                }}
              />
            </>
          )}
          <LabelledTextarea
            id='note'
            label='审核意见'
            placeholder='退回补正或不予批准时必填，申请人可以看到'
            value={note}
            error={errors.note}
            onInput={(v) => {
              setNote(v);
              setErrors((e) => ({ ...e, note: '' }));
            }}
          />
          {canReturn && (
            <View className='field'>
              <Text className='field-label'>退回时需补充的材料（可多选）</Text>
              <View className='filters'>
                {checklist.map((label) => (
                  <Tap
                    key={label}
                    className={`adm-chip ${missing.includes(label) ? 'on' : ''}`}
                    pressed={missing.includes(label)}
                    onTap={() => setMissing(missing.includes(label) ? missing.filter((m) => m !== label) : [...missing, label])}
                  >
                    {label}
                  </Tap>
                ))}
              </View>
              <LabelledInput id='otherMissing' label='其他需补充的（用顿号分隔）' value={otherMissing} error={errors.missing} onInput={setOtherMissing} />
            </View>
          )}
          <View className='btn-row'>
            {actions.map((a) => (
              <Button
                key={a.key}
                {...DECISION_LOOK[a.key]}
                loading={busy && a === actions[0]}
                disabled={busy}
                onClick={() => decide(a.key, a.label, a.needsNote, a.needsAmount)}
              >
                {a.label}
              </Button>
            ))}
          </View>
        </View>
      )}
      <Button fill='outline' block onClick={() => (Taro.getCurrentPages().length > 1 ? Taro.navigateBack() : Taro.redirectTo({ url: '/admin/aid/index' }))}>
        返回列表
      </Button>
    </View>
  );
}
