/**
 * 我的消息: every notice addressed to the signed-in person (decisions, promotions, reminders; an
 * officer's to-dos), newest first, on WeChat and H5 alike, so a notice still arrives when no
 * subscribe-message consent was given. Tapping one marks it read and opens its page.
 */
import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ArrowRight } from '@nutui/icons-react-taro';
import { call, messageOf, type Output } from '../../api';
import { Button, Cell } from '../../components/nut';
import { formatTime } from '../../components/format';
import { PageState } from '../../components/PageState';
import { PageTitle, Tappable } from '../../components/Tappable';
import { go } from '../../components/navigation';
import { subscribeMessages } from '../../platform/subscribe';
import './index.scss';

type Inbox = Output<'notify', 'inbox'>;
type Item = Inbox['items'][number];

export default function InboxPage() {
  const [items, setItems] = useState<Item[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [unread, setUnread] = useState(0);
  /** the last failure: the first page's goes to PageState (by its code), a later page's shows under the list */
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const load = async (after: string | null) => {
    setBusy(true);
    try {
      const r = await call('notify', 'inbox', { limit: 20, after });
      setItems((prev) => (after && prev ? [...prev, ...r.items] : r.items));
      setNext(r.next);
      setUnread(r.unread);
      setFailure(null);
    } catch (e) {
      setFailure(e);
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
    if (m.page) go(m.page).catch(() => Taro.showToast({ title: '该页面暂时无法打开', icon: 'none' }));
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

  return (
    <View className='page inbox'>
      <PageTitle>我的消息</PageTitle>
      <PageState
        loading={items === null && !failure}
        error={items === null ? failure : null}
        onRetry={() => void load(null)}
        isEmpty={items?.length === 0}
        empty={{
          title: '暂无消息',
          description: '入会审核结果、活动候补与提醒、会员接转进度等通知会出现在这里',
          action: { text: '去看看活动', onTap: () => void go('/pages/activity/index') },
        }}
      >
        <View className='inbox-head'>
          <Text className='inbox-count' id='unread'>
            {unread > 0 ? `${unread} 条未读` : '全部已读'}
          </Text>
          {unread > 0 && (
            <Tappable inline className='link' onTap={() => void readAll()}>
              全部标为已读
            </Tappable>
          )}
        </View>
        <View className='inbox-list'>
          {(items ?? []).map((m) => (
            <Tappable
              key={m.id}
              className={`inbox-item ${m.read ? 'read' : 'unread'}`}
              label={`${m.read ? '' : '未读，'}${m.title}：${m.body}，${formatTime(m.createdAt)}`}
              onTap={() => open(m)}
            >
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
                    <Text className='inbox-time nowrap'>{formatTime(m.createdAt)}</Text>
                  </View>
                }
                extra={m.page ? <ArrowRight size={14} color='#595959' /> : null}
                align='center'
              />
            </Tappable>
          ))}
        </View>
        {items !== null && failure ? <View className='notice notice-error'>{messageOf(failure)}</View> : null}
        {next && (
          <View className='inbox-more'>
            <Button fill='outline' loading={busy} disabled={busy} onClick={() => load(next)}>
              加载更多
            </Button>
          </View>
        )}
        {subscribeMessages.available && <Text className='muted inbox-foot'>在“入会”“报名”“接转”时允许微信提醒，消息也会推送到微信服务通知。</Text>}
      </PageState>
    </View>
  );
}
