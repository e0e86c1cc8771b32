import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { call, messageOf, type Input, type Output } from '../../api';
import { currentUser } from '../../api/session';
import { Button, Switch, Tag } from '../../components/nut';
import { formatDate, formatTime } from '../../components/format';
import { LinkArrow } from '../../components/Tappable';
import { useLoadOn } from '../../components/useLoadOn';
import { PageState, PageTitle, TabBar, Tap, LoadMore } from '../ui';
import { SLA_LABEL, SLA_TYPE, STATUS_TAG, yuan } from './labels';
import { QUEUE_COUNT_CAP } from '../../../core/aid/machine';
import '../admin.scss';
import './aid.scss';

type Queue = Output<'aid', 'queue'>;
type Item = Queue['items'][number];
type Status = NonNullable<NonNullable<Input<'aid', 'queue'>>['status']>;
type TabKey = 'all' | Status | 'approved';

/** the steps of the review, in order; 待公示 is the federation's next job, done on the notices page */
/** a tab count as the server gives it: it stops at QUEUE_COUNT_CAP, shown as 99+ */
const shown = (n: number) => (n >= QUEUE_COUNT_CAP ? `${QUEUE_COUNT_CAP - 1}+` : String(n));

const TABS: ReadonlyArray<{ key: TabKey; label: string; count: (c: Queue['counts']) => number }> = [
  { key: 'all', label: '全部待办', count: (c) => c.first_check + c.union_review + c.federation_review + c.upper_review },
  { key: 'first_check', label: '初审', count: (c) => c.first_check },
  { key: 'union_review', label: '入户调查复核', count: (c) => c.union_review },
  { key: 'federation_review', label: '联合会审批', count: (c) => c.federation_review },
  { key: 'upper_review', label: '上级审批', count: (c) => c.upper_review },
  { key: 'approved', label: '待公示', count: (c) => c.approved },
];

const isFederation = () => (currentUser()?.grants ?? []).some((g) => g.role === 'federation_officer' || g.role === 'admin');
const isAdmin = () => (currentUser()?.grants ?? []).some((g) => g.role === 'admin');

export default function AidQueue() {
  const [tab, setTab] = useState<TabKey>('all');
  const [supervise, setSupervise] = useState(false);
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [data, setData] = useState<Queue | null>(null);
  const [items, setItems] = useState<Item[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const federation = isFederation();

  const load = async (after: string | null = null) => {
    if (tab === 'approved') return setLoading(false);
    setLoading(true);
    try {
      const r = await call('aid', 'queue', { status: tab === 'all' ? undefined : tab, supervise, overdueOnly, limit: 20, after });
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
  useLoadOn(() => load(null), [tab, supervise, overdueOnly]);
  useDidShow(() => data && load(null));
  usePullDownRefresh(() => load(null));

  const open = (it: Item) => Taro.navigateTo({ url: `/admin/aid/detail?id=${it.id}&status=${tab === 'all' || tab === 'approved' ? '' : tab}` });
  const counts = data?.counts;

  return (
    <View className='page adm aid-queue'>
      <PageTitle>帮扶审核</PageTitle>
      <View className='aid-links'>
        {federation && (
          <Tap className='adm-chip' role='link' onTap={() => Taro.navigateTo({ url: '/admin/aid/notices' })}>
            公示与异议
            <LinkArrow />
          </Tap>
        )}
        <Tap className='adm-chip' role='link' onTap={() => Taro.navigateTo({ url: '/admin/aid/files' })}>
          困难职工档案
          <LinkArrow />
        </Tap>
        {federation && (
          <Tap className='adm-chip' role='link' onTap={() => Taro.navigateTo({ url: '/admin/aid/rules' })}>
            政策与预算
            <LinkArrow />
          </Tap>
        )}
        {isAdmin() && (
          <Tap className='adm-chip' role='link' onTap={() => Taro.navigateTo({ url: '/admin/aid/payments' })}>
            发放名单
            <LinkArrow />
          </Tap>
        )}
      </View>
      <TabBar
        id='counts'
        items={TABS.map((t) => ({ key: t.key, label: t.label, count: counts ? shown(t.count(counts)) : '…' }))}
        value={tab}
        onChange={setTab}
      />
      {tab !== 'approved' && (
        <View className='filters'>
          <Tap className={`adm-chip ${overdueOnly ? 'on' : ''}`} pressed={overdueOnly} onTap={() => setOverdueOnly(!overdueOnly)}>
            仅看已超时{counts ? `（${shown(counts.overdue)}）` : ''}
          </Tap>
          {federation && (
            <View className='switch-row aid-supervise'>
              <Text className='switch-state'>督办辖区（含下级工会的待办）</Text>
              <Switch checked={supervise} ariaLabel='督办辖区' onChange={(v: boolean) => setSupervise(v)} />
            </View>
          )}
        </View>
      )}
      {tab === 'approved' ? (
        <View className='card' id='to-notice'>
          <Text className='card-title'>{counts ? `${shown(counts.approved)} 份已批准的帮扶待列入公示` : '已批准的帮扶待列入公示'}</Text>
          <Text className='muted aid-block'>批准后须经公示，公示期满无成立的异议方可发放。在“公示与异议”中选择名单发布公示。</Text>
          {federation ? (
            <View className='btn-row'>
              <Button type='primary' onClick={() => Taro.navigateTo({ url: '/admin/aid/notices' })}>
                去发布公示
              </Button>
            </View>
          ) : (
            <Text className='muted aid-block'>公示由工会联合会发布。</Text>
          )}
        </View>
      ) : (
        <PageState
          loading={loading && items.length === 0}
          error={items.length === 0 ? error : null}
          onRetry={() => load(null)}
          empty={!!data && items.length === 0}
          emptyText={overdueOnly ? '没有已超时的帮扶申请' : tab === 'all' ? '暂无待办的帮扶申请' : `暂无待${TABS.find((t) => t.key === tab)!.label}的帮扶申请`}
          emptyHint='职工提交帮扶申请后，会按步骤出现在这里；每一步都有办理时限，超时会提醒上级督办。'
        >
          {error ? <View className='notice notice-error'>{messageOf(error)}</View> : null}
          {items.map((it) => (
            <Tap
              key={it.id}
              className='item'
              label={`${it.name}，${it.kindLabel}，${it.statusLabel}${it.sla !== 'none' ? `，${SLA_LABEL[it.sla]}` : ''}`}
              onTap={() => open(it)}
            >
              <View className='row'>
                <Text className='item-name'>{it.name}</Text>
                <View className='tags'>
                  {it.escalated && (
                    <Tag type='danger' plain>
                      已督办
                    </Tag>
                  )}
                  {it.sla !== 'none' ? (
                    <Tag type={SLA_TYPE[it.sla]}>{SLA_LABEL[it.sla]}</Tag>
                  ) : (
                    <Tag type={STATUS_TAG[it.status]} plain={STATUS_TAG[it.status] === 'default'}>
                      {it.statusLabel}
                    </Tag>
                  )}
                </View>
              </View>
              <Text className='item-line'>
                {it.kindLabel}
                {it.tierLabel ? ` · ${it.tierLabel}` : ''} · 申请 {yuan(it.requestedAmount)}
                {it.amount !== null ? ` · 批准 ${yuan(it.amount)}` : ''}
              </Text>
              <Text className='item-line'>
                {it.statusLabel} · {it.orgName}
              </Text>
              {it.waitingText && <Text className='item-line'>{it.waitingText}</Text>}
              <Text className='item-line'>
                {it.submittedAt !== null ? `${formatDate(it.submittedAt)} 提交` : ''}
                {it.dueAt !== null && it.sla !== 'none' ? ' · 本步期限 ' : ''}
                {it.dueAt !== null && it.sla !== 'none' && <Text className='nowrap'>{formatTime(it.dueAt)}</Text>}
              </Text>
            </Tap>
          ))}
          <LoadMore id='more' next={data?.next} loading={loading} onMore={load} />
        </PageState>
      )}
    </View>
  );
}
