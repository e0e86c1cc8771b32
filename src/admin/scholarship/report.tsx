/**
 * The campaign's figures from its data: during 申报 and review how many have applied (by category and
 * union, against the survey), in 总结 the report (applicants, approved, paid, by category and union,
 * budget used) with its xlsx. Approvals and payments come from the review pipeline; until that is
 * connected the server says so in `note`, and this page shows its words.
 */
import { useState, type ReactNode } from 'react';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { call, messageOf, type Output } from '../../api';
import { Button, Tag } from '../../components/nut';
import { formatTime } from '../../components/format';
import { useLoadOn } from '../../components/useLoadOn';
import { openDownload } from '../../platform/download';
import { PageState, PageTitle, SectionTitle } from '../ui';
import { yuan } from './labels';
import '../admin.scss';
import './scholarship.scss';

type Report = Output<'scholarship', 'report'>;
type Tally = Report['byCategory'][number];

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Cells = ReactNode[];

/** a row of the tally table (role=row, its cells role=cell / columnheader: a screen reader reads it as a table) */
function TallyRow({ cells, th }: { cells: Cells; th?: boolean }) {
  return (
    <View className={`sch-tr ${th ? 'sch-th' : ''}`} {...({ role: 'row' } as object)}>
      {cells.map((x, i) => (
        <Text key={i} className={`sch-td ${i === 0 ? 'sch-td-name' : ''}`} {...({ role: th ? 'columnheader' : 'cell' } as object)}>
          {x}
        </Text>
      ))}
    </View>
  );
}

function TallyTable({
  head,
  rows,
}: {
  head: string;
  rows: Array<Pick<Tally, 'surveyed' | 'applicants' | 'approved' | 'paid' | 'amountPaid'> & { name: string }>;
}) {
  return (
    <View className='sch-table' {...({ role: 'table', 'aria-label': head } as object)}>
      <TallyRow th cells={[head, '摸底', '申请', '获批', '发放', '金额']} />
      {rows.map((r) => (
        <TallyRow key={r.name} cells={[r.name, r.surveyed, r.applicants, r.approved, r.paid, yuan(r.amountPaid)]} />
      ))}
    </View>
  );
}

export default function ScholarshipReport() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const [r, setR] = useState<Report | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async () => {
    try {
      setR(await call('scholarship', 'report', { campaignId: id }));
      setLoadError(null);
    } catch (e) {
      setLoadError(e);
    } finally {
      Taro.stopPullDownRefresh();
    }
  };
  useLoadOn(load, [id]);
  usePullDownRefresh(() => void load());

  const exportReport = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const x = await call('scholarship', 'exportReport', { campaignId: id });
      await openDownload({ url: x.url, filename: x.filename, contentType: XLSX });
      setNotice({ kind: 'ok', text: `已导出总结报告（${x.filename}），下载链接 ${formatTime(x.expiresAt)} 前有效。` });
    } catch (e) {
      setNotice({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  };

  const summary = r ? r.campaign.stage === 'summary' || r.campaign.stage === 'closed' : false;
  const title = summary ? '总结报告' : '申报情况';

  if (!r)
    return (
      <View className='page adm sch-report'>
        <PageTitle>金秋助学统计</PageTitle>
        <PageState loading={!loadError} error={loadError} onRetry={load} rows={8} />
      </View>
    );

  const used = r.budget > 0 ? Math.round((r.committed / r.budget) * 100) : 0;
  return (
    <View className='page adm sch-report'>
      <PageTitle>{title}</PageTitle>
      {notice && (
        <View className={`notice ${notice.kind === 'ok' ? 'notice-ok' : 'notice-error'}`} id='notice' {...({ role: 'status' } as object)}>
          {notice.text}
        </View>
      )}
      <View className='card'>
        <View className='row'>
          <Text className='card-title'>{r.campaign.title}</Text>
          <Tag type={r.final ? 'default' : 'info'} plain={r.final}>
            {r.final ? '已存档' : r.campaign.stageLabel}
          </Tag>
        </View>
        <Text className='muted sch-block'>
          {r.final ? '活动结束时固定的报告' : '按当前数据生成'} · <Text className='nowrap'>{formatTime(r.generatedAt)}</Text>
        </Text>
        <View className='stats' id='report-stats'>
          <View className='stat'>
            <Text className='stat-num' id='applicants'>
              {r.applicants}
            </Text>
            <Text className='muted'>申请人数</Text>
          </View>
          <View className='stat'>
            <Text className='stat-num'>{r.approved}</Text>
            <Text className='muted'>获批人数</Text>
          </View>
          <View className='stat'>
            <Text className='stat-num'>{r.paid}</Text>
            <Text className='muted'>已发放人数</Text>
          </View>
        </View>
        <Text className='muted sch-block' id='report-note'>
          {r.note}
        </Text>
        <View className='btn-row'>
          <Button type='primary' id='export' loading={busy} disabled={busy} onClick={exportReport}>
            {summary ? '导出总结报告' : '导出统计表'}
          </Button>
        </View>
      </View>

      <View className='card' id='budget'>
        <SectionTitle>预算使用</SectionTitle>
        <View className='kv'>
          <Text className='kv-k'>助学预算</Text>
          <Text className='kv-v'>{yuan(r.budget)}</Text>
        </View>
        <View className='kv'>
          <Text className='kv-k'>已批准金额</Text>
          <Text className='kv-v'>
            {yuan(r.committed)}（{used}%）
          </Text>
        </View>
        <View className='kv'>
          <Text className='kv-k'>已发放金额</Text>
          <Text className='kv-v'>{yuan(r.amountPaid)}</Text>
        </View>
        <View className='kv'>
          <Text className='kv-k'>预算余额</Text>
          <Text className='kv-v'>{yuan(r.budgetLeft)}</Text>
        </View>
      </View>

      <View className='card' id='by-category'>
        <SectionTitle>按学生类别</SectionTitle>
        <TallyTable head='类别' rows={r.byCategory.map((t) => ({ ...t, name: t.label }))} />
      </View>

      <View className='card' id='by-union'>
        <SectionTitle>按工会</SectionTitle>
        <TallyTable head='工会' rows={r.byUnion.map((t) => ({ ...t, name: t.unionName }))} />
      </View>
    </View>
  );
}
