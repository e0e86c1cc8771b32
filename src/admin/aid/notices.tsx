import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ApiError, call, messageOf, type Output } from '../../api';
import { Button, Tag } from '../../components/nut';
import { formatTime } from '../../components/format';
import { CheckRow } from '../../components/Tappable';
import { openDownload } from '../../platform/download';
import { LabelledInput, LabelledTextarea, PageState, PageTitle, SectionTitle, Tap, useConfirm, LoadMore } from '../ui';
import { parseYuan, yuan } from './labels';
import '../admin.scss';
import './aid.scss';

type App = Output<'aid', 'queue'>['items'][number];
type Board = Output<'aid', 'noticeBoard'>;
type Notice = Board['items'][number];
type Objection = Board['pendingObjections'][number];
type Ruling = Objection['rulings'][number];
type Rules = Output<'aid', 'getRules'>['rules'];

/**
 * The federation's approved applications, not yet in a notice: the queue lists them with the open
 * steps (its status filter names only review steps), so they are gathered page by page.
 */
async function approvedApplications(): Promise<App[]> {
  const out: App[] = [];
  let after: string | null = null;
  for (let page = 0; page < 10; page++) {
    const r: Output<'aid', 'queue'> = await call('aid', 'queue', { supervise: false, overdueOnly: false, limit: 50, after });
    out.push(...r.items.filter((i) => i.status === 'approved'));
    if (!r.next || out.length >= r.counts.approved) break;
    after = r.next;
  }
  return out;
}

/** what the officer is told before ruling on an objection */
const RULING_CONSEQUENCE = (o: Objection, key: Ruling['key'], amount: number) =>
  ({
    uphold_stop: `异议成立：停止对${o.publicName}的帮扶，已预留的资金随即释放，并通知申请人。此决定不能撤回。`,
    uphold_revise: `异议成立：${o.publicName}的帮扶金额调整为 ${yuan(amount)}，调整后须重新公示，并通知申请人。`,
    dismiss: `异议不成立，记录在案。公示期满后如无其他成立的异议，${o.publicName}的帮扶可以发放。`,
  })[key];

export default function AidNotices() {
  const [approved, setApproved] = useState<App[] | null>(null);
  const [board, setBoard] = useState<Board | null>(null);
  const [rules, setRules] = useState<Rules>(null);
  const [error, setError] = useState<unknown>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const [title, setTitle] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const [result, setResult] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [more, setMore] = useState(false);
  const { confirm, confirmUi } = useConfirm();

  const load = async () => {
    try {
      const [a, b, r] = await Promise.all([approvedApplications(), call('aid', 'noticeBoard', { limit: 20 }), call('aid', 'getRules', {})]);
      setApproved(a);
      setBoard(b);
      setRules(r.rules);
      setPicked((p) => p.filter((id) => a.some((x) => x.id === id)));
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      Taro.stopPullDownRefresh();
    }
  };
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());

  const loadMore = async () => {
    if (!board?.next || more) return;
    setMore(true);
    try {
      const r = await call('aid', 'noticeBoard', { limit: 20, after: board.next });
      setBoard({ ...r, items: [...board.items, ...r.items] });
    } catch (e) {
      setResult({ kind: 'error', text: messageOf(e) });
    } finally {
      setMore(false);
    }
  };

  const publish = async () => {
    if (busy || !approved) return;
    if (picked.length === 0) return setResult({ kind: 'error', text: '请选择要公示的名单' });
    const days = rules ? `${rules.noticeWorkingDays}个工作日` : '政策规定的工作日数';
    const shows = ['姓名（脱敏）', '所在工会', ...(rules?.noticeShows.kind ? ['帮扶类别'] : []), ...(rules?.noticeShows.amount ? ['金额'] : [])].join('、');
    const ok = await confirm({
      title: `发布公示（${picked.length}人）？`,
      message: `公示期${days}，自发布时起。公示内容：${shows}；不含身份证号、电话、住址和病情。公示期间本会职工可以提出异议，公示期满且无成立的异议方可发放。`,
      confirmText: '发布公示',
    });
    if (!ok) return;
    setBusy(true);
    try {
      const n = await call('aid', 'publishNotice', { applicationIds: picked, title });
      setResult({ kind: 'ok', text: `已发布公示「${n.title}」，${n.periodText}` });
      setPicked([]);
      setTitle('');
      await load();
    } catch (e) {
      setResult({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  };

  const rule = async (o: Objection, r: Ruling) => {
    if (busy) return;
    const note = (notes[o.id] ?? '').trim();
    const n = r.needsAmount ? parseYuan(amounts[o.id] ?? '') : NaN;
    const local: Record<string, string> = {};
    if (note.length < 2) local[`note-${o.id}`] = '请写明核实情况';
    if (r.needsAmount && !Number.isFinite(n)) local[`amount-${o.id}`] = '请填写调整后的金额（整数元）';
    setErrors(local);
    if (Object.keys(local).length) return;
    if (!(await confirm({ title: `确认${r.label}？`, message: RULING_CONSEQUENCE(o, r.key, n), confirmText: r.label, danger: r.key === 'uphold_stop' })))
      return;
    setBusy(true);
    try {
      const after = await call('aid', 'ruleObjection', { objectionId: o.id, ruling: r.key, note, newAmount: r.needsAmount ? n : null, version: o.version });
      setResult({ kind: 'ok', text: `已核实：${o.publicName}，${after.rulingLabel ?? after.statusLabel}` });
      await load();
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'CAP_EXCEEDED' || e.code === 'BUDGET_EXHAUSTED')) setErrors({ [`amount-${o.id}`]: e.message });
      else setResult({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  };

  const download = (fileId: string) =>
    call('org', 'getFile', { fileId })
      .then((f) => openDownload({ url: f.url, filename: f.name, contentType: f.contentType }))
      .catch((e) => setResult({ kind: 'error', text: messageOf(e) }));

  const allPicked = !!approved && approved.length > 0 && picked.length === approved.length;

  return (
    <View className='page adm aid-notices'>
      <PageTitle>公示与异议</PageTitle>
      {confirmUi}
      {result && (
        <View className={`notice ${result.kind === 'ok' ? 'notice-ok' : 'notice-error'}`} id='notice' {...({ role: 'status' } as object)}>
          {result.text}
        </View>
      )}
      <PageState loading={!board && !error} error={!board ? error : null} onRetry={load} rows={4}>
        {board && approved && (
          <>
            <View className='card' id='to-publish'>
              <SectionTitle>待公示（已批准 {approved.length} 人）</SectionTitle>
              {approved.length === 0 ? (
                <Text className='muted'>暂无待公示的名单。联合会批准帮扶后，申请人会出现在这里。</Text>
              ) : (
                <>
                  <CheckRow id='pick-all' checked={allPicked} onChange={(on) => setPicked(on ? approved.map((a) => a.id) : [])}>
                    全选（{approved.length} 人）
                  </CheckRow>
                  {approved.map((a) => (
                    <CheckRow
                      key={a.id}
                      id={`pick-${a.id}`}
                      checked={picked.includes(a.id)}
                      onChange={(on) => setPicked(on ? [...picked, a.id] : picked.filter((x) => x !== a.id))}
                    >
                      <View className='row'>
                        <Text>
                          {a.name} · {a.orgName}
                        </Text>
                        <Text className='aid-amount'>{a.amount !== null ? yuan(a.amount) : ''}</Text>
                      </View>
                      <Text className='muted'>
                        {a.kindLabel}
                        {a.tierLabel ? ` · ${a.tierLabel}` : ''}
                      </Text>
                    </CheckRow>
                  ))}
                  <LabelledInput id='title' label='公示标题（可不填）' placeholder='如：2026年第四批困难职工帮扶名单' value={title} onInput={setTitle} />
                  <Text className='muted aid-block'>
                    公示期 {rules ? `${rules.noticeWorkingDays} 个工作日` : '按政策'}；公示显示脱敏姓名和所在工会
                    {rules?.noticeShows.kind ? '、帮扶类别' : ''}
                    {rules?.noticeShows.amount ? '、金额' : ''}。
                  </Text>
                  <View className='btn-row'>
                    <Button type='primary' loading={busy} disabled={busy} onClick={publish}>
                      发布公示{picked.length ? `（${picked.length}人）` : ''}
                    </Button>
                  </View>
                </>
              )}
            </View>

            <View className='card' id='objections'>
              <SectionTitle>待核实的异议（{board.pendingObjections.length}）</SectionTitle>
              {board.pendingObjections.length === 0 && <Text className='muted'>暂无待核实的异议。</Text>}
              {board.pendingObjections.map((o) => (
                <View key={o.id} className='aid-entry' id={`objection-${o.id}`}>
                  <View className='row'>
                    <Text className='item-name'>{o.publicName}</Text>
                    <Tag type='warning'>{o.statusLabel}</Tag>
                  </View>
                  <Text className='item-line'>
                    {o.noticeTitle} · <Text className='nowrap'>{formatTime(o.submittedAt)}</Text> 提出 · 异议人已核实身份
                  </Text>
                  <Text className='aid-reason'>异议原因：{o.reason}</Text>
                  {o.files.map((f) => (
                    <Tap key={f.id} className='link file-link' role='link' label={`打开佐证材料：${f.name}`} onTap={() => download(f.id)}>
                      {f.name}
                    </Tap>
                  ))}
                  <LabelledTextarea
                    id={`note-${o.id}`}
                    label='核实情况'
                    placeholder='写明如何核实、结论如何（必填，记录在案）'
                    value={notes[o.id] ?? ''}
                    error={errors[`note-${o.id}`]}
                    onInput={(v) => setNotes({ ...notes, [o.id]: v })}
                  />
                  {o.rulings.some((r) => r.needsAmount) && (
                    <LabelledInput
                      id={`amount-${o.id}`}
                      label='调整后的金额（元，仅“调整金额”时填写）'
                      type='number'
                      value={amounts[o.id] ?? ''}
                      error={errors[`amount-${o.id}`]}
                      onInput={(v) => setAmounts({ ...amounts, [o.id]: v })}
                    />
                  )}
                  <View className='aid-rulings'>
                    {o.rulings.map((r) => (
                      <Button
                        key={r.key}
                        type={r.key === 'dismiss' ? 'primary' : r.key === 'uphold_stop' ? 'danger' : 'default'}
                        fill={r.key === 'dismiss' ? undefined : 'outline'}
                        block
                        disabled={busy}
                        onClick={() => rule(o, r)}
                      >
                        {r.label}
                      </Button>
                    ))}
                  </View>
                </View>
              ))}
            </View>

            <View className='card' id='board'>
              <SectionTitle>公示栏</SectionTitle>
              {board.items.length === 0 && <Text className='muted'>尚未发布公示。</Text>}
              {board.items.map((n: Notice) => (
                <View key={n.id} className='aid-entry'>
                  <Tap
                    className='notice-head'
                    label={`${n.title}，${n.statusLabel}，${open === n.id ? '收起名单' : '展开名单'}`}
                    onTap={() => setOpen(open === n.id ? null : n.id)}
                  >
                    <View className='row'>
                      <Text className='item-name'>{n.title}</Text>
                      <Tag type={n.status === 'open' ? 'info' : 'default'} plain={n.status !== 'open'}>
                        {n.statusLabel}
                      </Tag>
                    </View>
                    <Text className='item-line'>
                      {n.periodText} · {n.entries.length} 人 · <Text className='link'>{open === n.id ? '收起名单' : '查看名单'}</Text>
                    </Text>
                    {n.objections && (
                      <Text className='item-line'>
                        异议：待核实 {n.objections.pending} · 成立 {n.objections.upheld} · 不成立 {n.objections.dismissed}
                      </Text>
                    )}
                  </Tap>
                  {open === n.id &&
                    n.entries.map((e) => (
                      <View key={e.applicationId} className='kv'>
                        <Text className='kv-k'>{e.publicName}</Text>
                        <Text className='kv-v'>
                          {e.unionName}
                          {e.kindLabel ? ` · ${e.kindLabel}` : ''}
                          {e.amount !== null ? ` · ${yuan(e.amount)}` : ''} · {e.stateLabel}
                        </Text>
                      </View>
                    ))}
                </View>
              ))}
              <LoadMore next={board.next} loading={more} onMore={loadMore} />
            </View>
          </>
        )}
      </PageState>
    </View>
  );
}
