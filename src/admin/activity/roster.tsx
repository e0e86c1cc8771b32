import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, Textarea, View } from '@tarojs/components';
import { call, messageOf, type Output } from '../../api';
import { Button } from '../../components/nut';
import { formatTime } from '../../components/format';
import { openDownload } from '../../platform/download';

type Roster = Output<'activity', 'roster'>;
type Key = Roster['activity']['actions'][number]['key'];

/** How each of the officer's buttons looks (which ones there are is the server's answer). */
const LOOK: Partial<Record<Key, { type?: 'primary' | 'danger'; fill?: 'outline' }>> = {
  checkInCode: { type: 'primary' },
  exportRoster: { fill: 'outline' },
  poster: { fill: 'outline' },
  close: { fill: 'outline' },
  cancelActivity: { type: 'danger', fill: 'outline' },
};

export default function RosterPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const [r, setR] = useState<Roster | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [reason, setReason] = useState('');

  const load = () =>
    call('activity', 'roster', { activityId: id })
      .then(setR)
      .catch((e) => setNotice(messageOf(e)));
  useDidShow(load);
  const run = (fn: () => Promise<unknown>) =>
    fn()
      .then(load)
      .catch((e) => setNotice(messageOf(e)));

  if (!r) return <View className='page'>{notice ? <View className='notice notice-error'>{notice}</View> : <Text className='muted'>加载中…</Text>}</View>;
  const a = r.activity;
  // the buttons are the server's answer for this officer (actions); each key is wired to its call here
  const tap: Partial<Record<Key, () => unknown>> = {
    checkInCode: () => Taro.navigateTo({ url: `/admin/activity/checkin?id=${id}` }),
    exportRoster: () =>
      run(async () => {
        await openDownload(await call('activity', 'exportRoster', { activityId: id }));
      }),
    poster: () => Taro.navigateTo({ url: `/admin/activity/poster?id=${id}` }),
    close: () => run(() => call('activity', 'close', { activityId: id })),
    cancelActivity: () => run(() => call('activity', 'cancelActivity', { activityId: id, reason })),
  };
  const tools = a.actions.filter((x) => x.key === 'checkInCode' || x.key === 'exportRoster' || x.key === 'poster');
  const moves = a.actions.filter((x) => x.key === 'close' || x.key === 'cancelActivity');
  return (
    <View className='page'>
      {notice && <View className='notice notice-error'>{notice}</View>}
      <View className='card'>
        <Text className='card-title'>{a.title}</Text>
        <Text className='muted'>
          {formatTime(a.startAt)} · {a.place} · {a.phaseLabel}
        </Text>
        <View className='row' style={{ marginTop: '10px', textAlign: 'center' }} id='counts'>
          <View>
            <View className='card-title'>
              {r.counts.confirmed}/{a.seats}
            </View>
            <Text className='muted'>已报名</Text>
          </View>
          <View>
            <View className='card-title'>{r.counts.waitlisted}</View>
            <Text className='muted'>候补</Text>
          </View>
          <View>
            <View className='card-title'>{r.counts.checkedIn}</View>
            <Text className='muted'>已签到</Text>
          </View>
          <View>
            <View className='card-title'>{r.counts.cancelled}</View>
            <Text className='muted'>已取消</Text>
          </View>
        </View>
        <View className='btn-row'>
          {tools.map((x) => (
            <Button key={x.key} {...LOOK[x.key]} onClick={tap[x.key]}>
              {x.label}
            </Button>
          ))}
        </View>
      </View>
      {r.bySharer.length > 0 && (
        <View className='card' id='bySharer'>
          <Text className='card-title'>按分享人统计</Text>
          {r.bySharer.map((s) => (
            <View key={s.sharer} className='kv'>
              <Text className='kv-k'>{s.sharer}</Text>
              <Text className='kv-v'>带来 {s.signups} 人报名</Text>
            </View>
          ))}
        </View>
      )}
      <View className='card'>
        <Text className='card-title'>名单</Text>
        <Text className='muted' id='roster-mask-note'>
          本会会员的签到名单，姓名完整显示；导出表中手机号已脱敏。
        </Text>
        {r.items.length === 0 && <Text className='muted'>暂无报名</Text>}
        {r.items.map((i, n) => (
          <View key={n} className='kv roster-row'>
            <Text className='kv-k'>{i.name}</Text>
            <Text className='kv-v'>
              {i.statusLabel}
              {i.checkedIn ? ' · 已签到' : ''}
              {i.memberNo ? ` · ${i.memberNo}` : ''}
              {i.sharedByName ? ` · 经${i.sharedByName}分享` : ''}
            </Text>
          </View>
        ))}
      </View>
      {moves.length > 0 && (
        <View className='card'>
          <Text className='card-title'>截止或取消</Text>
          <Textarea
            className='field-input'
            style={{ height: '56px', padding: '8px 10px' }}
            placeholder='取消原因（取消活动时必填，将通知所有报名人）'
            value={reason}
            onInput={(e) => setReason(e.detail.value)}
          />
          <View className='btn-row'>
            {moves.map((x) => (
              <Button key={x.key} {...LOOK[x.key]} onClick={tap[x.key]}>
                {x.label}
              </Button>
            ))}
          </View>
        </View>
      )}
    </View>
  );
}
