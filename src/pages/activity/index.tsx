import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { call, messageOf, type Output } from '../../api';
import { ActivityCard } from '../../components/ActivityCard';
import { Tabs } from '../../components/Tabs';
import { formatTime } from '../../components/format';
import { PageState } from '../../components/PageState';
import { LinkArrow, PageTitle, Tappable } from '../../components/Tappable';
import { ACTIVITY_KINDS, KIND_LABEL, type ActivityKind } from '../../../core/activity/model';

type Page = Output<'activity', 'list'>;
type Activity = Page['items'][number];

/**
 * Under 全部, a series of booking slots (same service, place and host) shows as one card at its
 * earliest slot, with how many slots are open; the 服务预约 tab lists the slots themselves.
 */
function groupSlots(items: Activity[]): Array<{ a: Activity; slots: number; open: number }> {
  const out: Array<{ a: Activity; slots: number; open: number }> = [];
  const series = new Map<string, { a: Activity; slots: number; open: number }>();
  for (const a of items) {
    if (a.kind !== 'booking') {
      out.push({ a, slots: 0, open: 0 });
      continue;
    }
    const key = `${a.title}|${a.place}|${a.host}`;
    const s = series.get(key);
    const isOpen = a.phase === 'open' ? 1 : 0;
    if (s) {
      s.slots++;
      s.open += isOpen;
    } else {
      const first = { a, slots: 1, open: isOpen };
      series.set(key, first);
      out.push(first);
    }
  }
  return out;
}
const KINDS: ReadonlyArray<readonly [ActivityKind | undefined, string]> = [[undefined, '全部'], ...ACTIVITY_KINDS.map((k) => [k, KIND_LABEL[k]] as const)];

export default function ActivityList() {
  const [kind, setKind] = useState<(typeof KINDS)[number][0]>(undefined);
  const [items, setItems] = useState<Page['items']>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  /** the list the server answered for (null until the first answer: a skeleton, not "暂无") */
  const [loaded, setLoaded] = useState(false);

  const load = (after: string | null, k = kind) =>
    call('activity', 'list', { kind: k, limit: 20, after })
      .then((r) => {
        setItems((prev) => (after ? [...prev, ...r.items] : r.items));
        setNext(r.next);
        setError(null);
        setLoaded(true);
      })
      .catch((e) => setError(e))
      .finally(() => Taro.stopPullDownRefresh());
  const pick = (k: (typeof KINDS)[number][0]) => {
    setKind(k);
    setLoaded(false);
    setItems([]);
    load(null, k);
  };
  useDidShow(() => load(null));
  usePullDownRefresh(() => load(null));

  return (
    <View className='page'>
      <PageTitle>活动报名</PageTitle>
      <Tabs items={KINDS} value={kind} onChange={pick} />
      <View className='row' style={{ marginBottom: '10px' }}>
        <Text className='muted'>名额实时更新，先到先得</Text>
        <Tappable inline role='link' className='link' onTap={() => Taro.navigateTo({ url: '/pages/activity/mine' })}>
          我的报名
          <LinkArrow />
        </Tappable>
      </View>
      <PageState
        loading={!loaded && !error}
        error={loaded ? null : error}
        onRetry={() => load(null)}
        isEmpty={items.length === 0}
        empty={{
          title: kind === undefined ? '暂无可报名的活动' : `暂无可报名的${KIND_LABEL[kind]}`,
          description: '新活动发布后会出现在这里，也可以先看看我的报名',
          action: { text: '我的报名', onTap: () => Taro.navigateTo({ url: '/pages/activity/mine' }) },
        }}
      >
        {null}
      </PageState>
      {loaded && error ? <View className='notice notice-error'>{messageOf(error)}</View> : null}
      {(kind === undefined ? groupSlots(items) : items.map((a) => ({ a, slots: 0, open: 0 }))).map(({ a, slots, open }) =>
        slots > 1 ? (
          <Tappable key={a.id} className='card activity-card slot-series' onTap={() => pick('booking')}>
            <View className='row'>
              <Text className='card-title'>{a.title}</Text>
              <Text className='link'>
                {open ? `${open}个时段可约` : '已约满'}
                <LinkArrow />
              </Text>
            </View>
            <Text className='muted'>
              {a.kindLabel} · {a.place}
              {a.host ? ` · ${a.host}` : ''}
            </Text>
            <View className='muted'>
              近期{slots}个时段，最早 <Text className='nowrap'>{formatTime(a.startAt)}</Text>
            </View>
          </Tappable>
        ) : (
          <ActivityCard key={a.id} a={a} url={`/pages/activity/detail?id=${a.id}`} />
        ),
      )}
      {next && (
        <Tappable className='link load-more' onTap={() => load(next)}>
          加载更多
        </Tappable>
      )}
    </View>
  );
}
