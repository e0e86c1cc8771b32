import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { call, type Output } from '../../api';
import { ActivityCard } from '../../components/ActivityCard';
import { PageState } from '../../components/PageState';
import { PageTitle } from '../../components/Tappable';

const STATUS_TAG = { confirmed: 'success', waitlisted: 'warning', pending: 'warning', cancelled: 'default' } as const;

type Mine = Output<'activity', 'mySignups'>['items'];

export default function MySignups() {
  const [items, setItems] = useState<Mine | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = () =>
    call('activity', 'mySignups', {})
      .then((r) => {
        setItems(r.items);
        setError(null);
      })
      .catch((e) => setError(e));
  useDidShow(() => void load());
  return (
    <View className='page'>
      <PageTitle>我的报名</PageTitle>
      <PageState
        loading={items === null && !error}
        error={items === null ? error : null}
        onRetry={load}
        isEmpty={items?.length === 0}
        empty={{
          title: '还没有报名记录',
          description: '报名活动、培训或服务预约后，会在这里看到结果和候补名次',
          action: { text: '去看看活动', onTap: () => Taro.switchTab({ url: '/pages/activity/index' }) },
        }}
      >
        {(items ?? []).map(({ signup, activity }) => (
          <View key={signup.id}>
            <ActivityCard
              a={activity}
              url={`/pages/activity/detail?id=${activity.id}`}
              status={{
                label: `${signup.statusLabel}${signup.waitlistPosition ? ` · 第 ${signup.waitlistPosition} 位` : ''}${signup.checkedInAt ? ' · 已签到' : ''}`,
                type: STATUS_TAG[signup.status],
              }}
            />
          </View>
        ))}
      </PageState>
    </View>
  );
}
