import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { ApiError, call, messageOf, type Output } from '../../api';
import { Button } from '../../components/nut';
import { formatDate } from '../../components/format';
import { useWhileShown } from '../../components/useWhileShown';
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
        <View className='notice notice-error'>{error.message}</View>
        {error.details.next === 'join' && (
          <Button type='primary' block onClick={() => Taro.navigateTo({ url: '/pages/join/index' })}>
            我要入会
          </Button>
        )}
      </View>
    );
  }
  if (!card)
    return (
      <View className='page'>
        <Text className='muted'>加载中…</Text>
      </View>
    );
  const left = Math.max(0, Math.round((card.expiresAt - now) / 1000));
  return (
    <View className='page'>
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
        <Image className='qr' src={card.qrDataUrl} />
        <Text className='qr-tip'>向工会工作人员出示此码核验身份 · {left} 秒后自动刷新</Text>
      </View>
    </View>
  );
}
