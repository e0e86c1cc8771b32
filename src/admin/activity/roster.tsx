import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, Textarea, View } from '@tarojs/components';
import { call, messageOf, type Output } from '../../api';
import { Button } from '../../components/nut';
import { formatTime } from '../../components/format';
import { openDownload } from '../../platform/download';

type Roster = Output<'activity', 'roster'>;

export default function RosterPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const [r, setR] = useState<Roster | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [reason, setReason] = useState('');

  const load = () => call('activity', 'roster', { activityId: id }).then(setR).catch((e) => setNotice(messageOf(e)));
  useDidShow(load);
  const run = (fn: () => Promise<unknown>) => fn().then(load).catch((e) => setNotice(messageOf(e)));

  if (!r) return <View className='page'>{notice ? <View className='notice notice-error'>{notice}</View> : <Text className='muted'>加载中…</Text>}</View>;
  const a = r.activity;
  return (
    <View className='page'>
      {notice && <View className='notice notice-error'>{notice}</View>}
      <View className='card'>
        <Text className='card-title'>{a.title}</Text>
        <Text className='muted'>{formatTime(a.startAt)} · {a.place} · {a.phaseLabel}</Text>
        <View className='row' style={{ marginTop: '10px', textAlign: 'center' }} id='counts'>
          <View><View className='card-title'>{r.counts.confirmed}/{a.seats}</View><Text className='muted'>已报名</Text></View>
          <View><View className='card-title'>{r.counts.waitlisted}</View><Text className='muted'>候补</Text></View>
          <View><View className='card-title'>{r.counts.checkedIn}</View><Text className='muted'>已签到</Text></View>
          <View><View className='card-title'>{r.counts.cancelled}</View><Text className='muted'>已取消</Text></View>
        </View>
        <View className='btn-row'>
          <Button type='primary' onClick={() => Taro.navigateTo({ url: `/admin/activity/checkin?id=${id}` })}>现场签到</Button>
          <Button fill='outline' onClick={() => run(async () => { await openDownload(await call('activity', 'exportRoster', { activityId: id })); })}>导出名单</Button>
          <Button fill='outline' onClick={() => Taro.navigateTo({ url: `/admin/activity/poster?id=${id}` })}>宣传海报</Button>
        </View>
      </View>
      {r.bySharer.length > 0 && (
        <View className='card' id='bySharer'>
          <Text className='card-title'>按分享人统计</Text>
          {r.bySharer.map((s) => (
            <View key={s.sharer} className='kv'><Text className='kv-k'>{s.sharer}</Text><Text className='kv-v'>带来 {s.signups} 人报名</Text></View>
          ))}
        </View>
      )}
      <View className='card'>
        <Text className='card-title'>名单</Text>
        {r.items.map((i, n) => (
          <View key={n} className='kv roster-row'>
            <Text className='kv-k'>{i.name}</Text>
            <Text className='kv-v'>{i.statusLabel}{i.checkedIn ? ' · 已签到' : ''}{i.memberNo ? ` · ${i.memberNo}` : ''}{i.sharedByName ? ` · 经${i.sharedByName}分享` : ''}</Text>
          </View>
        ))}
      </View>
      {a.status !== 'cancelled' && (
        <View className='card'>
          <Text className='card-title'>截止或取消</Text>
          <Textarea className='field-input' style={{ height: '56px', padding: '8px 10px' }} placeholder='取消原因（取消活动时必填，将通知所有报名人）' value={reason} onInput={(e) => setReason(e.detail.value)} />
          <View className='btn-row'>
            {a.status === 'open' && <Button fill='outline' onClick={() => run(() => call('activity', 'close', { activityId: id }))}>截止报名</Button>}
            <Button type='danger' fill='outline' onClick={() => run(() => call('activity', 'cancelActivity', { activityId: id, reason }))}>取消活动</Button>
          </View>
        </View>
      )}
    </View>
  );
}
