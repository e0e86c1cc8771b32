import { useRef } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { call } from '../../api';
import { Button, Tag } from '../../components/nut';
import { PageState, useRemote } from '../../components/PageState';
import { formatDate } from '../../components/format';
import { Heading, LinkArrow, PageTitle, Tappable } from '../../components/Tappable';
import { StatusTag, yuan } from './ui';
import './aid.scss';

const to = (url: string) => () => void Taro.navigateTo({ url });

/**
 * 困难帮扶, the worker's home for hardship aid: the self-test, my file (what it still lacks), my
 * applications (who holds each, for how long, what is missing), the open notices of my unions and
 * my objections. Each part loads on its own, so one failing part does not blank the others.
 */
export default function AidHome() {
  const status = useRemote(() => call('member', 'myStatus', {}), []);
  const file = useRemote(() => call('aid', 'myFile', {}), []);
  const apps = useRemote(() => call('aid', 'myApplications', {}), []);
  const notices = useRemote(() => call('aid', 'notices', { includeArchived: false }), []);
  const objections = useRemote(() => call('aid', 'myObjections', {}), []);
  const reloadAll = () => Promise.all([status.reload(), file.reload(), apps.reload(), notices.reload(), objections.reload()]);
  const first = useRef(true);
  useDidShow(() => {
    if (!first.current) void reloadAll(); // back from the file or an application: it may have changed
    first.current = false;
  });
  usePullDownRefresh(() => void reloadAll().finally(() => Taro.stopPullDownRefresh()));

  // first for a worker with no file yet; once filed, below what is going on
  const selftest = (
    <View className='card' id='aid-selftest'>
      <Heading level={2}>先自测一下</Heading>
      <Text className='muted aid-block'>填写家庭人口、收入和刚性支出，估算是否属于困难职工、属于哪一类。自测不保存任何信息。</Text>
      <Button type={file.data?.file ? 'default' : 'primary'} fill={file.data?.file ? 'outline' : 'solid'} block onClick={to('/pages/aid/selftest')}>
        开始自测
      </Button>
    </View>
  );

  return (
    <View className='page aid'>
      <PageTitle>困难帮扶</PageTitle>

      {status.data && !status.data.member && (
        <View className='notice notice-info' id='aid-not-member'>
          <Text className='aid-block'>困难帮扶（自测、建档和申请）面向工会会员。您还不是会员，可以先申请入会。</Text>
          <Button size='small' fill='outline' onClick={to('/pages/join/index')}>
            我要入会
          </Button>
        </View>
      )}
      {!file.data?.file && selftest}
      <View className='card' id='aid-file'>
        <Heading level={2}>我的困难职工档案</Heading>
        <PageState remote={file} rows={1}>
          {({ file: f }) =>
            f ? (
              <View>
                <View className='row'>
                  <Text>
                    {f.orgName}
                    {f.tierLabel ? ` · ${f.tierLabel}` : ''}
                  </Text>
                  <Tag type={f.status === 'active' ? 'success' : f.status === 'closed' ? 'default' : 'warning'}>{f.statusLabel}</Tag>
                </View>
                <Text className={`aid-block ${f.missing.length ? 'aid-missing' : 'aid-ok'}`} id='aid-file-missing'>
                  {f.missing.length ? `还差 ${f.missing.length} 项：${f.missing.map((m) => m.message).join('；')}` : '档案信息齐全'}
                </Text>
                {f.reverifyDueAt && <Text className='muted aid-block'>{formatDate(f.reverifyDueAt)} 前需年度复核</Text>}
                {f.closedAt && <Text className='muted aid-block'>已销档{f.closeReasonLabel ? `（${f.closeReasonLabel}）` : ''}</Text>}
                <Button fill='outline' block onClick={to('/pages/aid/file')}>
                  {f.missing.length ? '继续填写档案' : '查看或更新档案'}
                </Button>
              </View>
            ) : (
              <View>
                <Text className='muted aid-block'>还没有建档。帮扶实行“先建档、后帮扶”：填写家庭成员、收入和证明材料，可以分几次填完。</Text>
                <Button type='primary' block onClick={to('/pages/aid/file')}>
                  开始建档
                </Button>
              </View>
            )
          }
        </PageState>
      </View>

      <View className='card' id='aid-apps'>
        <Heading level={2}>我的帮扶申请</Heading>
        <PageState remote={apps} rows={1}>
          {({ items }) => (
            <View>
              {items.length === 0 && <Text className='muted aid-block'>还没有帮扶申请。建档后可申请生活救助、医疗救助、助学或意外致困救助。</Text>}
              {items.map((a) => (
                <Tappable key={a.id} role='link' className='aid-list-item aid-app' id={`app-${a.id}`} onTap={to(`/pages/aid/application?id=${a.id}`)}>
                  <View className='row'>
                    <Text className='aid-item-title'>
                      {a.year}年 {a.kindLabel}
                    </Text>
                    <StatusTag status={a.status} label={a.statusLabel} />
                  </View>
                  <Text className='muted aid-block'>
                    当前办理：{a.ownerLabel}
                    {a.amount !== null ? ` · 批准${yuan(a.amount)}` : ` · 申请${yuan(a.requestedAmount)}`}
                  </Text>
                  {a.waitingText && <Text className='aid-block aid-waiting-small'>{a.waitingText}</Text>}
                  {a.missing.length > 0 && <Text className='aid-block aid-missing'>需补充：{a.missing.join('；')}</Text>}
                  <Text className='link aid-block'>
                    查看进度
                    <LinkArrow />
                  </Text>
                </Tappable>
              ))}
              <Button fill='outline' block onClick={to('/pages/aid/apply')}>
                申请帮扶
              </Button>
            </View>
          )}
        </PageState>
      </View>

      <View className='card' id='aid-scholarship'>
        <Heading level={2}>金秋助学</Heading>
        <Text className='muted aid-block'>困难职工子女考入大学、高职、中职等，可在每年申报期内为孩子申请助学金。</Text>
        <Button fill='outline' block onClick={to('/pages/aid/scholarship')}>
          查看金秋助学
        </Button>
      </View>

      <View className='card' id='aid-notices'>
        <Heading level={2}>帮扶公示</Heading>
        <PageState remote={notices} rows={1}>
          {({ items }) =>
            items.length === 0 ? (
              <Text className='muted aid-block'>目前没有正在公示的帮扶名单。</Text>
            ) : (
              items.map((n) => (
                <Tappable key={n.id} role='link' className='aid-list-item' onTap={to(`/pages/aid/notice?id=${n.id}`)}>
                  <View className='row'>
                    <Text className='aid-item-title'>{n.title}</Text>
                    <LinkArrow />
                  </View>
                  <Text className='muted aid-block'>
                    {n.orgName} · {n.entries.length}人 · {n.periodText}
                  </Text>
                </Tappable>
              ))
            )
          }
        </PageState>
      </View>

      <View className='card' id='aid-objections'>
        <Heading level={2}>我提出的异议</Heading>
        <PageState remote={objections} rows={1}>
          {({ items }) =>
            items.length === 0 ? (
              <Text className='muted aid-block'>您没有提出过异议。对公示名单有不同意见，可在公示期内提出。</Text>
            ) : (
              items.map((o) => (
                <View key={o.id} className='aid-list-item'>
                  <View className='row'>
                    <Text className='aid-item-title nowrap'>对“{o.publicName}”的异议</Text>
                    <Tag type={o.status === 'pending' ? 'warning' : o.status === 'upheld' ? 'success' : 'default'}>{o.statusLabel}</Tag>
                  </View>
                  <Text className='muted aid-block'>{o.noticeTitle}</Text>
                  <Text className='muted aid-block'>异议：{o.reason}</Text>
                  {o.rulingLabel && (
                    <Text className='aid-block'>
                      核实结果：{o.rulingLabel}
                      {o.rulingNote ? `（${o.rulingNote}）` : ''}
                    </Text>
                  )}
                </View>
              ))
            )
          }
        </PageState>
      </View>
      {file.data?.file ? selftest : null}
    </View>
  );
}
