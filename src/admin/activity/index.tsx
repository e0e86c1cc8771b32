import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { call, messageOf, type Output } from '../../api';
import { Button } from '../../components/nut';
import { ActivityCard } from '../../components/ActivityCard';
import { Tabs } from '../../components/Tabs';
import { PageState, PageTitle, Tap } from '../ui';
import '../admin.scss';

type Page = Output<'activity', 'manage'>;
const WHEN = [
  ['upcoming', '未结束'],
  ['past', '已结束'],
] as const;

/** 活动管理: every activity of the officer's org, the ones under way included (check-in happens there). */
export default function ActivityAdmin() {
  const [when, setWhen] = useState<(typeof WHEN)[number][0]>('upcoming');
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const load = (after: string | null, w = when) => {
    if (!after) setLoading(true);
    return call('activity', 'manage', { when: w, limit: 20, after })
      .then((r) => {
        setPage((prev) => (after && prev ? { ...r, items: [...prev.items, ...r.items] } : r));
        setError(null);
      })
      .catch((e: unknown) => setError(e))
      .finally(() => {
        setLoading(false);
        Taro.stopPullDownRefresh();
      });
  };
  useDidShow(() => load(null));
  usePullDownRefresh(() => load(null));
  return (
    <View className='page adm'>
      <PageTitle>活动管理</PageTitle>
      <Button type='primary' block onClick={() => Taro.navigateTo({ url: '/admin/activity/publish' })}>
        发布活动 / 培训 / 预约时段
      </Button>
      <View style={{ height: '12px' }} />
      <Tabs
        items={WHEN}
        value={when}
        onChange={(k) => {
          setWhen(k);
          load(null, k);
        }}
      />
      {page && <Text className='muted'>{page.orgName}的活动、培训与预约时段，含已截止和已取消的</Text>}
      <PageState
        loading={loading && !page?.items.length}
        error={page?.items.length ? null : error}
        onRetry={() => load(null)}
        empty={!!page && page.items.length === 0}
        emptyText={when === 'upcoming' ? '暂无未结束的活动' : '暂无已结束的活动'}
        emptyHint={when === 'upcoming' ? '点上方“发布活动”发布第一场活动、培训或预约时段' : undefined}
      >
        {error ? <View className='notice notice-error'>{messageOf(error)}</View> : null}
        {page?.items.map((a) => (
          <ActivityCard key={a.id} a={a} url={`/admin/activity/roster?id=${a.id}`} />
        ))}
        {page?.next && (
          <Tap className='adm-more' onTap={() => load(page.next)}>
            加载更多
          </Tap>
        )}
      </PageState>
    </View>
  );
}
