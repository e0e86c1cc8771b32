import { useState } from 'react';
import { useDidShow, useRouter } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { call, type Output } from '../../api';
import { Button } from '../../components/nut';
import { formatTime } from '../../components/format';
import { share } from '../../platform/share';
import { imageAlt } from '../../components/a11y';
import './poster.scss';
import { PageState, PageTitle } from '../ui';

type Poster = Output<'activity', 'poster'>;

/**
 * A poster for noticeboards and screens: the uploaded image, what, when, where, and a QR that opens
 * the signup page. Printed from the browser (the buttons do not print), or shown on a screen.
 */
export default function PosterPage() {
  const { params } = useRouter();
  const [p, setP] = useState<Poster | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = () =>
    call('activity', 'poster', { activityId: params.id ?? '', baseUrl: share.webOrigin() })
      .then((x) => {
        setP(x);
        setError(null);
      })
      .catch((e: unknown) => setError(e));
  useDidShow(() => void load());
  if (!p)
    return (
      <View className='page adm'>
        <PageTitle>宣传海报</PageTitle>
        <PageState loading={!error} error={error} onRetry={load} rows={5} />
      </View>
    );
  const a = p.activity;
  return (
    <View className='poster-page'>
      <PageTitle>宣传海报</PageTitle>
      <View className='poster' id='poster'>
        <View className='poster-band'>{a.orgName}</View>
        {a.posterUrl && (
          <Image
            className='poster-image'
            src={a.posterUrl}
            mode='widthFix'
            style={{ width: '100%', height: 'auto', display: 'block' }}
            {...imageAlt(`活动海报：${a.title}`)}
          />
        )}
        <View className='poster-body'>
          <Text className='poster-kind'>{a.kindLabel}</Text>
          <Text className='poster-title'>{a.title}</Text>
          <View className='poster-facts'>
            <Text>时间：{formatTime(a.startAt)}</Text>
            <Text>地点：{a.place}</Text>
            {a.host && (
              <Text>
                {a.kind === 'booking' ? '驻点律师/服务人员' : '主讲'}：{a.host}
              </Text>
            )}
            <Text>
              名额：{a.seats}人{a.membersOnly ? '（限工会会员）' : '（全体职工均可报名）'}
            </Text>
            <Text>报名截止：{formatTime(a.signupClosesAt)}</Text>
          </View>
          <View className='poster-qr'>
            <Image src={p.qrDataUrl} style={{ width: '200px', height: '200px' }} {...imageAlt(`报名二维码：微信扫码打开「${a.title}」的报名页`)} />
            <Text className='poster-scan'>扫一扫 立即报名</Text>
            <Text className='poster-hint'>名额有限，先到先得{a.waitlist ? '；满员可候补' : ''}</Text>
          </View>
        </View>
      </View>
      {share.printPage ? (
        <View className='poster-actions'>
          <Button type='primary' block onClick={share.printPage}>
            打印海报
          </Button>
          <Text className='muted'>也可以直接投屏展示</Text>
        </View>
      ) : (
        <View className='poster-actions'>
          <Text className='muted'>截屏保存后可转发到群聊或投屏展示</Text>
        </View>
      )}
    </View>
  );
}
