import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { call, messageOf, type Input, type Output } from '../../api';
import { Switch, Tag } from '../../components/nut';
import { formatDate, formatTime } from '../../components/format';
import { LinkArrow } from '../../components/Tappable';
import { useLoadOn } from '../../components/useLoadOn';
import { LoadMore, PageState, PageTitle, TabBar, Tap } from '../ui';
import { SLA_LABEL, SLA_TYPE, STATUS_TAG, shown, staffKind, yuan } from './labels';
import '../admin.scss';
import './case.scss';

type Queue = Output<'case', 'queue'>;
type Row = Queue['items'][number];
type TabKey = NonNullable<NonNullable<Input<'case', 'queue'>>['tab']>;

/** the stages in the order a case goes through them, then the cross-cutting views */
const TABS: ReadonlyArray<{ key: TabKey; label: string; empty: string }> = [
  { key: 'received', label: '待分派', empty: '没有待分派的案件' },
  { key: 'assigned', label: '待签收', empty: '没有待签收的案件' },
  { key: 'handling', label: '办理中', empty: '没有办理中的案件' },
  { key: 'resolved', label: '待回访', empty: '没有待回访的案件' },
  { key: 'quality_check', label: '待质检', empty: '没有待质检的案件' },
  { key: 'mine', label: '我的', empty: '没有派给您的案件' },
  { key: 'overdue', label: '超期', empty: '没有超期的案件' },
  { key: 'closed', label: '已结案', empty: '还没有结案的案件' },
];

/** the server counts only what is open (已结案 grows without end): that tab keeps its row height with no number */
const NO_COUNT = '\u00a0';

const rowLabel = (r: Row) =>
  [
    r.urgent ? '紧急' : '',
    r.title,
    r.collective ? `集体诉求${r.collective.workers}人，涉及${yuan(r.collective.amountOwed)}` : '',
    r.statusLabel,
    r.sla !== 'none' ? SLA_LABEL[r.sla] : '',
    r.escalated ? '已督办' : '',
  ]
    .filter(Boolean)
    .join('，');

export default function CaseQueue() {
  const who = staffKind();
  // lawyers and social workers hold cases but do not run a desk: they see only what is assigned to them
  const tabs = who.officer ? TABS : TABS.filter((t) => t.key === 'mine');
  const [tab, setTab] = useState<TabKey>(who.officer ? 'received' : 'mine');
  const [supervise, setSupervise] = useState(false);
  const [data, setData] = useState<Queue | null>(null);
  const [items, setItems] = useState<Row[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);

  const load = async (after: string | null = null) => {
    setLoading(true);
    try {
      const r = await call('case', 'queue', { tab, supervise, limit: 20, after });
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
  useLoadOn(() => load(null), [tab, supervise]);
  useDidShow(() => data && load(null));
  usePullDownRefresh(() => load(null));

  const counts = data?.counts;
  const link = (label: string, url: string) => (
    <Tap className='adm-chip' role='link' onTap={() => Taro.navigateTo({ url })}>
      {label}
      <LinkArrow />
    </Tap>
  );
  const current = TABS.find((t) => t.key === tab)!;

  return (
    <View className='page adm case-queue'>
      <PageTitle>案件办理</PageTitle>
      {data?.orgName && <Text className='muted case-org'>{supervise ? `${data.orgName}及下级工会` : data.orgName}</Text>}
      <View className='case-links'>
        {who.officer && link('案件统计', '/admin/case/stats')}
        {who.officer && link('律师值班', '/admin/case/rota')}
        {who.federation && link('办理规则', '/admin/case/rules')}
        {who.lawyer && link('咨询预约转案件', '/admin/case/bookings')}
      </View>
      <TabBar
        id='counts'
        items={tabs.map((t) => ({ key: t.key, label: t.label, count: !counts ? '…' : counts[t.key] === undefined ? NO_COUNT : shown(counts[t.key]) }))}
        value={tab}
        onChange={setTab}
      />
      {who.federation && (
        <View className='switch-row case-supervise'>
          <Text className='switch-state'>督办辖区（含下级工会的案件）</Text>
          <Switch checked={supervise} ariaLabel='督办辖区' onChange={(v: boolean) => setSupervise(v)} />
        </View>
      )}
      <PageState
        loading={loading && items.length === 0}
        error={items.length === 0 ? error : null}
        onRetry={() => load(null)}
        empty={!!data && items.length === 0}
        emptyText={current.empty}
        emptyHint={
          tab === 'mine'
            ? '派给您的案件出现在这里：请在签收时限内签收，办理过程逐条记录，按期办结；紧急的（集体欠薪等）排在最前。'
            : '职工提交诉求后按环节出现在这里：紧急的（集体欠薪等）排在最前，其余按到期时间；超过时限的标红并报上级督办。'
        }
      >
        {error ? <View className='notice notice-error'>{messageOf(error)}</View> : null}
        {items.map((r) => (
          <Tap
            key={r.id}
            className={`item case-item ${r.urgent ? 'case-urgent' : ''}`}
            label={rowLabel(r)}
            onTap={() => Taro.navigateTo({ url: `/admin/case/detail?id=${r.id}` })}
          >
            <View className='row case-item-head'>
              <View className='case-item-title'>
                {r.urgent && <Text className='case-badge-urgent'>紧急</Text>}
                <Text className='item-name'>{r.title}</Text>
              </View>
              <View className='tags'>
                {r.escalated && (
                  <Tag type='danger' plain>
                    已督办
                  </Tag>
                )}
                {r.sla !== 'none' ? (
                  <Tag type={SLA_TYPE[r.sla]}>{SLA_LABEL[r.sla]}</Tag>
                ) : (
                  <Tag type={STATUS_TAG[r.status]} plain={STATUS_TAG[r.status] === 'default'}>
                    {r.statusLabel}
                  </Tag>
                )}
              </View>
            </View>
            {r.collective && (
              <Text className='case-collective'>
                集体诉求 · <Text className='nowrap'>{r.collective.workers} 人</Text> · 涉及 <Text className='nowrap'>{yuan(r.collective.amountOwed)}</Text>
              </Text>
            )}
            <Text className='item-line'>
              {r.categoryLabel} · {r.itemLabel}
              {r.enterpriseName ? ` · ${r.enterpriseName}` : ''}
            </Text>
            <Text className='item-line'>
              {r.no} · 诉求人 {r.claimantName}
            </Text>
            <Text className='item-line'>
              {r.statusLabel}
              {r.ownerLabel !== r.statusLabel ? ` · ${r.ownerLabel}` : ''}
            </Text>
            <Text className='item-line'>
              {formatDate(r.createdAt)} 受理{r.waitingWorkingDays > 0 ? ` · 已等待 ${r.waitingWorkingDays} 个工作日` : ''}
              {r.dueAt !== null && r.sla !== 'none' ? ' · 本步期限 ' : ''}
              {r.dueAt !== null && r.sla !== 'none' && <Text className={`nowrap ${r.sla === 'overdue' ? 'case-overdue' : ''}`}>{formatTime(r.dueAt)}</Text>}
            </Text>
          </Tap>
        ))}
        <LoadMore id='more' next={data?.next} loading={loading} onMore={load} />
      </PageState>
    </View>
  );
}
