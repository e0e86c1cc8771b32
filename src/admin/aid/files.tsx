import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { call, messageOf, type Output } from '../../api';
import { Button, Tag } from '../../components/nut';
import { formatDate } from '../../components/format';
import { useLoadOn } from '../../components/useLoadOn';
import { CLOSE_REASONS, CLOSE_REASON_LABEL, type CloseReason } from '../../../core/aid/machine';
import { LabelledTextarea, PageState, PageTitle, PickRow, Tap, useConfirm, LoadMore } from '../ui';
import { yuan } from './labels';
import '../admin.scss';
import './aid.scss';

type Files = Output<'aid', 'files'>;
type File = Files['items'][number];

const FILE_TAG = { draft: 'default', active: 'success', closed: 'default' } as const;
const REASON_OPTIONS = ['请选择销档原因', ...CLOSE_REASONS.map((r) => CLOSE_REASON_LABEL[r])];

export default function AidFiles() {
  const [dueOnly, setDueOnly] = useState(false);
  const [data, setData] = useState<Files | null>(null);
  const [items, setItems] = useState<File[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  /** the file whose 复核 or 销档 form is open */
  const [acting, setActing] = useState<{ id: string; key: 'reverify' | 'close' } | null>(null);
  const [reason, setReason] = useState<CloseReason | null>(null);
  const [note, setNote] = useState('');
  const [reasonError, setReasonError] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const { confirm, confirmUi } = useConfirm();

  const load = async (after: string | null = null) => {
    setLoading(true);
    try {
      const r = await call('aid', 'files', { reverifyDue: dueOnly, limit: 20, after });
      setData(r);
      setItems((prev) => (after ? [...prev, ...r.items] : r.items));
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
      Taro.stopPullDownRefresh();
    }
  };
  useLoadOn(() => load(null), [dueOnly]);
  useDidShow(() => data && load(null));
  usePullDownRefresh(() => void load(null));

  const openForm = (f: File, key: 'reverify' | 'close') => {
    setActing(acting?.id === f.id && acting.key === key ? null : { id: f.id, key });
    setReason(null);
    setNote('');
    setReasonError('');
  };

  const submit = async (f: File) => {
    if (!acting || busy) return;
    if (acting.key === 'close' && !reason) return setReasonError('请选择销档原因');
    const ok =
      acting.key === 'reverify'
        ? await confirm({
            title: '确认年度复核？',
            message: `确认${f.name}家仍符合困难职工条件，档案继续有效，下次复核日期按政策顺延。`,
            confirmText: '确认复核',
          })
        : await confirm({
            title: `确认销档（${CLOSE_REASON_LABEL[reason!]}）？`,
            message: `${f.name}的困难职工档案将销档，不能再申请帮扶；家庭成员可另行建档。档案和全部历史记录保留。此决定不能撤回。`,
            confirmText: '确认销档',
            danger: true,
          });
    if (!ok) return;
    setBusy(true);
    try {
      const after =
        acting.key === 'reverify'
          ? await call('aid', 'reverifyFile', { fileId: f.id, note, version: f.version })
          : await call('aid', 'closeFile', { fileId: f.id, reason: reason!, note, version: f.version });
      setItems((prev) => prev.map((x) => (x.id === f.id ? after : x)));
      setActing(null);
      setResult({
        kind: 'ok',
        text:
          acting.key === 'reverify'
            ? `已复核${f.name}的档案${after.reverifyDueAt !== null ? `，下次复核 ${formatDate(after.reverifyDueAt)}` : ''}`
            : `已销档：${f.name}（${after.closeReasonLabel ?? CLOSE_REASON_LABEL[reason!]}）`,
      });
    } catch (e) {
      setResult({ kind: 'error', text: messageOf(e) });
      void load(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='page adm aid-files'>
      <PageTitle>困难职工档案</PageTitle>
      {confirmUi}
      <View className='filters'>
        <Tap className={`adm-chip ${dueOnly ? 'on' : ''}`} pressed={dueOnly} onTap={() => setDueOnly(!dueOnly)}>
          只看待年度复核
        </Tap>
      </View>
      {result && (
        <View className={`notice ${result.kind === 'ok' ? 'notice-ok' : 'notice-error'}`} id='notice' {...({ role: 'status' } as object)}>
          {result.text}
        </View>
      )}
      <PageState
        loading={loading && items.length === 0}
        error={items.length === 0 ? error : null}
        onRetry={() => load(null)}
        empty={!!data && items.length === 0}
        emptyText={dueOnly ? '暂无待年度复核的档案' : '暂无困难职工档案'}
        emptyHint={dueOnly ? '30天内到期的年度复核会出现在这里' : '职工的帮扶申请获批后即正式建档'}
      >
        {items.map((f) => (
          <View key={f.id} className='item' id={`file-${f.id}`}>
            <View className='row'>
              <Text className='item-name'>{f.name}</Text>
              <View className='tags'>
                {f.tierLabel && (
                  <Tag type='info' plain>
                    {f.tierLabel}
                  </Tag>
                )}
                <Tag type={FILE_TAG[f.status]} plain={FILE_TAG[f.status] === 'default'}>
                  {f.statusLabel}
                </Tag>
              </View>
            </View>
            <Text className='item-line'>
              {f.orgName} · 家庭 {f.household.length} 人{f.perHeadMonthly !== null ? ` · 人均月收入 ${yuan(f.perHeadMonthly)}` : ''}
            </Text>
            {f.causes && <Text className='item-line'>致困原因：{f.causes.primaryLabel}</Text>}
            <Text className='item-line'>
              {f.activatedAt !== null ? `${formatDate(f.activatedAt)} 建档` : '尚未正式建档'}
              {f.reverifyDueAt !== null && f.status === 'active' ? ` · 下次复核 ${formatDate(f.reverifyDueAt)}` : ''}
              {f.closedAt !== null ? ` · ${formatDate(f.closedAt)} 销档（${f.closeReasonLabel ?? ''}）` : ''}
            </Text>
            {acting?.id === f.id && (
              <View className='aid-inline-form'>
                {acting.key === 'close' && (
                  <View className='field'>
                    <Text className='field-label'>销档原因</Text>
                    <PickRow
                      id={`reason-${f.id}`}
                      title='销档原因'
                      options={REASON_OPTIONS}
                      index={reason ? CLOSE_REASONS.indexOf(reason) + 1 : 0}
                      onPick={(i) => {
                        setReason(i > 0 ? CLOSE_REASONS[i - 1] : null);
                        setReasonError('');
                      }}
                    />
                    {reasonError && <Text className='field-error'>{reasonError}</Text>}
                  </View>
                )}
                <LabelledTextarea
                  id={`note-${f.id}`}
                  label={acting.key === 'close' ? '说明（可不填）' : '复核情况（可不填）'}
                  height={56}
                  value={note}
                  onInput={setNote}
                />
                <View className='btn-row'>
                  <Button type={acting.key === 'close' ? 'danger' : 'primary'} loading={busy} disabled={busy} onClick={() => submit(f)}>
                    {acting.key === 'close' ? '确认销档' : '确认复核'}
                  </Button>
                  <Button fill='outline' onClick={() => setActing(null)}>
                    取消
                  </Button>
                </View>
              </View>
            )}
            {f.actions.length > 0 && acting?.id !== f.id && (
              <View className='aid-row-actions'>
                {f.actions.map((a) => (
                  <Button
                    key={a.key}
                    type={a.key === 'close' ? 'danger' : 'primary'}
                    fill='outline'
                    label={`${f.name}：${a.label}`}
                    onClick={() => openForm(f, a.key)}
                  >
                    {a.label}
                  </Button>
                ))}
              </View>
            )}
          </View>
        ))}
        <LoadMore next={data?.next} loading={loading} onMore={load} />
      </PageState>
    </View>
  );
}
