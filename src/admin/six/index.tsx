import { useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { ApiError, call, messageOf, type Output } from '../../api';
import { Button, Tag } from '../../components/nut';
import { formatDate } from '../../components/format';
import { SIX_ITEMS } from '../../../core/org/six';
import '../admin.scss';
import { PageState, PageTitle, SectionTitle, Tap } from '../ui';

type Board = Output<'org', 'sixBoard'>;
type Row = Board['rows'][number];
type Item = { key: string; met: boolean | null; evidence: string; fileIds: string[] };

/** A fresh form; for a union assessed before, its last met / not met per item (the board lists what it missed). */
const initial = (row: Row): Item[] =>
  SIX_ITEMS.map((i) => ({ key: i.key, met: row.assessed ? !row.missing.includes(i.label) : null, evidence: '', fileIds: [] as string[] }));
const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** Messages by field, with item paths kept whole: `items.2.evidence`. */
function issuesOf(e: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (e instanceof ApiError)
    for (const i of e.issues) {
      const k = i.path.join('.');
      if (!out[k]) out[k] = i.message;
    }
  return out;
}

function AssessForm({ row, onDone, onCancel }: { row: Row; onDone: (text: string) => void; onCancel: () => void }) {
  const [items, setItems] = useState<Item[]>(() => initial(row));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = (i: number, patch: Partial<Item>) => setItems(items.map((x, n) => (n === i ? { ...x, ...patch } : x)));
  // a union assessed before: start from its last answers, evidence and attachments
  const assessedBefore = row.assessed;
  useEffect(() => {
    if (!assessedBefore) return;
    call('org', 'getSix', { unionId: row.unionId })
      .then(({ assessment }) => {
        if (!assessment) return;
        setItems(
          SIX_ITEMS.map((d) => {
            const prev = assessment.items.find((x) => x.key === d.key);
            return { key: d.key, met: prev ? prev.met : null, evidence: prev?.evidence ?? '', fileIds: prev?.files.map((f) => f.id) ?? [] };
          }),
        );
      })
      .catch(() => undefined);
  }, [row.unionId, assessedBefore]);

  const submit = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const r = await call('org', 'assessSix', {
        unionId: row.unionId,
        items: items.map((i) => ({ key: i.key, met: i.met as boolean, evidence: i.evidence, fileIds: i.fileIds })),
      });
      setErrors({});
      onDone(`已保存${r.unionName}的“六有”评估：达标 ${r.metCount}/6 项${r.meetsAll ? '，全部达标' : ''}`);
    } catch (e) {
      const found = issuesOf(e);
      setErrors(Object.keys(found).length ? found : { form: messageOf(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='sub-card' id='assessForm' onClick={(e) => e.stopPropagation()}>
      <Text className='card-title'>评估：{row.unionName}</Text>
      {SIX_ITEMS.map((def, i) => (
        <View key={def.key} className='field six-item'>
          <Text className='field-label'>
            {i + 1}. {def.label}
          </Text>
          <View>
            <Tap
              role='radio'
              pressed={items[i].met === true}
              className={`adm-chip ${items[i].met === true ? 'on' : ''}`}
              label={`${def.label}：达标`}
              onTap={() => set(i, { met: true })}
            >
              达标
            </Tap>
            <Tap
              role='radio'
              pressed={items[i].met === false}
              className={`adm-chip ${items[i].met === false ? 'on' : ''}`}
              label={`${def.label}：未达标`}
              onTap={() => set(i, { met: false })}
            >
              未达标
            </Tap>
          </View>
          {errors[`items.${i}.met`] && <Text className='field-error'>{errors[`items.${i}.met`]}</Text>}
          <Input
            className='field-input'
            id={`evidence-${def.key}`}
            nativeProps={{ 'aria-label': `${def.label}的佐证说明` }}
            placeholder='佐证说明（达标项必填）'
            value={items[i].evidence}
            onInput={(e) => set(i, { evidence: e.detail.value })}
          />
          {errors[`items.${i}.evidence`] && <Text className='field-error'>{errors[`items.${i}.evidence`]}</Text>}
        </View>
      ))}
      {(errors.form || errors.items || errors.unionId) && <View className='notice notice-error'>{errors.form || errors.items || errors.unionId}</View>}
      <View className='btn-row'>
        <Button type='primary' loading={busy} onClick={submit}>
          保存评估
        </Button>
        <Button fill='outline' disabled={busy} onClick={onCancel}>
          取消
        </Button>
      </View>
    </View>
  );
}

export default function SixBoard() {
  const [board, setBoard] = useState<Board | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  const load = () =>
    call('org', 'sixBoard', {})
      .then((b) => {
        setBoard(b);
        setError(null);
      })
      .catch((e: unknown) => setError(e))
      .finally(() => Taro.stopPullDownRefresh());
  useDidShow(load);
  usePullDownRefresh(load);

  if (error || !board)
    return (
      <View className='page adm six'>
        <PageTitle>“六有”评估</PageTitle>
        <PageState loading={!error} error={error} onRetry={load} rows={5} />
      </View>
    );
  // assessments are made from above: a union's own officers only see their result
  const canAssess = !board.rows.some((r) => r.unionId === board.orgId);
  const reached = board.share >= board.goal;
  const missing = board.missing.filter((m) => m.unions > 0);

  return (
    <View className='page adm six'>
      <PageTitle>“六有”评估</PageTitle>
      {notice && (
        <View className='notice notice-ok' id='notice'>
          {notice}
        </View>
      )}
      <View className='card' id='sixSummary'>
        <SectionTitle>{board.orgName}</SectionTitle>
        <View className='row'>
          <Text>“六有”全部达标的工会占比</Text>
          <Text className='stat-num' style={{ color: reached ? '#389e0d' : '#c8161d' }}>
            {percent(board.share)}
          </Text>
        </View>
        <View className='progress'>
          <View className={`progress-bar ${reached ? 'ok' : ''}`} style={{ width: `${Math.min(100, board.share * 100)}%` }} />
          <View className='progress-goal' style={{ left: `${board.goal * 100}%` }} />
        </View>
        <Text className='muted'>
          目标：{percent(board.goal)}的工会“六有”全部达标
          {reached ? '，已达成' : `，还差 ${Math.max(0, Math.ceil(board.goal * board.unions) - board.meetingAll)} 家`}
        </Text>
        <View className='stats'>
          <View className='stat'>
            <Text className='stat-num'>{board.unions}</Text>
            <Text className='muted'>基层工会</Text>
          </View>
          <View className='stat'>
            <Text className='stat-num'>{board.assessed}</Text>
            <Text className='muted'>已评估</Text>
          </View>
          <View className='stat'>
            <Text className='stat-num'>{board.meetingAll}</Text>
            <Text className='muted'>全部达标</Text>
          </View>
        </View>
      </View>

      <View className='card'>
        <SectionTitle>最常缺的项</SectionTitle>
        {missing.length === 0 && <Text className='muted'>{board.assessed ? '已评估的工会没有缺项' : '尚无评估结果'}</Text>}
        {missing.map((m) => (
          <View key={m.key} className='kv'>
            <Text className='kv-v'>{m.label}</Text>
            <Text>{m.unions} 家</Text>
          </View>
        ))}
      </View>

      <View className='card' id='sixRows'>
        <SectionTitle>各工会达标情况</SectionTitle>
        {canAssess && (
          <View className='muted' style={{ marginBottom: '8px' }}>
            点击工会填写或更新评估
          </View>
        )}
        <View className='table'>
          <View className='tr th'>
            <Text className='td wide'>工会</Text>
            <Text className='td num'>达标</Text>
            <Text className='td tag-cell'>状态</Text>
          </View>
          {board.rows.map((r) => (
            <View key={r.unionId} className='six-row'>
              <Tap
                className='tr'
                label={canAssess ? `${r.unionName}，${r.assessed ? `达标${r.metCount}项` : '未评估'}，${open === r.unionId ? '收起' : '评估'}` : undefined}
                onTap={() => canAssess && setOpen(open === r.unionId ? null : r.unionId)}
              >
                <View className='td wide'>
                  <Text>{r.unionName}</Text>
                  {r.assessed && r.missing.length > 0 && <View className='muted'>缺：{r.missing.join('、')}</View>}
                  {r.assessedAt !== null && <View className='muted'>{formatDate(r.assessedAt)} 评估</View>}
                </View>
                <Text className='td num'>{r.assessed ? `${r.metCount}/6` : '—'}</Text>
                <View className='td tag-cell'>
                  {!r.assessed ? (
                    <Tag type='default' plain>
                      未评估
                    </Tag>
                  ) : r.meetsAll ? (
                    <Tag type='success'>全部达标</Tag>
                  ) : (
                    <Tag type='warning'>缺 {6 - r.metCount} 项</Tag>
                  )}
                </View>
              </Tap>
              {open === r.unionId && (
                <AssessForm
                  row={r}
                  onCancel={() => setOpen(null)}
                  onDone={(text) => {
                    setOpen(null);
                    setNotice(text);
                    load();
                  }}
                />
              )}
            </View>
          ))}
        </View>
      </View>
    </View>
  );
}
