/**
 * 我的消息: every notice addressed to the signed-in person (decisions, promotions, reminders; an
 * officer's to-dos), newest first, on WeChat and H5 alike, so a notice still arrives when no
 * subscribe-message consent was given. Tapping one marks it read and opens its page.
 */
import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ApiError, call, messageOf, type Output } from '../../api';
import { Button, Cell, Empty, Skeleton } from '../../components/nut';
import { formatTime } from '../../components/format';
import { transport } from '../../platform/transport';
import { subscribeMessages } from '../../platform/subscribe';
import './index.scss';

type Inbox = Output<'notify', 'inbox'>;
type Item = Inbox['items'][number];

export default function InboxPage() {
  const [items, setItems] = useState<Item[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [unread, setUnread] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [signedOut, setSignedOut] = useState(false);
  const [busy, setBusy] = useState(false);

  const load = async (after: string | null) => {
    setBusy(true);
    try {
      const r = await call('notify', 'inbox', { limit: 20, after });
      setItems((prev) => (after && prev ? [...prev, ...r.items] : r.items));
      setNext(r.next);
      setUnread(r.unread);
      setError(null);
    } catch (e) {
      setSignedOut(transport.devLogin && e instanceof ApiError && e.code === 'UNAUTHENTICATED');
      setError(messageOf(e));
    } finally {
      setBusy(false);
      Taro.stopPullDownRefresh();
    }
  };
  useDidShow(() => load(null));
  usePullDownRefresh(() => load(null));

  const open = (m: Item) => {
    if (!m.read) {
      setItems((prev) => prev?.map((x) => (x.id === m.id ? { ...x, read: true } : x)) ?? prev);
      setUnread((n) => Math.max(0, n - 1));
      call('notify', 'markRead', { ids: [m.id] }).catch(() => undefined);
    }
    if (m.page) Taro.navigateTo({ url: m.page }).catch(() => Taro.showToast({ title: '该页面暂时无法打开', icon: 'none' }));
  };

  const readAll = async () => {
    try {
      await call('notify', 'markRead', { all: true });
      setItems((prev) => prev?.map((x) => ({ ...x, read: true })) ?? prev);
      setUnread(0);
    } catch (e) {
      Taro.showToast({ title: messageOf(e), icon: 'none' });
    }
  };

  if (error && !items) {
    return (
      <View className='page'>
        <View className='notice notice-error' id='inbox-error'>
          {signedOut ? '请先在首页选择身份登录，再查看我的消息' : error}
        </View>
        {signedOut ? (
          <Button type='primary' block onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
            返回首页
          </Button>
        ) : (
          <Button type='primary' block onClick={() => load(null)}>
            重试
          </Button>
        )}
      </View>
    );
  }
  if (!items) {
    return (
      <View className='page'>
        {[0, 1, 2].map((i) => (
          <View key={i} className='inbox-skeleton'>
            <Skeleton rows={3} animated />
          </View>
        ))}
      </View>
    );
  }

  return (
    <View className='page inbox'>
      <View className='inbox-head'>
        <Text className='card-title'>
          我的消息{' '}
          <Text className='muted' id='unread'>
            {unread > 0 ? `${unread} 条未读` : '全部已读'}
          </Text>
        </Text>
        {unread > 0 && (
          <Text className='link' onClick={readAll}>
            全部标为已读
          </Text>
        )}
      </View>
      {items.length === 0 ? (
        <Empty title='暂无消息' description='入会审核结果、活动候补与提醒、会员接转进度等通知会出现在这里' />
      ) : (
        <View className='inbox-list'>
          {items.map((m) => (
            <View key={m.id} className={`inbox-item ${m.read ? 'read' : 'unread'}`} onClick={() => open(m)}>
              <Cell
                title={
                  <View className='inbox-title'>
                    {!m.read && <View className='inbox-dot' />}
                    <Text>{m.title}</Text>
                  </View>
                }
                description={
                  <View>
                    <Text className='inbox-body'>{m.body}</Text>
                    <Text className='inbox-time'>{formatTime(m.createdAt)}</Text>
                  </View>
                }
                extra={<Text className='muted'>›</Text>}
                align='center'
                clickable
              />
            </View>
          ))}
        </View>
      )}
      {error && <View className='notice notice-error'>{error}</View>}
      {next && (
        <View className='inbox-more'>
          <Button fill='outline' loading={busy} disabled={busy} onClick={() => load(next)}>
            加载更多
          </Button>
        </View>
      )}
      {subscribeMessages.available && <Text className='muted'>在“入会”“报名”“接转”时允许微信提醒，消息也会推送到微信服务通知。</Text>}
    </View>
  );
}
