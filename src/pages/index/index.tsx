import { useEffect, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { call, type Output } from '../../api';
import { SESSION_EVENT, currentUser, isH5, listPersonas, login, type Persona, type SessionUser } from '../../api/session';
import { ArrowTransfer, Gift, Processing, QrCode, Store, UserAdd } from '@nutui/icons-react-taro';
import { Badge, Tag } from '../../components/nut';
import { go } from '../../components/navigation';
import { Heading, LinkArrow, Tappable } from '../../components/Tappable';
import './index.scss';

const TILES = [
  { name: '我要入会', Icon: UserAdd, color: '', url: '/pages/join/index' },
  { name: '入会进度', Icon: Processing, color: 'blue', url: '/pages/me/index' },
  { name: '电子会员卡', Icon: QrCode, color: 'gold', url: '/pages/card/index' },
  { name: '活动报名', Icon: Gift, color: 'blue', url: '/pages/activity/index' },
  { name: '我的会员关系', Icon: ArrowTransfer, color: 'gold', url: '/pages/membership/index' },
  { name: '申请建会', Icon: Store, color: '', url: '/pages/founding/index' },
];

/** Officer entries: `federation` ones only for federation-level officers (and admins). */
const OFFICER_ENTRIES = [
  { name: '组织与权限', desc: '组织树与建会覆盖、下级组织、工作人员授权', url: '/admin/org/index', federation: false },
  { name: '建会审批', desc: '未建会企业的建会申请：筹备、选举、批复成立', url: '/admin/founding/index', federation: true },
  { name: '“六有”评估', desc: '基层工会“六有”达标情况与评估', url: '/admin/six/index', federation: false },
  { name: '会员接转', desc: '会员调动的转出、转入与凭证查验', url: '/admin/transfer/index', federation: false },
  { name: '帮扶审核', desc: '困难职工帮扶：初审、复核、审批，公示与异议，档案复核', url: '/admin/aid/index', federation: false },
  { name: '案件办理', desc: '职工诉求与维权案件：分派、签收、办理、回访、质检，法律援助', url: '/admin/case/index', federation: false },
  { name: '金秋助学', desc: '金秋助学活动：摸底上报、方案、申报、审核发放、总结', url: '/admin/scholarship/index', federation: false },
];

export default function Home() {
  const [user, setUser] = useState<SessionUser | null>(currentUser());
  const [personas, setPersonas] = useState<Persona[] | null>(null);
  const [scopeName, setScopeName] = useState<string | null>(null);
  const [federationLevel, setFederationLevel] = useState(false);
  /** a social union worker without an officer grant: her assigned enterprises' queue, her workload */
  const [assignedOnly, setAssignedOnly] = useState(false);
  const [unread, setUnread] = useState<Output<'notify', 'unreadCount'> | null>(null);

  useEffect(() => {
    listPersonas().then(setPersonas);
    // on WeChat the user's grants arrive after launch (org.whoami)
    const onSession = (u: SessionUser) => setUser(u);
    Taro.eventCenter.on(SESSION_EVENT, onSession);
    return () => void Taro.eventCenter.off(SESSION_EVENT, onSession);
  }, []);

  // Officers see the entry to their review queue (the server decides who is an officer).
  const refreshOfficer = () => {
    if (isH5 && !currentUser()) return setScopeName(null);
    call('org', 'myScope', {})
      .then((r) => {
        const grants = currentUser()?.grants ?? [];
        const officer = grants.some((g) => g.role === 'union_officer' || g.role === 'federation_officer' || g.role === 'admin');
        setAssignedOnly(!officer && grants.some((g) => g.role === 'social_worker'));
        setScopeName(r.orgs[0]?.name ?? null);
        setFederationLevel(r.orgs.some((o) => o.kind !== 'union'));
      })
      .catch(() => setScopeName(null));
  };
  // 我的消息: the unread count and the newest unread notice (every notice reaches the inbox, consent or not)
  const refreshUnread = () => {
    if (isH5 && !currentUser()) return setUnread(null);
    call('notify', 'unreadCount', {})
      .then(setUnread)
      .catch(() => setUnread(null));
  };
  useDidShow(() => {
    const u = currentUser();
    setUser(u);
    refreshOfficer();
    refreshUnread();
  });

  const pick = async (id: string) => {
    const u = await login(id);
    setUser(u);
    refreshOfficer();
    refreshUnread();
    Taro.showToast({ title: '已切换身份', icon: 'success' });
  };

  return (
    <View className='page home'>
      <View className='banner'>
        <Heading className='banner-title'>星海高新区工会联合会</Heading>
        <Text className='banner-sub'>职工的娘家 · 手机上10分钟入会 · 随身电子会员卡</Text>
      </View>
      <View className='tiles'>
        {TILES.map((t) => (
          <Tappable key={t.url} className='tile' onTap={() => go(t.url)}>
            <View className={`tile-icon ${t.color}`}>
              <t.Icon size={22} color='#fff' />
            </View>
            <Text className='tile-name'>{t.name}</Text>
          </Tappable>
        ))}
      </View>
      {(!isH5 || user) && (
        <Tappable className='card inbox-entry' id='case-entry' onTap={() => Taro.navigateTo({ url: '/pages/case/index' })}>
          <View className='inbox-entry-main'>
            <Text className='card-title'>维权服务</Text>
            <Text className='muted'>欠薪、工伤等问题向工会反映，申请法律援助</Text>
          </View>
          <Text className='link'>
            进入
            <LinkArrow />
          </Text>
        </Tappable>
      )}
      {unread && (
        <Tappable className='card inbox-entry' id='inbox-entry' onTap={() => Taro.navigateTo({ url: '/pages/inbox/index' })}>
          <View className='inbox-entry-main'>
            <View className='row inbox-entry-title'>
              <Text className='card-title'>我的消息</Text>
              {unread.count > 0 && <Badge value={unread.count} max={99} />}
            </View>
            <View className='muted' id='inbox-latest'>
              {unread.latest ? (
                <Text>
                  <Text className='inbox-latest-title'>{unread.latest.title}</Text> {unread.latest.body}
                </Text>
              ) : (
                '暂无未读消息'
              )}
            </View>
          </View>
          <Text className='link'>
            查看
            <LinkArrow />
          </Text>
        </Tappable>
      )}
      {scopeName && (
        <Tappable className='card officer-entry' id='queue-entry' onTap={() => Taro.navigateTo({ url: '/admin/queue/index' })}>
          <View>
            <Text className='card-title'>审核工作台</Text>
            <Text className='muted'>{assignedOnly ? `${scopeName} · 分管企业的入会申请` : `${scopeName} · 入会审核、会员卡核验`}</Text>
          </View>
          <Text className='link'>
            进入
            <LinkArrow />
          </Text>
        </Tappable>
      )}
      {scopeName && !assignedOnly && (
        <Tappable className='card officer-entry' onTap={() => Taro.navigateTo({ url: '/admin/activity/index' })}>
          <View>
            <Text className='card-title'>活动管理</Text>
            <Text className='muted'>发布活动、培训和预约时段，名单、签到、导出</Text>
          </View>
          <Text className='link'>
            进入
            <LinkArrow />
          </Text>
        </Tappable>
      )}
      {scopeName &&
        !assignedOnly &&
        OFFICER_ENTRIES.filter((e) => federationLevel || !e.federation).map((e) => (
          <Tappable key={e.url} className='card officer-entry' onTap={() => Taro.navigateTo({ url: e.url })}>
            <View>
              <Text className='card-title'>{e.name}</Text>
              <Text className='muted'>{e.desc}</Text>
            </View>
            <Text className='link'>
              进入
              <LinkArrow />
            </Text>
          </Tappable>
        ))}
      {user?.grants.some((g) => g.role === 'finance_officer') && (
        <Tappable className='card officer-entry' id='aid-payments-entry' onTap={() => Taro.navigateTo({ url: '/admin/aid/payments' })}>
          <View>
            <Text className='card-title'>帮扶发放</Text>
            <Text className='muted'>公示期满的帮扶发放名单：导出、回写发放结果</Text>
          </View>
          <Text className='link'>
            进入
            <LinkArrow />
          </Text>
        </Tappable>
      )}
      {(assignedOnly || (!scopeName && user?.grants.some((g) => g.role === 'lawyer' || g.role === 'social_worker'))) && (
        <Tappable className='card officer-entry' id='case-desk-entry' onTap={() => Taro.navigateTo({ url: '/admin/case/index' })}>
          <View>
            <Text className='card-title'>案件办理</Text>
            <Text className='muted'>派给我的维权案件：签收、办理、办结</Text>
          </View>
          <Text className='link'>
            进入
            <LinkArrow />
          </Text>
        </Tappable>
      )}
      {(assignedOnly || (!scopeName && user?.grants.some((g) => g.role === 'lawyer' || g.role === 'social_worker'))) && (
        <Tappable className='card officer-entry' onTap={() => Taro.navigateTo({ url: '/admin/org/index' })}>
          <View>
            <Text className='card-title'>组织与权限</Text>
            <Text className='muted'>组织树、分管企业与工作量</Text>
          </View>
          <Text className='link'>
            进入
            <LinkArrow />
          </Text>
        </Tappable>
      )}
      {isH5 && personas && (
        <View className='card'>
          <Text className='card-title'>体验身份（开发登录）</Text>
          <Text className='muted'>当前：{user ? `${user.name}` : '未登录'}。选择一个身份体验不同角色：</Text>
          <View style={{ marginTop: '10px' }}>
            {personas.map((p) => (
              <Tappable
                key={p.id}
                className={`persona ${user?.persona === p.id ? 'active' : ''}`}
                label={`${user?.persona === p.id ? '当前身份：' : '切换为'}${p.name}（${p.title}）`}
                onTap={() => pick(p.id)}
              >
                <View className='row'>
                  <View>
                    <Text className='persona-name'>{p.name}</Text>
                    <Tag type='primary' plain>
                      {p.title}
                    </Tag>
                  </View>
                  {user?.persona === p.id && <Text className='link'>当前</Text>}
                </View>
                <Text className='muted'>{p.description}</Text>
              </Tappable>
            ))}
          </View>
        </View>
      )}
    </View>
  );
}
