import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { call, messageOf, type Output } from '../../api';
import { Button } from '../../components/nut';
import { formatTime } from '../../components/format';
import { openDownload } from '../../platform/download';
import { LabelledTextarea, PageState, PageTitle, SectionTitle, useConfirm } from '../ui';
import '../admin.scss';

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
  const { confirm, confirmUi } = useConfirm();
  const [done, setDone] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);

  const load = () =>
    call('activity', 'roster', { activityId: id })
      .then((x) => {
        setR(x);
        setLoadError(null);
      })
      .catch((e: unknown) => setLoadError(e));
  useDidShow(load);
  const run = (fn: () => Promise<unknown>, doneText?: string) =>
    fn()
      .then(() => {
        setNotice(null);
        if (doneText) setDone(doneText);
        return load();
      })
      .catch((e) => setNotice(messageOf(e)));
  const ask = async (title: string, message: string, confirmText: string, fn: () => Promise<unknown>, doneText: string) => {
    if (await confirm({ title, message, confirmText, danger: true })) await run(fn, doneText);
  };

  if (!r)
    return (
      <View className='page adm'>
        <PageTitle>报名名单</PageTitle>
        <PageState loading={!loadError} error={loadError} onRetry={load} rows={6} />
      </View>
    );
  const a = r.activity;
  // the buttons are the server's answer for this officer (actions); each key is wired to its call here
  const tap: Partial<Record<Key, () => unknown>> = {
    checkInCode: () => Taro.navigateTo({ url: `/admin/activity/checkin?id=${id}` }),
    exportRoster: () =>
      run(async () => {
        await openDownload(await call('activity', 'exportRoster', { activityId: id }));
      }),
    poster: () => Taro.navigateTo({ url: `/admin/activity/poster?id=${id}` }),
    close: () =>
      ask(
        '确认截止报名？',
        `「${a.title}」将不再接受新的报名，已报名和候补的人不受影响。`,
        '截止报名',
        () => call('activity', 'close', { activityId: id }),
        '已截止报名',
      ),
    cancelActivity: () =>
      ask(
        '确认取消活动？',
        `「${a.title}」将被取消，所有报名和候补都将作废，并通知每位报名人${reason.trim() ? `（原因：${reason.trim()}）` : ''}；此操作不能撤回。`,
        '取消活动',
        () => call('activity', 'cancelActivity', { activityId: id, reason }),
        '活动已取消，已通知所有报名人',
      ),
  };
  const tools = a.actions.filter((x) => x.key === 'checkInCode' || x.key === 'exportRoster' || x.key === 'poster');
  const moves = a.actions.filter((x) => x.key === 'close' || x.key === 'cancelActivity');
  return (
    <View className='page adm'>
      <PageTitle>报名名单</PageTitle>
      {confirmUi}
      {done && (
        <View className='notice notice-ok' id='notice' {...({ role: 'status' } as object)}>
          {done}
        </View>
      )}
      {notice && <View className='notice notice-error'>{notice}</View>}
      <View className='card'>
        <SectionTitle>{a.title}</SectionTitle>
        <Text className='muted'>
          {formatTime(a.startAt)} · {a.place} · {a.phaseLabel}
        </Text>
        <View className='stats' id='counts'>
          <View className='stat'>
            <Text className='stat-num'>
              {r.counts.confirmed}/{a.seats}
            </Text>
            <Text className='muted'>已报名</Text>
          </View>
          <View className='stat'>
            <Text className='stat-num'>{r.counts.waitlisted}</Text>
            <Text className='muted'>候补</Text>
          </View>
          <View className='stat'>
            <Text className='stat-num'>{r.counts.checkedIn}</Text>
            <Text className='muted'>已签到</Text>
          </View>
          <View className='stat'>
            <Text className='stat-num'>{r.counts.cancelled}</Text>
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
          <SectionTitle>按分享人统计</SectionTitle>
          {r.bySharer.map((s) => (
            <View key={s.sharer} className='kv'>
              <Text className='kv-k'>{s.sharer}</Text>
              <Text className='kv-v'>带来 {s.signups} 人报名</Text>
            </View>
          ))}
        </View>
      )}
      <View className='card'>
        <SectionTitle>名单</SectionTitle>
        <Text className='muted' id='roster-mask-note'>
          本会会员的签到名单，姓名完整显示；导出表中手机号已脱敏。
        </Text>
        {r.items.length === 0 && <View className='state-hint'>暂无报名。可生成宣传海报或分享活动，报名后名单会出现在这里。</View>}
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
          <SectionTitle>截止或取消</SectionTitle>
          <LabelledTextarea
            id='cancelReason'
            label='取消原因'
            hideLabel
            height={56}
            placeholder='取消原因（取消活动时必填，将通知所有报名人）'
            value={reason}
            onInput={setReason}
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
