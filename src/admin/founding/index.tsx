import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ApiError, call, messageOf, type Input, type Output } from '../../api';
import { Tag } from '../../components/nut';
import { formatDate, formatTime } from '../../components/format';
import { FOUNDING_SLA_LABEL, FOUNDING_SLA_TYPE, FOUNDING_STATUS_TAG } from './labels';
import '../admin.scss';
import { useLoadOn } from '../../components/useLoadOn';
import { PageState, PageTitle, TabBar, Tap } from '../ui';

type Queue = Output<'founding', 'queue'>;
type Status = NonNullable<NonNullable<Input<'founding', 'queue'>>['status']>;
type Filter = { key: string; label: string; status?: Status; overdueOnly?: boolean; count?: (c: Queue['counts']) => number };

const FILTERS: Filter[] = [
  { key: 'open', label: '全部在办', count: (c) => c.submitted + c.preparing + c.elected },
  { key: 'submitted', label: '待审核筹备', status: 'submitted', count: (c) => c.submitted },
  { key: 'preparing', label: '筹备中', status: 'preparing', count: (c) => c.preparing },
  { key: 'elected', label: '待批复', status: 'elected', count: (c) => c.elected },
  { key: 'overdue', label: '超时', overdueOnly: true, count: (c) => c.overdue },
];
const CLOSED: Filter[] = [
  { key: 'established', label: '已成立', status: 'established' },
  { key: 'rejected', label: '未获批准', status: 'rejected' },
  { key: 'withdrawn', label: '已撤回', status: 'withdrawn' },
];

export default function FoundingQueue() {
  const [filter, setFilter] = useState<Filter>(FILTERS[0]);
  const [data, setData] = useState<Queue | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  /** not this officer's desk (a union officer who opened the link): say so, with no 重试 */
  const [forbidden, setForbidden] = useState(false);

  const load = async () => {
    setLoading(true);
    try {
      setData(await call('founding', 'queue', { status: filter.status, overdueOnly: !!filter.overdueOnly, limit: 50 }));
      setError(null);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'FORBIDDEN') setForbidden(true);
      setError(e);
    } finally {
      setLoading(false);
      Taro.stopPullDownRefresh();
    }
  };
  useLoadOn(load, [filter.key]);
  useDidShow(() => data && load());
  usePullDownRefresh(load);

  return (
    <View className='page adm founding-queue'>
      <PageTitle>建会审批</PageTitle>
      {forbidden ? (
        <PageState
          loading={false}
          error={null}
          onRetry={load}
          empty
          emptyText='建会审批由工会联合会办理'
          emptyHint='企业申请建会后，由其所在的工会联合会审批；您所在的工会不负责这项工作。'
        />
      ) : null}
      {!forbidden && (
        <>
          <TabBar
            id='counts'
            items={FILTERS.map((f) => ({ key: f.key, label: f.label, count: data ? f.count!(data.counts) : '…' }))}
            value={filter.key}
            onChange={(k) => setFilter(FILTERS.find((f) => f.key === k)!)}
          />
          <View className='filters'>
            {CLOSED.map((f) => (
              <Tap key={f.key} className={`adm-chip ${filter.key === f.key ? 'on' : ''}`} pressed={filter.key === f.key} onTap={() => setFilter(f)}>
                {f.label}
              </Tap>
            ))}
          </View>
          <PageState
            loading={loading && (!data || data.items.length === 0)}
            error={!data || data.items.length === 0 ? error : null}
            onRetry={load}
            empty={!!data && data.items.length === 0}
            emptyText={`暂无${filter.label}的建会申请`}
            emptyHint={filter.key === 'open' ? '企业提交建会申请后会出现在这里' : undefined}
          >
            {error ? <View className='notice notice-error'>{messageOf(error)}</View> : null}
            {data?.items.map((it) => (
              <Tap
                key={it.id}
                className='item'
                label={`${it.enterpriseName}，${it.statusLabel}`}
                onTap={() => Taro.navigateTo({ url: `/admin/founding/detail?id=${it.id}` })}
              >
                <View className='row'>
                  <Text className='item-name'>{it.enterpriseName}</Text>
                  <View className='tags'>
                    {it.escalated && (
                      <Tag type='danger' plain>
                        已督办
                      </Tag>
                    )}
                    {it.sla !== 'done' ? (
                      <Tag type={FOUNDING_SLA_TYPE[it.sla]}>{FOUNDING_SLA_LABEL[it.sla]}</Tag>
                    ) : (
                      <Tag type={FOUNDING_STATUS_TAG[it.status]} plain={FOUNDING_STATUS_TAG[it.status] === 'default'}>
                        {it.statusLabel}
                      </Tag>
                    )}
                  </View>
                </View>
                <Text className='item-line'>
                  {it.statusLabel} · 当前办理：{it.ownerLabel}
                </Text>
                <Text className='item-line'>
                  职工 {it.headcount} 人，拟入会 {it.intendedMembers} 人 · 组织者 {it.organizerName}
                </Text>
                <Text className='item-line'>
                  {formatDate(it.submittedAt)} 申请 · 已用 {it.elapsedWorkingDays} 个工作日
                  {it.dueAt !== null && it.sla !== 'done' ? ' · 本步期限 ' : ''}
                  {it.dueAt !== null && it.sla !== 'done' && <Text className='nowrap'>{formatTime(it.dueAt)}</Text>}
                </Text>
              </Tap>
            ))}
          </PageState>
        </>
      )}
    </View>
  );
}
