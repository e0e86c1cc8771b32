import { useEffect, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Image, Textarea, View } from '@tarojs/components';
import { call, messageOf, type Output } from '../../api';
import { Button } from '../../components/nut';
import { scan } from '../../platform/scan';
import { PageState, PageTitle, SectionTitle } from '../ui';
import '../admin.scss';
import { imageAlt } from '../../components/a11y';

type Code = Output<'activity', 'checkInCode'>;

export default function CheckInPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const [code, setCode] = useState<Code | null>(null);
  const [card, setCard] = useState('');
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [codeError, setCodeError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  // The code rotates every 30 s: fetch a fresh one shortly before it expires.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const refresh = () =>
      call('activity', 'checkInCode', { activityId: id })
        .then((c) => {
          setCode(c);
          setCodeError(null);
          timer = setTimeout(refresh, Math.max(1000, c.expiresAt - Date.now() - 2000));
        })
        .catch((e: unknown) => setCodeError(e));
    refresh();
    return () => clearTimeout(timer);
  }, [id, attempt]);

  const byCard = async (cardCode: string) => {
    try {
      const r = await call('activity', 'checkInByCard', { activityId: id, cardCode });
      setResult({ ok: true, text: r.already ? `${r.name}（${r.memberNo}）已签到过` : `${r.name}（${r.memberNo}）签到成功` });
    } catch (e) {
      setResult({ ok: false, text: messageOf(e) });
    }
  };
  const scanCard = async () => {
    const r = await scan.scanCode();
    if (r !== null) byCard(r);
  };

  return (
    <View className='page adm'>
      <PageTitle>现场签到</PageTitle>
      <View className='card' style={{ textAlign: 'center' }}>
        <SectionTitle>请报名的会员扫码签到</SectionTitle>
        <PageState loading={!code && !codeError} error={code ? null : codeError} onRetry={() => setAttempt(attempt + 1)} rows={4}>
          {code && (
            // the code itself is never shown; tests read it from data-code
            <View id='checkinQr' data-code={code.code}>
              <Image src={code.qrDataUrl} {...imageAlt('签到二维码：请会员用微信扫码签到')} style={{ width: '240px', height: '240px' }} />
            </View>
          )}
          <View className='muted'>签到码每30秒自动更换，截图无效</View>
        </PageState>
      </View>
      <View className='card'>
        <SectionTitle>扫会员卡签到</SectionTitle>
        {scan.canScan ? (
          <Button type='primary' block onClick={scanCard}>
            扫描会员卡
          </Button>
        ) : (
          <View>
            <Textarea
              className='field-input'
              nativeProps={{ 'aria-label': '会员卡二维码内容' }}
              id='cardCode'
              style={{ height: '60px', padding: '8px 10px' }}
              placeholder='扫码枪录入或粘贴会员卡二维码内容'
              value={card}
              onInput={(e) => setCard(e.detail.value)}
            />
            <View className='btn-row'>
              <Button type='primary' onClick={() => byCard(card)}>
                签到
              </Button>
            </View>
          </View>
        )}
      </View>
      {result && (
        <View className={`notice ${result.ok ? 'notice-ok' : 'notice-error'}`} id='checkinResult' {...({ role: 'status' } as object)}>
          {result.text}
        </View>
      )}
    </View>
  );
}
