import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { call, messageOf, type Output } from '../../api';
import { ActivityCard } from '../../components/ActivityCard';

type Page = Output<'activity', 'list'>;
const KINDS = [
  [undefined, '全部'],
  ['activity', '活动'],
  ['training', '培训'],
  ['booking', '服务预约'],
] as const;

export default function ActivityList() {
  const [kind, setKind] = useState<(typeof KINDS)[number][0]>(undefined);
  const [items, setItems] = useState<Page['items']>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = (after: string | null, k = kind) =>
    call('activity', 'list', { kind: k, limit: 20, after })
      .then((r) => {
        setItems((prev) => (after ? [...prev, ...r.items] : r.items));
        setNext(r.next);
        setError(null);
      })
      .catch((e) => setError(messageOf(e)))
      .finally(() => Taro.stopPullDownRefresh());
  useDidShow(() => load(null));
  usePullDownRefresh(() => load(null));

  return (
    <View className='page'>
      <View className='tabs' style={{ display: 'flex', background: '#fff', borderRadius: '8px', marginBottom: '10px' }}>
        {KINDS.map(([k, label]) => (
          <Text
            key={label}
            className={`tab ${kind === k ? 'on' : ''}`}
            style={{ flex: 1, textAlign: 'center', padding: '10px 0', color: kind === k ? '#c8161d' : '#595959', fontWeight: kind === k ? 600 : 400 }}
            onClick={() => {
              setKind(k);
              load(null, k);
            }}
          >
            {label}
          </Text>
        ))}
      </View>
      <View className='row' style={{ marginBottom: '10px' }}>
        <Text className='muted'>名额实时更新，先到先得</Text>
        <Text className='link' onClick={() => Taro.navigateTo({ url: '/pages/activity/mine' })}>
          我的报名 ›
        </Text>
      </View>
      {error && <View className='notice notice-error'>{error}</View>}
      {items.map((a) => (
        <ActivityCard key={a.id} a={a} url={`/pages/activity/detail?id=${a.id}`} />
      ))}
      {items.length === 0 && !error && <View className='muted' style={{ textAlign: 'center', padding: '24px' }}>暂无可报名的活动</View>}
      {next && (
        <View className='link' style={{ textAlign: 'center', padding: '12px' }} onClick={() => load(next)}>
          加载更多
        </View>
      )}
    </View>
  );
}
