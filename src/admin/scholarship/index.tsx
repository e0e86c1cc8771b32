import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { call, type Output } from '../../api';
import { Button, Tag } from '../../components/nut';
import { PageState, PageTitle, Tap } from '../ui';
import { CampaignBoard } from './board';
import { STAGE_TAG, runnerOrgs } from './labels';
import '../admin.scss';
import './scholarship.scss';

type Campaign = Output<'scholarship', 'campaigns'>['items'][number];

/** 金秋助学: the campaigns of the officer's scope; with `?id=` (a notice's link, a tap on the list) one campaign's board. */
export default function ScholarshipIndex() {
  const { params } = useRouter();
  return params.id ? <CampaignBoard id={params.id} /> : <CampaignList />;
}

function CampaignList() {
  const [items, setItems] = useState<Campaign[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const runner = runnerOrgs().length > 0;

  const load = async () => {
    try {
      setItems((await call('scholarship', 'campaigns', {})).items);
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      Taro.stopPullDownRefresh();
    }
  };
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());

  const create = () => Taro.navigateTo({ url: '/admin/scholarship/create' });

  return (
    <View className='page adm sch-list'>
      <PageTitle>金秋助学</PageTitle>
      <Text className='muted sch-block'>每年一次，按摸底、方案制订、申报、审核公示发放、总结五个阶段依次推进。</Text>
      {runner && (
        <View className='btn-row'>
          <Button type='primary' id='create' onClick={create}>
            创建活动
          </Button>
        </View>
      )}
      <PageState
        loading={items === null && !error}
        error={items === null ? error : null}
        onRetry={load}
        empty={items !== null && items.length === 0}
        emptyText='暂无金秋助学活动'
        emptyHint={
          runner
            ? '点击“创建活动”，填写五个阶段的日期后，辖区内的基层工会会收到摸底通知。'
            : '上级工会启动金秋助学后，活动会出现在这里，并通知本会上报摸底人数。'
        }
        emptyAction={runner ? { label: '创建活动', onTap: create } : undefined}
      >
        {(items ?? []).map((c) => {
          const current = c.stages.find((s) => s.state === 'current');
          return (
            <Tap
              key={c.id}
              className='item card'
              label={`${c.title}，${c.orgName}，当前${c.stageLabel}`}
              onTap={() => Taro.navigateTo({ url: `/admin/scholarship/index?id=${c.id}` })}
            >
              <View className='row'>
                <Text className='item-name'>{c.title}</Text>
                <Tag type={STAGE_TAG[c.stage]} plain={c.stage === 'closed'}>
                  {c.stageLabel}
                </Tag>
              </View>
              <Text className='item-line'>主办：{c.orgName}</Text>
              {current && (
                <Text className='item-line'>
                  {current.label} {current.periodText} · {current.ownerLabel}
                </Text>
              )}
              {c.stage !== 'closed' && <Text className='item-line'>{c.apply.text}</Text>}
            </Tap>
          );
        })}
      </PageState>
    </View>
  );
}
