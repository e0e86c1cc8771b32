import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { call, messageOf, type Input, type Output } from '../../api';
import { Tag } from '../../components/nut';
import { formatDate, formatTime } from '../../components/format';
import { FOUNDING_SLA_LABEL, FOUNDING_SLA_TYPE, FOUNDING_STATUS_TAG } from './labels';
import '../admin.scss';
import { useLoadOn } from '../../components/useLoadOn';

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
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = async () => {
    setLoading(true);
    try {
      setData(await call('founding', 'queue', { status: filter.status, overdueOnly: !!filter.overdueOnly, limit: 50 }));
      setError(null);
    } catch (e) {
      setError(messageOf(e));
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
      <View className='tabs' id='counts'>
        {FILTERS.map((f) => (
          <View key={f.key} className={`tab ${filter.key === f.key ? 'on' : ''}`} onClick={() => setFilter(f)}>
            <Text className='tab-count'>{data ? f.count!(data.counts) : '-'}</Text>
            <Text>{f.label}</Text>
          </View>
        ))}
      </View>
      <View className='filters'>
        {CLOSED.map((f) => (
          <Text key={f.key} className={`chip ${filter.key === f.key ? 'on' : ''}`} onClick={() => setFilter(f)}>
            {f.label}
          </Text>
        ))}
      </View>
      {error && <View className='notice notice-error'>{error}</View>}
      {data?.items.map((it) => (
        <View key={it.id} className='item' onClick={() => Taro.navigateTo({ url: `/admin/founding/detail?id=${it.id}` })}>
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
                <Tag type={FOUNDING_STATUS_TAG[it.status]}>{it.statusLabel}</Tag>
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
            {it.dueAt !== null && it.sla !== 'done' ? ` · 本步期限 ${formatTime(it.dueAt)}` : ''}
          </Text>
        </View>
      ))}
      {!loading && data && data.items.length === 0 && !error && <View className='more'>暂无{filter.label}的建会申请</View>}
      {loading && !data && <View className='more'>加载中…</View>}
    </View>
  );
}
