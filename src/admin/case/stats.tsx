import { useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { call, type Output } from '../../api';
import { useLoadOn } from '../../components/useLoadOn';
import { PageState, PageTitle, SectionTitle, Tap } from '../ui';
import { periodOf, yuan } from './labels';
import '../admin.scss';
import './case.scss';

type Stats = Output<'case', 'stats'>;
type Period = 'month' | 'last_month' | 'year';

const PERIODS: ReadonlyArray<[Period, string]> = [
  ['month', '本月'],
  ['last_month', '上月'],
  ['year', '本年'],
];

/** a rate, or 暂无 when there was nothing to divide (read aloud as a word, not a dash) */
const pct = (n: number | null) => (n === null ? '暂无' : `${n.toFixed(1)}%`);

export default function CaseStatsPage() {
  const [period, setPeriod] = useState<Period>('month');
  const [data, setData] = useState<Stats | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = async () => {
    setData(null);
    const p = periodOf(period);
    try {
      setData(await call('case', 'stats', { from: p.from, to: p.to }));
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      Taro.stopPullDownRefresh();
    }
  };
  useLoadOn(load, [period]);
  usePullDownRefresh(load);

  const p = periodOf(period);
  // the six figures of the 12351 line, each with what it counts (the server's definitions by label)
  const figures: ReadonlyArray<{ label: string; value: string; detail: string }> = data
    ? [
        { label: '受理量', value: String(data.received), detail: `其中在办 ${data.open} 件，超期 ${data.overdue} 件` },
        { label: '派单率', value: pct(data.assignRate), detail: `已派单 ${data.assigned} / 受理 ${data.received}` },
        { label: '按期签收率', value: pct(data.signedOnTimeRate), detail: `按期 ${data.signedOnTime} / 签收 ${data.signed}` },
        { label: '按期办结率', value: pct(data.closedOnTimeRate), detail: `按期 ${data.resolvedOnTime} / 办结 ${data.resolved}` },
        { label: '满意率', value: pct(data.satisfactionRate), detail: `满意 ${data.satisfied} / 评价 ${data.rated}` },
        { label: '追回金额', value: yuan(data.recovered), detail: '办结时记录的追回款项合计' },
      ]
    : [];
  const most = Math.max(1, ...(data?.byCategory.map((c) => c.received) ?? [1]));

  return (
    <View className='page adm case-stats'>
      <PageTitle>案件统计</PageTitle>
      <View className='filters' {...({ role: 'radiogroup', 'aria-label': '统计期间' } as object)}>
        {PERIODS.map(([k, label]) => (
          <Tap key={k} role='radio' pressed={period === k} className={`adm-chip ${period === k ? 'on' : ''}`} onTap={() => setPeriod(k)}>
            {label}
          </Tap>
        ))}
      </View>
      <PageState loading={!data && !error} error={error} onRetry={load} rows={6}>
        {data && (
          <>
            <Text className='muted case-org'>
              {data.orgName}（含下级工会） · {p.label}
            </Text>
            <View className='case-grid' id='figures'>
              {figures.map((f) => (
                <View key={f.label} className='card case-figure'>
                  <Text className='case-figure-label'>{f.label}</Text>
                  <Text className='case-figure-value'>{f.value}</Text>
                  <Text className='muted case-block'>{f.detail}</Text>
                </View>
              ))}
            </View>
            <View className='card' id='by-category'>
              <SectionTitle>按诉求类别（受理量）</SectionTitle>
              {data.byCategory.map((c) => (
                <View key={c.key} className='case-bar-row'>
                  <View className='row'>
                    <Text>{c.label}</Text>
                    <Text className='nowrap'>{c.received} 件</Text>
                  </View>
                  <View className='progress' {...({ 'aria-hidden': 'true' } as object)}>
                    <View className='progress-bar' style={{ width: `${(c.received / most) * 100}%` }} />
                  </View>
                </View>
              ))}
            </View>
            <View className='card' id='definitions'>
              <SectionTitle>指标口径</SectionTitle>
              {data.definitions.map((d) => (
                <View key={d.label} className='case-def'>
                  <Text className='case-def-label'>{d.label}</Text>
                  <Text className='muted case-block'>{d.text}</Text>
                </View>
              ))}
            </View>
          </>
        )}
      </PageState>
    </View>
  );
}
