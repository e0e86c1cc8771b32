import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import type { Output } from '../api';
import { Tag } from './nut';
import { formatTime } from './format';
import { Tappable } from './Tappable';
import { imageAlt } from './a11y';

type Activity = Output<'activity', 'get'>['activity'];

const PHASE_TAG = { not_open: 'info', open: 'success', full: 'default', waitlist: 'warning', closed: 'default', cancelled: 'default' } as const;

/**
 * One activity in a list (a real control: it opens the detail): what, when, where, and how many seats
 * are left. `status` replaces the activity's phase tag with the viewer's own state (我的报名: 报名成功, 已取消).
 */
export function ActivityCard({ a, url, status }: { a: Activity; url: string; status?: { label: string; type: 'success' | 'warning' | 'default' } }) {
  const text = (
    <View style={{ flex: 1, minWidth: 0 }}>
      <View className='row' style={{ alignItems: 'flex-start', gap: '8px' }}>
        <Text className='card-title'>{a.title}</Text>
        {status ? <Tag type={status.type}>{status.label}</Tag> : <Tag type={PHASE_TAG[a.phase]}>{a.phaseLabel}</Tag>}
      </View>
      <Text className='muted'>
        {a.kindLabel} · <Text className='nowrap'>{formatTime(a.startAt)}</Text> · {a.place}
      </Text>
      <View className='muted'>
        <Text className='nowrap'>
          剩余名额 {a.left}/{a.seats}
        </Text>
        {a.membersOnly ? ' · 仅限会员' : ''}
        {a.host ? ` · ${a.host}` : ''}
      </View>
    </View>
  );
  return (
    <Tappable className='card activity-card' onTap={() => Taro.navigateTo({ url })}>
      {a.posterUrl ? (
        <View style={{ display: 'flex', gap: '10px', alignItems: 'center' }}>
          <Image
            src={a.posterUrl}
            {...imageAlt(`活动海报：${a.title}`)}
            mode='aspectFill'
            lazyLoad
            style={{ width: '72px', height: '72px', borderRadius: '6px', flexShrink: 0 }}
          />
          {text}
        </View>
      ) : (
        text
      )}
    </Tappable>
  );
}
