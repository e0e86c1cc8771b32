import { useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Picker, Text, View } from '@tarojs/components';
import { call, messageOf, type Input, type Output } from '../../api';
import { Tag } from '../../components/nut';
import { SLA_LABEL, SLA_TYPE, formatTime } from '../../components/format';
import { askConsent, preloadConsent, remainingFor } from '../../api/subscribe';
import { subscribeMessages } from '../../platform/subscribe';
import { STATUS_LABEL } from '../../../core/member/machine';
import './index.scss';
import { useLoadOn } from '../../components/useLoadOn';

type Queue = Output<'member', 'listQueue'>;
type Org = Output<'org', 'myScope'>['orgs'][number];
type Status = NonNullable<Input<'member', 'listQueue'>['status']>;

/** the queue's status tabs, in the words of the join state machine */
const TABS: Array<[Status, string]> = (['pending', 'needs_info', 'approved', 'rejected'] as const).map((s) => [s, STATUS_LABEL[s]]);

export default function QueuePage() {
  const [orgs, setOrgs] = useState<Org[]>([]);
  const [orgIndex, setOrgIndex] = useState(0);
  const [status, setStatus] = useState<Status>('pending');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [migrantOnly, setMigrantOnly] = useState(false);
  const [items, setItems] = useState<Queue['items']>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  // WeChat: 订阅提醒 — each "allow" lets one new to-do reach the officer as a subscribe message
  const [left, setLeft] = useState<number | null>(null);
  useEffect(() => {
    preloadConsent().then(() => setLeft(remainingFor('officer')));
  }, []);
  const subscribeTodos = () =>
    askConsent('officer').then((ids) => {
      setLeft(remainingFor('officer'));
      Taro.showToast({ title: ids.length ? '已订阅，新的待办将推送到微信' : '未订阅，待办仍会出现在“我的消息”', icon: 'none' });
    });

  useEffect(() => {
    call('org', 'myScope', {})
      .then((r) => setOrgs(r.orgs))
      .catch((e) => setError(messageOf(e)));
  }, []);

  const org = orgs[orgIndex];
  const load = async (after: string | null) => {
    if (!org) return;
    setLoading(true);
    try {
      const r = await call('member', 'listQueue', { orgId: org.id, status, overdueOnly, migrantOnly, limit: 20, after });
      setItems((prev) => (after ? [...prev, ...r.items] : r.items));
      setNext(r.next);
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setLoading(false);
      Taro.stopPullDownRefresh();
    }
  };
  useLoadOn(() => load(null), [org?.id, status, overdueOnly, migrantOnly]);
  useDidShow(() => load(null));
  usePullDownRefresh(() => load(null));

  const orgLabel = (o: Org) => (o.kind === 'union' ? o.name : `${o.name}（含下属工会）`);

  return (
    <View className='page queue'>
      {orgs.length > 1 ? (
        <Picker mode='selector' range={orgs.map(orgLabel)} value={orgIndex} onChange={(e) => setOrgIndex(Number(e.detail.value))}>
          <View className='org-picker row'>
            <Text>{org ? orgLabel(org) : ''}</Text>
            <Text className='link'>切换 ›</Text>
          </View>
        </Picker>
      ) : (
        org && <View className='org-picker'>{org.name}</View>
      )}
      <View className='tabs'>
        {TABS.map(([s, label]) => (
          <Text key={s} className={`tab ${status === s ? 'on' : ''}`} onClick={() => setStatus(s)}>
            {label}
          </Text>
        ))}
      </View>
      <View className='filters'>
        <Text className={`chip ${overdueOnly ? 'on' : ''}`} onClick={() => setOverdueOnly(!overdueOnly)}>
          仅看超时
        </Text>
        <Text className={`chip ${migrantOnly ? 'on' : ''}`} onClick={() => setMigrantOnly(!migrantOnly)}>
          仅看农民工
        </Text>
        <Text className='chip' onClick={() => Taro.navigateTo({ url: '/admin/verify/index' })}>
          会员卡核验
        </Text>
        {subscribeMessages.available && left !== null && (
          <Text className='chip' id='subscribe-todos' onClick={subscribeTodos}>
            订阅提醒{left > 0 ? `（可收${left}条）` : ''}
          </Text>
        )}
      </View>
      {error && <View className='notice notice-error'>{error}</View>}
      {items.map((it) => (
        <View key={it.id} className='item' onClick={() => Taro.navigateTo({ url: `/admin/review/index?id=${it.id}` })}>
          <View className='row'>
            <View>
              <Text className='item-name'>{it.name}</Text>
              <Text className='muted'>{it.idNumberMasked}</Text>
            </View>
            <View className='tags'>
              {it.contested && (
                <Tag type='warning' plain>
                  身份待核实
                </Tag>
              )}
              {it.escalated && (
                <Tag type='danger' plain>
                  已升级
                </Tag>
              )}
              {it.slaActive && <Tag type={SLA_TYPE[it.sla]}>{SLA_LABEL[it.sla]}</Tag>}
            </View>
          </View>
          <Text className='item-line'>
            {it.enterpriseName} · {it.job}
            {it.migrantWorker ? ' · 农民工' : ''}
          </Text>
          <Text className='item-line'>
            受理：{it.orgName} · {formatTime(it.queuedAt)} 提交 · 已等待 {it.ageWorkingDays} 个工作日
          </Text>
        </View>
      ))}
      {!loading && items.length === 0 && !error && <View className='more'>暂无{TABS.find(([s]) => s === status)![1]}的申请</View>}
      {next && (
        <View className='more link' onClick={() => !loading && load(next)}>
          {loading ? '加载中…' : '加载更多'}
        </View>
      )}
    </View>
  );
}
