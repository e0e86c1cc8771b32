import { useRef } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { call, type Output } from '../../api';
import { Button } from '../../components/nut';
import { PageState, useRemote } from '../../components/PageState';
import { formatDate } from '../../components/format';
import { LinkArrow, PageTitle, Tappable } from '../../components/Tappable';
import { StatusTag, yuan } from './ui';
import './case.scss';

type Case = Output<'case', 'myCases'>['items'][number];

const to = (url: string) => () => void Taro.navigateTo({ url });

/** What is asked of the worker on this case now, in a line (or null): the server's ask, else its rate or share offer. */
function todo(c: Case): string | null {
  if (c.ask && c.workerActions.some((w) => w.key === 'reply')) return `请您补充：${c.ask.text}`;
  if (c.workerActions.some((w) => w.key === 'rate')) return '已办结，请您评价办理结果';
  return null;
}

/**
 * 我的诉求: each case I reported or joined, with its stage, who holds it, how long it has waited and
 * what is asked of me (highlighted, first); 我要反映 at the top. The lines are the server's words.
 */
export default function MyCases() {
  const cases = useRemote(() => call('case', 'myCases', {}), []);
  const first = useRef(true);
  useDidShow(() => {
    if (!first.current) void cases.reload(); // back from a case: it may have moved on
    first.current = false;
  });
  usePullDownRefresh(() => void cases.reload().finally(() => Taro.stopPullDownRefresh()));

  return (
    <View className='page case'>
      <PageTitle>我的诉求</PageTitle>
      <PageState
        remote={cases}
        rows={2}
        isEmpty={(d) => d.items.length === 0}
        empty={{
          title: '还没有反映过诉求',
          description: '遇到欠薪、被违法辞退、工伤等问题，或需要法律援助，点“我要反映”告诉工会',
          action: { text: '我要反映', onTap: to('/pages/case/new') },
        }}
      >
        {({ items }) => {
          // what needs me first, then the open ones, newest first within each (the server's order otherwise)
          const ordered = [...items].sort((a, b) => Number(Boolean(todo(b))) - Number(Boolean(todo(a))));
          return (
            <View id='case-list'>
              <View className='card case-intro' id='case-intro'>
                <Text className='case-block'>遇到新的问题，可以继续向工会反映；工会指定专人限时办理。</Text>
                <Button type='primary' block onClick={to('/pages/case/new')} id='case-new'>
                  我要反映
                </Button>
              </View>
              {ordered.map((c) => {
                const mine = todo(c);
                return (
                  <Tappable
                    key={c.id}
                    role='link'
                    className={`card case-item ${mine ? 'case-item-todo' : ''}`}
                    id={`case-${c.no}`}
                    onTap={to(`/pages/case/detail?id=${c.id}`)}
                  >
                    <View className='row'>
                      <Text className='case-item-title'>{c.title}</Text>
                      <StatusTag status={c.status} label={c.statusLabel} />
                    </View>
                    <Text className='muted case-block'>
                      {c.categoryLabel} · {c.itemLabel}
                      {c.collective ? ` · 集体诉求${c.collective.claimants}人已加入` : ''}
                      {c.urgent ? ' · 紧急' : ''}
                    </Text>
                    {mine && <Text className='case-todo case-block'>{mine}</Text>}
                    <Text className='case-block'>当前办理：{c.ownerLabel}</Text>
                    {/* what is asked of me already says what it waits for */}
                    {c.waitingText && !mine && <Text className='case-waiting-small case-block'>{c.waitingText}</Text>}
                    {c.escalated && <Text className='case-escalated case-block'>已超过办理时限，已提醒上级工会督办。</Text>}
                    {c.collective?.myAmount !== null && c.collective?.myAmount !== undefined && (
                      <Text className='muted case-block'>本人被拖欠金额：{yuan(c.collective.myAmount)}</Text>
                    )}
                    <View className='row'>
                      <Text className='muted nowrap'>提交于 {formatDate(c.createdAt)}</Text>
                      <Text className='link'>
                        查看详情
                        <LinkArrow />
                      </Text>
                    </View>
                  </Tappable>
                );
              })}
            </View>
          );
        }}
      </PageState>
    </View>
  );
}
