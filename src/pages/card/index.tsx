import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { ApiError, call, messageOf, type Output } from '../../api';
import { Button } from '../../components/nut';
import { formatDate } from '../../components/format';
import { useWhileShown } from '../../components/useWhileShown';
import { PageState } from '../../components/PageState';
import { PageTitle } from '../../components/Tappable';
import { imageAlt } from '../../components/a11y';
import './index.scss';

type Card = Output<'member', 'myCard'>;

export default function MemberCard() {
  const [card, setCard] = useState<Card | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [now, setNow] = useState(() => Date.now());

  const load = () =>
    call('member', 'myCard', {})
      .then((c) => {
        setCard(c);
        setError(null);
      })
      .catch((e) => setError(e instanceof ApiError ? e : new ApiError('INTERNAL', messageOf(e))));

  // The QR is short-lived so a screenshot can't be passed around: refresh it a few seconds early.
  useWhileShown(load, () => setNow(Date.now()), 1000);
  useEffect(() => {
    if (card && card.expiresAt - now < 5000) load();
  }, [now, card]);

  if (error) {
    return (
      <View className='page'>
        <PageTitle>电子会员卡</PageTitle>
        {error.details.next === 'join' ? (
          <View className='card'>
            <View className='notice notice-info'>{error.message}</View>
            <Button type='primary' block onClick={() => Taro.navigateTo({ url: '/pages/join/index' })}>
              我要入会
            </Button>
          </View>
        ) : error.code === 'UNAUTHENTICATED' ? (
          <View className='card'>
            <View className='notice notice-info'>{error.message}</View>
            <Button type='primary' block onClick={() => Taro.switchTab({ url: '/pages/index/index' })}>
              去首页登录
            </Button>
          </View>
        ) : (
          <PageState loading={false} error={error} onRetry={load}>
            {null}
          </PageState>
        )}
      </View>
    );
  }
  if (!card)
    return (
      <View className='page'>
        <PageTitle>电子会员卡</PageTitle>
        <PageState loading rows={2}>
          {null}
        </PageState>
      </View>
    );
  const left = Math.max(0, Math.round((card.expiresAt - now) / 1000));
  return (
    <View className='page'>
      <PageTitle>电子会员卡</PageTitle>
      <View className='member-card'>
        <Text className='org'>{card.orgName}</Text>
        <Text className='name'>{card.name}</Text>
        <Text className='no' id='cardMemberNo'>
          会员编号 {card.memberNo}
        </Text>
        <Text className='since'>
          入会时间 {formatDate(card.joinedAt)} · {card.enterpriseName}
        </Text>
      </View>
      <View className='qr-box'>
        <Image className='qr' src={card.qrDataUrl} {...imageAlt(`${card.name}的会员核验二维码，会员编号 ${card.memberNo}，向工会工作人员出示以核验会员身份`)} />
        <Text className='qr-tip'>
          向工会工作人员出示此码核验身份 · <Text className='nowrap'>{left} 秒后自动刷新</Text>
        </Text>
      </View>
    </View>
  );
}
