import { useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { call, fieldErrors, messageOf, type Output } from '../../api';
import { Button, Tag } from '../../components/nut';
import { formatDate, formatTime } from '../../components/format';
import { StepTimeline } from '../../components/StepTimeline';
import { EnterprisePicker, type Enterprise } from '../../components/EnterprisePicker';
import { scan } from '../../platform/scan';
import '../admin.scss';
import { useLoadOn } from '../../components/useLoadOn';
import { LabelledInput, PageState, PageTitle, SectionTitle, TabBar, Tap, useConfirm } from '../ui';

type Transfer = Output<'transfer', 'lookup'>;
type Side = 'out' | 'in';

const STATUS_TAG = { awaiting_release: 'warning', released: 'info', accepted: 'success', refused: 'danger', cancelled: 'default' } as const;

type Action = Transfer['actions'][number];
/** How each action the server offers is sent and reported; which ones a transfer offers is the server's (`t.actions`). */
const ACTION: Record<
  Action['key'],
  {
    type: 'primary' | 'success' | 'danger' | 'default';
    outline?: boolean;
    send: (t: Transfer, reason: string) => Promise<Transfer>;
    done: (a: Transfer) => string;
    /** what the officer is told before it is sent */
    consequence: (t: Transfer) => string;
  }
> = {
  release: {
    consequence: (t) => `将为${t.nameMasked}办理转出并开具接转凭证，由${t.toOrgName}接收；接收前会员关系仍在本会。`,
    type: 'primary',
    send: (t) => call('transfer', 'release', { transferId: t.id }),
    done: (a) => `已为${a.nameMasked}办理转出，凭证号 ${a.code}`,
  },
  accept: {
    consequence: (t) => `${t.nameMasked}将转入${t.toOrgName}，会员编号和会龄不变，原工会不再管理该会员。`,
    type: 'primary',
    send: (t) => call('transfer', 'accept', { transferId: t.id }),
    done: (a) => `已接收${a.nameMasked}转入${a.toOrgName}，会员编号 ${a.memberNo} 不变`,
  },
  refuse: {
    consequence: (t) => `不予接收后本次接转结束，${t.nameMasked}仍是${t.fromOrgName}的会员；理由会员可以看到。`,
    type: 'danger',
    outline: true,
    send: (t, reason) => call('transfer', 'refuse', { transferId: t.id, reason }),
    done: (a) => `已不予接收${a.nameMasked}，会员仍在${a.fromOrgName}`,
  },
  cancel: {
    consequence: (t) => `将取消${t.nameMasked}的本次接转，会员关系仍在${t.fromOrgName}。`,
    type: 'default',
    outline: true,
    send: (t) => call('transfer', 'cancel', { transferId: t.id }),
    done: () => '已取消接转',
  },
};

/** One transfer with the actions this officer may take on it. */
type Confirm = ReturnType<typeof useConfirm>['confirm'];

function TransferItem({
  t,
  focus,
  onChanged,
  confirm,
}: {
  t: Transfer;
  focus?: boolean;
  onChanged: (after: Transfer, text: string) => void;
  confirm: Confirm;
}) {
  /** the action waiting for its reason (needsReason) */
  const [asking, setAsking] = useState<Action | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [showHistory, setShowHistory] = useState(false);
  const [busy, setBusy] = useState(false);

  const act = async (a: Action, fn: () => Promise<Transfer>, text: (after: Transfer) => string) => {
    if (busy) return;
    if (!(await confirm({ title: `确认${a.label}？`, message: ACTION[a.key].consequence(t), confirmText: a.label, danger: a.key === 'refuse' }))) return;
    setBusy(true);
    setError(null);
    setReasonError(null);
    try {
      const after = await fn();
      setAsking(null);
      onChanged(after, text(after));
    } catch (e) {
      const fields = fieldErrors(e);
      if (fields.reason) setReasonError(fields.reason);
      else setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className={`item transfer-item ${focus ? 'focus' : ''}`} id={`transfer-${t.id}`}>
      <View className='row'>
        <View>
          <Text className='item-name'>{t.nameMasked}</Text>
          <Text className='muted'>{t.memberNo}</Text>
        </View>
        <View className='tags'>
          {t.releaseOverdue && (
            <Tag type='danger' plain>
              转出超期
            </Tag>
          )}
          <Tag type={STATUS_TAG[t.status]} plain={STATUS_TAG[t.status] === 'default'}>
            {t.statusLabel}
          </Tag>
        </View>
      </View>
      <Text className='item-line'>
        {t.fromOrgName} → {t.toOrgName}
        {t.toViaFederation ? '（新单位未建会）' : ''}
      </Text>
      <Text className='item-line'>新单位：{t.toEnterpriseName}</Text>
      <Text className='item-line'>
        会龄 {t.seniorityYears} 年（{formatDate(t.joinedAt)} 入会）{t.voucherCode ? ` · 凭证号 ${t.voucherCode}` : ''}
      </Text>
      <Text className='item-line'>
        {formatTime(t.createdAt)} {t.startedByLabel}
        {t.releaseDeadline ? ` · 转出期限 ${formatTime(t.releaseDeadline.at)}` : ''}
      </Text>
      {t.reason && <Text className='item-line'>理由：{t.reason}</Text>}
      <Tap className='item-line link adm-link' pressed={showHistory} onTap={() => setShowHistory(!showHistory)}>
        {showHistory ? '收起办理记录' : '查看办理记录'}
      </Tap>
      {showHistory && (
        <View style={{ marginTop: '8px' }}>
          <StepTimeline history={t.history} />
        </View>
      )}
      {error && (
        <View className='notice notice-error' style={{ marginTop: '8px', marginBottom: 0 }}>
          {error}
        </View>
      )}
      {t.actions.length > 0 && !asking && (
        <View className='btn-row'>
          {t.actions.map((a, i) => {
            const how = ACTION[a.key];
            const onClick = () => (a.needsReason ? setAsking(a) : act(a, () => how.send(t, ''), how.done));
            return (
              <Button
                key={a.key}
                type={how.type}
                fill={how.outline ? 'outline' : undefined}
                loading={i === 0 && busy}
                disabled={i > 0 && busy}
                onClick={onClick}
              >
                {a.label}
              </Button>
            );
          })}
        </View>
      )}
      {asking && (
        <View style={{ marginTop: '10px' }}>
          <Textarea
            className={`field-input ${reasonError ? 'field-input-error' : ''}`}
            id={`reason-${t.id}`}
            style={{ height: '64px', padding: '8px 10px' }}
            placeholder={`${asking.label}的理由（会员可以看到）`}
            nativeProps={{ 'aria-label': `${asking.label}的理由` }}
            value={reason}
            onInput={(e) => (setReason(e.detail.value), setReasonError(null))}
          />
          {reasonError && <Text className='field-error'>{reasonError}</Text>}
          <View className='btn-row'>
            <Button
              type={ACTION[asking.key].type}
              loading={busy}
              onClick={() => act(asking, () => ACTION[asking.key].send(t, reason), ACTION[asking.key].done)}
            >
              确认{asking.label}
            </Button>
            <Button fill='outline' disabled={busy} onClick={() => setAsking(null)}>
              取消
            </Button>
          </View>
        </View>
      )}
    </View>
  );
}

export default function TransferDesk() {
  const { params } = useRouter();
  const [side, setSide] = useState<Side>('out');
  const [items, setItems] = useState<Transfer[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const { confirm, confirmUi } = useConfirm();

  const [code, setCode] = useState('');
  const [found, setFound] = useState<Transfer | null>(null);
  const [lookupError, setLookupError] = useState<string | null>(null);

  const [memberNo, setMemberNo] = useState('');
  const [target, setTarget] = useState<Enterprise | null>(null);
  const [startErrors, setStartErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const load = async (s: Side = side) => {
    setLoading(true);
    try {
      setItems((await call('transfer', 'queue', { side: s, limit: 50 })).items);
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
      Taro.stopPullDownRefresh();
    }
  };
  // from a notification (?id=): show that transfer (open or closed) with its actions
  useEffect(() => {
    if (!params.id) return;
    call('transfer', 'get', { transferId: params.id })
      .then((t) => {
        setFound(t);
        if (t.status === 'released') setSide('in');
      })
      .catch((e) => setLookupError(messageOf(e)));
  }, [params.id]);
  useLoadOn(() => load(side), [side]);
  useDidShow(() => load());
  usePullDownRefresh(() => load());

  const changed = (after: Transfer, text: string) => {
    setNotice(text);
    if (found?.id === after.id) setFound(after);
    load();
  };

  const lookup = async (value: string) => {
    setFound(null);
    setLookupError(null);
    try {
      setFound(await call('transfer', 'lookup', { code: value.trim() }));
    } catch (e) {
      setLookupError(fieldErrors(e).code ?? messageOf(e));
    }
  };
  const scanVoucher = async () => {
    const r = await scan.scanCode();
    if (r === null) return; // cancelled
    setCode(r);
    lookup(r);
  };

  const startForMember = async () => {
    if (busy) return;
    if (memberNo.trim() && target) {
      const ok = await confirm({
        title: '确认办理转出？',
        message: `将为会员 ${memberNo.trim()} 办理转出并开具接转凭证，转入${target.handlingOrgName}；接收前会员关系仍在本会。`,
        confirmText: '办理转出',
      });
      if (!ok) return;
    }
    setBusy(true);
    setNotice(null);
    try {
      const t = await call('transfer', 'startForMember', { memberNo: memberNo.trim(), toEnterpriseId: target?.id ?? '' });
      setStartErrors({});
      setMemberNo('');
      setTarget(null);
      setFound(t);
      setNotice(`已为${t.nameMasked}办理转出并开具凭证，凭证号 ${t.code}，请告知会员向${t.toOrgName}出示`);
      load();
    } catch (e) {
      const fields = fieldErrors(e);
      setStartErrors(Object.keys(fields).length ? fields : { form: messageOf(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='page adm transfer-desk'>
      <PageTitle>会员接转</PageTitle>
      {confirmUi}
      {notice && (
        <View className='notice notice-ok' id='notice' {...({ role: 'status' } as object)}>
          {notice}
        </View>
      )}
      <View className='card' id='voucherBox'>
        <SectionTitle>凭证查验</SectionTitle>
        <View className='lookup-row'>
          <Input
            className='field-input'
            id='voucherInput'
            placeholder='会员出示的8位凭证号'
            nativeProps={{ 'aria-label': '凭证号' }}
            value={code}
            onInput={(e) => setCode(e.detail.value)}
          />
          <Button type='primary' onClick={() => lookup(code)}>
            查验
          </Button>
          {scan.canScan && (
            <Button fill='outline' onClick={scanVoucher}>
              扫码
            </Button>
          )}
        </View>
        {lookupError && (
          <Text className='field-error' id='lookupError'>
            {lookupError}
          </Text>
        )}
        {found && (
          <View style={{ marginTop: '10px' }} id='lookupResult'>
            <TransferItem key={`${found.id}-${found.status}`} t={found} onChanged={changed} confirm={confirm} />
          </View>
        )}
      </View>

      <TabBar
        items={[
          { key: 'out', label: '转出待办' },
          { key: 'in', label: '转入待办' },
        ]}
        value={side}
        onChange={(k) => setSide(k as Side)}
      />
      <PageState
        loading={loading && items.length === 0}
        error={items.length === 0 ? error : null}
        onRetry={() => load()}
        empty={items.length === 0}
        emptyText={side === 'out' ? '暂无待办理转出的会员' : '暂无待接收的转入会员'}
        emptyHint={side === 'out' ? '会员申请转出后会出现在这里，也可在下方代会员办理' : '会员出示凭证时，可在上方查验凭证号'}
      >
        {error ? <View className='notice notice-error'>{messageOf(error)}</View> : null}
        {items.map((t) => (
          <TransferItem key={`${t.id}-${t.status}`} t={t} focus={t.id === params.id} onChanged={changed} confirm={confirm} />
        ))}
      </PageState>

      <View className='card' style={{ marginTop: '12px' }}>
        <SectionTitle>代会员办理转出</SectionTitle>
        <Text className='muted'>会员调离本单位时，由原工会直接办理转出并开具接转凭证。</Text>
        <LabelledInput
          id='startMemberNo'
          label='会员编号'
          placeholder='如：GH2600001234'
          value={memberNo}
          error={startErrors.memberNo}
          onInput={(v) => (setMemberNo(v), setStartErrors({ ...startErrors, memberNo: '' }))}
        />
        <View className='field'>
          <Text className='field-label'>新工作单位</Text>
          <EnterprisePicker
            id='startEnterprise'
            value={target}
            onChange={(e) => (setTarget(e), setStartErrors({ ...startErrors, toEnterpriseId: '' }))}
            describe={(e) => (e.hasUnion ? `转入${e.handlingOrgName}` : `未建工会，转入${e.handlingOrgName}`)}
          />
          {startErrors.toEnterpriseId && <Text className='field-error'>{startErrors.toEnterpriseId}</Text>}
        </View>
        {startErrors.form && <View className='notice notice-error'>{startErrors.form}</View>}
        <Button type='primary' block loading={busy} disabled={busy} onClick={startForMember}>
          办理转出并开具凭证
        </Button>
      </View>
    </View>
  );
}
