import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ApiError, call, fieldErrors, messageOf, type Input, type Output } from '../../api';
import { Button, Tag } from '../../components/nut';
import { formatDate, formatTime } from '../../components/format';
import { StepTimeline } from '../../components/StepTimeline';
import { openDownload } from '../../platform/download';
import { FOUNDING_SLA_LABEL, FOUNDING_SLA_TYPE, FOUNDING_STATUS_TAG } from './labels';
import '../admin.scss';
import { useLoadOn } from '../../components/useLoadOn';
import { LabelledTextarea, PageState, PageTitle, SectionTitle, Tap, useConfirm } from '../ui';

type Founding = Output<'founding', 'get'>;
type Event = Input<'founding', 'decide'>['event'];
type Action = Founding['actions'][number];

/** The federation's decisions (the organizer's actions are on their own page). */
const isDecision = (a: Action): a is Action & { key: Event } => a.key in DONE;
const BUTTON: Record<Event, { type: 'primary' | 'default' | 'danger'; fill?: 'outline' }> = {
  approve_preparation: { type: 'primary' },
  approve_establishment: { type: 'primary' },
  return: { type: 'default', fill: 'outline' },
  reject: { type: 'danger', fill: 'outline' },
};
/** what the officer is told before deciding */
const CONSEQUENCE: Record<Event, string> = {
  approve_preparation: '同意后将通知组织者在规定期限内召开会员大会、选举工会委员会。',
  approve_establishment: '批复后该工会即告成立，加入组织树，组织者成为该工会的工会干部；此决定不能撤回。',
  return: '申请将退回组织者补正材料，并通知组织者；意见中的说明组织者可以看到。',
  reject: '不予批准后本次建会申请即告结束，并通知组织者；意见中的理由组织者可以看到。',
};

const DONE: Record<Event, string> = {
  approve_preparation: '已同意筹备，已通知组织者召开会员大会',
  approve_establishment: '已批复成立，工会已加入组织树',
  return: '已退回补正，已通知组织者',
  reject: '已作出不予批准的决定，已通知组织者',
};

const back = () => (Taro.getCurrentPages().length > 1 ? Taro.navigateBack() : Taro.redirectTo({ url: '/admin/founding/index' }));

export default function FoundingDetail() {
  const { params } = useRouter();
  const [f, setF] = useState<Founding | null>(null);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const { confirm, confirmUi } = useConfirm();
  const [loadError, setLoadError] = useState<unknown>(null);
  /** after a decision: the next open application in the queue (undefined: not looked up yet) */
  const [nextId, setNextId] = useState<string | null | undefined>(undefined);

  const load = () =>
    call('founding', 'get', { foundingId: params.id ?? '' })
      .then((x) => {
        setF(x);
        setLoadError(null);
      })
      .catch((e: unknown) => setLoadError(e));
  useLoadOn(load, []);

  const findNext = () =>
    call('founding', 'queue', { overdueOnly: false, limit: 3 })
      .then((q) => setNextId(q.items.find((i) => i.id !== params.id)?.id ?? null))
      .catch(() => setNextId(null));

  const decide = async (event: Event, label: string, needsNote: boolean) => {
    if (!f || busy) return;
    // a note the server requires and that is missing: no question, the server's message under the box
    const missingNote = needsNote && !note.trim();
    if (
      !missingNote &&
      !(await confirm({ title: `确认${label}？`, message: `${f.enterpriseName}：${CONSEQUENCE[event]}`, confirmText: label, danger: event === 'reject' }))
    )
      return;
    setBusy(true);
    setNoteError(null);
    try {
      const after = await call('founding', 'decide', { foundingId: f.id, event, note, version: f.version });
      setF(after);
      setNote('');
      setNotice({ kind: 'ok', text: DONE[event] });
      void findNext();
    } catch (e) {
      const fields = fieldErrors(e);
      if (fields.note) setNoteError(fields.note);
      else setNotice({ kind: 'error', text: messageOf(e) });
      if (e instanceof ApiError && (e.code === 'CONFLICT' || e.code === 'ILLEGAL_TRANSITION')) load();
    } finally {
      setBusy(false);
    }
  };

  const download = (fileId: string) =>
    call('org', 'getFile', { fileId })
      .then((f) => openDownload({ url: f.url, filename: f.name, contentType: f.contentType }))
      .catch((e) => setNotice({ kind: 'error', text: messageOf(e) }));

  if (!f)
    return (
      <View className='page adm founding-detail'>
        <PageTitle>建会审批</PageTitle>
        <PageState loading={!loadError} error={loadError} onRetry={load} rows={6} />
      </View>
    );
  const decisions = f.actions.filter(isDecision);

  return (
    <View className='page adm founding-detail'>
      <PageTitle>建会审批</PageTitle>
      {confirmUi}
      {notice && (
        <View {...({ role: 'status' } as object)}>
          <View className={`notice ${notice.kind === 'ok' ? 'notice-ok' : 'notice-error'}`} id='notice'>
            {notice.text}
          </View>
          {notice.kind === 'ok' && nextId && (
            <View className='btn-row adm-next'>
              <Button type='primary' onClick={() => Taro.redirectTo({ url: `/admin/founding/detail?id=${nextId}` })}>
                下一条
              </Button>
            </View>
          )}
        </View>
      )}
      <View className='card'>
        <View className='row'>
          <Text className='card-title'>{f.enterpriseName}</Text>
          <View className='tags' id='status'>
            {f.escalated && (
              <Tag type='danger' plain>
                已督办
              </Tag>
            )}
            <Tag type={FOUNDING_STATUS_TAG[f.status]} plain={FOUNDING_STATUS_TAG[f.status] === 'default'}>
              {f.statusLabel}
            </Tag>
          </View>
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
            {f.organizerName}（{f.organizerJob}）{f.organizerMobileMasked}
          </Text>
        </View>
        <View className='kv'>
          <Text className='kv-k'>申请时间</Text>
          <Text className='kv-v'>
            {formatTime(f.submittedAt)}，已用 {f.elapsedWorkingDays} 个工作日
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
              <Text>{formatTime(f.dueAt)}</Text>
              <Tag type={FOUNDING_SLA_TYPE[f.sla]} plain>
                {FOUNDING_SLA_LABEL[f.sla]}
              </Tag>
            </View>
          </View>
        )}
        {f.closedAt !== null && (
          <View className='kv'>
            <Text className='kv-k'>办结时间</Text>
            <Text className='kv-v'>{formatDate(f.closedAt)}</Text>
          </View>
        )}
      </View>

      {f.election && (
        <View className='card' id='election'>
          <SectionTitle>会员大会选举结果</SectionTitle>
          <View className='kv'>
            <Text className='kv-k'>大会日期</Text>
            <Text className='kv-v'>{f.election.meetingDate}</Text>
          </View>
          <View className='kv'>
            <Text className='kv-k'>到会人数</Text>
            <Text className='kv-v'>
              {f.election.attendees} 人（拟入会 {f.intendedMembers} 人）
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
            <Text className='kv-k'>会议材料</Text>
            <View className='kv-v'>
              {f.election.files.map((x) => (
                <Tap key={x.id} className='link file-link' label={`下载${x.name}`} onTap={() => download(x.id)}>
                  {x.name}（{Math.max(1, Math.round(x.size / 1024))} KB）下载
                </Tap>
              ))}
            </View>
          </View>
        </View>
      )}

      <View className='card'>
        <SectionTitle>办理记录</SectionTitle>
        <StepTimeline history={f.history} />
      </View>

      {f.decision && decisions.length > 0 && (
        <View className='card'>
          <SectionTitle>{f.decision.title}</SectionTitle>
          <LabelledTextarea
            id='note'
            label={f.decision.title}
            hideLabel
            placeholder={f.decision.notePlaceholder}
            value={note}
            error={noteError}
            onInput={(v) => {
              setNote(v);
              setNoteError(null);
            }}
          />
          <View className='btn-row'>
            {decisions.map((a, i) => (
              <Button key={a.key} {...BUTTON[a.key]} loading={i === 0 && busy} disabled={i > 0 && busy} onClick={() => decide(a.key, a.label, a.needsNote)}>
                {a.label}
              </Button>
            ))}
          </View>
        </View>
      )}
      {f.statusNote && <View className={`notice notice-${f.statusNote.kind}`}>{f.statusNote.text}</View>}
      {f.unionId !== null && (
        <View style={{ marginBottom: '12px' }}>
          <Button type='primary' block onClick={() => Taro.navigateTo({ url: '/admin/org/index' })}>
            在组织树中查看
          </Button>
        </View>
      )}
      <Button fill='outline' block onClick={back}>
        返回列表
      </Button>
    </View>
  );
}
