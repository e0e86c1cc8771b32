import { useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ApiError, call, fieldErrors, messageOf, newIdempotencyKey, type Output } from '../../api';
import { Button, Tag } from '../../components/nut';
import { formatDate, formatTime } from '../../components/format';
import { StepTimeline } from '../../components/StepTimeline';
import { EnterprisePicker, type Enterprise } from '../../components/EnterprisePicker';
import { sizeLabel, type Uploaded } from '../../components/upload';
import { FilePicker } from '../../components/FilePicker';
import { Field, TextField } from '../../components/Field';
import { PageState } from '../../components/PageState';
import { Heading, PageTitle, Tappable } from '../../components/Tappable';
import { useConfirm } from '../../components/confirm';
import { askConsent, usePreloadConsent } from '../../api/subscribe';
import './index.scss';

type Founding = Output<'founding', 'mine'>['items'][number];
type Upload = Uploaded;

const STATUS_TAG = { submitted: 'warning', preparing: 'info', elected: 'warning', established: 'success', rejected: 'danger', withdrawn: 'default' } as const;
const SLA_LABEL = { ok: '正常', due_soon: '即将到期', overdue: '已超时' } as const;
const SLA_TYPE = { ok: 'success', due_soon: 'warning', overdue: 'danger' } as const;

const today = () => formatDate(Date.now());
const names = (text: string) =>
  text
    .split(/[,，、;；\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

function ElectionForm({ title, founding, onDone }: { title: string; founding: Founding; onDone: (f: Founding) => void }) {
  const [f, setF] = useState({ meetingDate: today(), attendees: '', chairName: '', committee: '' });
  const [files, setFiles] = useState<Upload[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [uploading, setUploading] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof f) => (e: { detail: { value: string } }) => setF({ ...f, [k]: e.detail.value });

  const submit = async () => {
    if (busy || uploading) return;
    setBusy(true);
    try {
      const after = await call('founding', 'submitElection', {
        foundingId: founding.id,
        meetingDate: f.meetingDate.trim(),
        attendees: (f.attendees.trim() ? Number(f.attendees) : undefined) as number,
        chairName: f.chairName,
        committee: names(f.committee),
        fileIds: files.map((x) => x.id),
      });
      setErrors({});
      onDone(after);
    } catch (e) {
      const fields = fieldErrors(e);
      setErrors(fields);
      if (!Object.keys(fields).length) Taro.showToast({ title: messageOf(e), icon: 'none' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='election-form'>
      <Text className='card-title'>{title}</Text>
      <TextField
        id='meetingDate'
        label='会员大会日期'
        placeholder='如 2026-11-24'
        value={f.meetingDate}
        onInput={set('meetingDate')}
        error={errors.meetingDate}
      />
      <TextField
        id='attendees'
        label='到会人数'
        type='number'
        placeholder='实际到会的会员人数'
        value={f.attendees}
        onInput={set('attendees')}
        error={errors.attendees}
      />
      <TextField id='chairName' label='当选主席' placeholder='主席姓名' value={f.chairName} onInput={set('chairName')} error={errors.chairName} />
      <TextField
        id='committee'
        label='当选委员'
        placeholder='多名委员用逗号或顿号分隔，如：张三、李四'
        value={f.committee}
        onInput={set('committee')}
        error={errors.committee}
      />
      <Field label='会议材料（会议记录、选票统计，PDF、Word 或图片，4MB以内）' error={errors.fileIds}>
        {files.map((x) => (
          <View key={x.id} className='file-row row'>
            <Text className='file-name'>
              {x.name}（{sizeLabel(x.size)}）
            </Text>
            <Tappable inline className='link' label={`移除 ${x.name}`} onTap={() => setFiles(files.filter((y) => y.id !== x.id))}>
              移除
            </Tappable>
          </View>
        ))}
        <FilePicker
          id='electionFiles'
          kind='files'
          label={files.length ? '继续添加文件' : '选择文件'}
          weappLabel='从聊天记录选择文件'
          onUploaded={(u) => setFiles((prev) => [...prev, u])}
          onError={(message) => setErrors((prev) => ({ ...prev, fileIds: message }))}
          onBusy={setUploading}
        />
      </Field>
      <Button type='primary' block loading={busy} disabled={busy || uploading} onClick={submit}>
        提交选举结果
      </Button>
    </View>
  );
}

export default function FoundingPage() {
  const { params } = useRouter();
  const [focus, setFocus] = useState<string | null>(params.id ?? null);
  const [items, setItems] = useState<Founding[] | null>(null);
  /** the list's last load failure (PageState says what to do by its code) */
  const [failure, setFailure] = useState<unknown>(null);
  const [showForm, setShowForm] = useState(false);
  const [form, setForm] = useState({ headcount: '', intendedMembers: '', organizerName: '', organizerMobile: '', organizerJob: '' });
  const [enterprise, setEnterprise] = useState<Enterprise | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef(newIdempotencyKey()); // one per form fill: retries and double taps reuse it
  const { decide, confirmUi } = useConfirm();

  const load = () =>
    call('founding', 'mine', {})
      .then((r) => {
        setItems(r.items);
        setFailure(null);
      })
      .catch((e) => setFailure(e))
      .finally(() => Taro.stopPullDownRefresh());
  useDidShow(load);
  usePullDownRefresh(load);
  usePreloadConsent();

  const set = (k: keyof typeof form) => (e: { detail: { value: string } }) => setForm({ ...form, [k]: e.detail.value });
  const num = (v: string) => (v.trim() ? Number(v) : undefined) as number;

  const apply = async () => {
    if (busy) return;
    askConsent('founding'); // WeChat: from this tap, ask to be told each step's outcome
    setBusy(true);
    setNotice(null);
    try {
      const created = await call('founding', 'apply', {
        idempotencyKey: key.current,
        enterpriseId: enterprise?.id ?? '',
        headcount: num(form.headcount),
        intendedMembers: num(form.intendedMembers),
        organizerName: form.organizerName,
        organizerMobile: form.organizerMobile,
        organizerJob: form.organizerJob,
      });
      setErrors({});
      key.current = newIdempotencyKey();
      setForm({ headcount: '', intendedMembers: '', organizerName: '', organizerMobile: '', organizerJob: '' });
      setEnterprise(null);
      setShowForm(false);
      setFocus(null);
      setNotice({ kind: 'ok', text: `已提交${created.enterpriseName}的建会申请，${created.federationName}将在期限内审核` });
      await load();
    } catch (e) {
      const fields = fieldErrors(e);
      setErrors(fields);
      if (e instanceof ApiError && e.code === 'VALIDATION') setNotice({ kind: 'error', text: '请按提示修改标红的项目' });
      else setNotice({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  };

  const replace = (f: Founding) => setItems((prev) => (prev ?? []).map((x) => (x.id === f.id ? f : x)));
  const withdraw = (f: Founding) =>
    decide({
      title: '撤回建会申请？',
      message: `撤回后，${f.enterpriseName}的建会申请将停止办理，${f.federationName}不再审核；以后建会需要重新提交申请。`,
      confirmText: '确认撤回',
      cancelText: '不撤回',
      danger: true,
      run: async () => {
        setNotice(null);
        try {
          replace(await call('founding', 'withdraw', { foundingId: f.id }));
        } catch (e) {
          setNotice({ kind: 'error', text: messageOf(e) });
          void load();
          throw e;
        }
        setNotice({ kind: 'ok', text: '已撤回建会申请' });
      },
      done: '已撤回建会申请',
    });

  if (!items)
    return (
      <View className='page'>
        <PageTitle>申请建会</PageTitle>
        <PageState loading={!failure} error={failure} onRetry={() => (setFailure(null), void load())} rows={3}>
          {null}
        </PageState>
      </View>
    );
  const shown = focus && items.some((f) => f.id === focus) ? items.filter((f) => f.id === focus) : items;
  const formOpen = showForm || items.length === 0;

  return (
    <View className='page founding'>
      <PageTitle>申请建会</PageTitle>
      {confirmUi}
      {failure ? <View className='notice notice-error'>{messageOf(failure)}</View> : null}
      {notice && (
        <View className={`notice ${notice.kind === 'ok' ? 'notice-ok' : 'notice-error'}`} id='notice'>
          {notice.text}
        </View>
      )}
      {formOpen ? (
        <View className='card'>
          <Text className='card-title'>{items.length ? '为另一家企业申请建会' : '填写建会申请'}</Text>
          <Text className='muted founding-intro'>建会分四步，每一步都有办理期限，进度会通知您：</Text>
          <View className='steps'>
            <Text className='step'>① 提交申请</Text>
            <Text className='step'>② 联合会同意筹备</Text>
            <Text className='step'>③ 召开会员大会选举</Text>
            <Text className='step'>④ 联合会批复成立</Text>
          </View>
          <Field label='企业（尚未建立工会）' error={errors.enterpriseId}>
            <EnterprisePicker
              id='enterprise'
              value={enterprise}
              onChange={(e) => (setEnterprise(e), setErrors({ ...errors, enterpriseId: '' }))}
              accept={(e) => !e.hasUnion}
              describe={(e) => `由${e.handlingOrgName}指导建会`}
              placeholder='输入企业名称搜索'
              browse
            />
          </Field>
          <TextField
            id='headcount'
            label='职工人数'
            type='number'
            placeholder='企业现有职工总数'
            value={form.headcount}
            onInput={set('headcount')}
            error={errors.headcount}
          />
          <TextField
            id='intendedMembers'
            label='拟入会人数'
            type='number'
            placeholder='愿意加入工会的职工人数（至少3人）'
            value={form.intendedMembers}
            onInput={set('intendedMembers')}
            error={errors.intendedMembers}
          />
          <TextField
            id='organizerName'
            label='组织者姓名'
            placeholder='建会联系人'
            value={form.organizerName}
            onInput={set('organizerName')}
            error={errors.organizerName}
          />
          <TextField
            id='organizerMobile'
            label='组织者手机号'
            type='number'
            maxlength={11}
            placeholder='联合会将与您联系'
            value={form.organizerMobile}
            onInput={set('organizerMobile')}
            error={errors.organizerMobile}
          />
          <TextField
            id='organizerJob'
            label='组织者职务'
            placeholder='如：行政主管、车间主任'
            value={form.organizerJob}
            onInput={set('organizerJob')}
            error={errors.organizerJob}
          />
          <Button type='primary' block loading={busy} disabled={busy} onClick={apply}>
            提交建会申请
          </Button>
          {items.length > 0 && (
            <Tappable className='more link' onTap={() => setShowForm(false)}>
              收起
            </Tappable>
          )}
        </View>
      ) : (
        <View className='btn-row' style={{ marginTop: 0, marginBottom: '12px' }}>
          <Button fill='outline' onClick={() => setShowForm(true)}>
            为另一家企业申请建会
          </Button>
        </View>
      )}

      {shown.length > 0 && (
        <Heading level={2} className='section-title'>
          我的建会申请
        </Heading>
      )}
      {shown.map((f) => (
        <View key={f.id} className='card founding-item' id={`founding-${f.id}`}>
          <Heading level={3} className='card-title'>
            {f.enterpriseName}
          </Heading>
          <View className='founding-status status-line'>
            <Tag type={STATUS_TAG[f.status]}>{f.statusLabel}</Tag>
          </View>
          <View className='kv'>
            <Text className='kv-k'>指导单位</Text>
            <Text className='kv-v'>{f.federationName}</Text>
          </View>
          <View className='kv'>
            <Text className='kv-k'>职工人数</Text>
            <Text className='kv-v'>
              {f.headcount} 人，拟入会 {f.intendedMembers} 人
            </Text>
          </View>
          <View className='kv'>
            <Text className='kv-k'>组织者</Text>
            <Text className='kv-v'>
              {f.organizerName}（{f.organizerJob}，{f.organizerMobileMasked}）
            </Text>
          </View>
          {f.owner && (
            <View className='kv'>
              <Text className='kv-k'>当前办理</Text>
              <Text className='kv-v'>{f.ownerLabel}</Text>
            </View>
          )}
          {f.dueAt !== null && f.sla !== 'done' && (
            <View className='kv'>
              <Text className='kv-k'>本步期限</Text>
              <View className='kv-v kv-inline'>
                <Text className='nowrap'>{formatTime(f.dueAt)} 前</Text>
                <Tag type={SLA_TYPE[f.sla]} plain>
                  {SLA_LABEL[f.sla]}
                </Tag>
              </View>
            </View>
          )}
          <View className='kv'>
            <Text className='kv-k'>已用时</Text>
            <Text className='kv-v'>
              {f.elapsedWorkingDays} 个工作日（{formatDate(f.submittedAt)} 提交）
            </Text>
          </View>
          {f.statusNote && <View className={`notice notice-${f.statusNote.kind}`}>{f.statusNote.text}</View>}
          {f.election && (
            <View className='election'>
              <Text className='field-label'>会员大会选举结果</Text>
              <View className='kv'>
                <Text className='kv-k'>大会日期</Text>
                <Text className='kv-v'>
                  {f.election.meetingDate}，到会 {f.election.attendees} 人
                </Text>
              </View>
              <View className='kv'>
                <Text className='kv-k'>主席</Text>
                <Text className='kv-v'>{f.election.chairName}</Text>
              </View>
              <View className='kv'>
                <Text className='kv-k'>委员</Text>
                <Text className='kv-v'>{f.election.committee.join('、')}</Text>
              </View>
              <View className='kv'>
                <Text className='kv-k'>材料</Text>
                <Text className='kv-v'>{f.election.files.map((x) => x.name).join('、')}</Text>
              </View>
            </View>
          )}
          <View style={{ marginTop: '10px' }}>
            <StepTimeline history={f.history} newestFirst />
          </View>
          {f.actions
            .filter((a) => a.key === 'submit_election')
            .map((a) => (
              <ElectionForm
                key={a.key}
                title={a.label}
                founding={f}
                onDone={(after) => (replace(after), setNotice({ kind: 'ok', text: '选举结果已提交，等待联合会批复成立' }))}
              />
            ))}
          {f.actions.some((a) => a.key === 'withdraw') && (
            <View className='btn-row'>
              {f.actions
                .filter((a) => a.key === 'withdraw')
                .map((a) => (
                  <Button key={a.key} fill='outline' onClick={() => void withdraw(f)}>
                    {a.label}
                  </Button>
                ))}
            </View>
          )}
        </View>
      ))}
      {focus && shown.length < items.length && (
        <Tappable className='more link' onTap={() => setFocus(null)}>
          查看我的全部建会申请
        </Tappable>
      )}
    </View>
  );
}
