import { useState } from 'react';
import { Text, Textarea, View } from '@tarojs/components';
import { call, messageOf, type Output } from '../../api';
import { Button } from '../../components/nut';
import { formatDate } from '../../components/format';
import { scan } from '../../platform/scan';
import { PageTitle, SectionTitle } from '../ui';
import '../admin.scss';

type Check = Output<'member', 'verifyCard'>;

export default function Verify() {
  const [code, setCode] = useState('');
  const [result, setResult] = useState<Check | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const verify = async (value: string) => {
    setBusy(true);
    setResult(null);
    setError(null);
    try {
      setResult(await call('member', 'verifyCard', { code: value }));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const scanCard = async () => {
    const r = await scan.scanCode();
    if (r === null) return; // cancelled
    setCode(r);
    verify(r);
  };

  return (
    <View className='page adm verify'>
      <PageTitle>会员卡核验</PageTitle>
      {scan.canScan && (
        <Button type='primary' block onClick={scanCard}>
          扫一扫会员卡
        </Button>
      )}
      <View className='card' style={{ marginTop: '12px' }}>
        <SectionTitle>输入会员卡二维码内容</SectionTitle>
        {!scan.canScan && <Text className='muted'>在微信中打开可直接“扫一扫”会员卡；在浏览器中请用扫码枪录入或粘贴二维码内容。</Text>}
        <Textarea
          className='field-input'
          id='code'
          nativeProps={{ 'aria-label': '会员卡二维码内容' }}
          style={{ height: '80px', padding: '8px 10px' }}
          placeholder='扫码枪录入或粘贴二维码内容'
          value={code}
          onInput={(e) => setCode(e.detail.value)}
        />
        <View className='btn-row'>
          <Button type='primary' loading={busy} onClick={() => verify(code)}>
            核验
          </Button>
        </View>
      </View>
      {result && (
        <View className='notice notice-ok' id='verifyResult' {...({ role: 'status' } as object)}>
          <Text>
            核验通过：{result.nameMasked}，会员编号 {result.memberNo}，{result.orgName}，{formatDate(result.joinedAt)} 入会
          </Text>
        </View>
      )}
      {error && (
        <View className='notice notice-error' id='verifyError' {...({ role: 'status' } as object)}>
          {error}
        </View>
      )}
    </View>
  );
}
