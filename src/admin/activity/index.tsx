import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { call, messageOf, type Output } from '../../api';
import { Button } from '../../components/nut';
import { ActivityCard } from '../../components/ActivityCard';

export default function ActivityAdmin() {
  const [items, setItems] = useState<Output<'activity', 'list'>['items']>([]);
  const [error, setError] = useState<string | null>(null);
  useDidShow(() => {
    call('activity', 'list', { limit: 50 })
      .then((r) => setItems(r.items))
      .catch((e) => setError(messageOf(e)));
  });
  return (
    <View className='page'>
      <Button type='primary' block onClick={() => Taro.navigateTo({ url: '/admin/activity/publish' })}>发布活动 / 培训 / 预约时段</Button>
      <View style={{ height: '12px' }} />
      {error && <View className='notice notice-error'>{error}</View>}
      {items.map((a) => (
        <ActivityCard key={a.id} a={a} url={`/admin/activity/roster?id=${a.id}`} />
      ))}
    </View>
  );
}
