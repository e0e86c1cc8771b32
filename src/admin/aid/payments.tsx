import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { call, messageOf, type Output } from '../../api';
import { Button, Tag } from '../../components/nut';
import { formatTime } from '../../components/format';
import { openDownload } from '../../platform/download';
import { LabelledTextarea, PageState, PageTitle, SectionTitle, useConfirm, LoadMore } from '../ui';
import { STATUS_TAG, yuan } from './labels';
import '../admin.scss';
import './aid.scss';

type Roster = Output<'aid', 'paymentRoster'>;
type Row = Roster['items'][number];
type Outcome = Row['actions'][number]['key'];

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** what the finance officer is told before writing a result back */
const QUESTION: Record<Outcome, (r: Row) => string> = {
  pay: (r) => `确认已向${r.name}（${r.bankName} ${r.accountMasked}）发放${r.kindLabel} ${yuan(r.amount)}？记为已发放后该笔帮扶办结，并通知申请人。`,
  bounce: (r) => `${r.name}的 ${yuan(r.amount)} 记为发放退回（账户有误）？将通知申请人核对银行账户，更正后可重新发放。`,
  reissue: (r) => `重新发放${r.name}的 ${yuan(r.amount)}？该笔将回到待发放名单，下次导出时列入。`,
};
const LOOK: Record<Outcome, { type: 'primary' | 'default' | 'danger'; fill?: 'outline' }> = {
  pay: { type: 'primary' },
  bounce: { type: 'danger', fill: 'outline' },
  reissue: { type: 'primary', fill: 'outline' },
};

export default function AidPayments() {
  const [data, setData] = useState<Roster | null>(null);
  const [items, setItems] = useState<Row[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [busy, setBusy] = useState<string | null>(null);
  const [result, setResult] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  /** the row whose 退回 is being written (its note box open) */
  const [bouncing, setBouncing] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const { confirm, confirmUi } = useConfirm();

  const load = async (after: string | null = null) => {
    setLoading(true);
    try {
      const r = await call('aid', 'paymentRoster', { limit: 20, after });
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
  useDidShow(() => void load(null));
  usePullDownRefresh(() => void load(null));

  const exportRoster = async () => {
    if (busy) return;
    setBusy('export');
    try {
      const x = await call('aid', 'exportPayments', {});
      await openDownload({ url: x.url, filename: x.filename, contentType: XLSX });
      setResult({ kind: 'ok', text: `已导出发放名单 ${x.rows} 条（${x.filename}），下载链接 ${formatTime(x.expiresAt)} 前有效；本次导出已留痕。` });
      await load(null);
    } catch (e) {
      setResult({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(null);
    }
  };

  const record = async (r: Row, key: Outcome, label: string) => {
    if (busy) return;
    if (key === 'bounce' && bouncing !== r.applicationId) {
      setBouncing(r.applicationId);
      setNote('');
      return;
    }
    if (!(await confirm({ title: `确认${label}？`, message: QUESTION[key](r), confirmText: label, danger: key === 'bounce' }))) return;
    setBusy(r.applicationId);
    try {
      const after = await call('aid', 'recordPayment', {
        applicationId: r.applicationId,
        outcome: key,
        note: key === 'bounce' ? note : '',
        version: r.version,
      });
      setItems((prev) => prev.map((x) => (x.applicationId === r.applicationId ? after : x)));
      setBouncing(null);
      setResult({ kind: 'ok', text: `${r.name}：${after.statusLabel}` });
    } catch (e) {
      setResult({ kind: 'error', text: messageOf(e) });
      void load(null);
    } finally {
      setBusy(null);
    }
  };

  return (
    <View className='page adm aid-payments'>
      <PageTitle>帮扶发放</PageTitle>
      {confirmUi}
      {result && (
        <View className={`notice ${result.kind === 'ok' ? 'notice-ok' : 'notice-error'}`} id='notice' {...({ role: 'status' } as object)}>
          {result.text}
        </View>
      )}
      <View className='card'>
        <SectionTitle>发放名单</SectionTitle>
        <Text className='muted aid-block'>只列公示期满且无成立异议的已批准帮扶。银行卡号在此脱敏显示，完整卡号仅在导出表中；每次导出都会留痕。</Text>
        <View className='stats'>
          <View className='stat'>
            <Text className='stat-num' id='roster-total'>
              {data ? data.total : '…'}
            </Text>
            <Text className='muted'>名单人数</Text>
          </View>
          <View className='stat'>
            <Text className='stat-num'>{yuan(items.filter((i) => i.status === 'cleared').reduce((s, i) => s + i.amount, 0))}</Text>
            <Text className='muted'>本页待发放金额</Text>
          </View>
        </View>
        <View className='btn-row'>
          <Button type='primary' loading={busy === 'export'} disabled={!!busy} onClick={exportRoster}>
            导出发放名单
          </Button>
        </View>
      </View>
      <PageState
        loading={loading && items.length === 0}
        error={items.length === 0 ? error : null}
        onRetry={() => load(null)}
        empty={!!data && items.length === 0}
        emptyText='暂无待发放的帮扶'
        emptyHint='联合会批准的帮扶经公示期满、无成立的异议后，会出现在这里。'
      >
        {items.map((r) => (
          <View key={r.applicationId} className='item' id={`pay-${r.applicationId}`}>
            <View className='row'>
              <Text className='item-name'>{r.name}</Text>
              <Tag type={STATUS_TAG[r.status]} plain={STATUS_TAG[r.status] === 'default'}>
                {r.statusLabel}
              </Tag>
            </View>
            <View className='row'>
              <Text className='item-line'>
                {r.orgName} · {r.kindLabel}
              </Text>
              <Text className='aid-amount'>{yuan(r.amount)}</Text>
            </View>
            <Text className='item-line'>
              {r.bankName} {r.accountMasked}
            </Text>
            {r.exportedAt !== null && (
              <Text className='item-line'>
                已导出 <Text className='nowrap'>{formatTime(r.exportedAt)}</Text>
              </Text>
            )}
            {bouncing === r.applicationId && (
              <View className='aid-inline-form'>
                <LabelledTextarea
                  id={`bounce-${r.applicationId}`}
                  label='退回原因'
                  placeholder='如：户名与卡号不符、账户已销户（申请人可以看到）'
                  height={56}
                  value={note}
                  onInput={setNote}
                />
              </View>
            )}
            {r.actions.length > 0 && (
              <View className='aid-row-actions'>
                {r.actions.map((a) => (
                  <Button
                    key={a.key}
                    {...LOOK[a.key]}
                    loading={busy === r.applicationId}
                    disabled={!!busy}
                    label={`${r.name}：${a.key === 'bounce' && bouncing === r.applicationId ? `确认${a.label}` : a.label}`}
                    onClick={() => record(r, a.key, a.label)}
                  >
                    {a.key === 'bounce' && bouncing === r.applicationId ? `确认${a.label}` : a.label}
                  </Button>
                ))}
                {bouncing === r.applicationId && (
                  <Button fill='outline' onClick={() => setBouncing(null)}>
                    取消
                  </Button>
                )}
              </View>
            )}
          </View>
        ))}
        <LoadMore next={data?.next} loading={loading} onMore={load} />
      </PageState>
    </View>
  );
}
