import { useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { call, messageOf, type Output } from '../../api';
import { ActivityCard } from '../../components/ActivityCard';

type Mine = Output<'activity', 'mySignups'>['items'];

export default function MySignups() {
  const [items, setItems] = useState<Mine | null>(null);
  const [error, setError] = useState<string | null>(null);
  useDidShow(() => {
    call('activity', 'mySignups', {})
      .then((r) => setItems(r.items))
      .catch((e) => setError(messageOf(e)));
  });
  if (error)
    return (
      <View className='page'>
        <View className='notice notice-error'>{error}</View>
      </View>
    );
  if (!items)
    return (
      <View className='page'>
        <Text className='muted'>加载中…</Text>
      </View>
    );
  return (
    <View className='page'>
      {items.length === 0 && (
        <View className='muted' style={{ textAlign: 'center', padding: '24px' }}>
          还没有报名记录
        </View>
      )}
      {items.map(({ signup, activity }) => (
        <View key={signup.id}>
          <Text className='muted'>
            {signup.statusLabel}
            {signup.waitlistPosition ? ` · 候补第 ${signup.waitlistPosition} 位` : ''}
            {signup.checkedInAt ? ' · 已签到' : ''}
          </Text>
          <ActivityCard a={activity} url={`/pages/activity/detail?id=${activity.id}`} />
        </View>
      ))}
    </View>
  );
}
