import { useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { call, messageOf, type Input, type Output } from '../../api';
import { Tag } from '../../components/nut';
import { SLA_LABEL, SLA_TYPE, formatTime } from '../../components/format';
import { askConsent, preloadConsent, remainingFor } from '../../api/subscribe';
import { subscribeMessages } from '../../platform/subscribe';
import { STATUS_LABEL } from '../../../core/member/machine';
import { useLoadOn } from '../../components/useLoadOn';
import { PageState, PageTitle, PickRow, TabBar, Tap, LoadMore } from '../ui';
import '../admin.scss';
import './index.scss';

type Queue = Output<'member', 'listQueue'>;
type Org = Output<'org', 'myScope'>['orgs'][number];
type Status = NonNullable<Input<'member', 'listQueue'>['status']>;

/** the queue's status tabs, in the words of the join state machine */
const TABS = (['pending', 'needs_info', 'approved', 'rejected'] as const).map((s) => ({ key: s as Status, label: STATUS_LABEL[s] }));

export default function QueuePage() {
  const [orgs, setOrgs] = useState<Org[] | null>(null);
  const [orgIndex, setOrgIndex] = useState(0);
  const [status, setStatus] = useState<Status>('pending');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [migrantOnly, setMigrantOnly] = useState(false);
  const [items, setItems] = useState<Queue['items'] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
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

  const loadOrgs = () =>
    call('org', 'myScope', {})
      .then((r) => {
        setOrgs(r.orgs);
        setError(null);
      })
      .catch((e: unknown) => setError(e));
  useEffect(() => {
    void loadOrgs();
    // once, when the page opens
  }, []);

  const org = orgs?.[orgIndex];
  const load = async (after: string | null) => {
    if (!org) return;
    setLoading(true);
    try {
      const r = await call('member', 'listQueue', { orgId: org.id, status, overdueOnly, migrantOnly, limit: 20, after });
      setItems((prev) => (after && prev ? [...prev, ...r.items] : r.items));
      setNext(r.next);
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
      Taro.stopPullDownRefresh();
    }
  };
  useLoadOn(() => load(null), [org?.id, status, overdueOnly, migrantOnly]);
  useDidShow(() => load(null));
  usePullDownRefresh(() => load(null));

  const orgLabel = (o: Org) => (o.kind === 'union' ? o.name : `${o.name}（含下属工会）`);
  const retry = () => (orgs ? load(null) : loadOrgs());
  const open = (id: string) => Taro.navigateTo({ url: `/admin/review/index?id=${id}&org=${encodeURIComponent(org?.id ?? '')}&status=${status}` });
  const tabLabel = TABS.find((t) => t.key === status)!.label;

  return (
    <View className='page queue'>
      <PageTitle>审核工作台</PageTitle>
      {orgs && orgs.length > 1 ? (
        <PickRow id='queueOrg' className='org-picker row' title='选择受理单位' options={orgs.map(orgLabel)} index={orgIndex} onPick={setOrgIndex} />
      ) : (
        org && <View className='org-picker'>{org.name}</View>
      )}
      <TabBar items={TABS} value={status} onChange={setStatus} />
      <View className='filters'>
        <Tap className={`adm-chip ${overdueOnly ? 'on' : ''}`} pressed={overdueOnly} onTap={() => setOverdueOnly(!overdueOnly)}>
          仅看超时
        </Tap>
        <Tap className={`adm-chip ${migrantOnly ? 'on' : ''}`} pressed={migrantOnly} onTap={() => setMigrantOnly(!migrantOnly)}>
          仅看农民工
        </Tap>
        <Tap className='adm-chip' onTap={() => Taro.navigateTo({ url: '/admin/verify/index' })}>
          会员卡核验
        </Tap>
        {subscribeMessages.available && left !== null && (
          <Tap className='adm-chip' id='subscribe-todos' onTap={subscribeTodos}>
            订阅提醒{left > 0 ? `（可收${left}条）` : ''}
          </Tap>
        )}
      </View>
      <PageState
        loading={items === null || (loading && items.length === 0)}
        error={items === null || items.length === 0 ? error : null}
        onRetry={retry}
        empty={items !== null && items.length === 0}
        emptyText={`暂无${tabLabel}的申请`}
        emptyHint={status === 'pending' ? (overdueOnly || migrantOnly ? '可取消上方的筛选查看全部' : '新的入会申请提交后会出现在这里') : undefined}
      >
        {error ? <View className='notice notice-error'>{messageOf(error)}</View> : null}
        {items?.map((it) => (
          <Tap
            key={it.id}
            className='item'
            label={`${it.name}，${it.enterpriseName}，${it.slaActive ? SLA_LABEL[it.sla] : it.statusLabel}`}
            onTap={() => open(it.id)}
          >
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
            <Text className='item-line'>受理：{it.orgName}</Text>
            <Text className='item-line'>
              <Text className='nowrap'>{formatTime(it.queuedAt)}</Text> 提交 · 已等待 {it.ageWorkingDays} 个工作日
            </Text>
          </Tap>
        ))}
        <LoadMore next={next} loading={loading} onMore={load} />
      </PageState>
    </View>
  );
}
