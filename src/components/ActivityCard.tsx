import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import type { Output } from '../api';
import { Tag } from './nut';
import { formatTime } from './format';

type Activity = Output<'activity', 'get'>['activity'];

const PHASE_TAG = { not_open: 'default', open: 'success', full: 'default', waitlist: 'warning', closed: 'default', cancelled: 'default' } as const;

/** One activity in a list: what, when, where, and how many seats are left. */
export function ActivityCard({ a, url }: { a: Activity; url: string }) {
  const text = (
    <View style={{ flex: 1, minWidth: 0 }}>
      <View className='row'>
        <Text className='card-title'>{a.title}</Text>
        <Tag type={PHASE_TAG[a.phase]}>{a.phaseLabel}</Tag>
      </View>
      <Text className='muted'>
        {a.kindLabel} · {formatTime(a.startAt)} · {a.place}
      </Text>
      <View className='muted'>
        剩余名额 {a.left}/{a.seats}
        {a.membersOnly ? ' · 仅限会员' : ''}
        {a.host ? ` · ${a.host}` : ''}
      </View>
    </View>
  );
  return (
    <View className='card activity-card' onClick={() => Taro.navigateTo({ url })}>
      {a.posterUrl ? (
        <View style={{ display: 'flex', gap: '10px', alignItems: 'center' }}>
          <Image src={a.posterUrl} mode='aspectFill' lazyLoad style={{ width: '72px', height: '72px', borderRadius: '6px', flexShrink: 0 }} />
          {text}
        </View>
      ) : (
        text
      )}
    </View>
  );
}
