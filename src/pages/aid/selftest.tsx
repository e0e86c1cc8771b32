import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ApiError, call, messageOf, type Output } from '../../api';
import { Button, Switch } from '../../components/nut';
import { TextField } from '../../components/Field';
import { Heading, PageTitle } from '../../components/Tappable';
import { liveProps } from '../../components/a11y';
import { InputField, issuesOf, num, without, yuan } from './ui';
import './aid.scss';

type Result = Output<'aid', 'selfTest'>;
type Form = { householdSize: string; yearlyIncome: string; rigidCosts: string; hardshipCosts: string };

/**
 * 困难自测: the worker's household figures against the local 低保 line, answered with the likely tier
 * and the server's reasons. Nothing is stored (the server's selfTest keeps nothing); the way on is 建档.
 */
export default function SelfTest() {
  const [f, setF] = useState<Form>({ householdSize: '', yearlyIncome: '', rigidCosts: '', hardshipCosts: '' });
  const [sudden, setSudden] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (k: keyof Form) => (e: { detail: { value: string } }) => {
    setF((prev) => ({ ...prev, [k]: e.detail.value }));
    setErrors((prev) => without(prev, k));
    setResult(null); // a changed figure: the old answer no longer holds
  };

  const run = async () => {
    if (busy) return;
    setBusy(true);
    setFailure('');
    try {
      const r = await call('aid', 'selfTest', {
        householdSize: num(f.householdSize) as number,
        yearlyIncome: num(f.yearlyIncome) as number,
        rigidCosts: num(f.rigidCosts) as number,
        suddenEvent: sudden,
        hardshipCosts: num(f.hardshipCosts) ?? 0,
      });
      setErrors({});
      setResult(r);
    } catch (e) {
      const fields = issuesOf(e);
      setErrors(fields);
      setResult(null);
      setFailure(e instanceof ApiError && e.code === 'VALIDATION' && Object.keys(fields).length ? '请按提示修改标红的项目' : messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='page aid'>
      <PageTitle>困难自测</PageTitle>
      <View className='notice notice-info'>自测只做估算，不保存您填写的任何信息；正式认定以工会入户调查和审核为准。</View>
      <View className='card'>
        <TextField
          id='householdSize'
          label='家庭共同生活人口（人）'
          type='number'
          placeholder='包括您本人'
          value={f.householdSize}
          onInput={set('householdSize')}
          error={errors.householdSize}
        />
        <TextField
          id='yearlyIncome'
          label='家庭年度可支配收入（元）'
          type='number'
          placeholder='全家一年的工资、养老金等收入合计'
          value={f.yearlyIncome}
          onInput={set('yearlyIncome')}
          error={errors.yearlyIncome}
        />
        <InputField
          id='rigidCosts'
          label='年度刚性支出（元）'
          type='number'
          placeholder='没有填 0'
          value={f.rigidCosts}
          onChange={(v) => set('rigidCosts')({ detail: { value: v } })}
          error={errors.rigidCosts}
          hint='刚性支出指必须花的钱：因病、因残自付的医疗康复费用，子女上学的学杂费，以及上班必需的交通等就业成本（全年合计，不含日常吃穿）。'
        />
        <View className='aid-switch-row'>
          <View className='aid-switch-text'>
            <Text className='aid-switch-label'>今年遭遇突发事件</Text>
            <Text className='muted'>如事故、自然灾害、重大疾病</Text>
          </View>
          <Text className='aid-switch-state'>{sudden ? '是' : '否'}</Text>
          <Switch checked={sudden} ariaLabel='今年遭遇突发事件' onChange={(v: boolean) => (setSudden(v), setResult(null))} />
        </View>
        <TextField
          id='hardshipCosts'
          label='今年因突发事件或疾病造成的费用或损失（元）'
          type='number'
          placeholder='没有填 0'
          value={f.hardshipCosts}
          onInput={set('hardshipCosts')}
          error={errors.hardshipCosts}
        />
        {failure ? (
          <View className='notice notice-error' id='selftest-error'>
            {failure}
          </View>
        ) : null}
        <Button type='primary' block loading={busy} onClick={run}>
          开始估算
        </Button>
      </View>

      <View {...liveProps()}>
        {result && (
          <View className='card' id='selftest-result'>
            <Heading level={2}>估算结果</Heading>
            <Text className={`aid-tier ${result.eligible ? 'aid-tier-yes' : 'aid-tier-no'}`} id='selftest-tier'>
              {result.eligible ? `可能属于：${result.tierLabel}` : result.tierLabel}
            </Text>
            <View className='kv'>
              <Text className='kv-k'>人均月收入</Text>
              <Text className='kv-v'>{yuan(result.perHeadMonthly)}（扣除刚性支出后）</Text>
            </View>
            <View className='kv'>
              <Text className='kv-k'>当地低保</Text>
              <Text className='kv-v'>{yuan(result.dibaoMonthly)}/人·月</Text>
            </View>
            <View className='aid-reasons' id='selftest-reasons'>
              {result.reasons.map((r, i) => (
                <Text key={i} className='aid-reason'>
                  {r}
                </Text>
              ))}
            </View>
            <Text className='muted aid-hint'>
              按{result.rulesOf.orgName}
              {result.rulesOf.year}年帮扶政策估算。以上信息没有保存。
            </Text>
            {result.eligible ? (
              <Button type='primary' block onClick={() => void Taro.navigateTo({ url: '/pages/aid/file' })}>
                建档申请
              </Button>
            ) : (
              <View className='btn-row'>
                <Button fill='outline' onClick={() => void Taro.navigateTo({ url: '/pages/aid/file' })}>
                  仍要建档申请
                </Button>
              </View>
            )}
          </View>
        )}
      </View>
    </View>
  );
}
