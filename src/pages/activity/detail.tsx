import { useRef, useState } from 'react';
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro';
import { Image, Text, Textarea, View } from '@tarojs/components';
import { ApiError, call, messageOf, type Output } from '../../api';
import { Button } from '../../components/nut';
import { formatEnd, formatTime } from '../../components/format';
import { useRefreshWhileShown } from '../../components/useWhileShown';
import { refreshDelayMs, refreshFingerprint } from './refresh';
import { askConsent, usePreloadConsent } from '../../api/subscribe';
import { scan } from '../../platform/scan';
import { share } from '../../platform/share';
import { PageState } from '../../components/PageState';
import { Heading, LinkArrow, PageTitle, Tappable } from '../../components/Tappable';
import { useConfirm } from '../../components/confirm';
import { imageAlt } from '../../components/a11y';

type Detail = Output<'activity', 'get'>;

export default function ActivityDetail() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const [detail, setDetail] = useState<Detail | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error' | 'info'; text: string; join?: boolean } | null>(null);
  /** the first load's failure, for PageState (its code says whether 重试 helps) */
  const [loadFailure, setLoadFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [code, setCode] = useState('');
  usePreloadConsent();
  const { confirm, confirmUi } = useConfirm();

  // how many reads in a row showed nothing new (the refresh backs off while nothing changes)
  const seen = useRef({ fingerprint: '', unchanged: 0 });
  const load = () =>
    call('activity', 'get', { activityId: id })
      .then((d) => {
        const fingerprint = refreshFingerprint(d);
        seen.current = { fingerprint, unchanged: fingerprint === seen.current.fingerprint ? seen.current.unchanged + 1 : 0 };
        setDetail(d);
        setLoadFailure(null);
      })
      .catch((e) => {
        setNotice({ kind: 'error', text: messageOf(e) });
        setLoadFailure(e);
      });
  // keep seats live while the page is on screen, without a function call every 5 s on WeChat:
  // quick only around signup opening and closing, backing off while nothing changes (refresh.ts)
  useRefreshWhileShown(load, () => (detail ? refreshDelayMs(detail.activity, Date.now(), seen.current.unchanged) : 15_000));

  // Group-chat sharing: the card names the activity and carries the viewer's opaque sharer token (never their uid).
  const sharePath = `/pages/activity/detail?id=${id}${detail?.sharerToken ? `&from=${detail.sharerToken}` : ''}`;
  // the card shows the poster when there is one (a cloud file ID works as the share image since base library 2.8.1)
  const poster = detail?.activity.posterUrl;
  useShareAppMessage(() => ({
    title: detail ? `${detail.activity.title}（${detail.activity.kindLabel}报名）` : '工会活动报名',
    path: sharePath,
    ...(poster && /^(cloud|https):\/\//.test(poster) ? { imageUrl: poster } : {}),
  }));

  const act = async (fn: () => Promise<unknown>, ok: string) => {
    if (busy) return;
    setBusy(true);
    try {
      await fn();
      setNotice({ kind: 'ok', text: ok });
      await load();
    } catch (e) {
      setNotice({ kind: 'error', text: messageOf(e), join: e instanceof ApiError && e.details.next === 'join' });
    } finally {
      setBusy(false);
    }
  };

  const checkIn = async (value: string) =>
    act(async () => {
      const r = await call('activity', 'checkIn', { code: value });
      if (r.already) throw new ApiError('INFO', `您已于 ${formatTime(r.checkedInAt)} 签到`);
    }, '签到成功');

  const scanCheckIn = async () => {
    const r = await scan.scanCode();
    if (r !== null) checkIn(r);
  };

  if (!detail)
    return (
      <View className='page'>
        <PageTitle>活动详情</PageTitle>
        <PageState loading={!loadFailure} error={loadFailure} onRetry={() => (setNotice(null), setLoadFailure(null), void load())} rows={2}>
          {null}
        </PageState>
      </View>
    );
  const { activity: a, mySignup: s } = detail;
  // what this viewer may do is the server's answer (actions); the page wires each key to its call
  const join = a.actions.find((x) => x.key === 'signup' || x.key === 'joinWaitlist');
  const shareAction = a.actions.find((x) => x.key === 'share');
  const cancel = s?.actions.find((x) => x.key === 'cancel');
  const checkInAction = s?.actions.find((x) => x.key === 'checkIn');

  return (
    <View className='page activity-detail'>
      {confirmUi}
      {notice && (
        <View className={`notice notice-${notice.kind}`} id='notice'>
          {notice.text}
          {notice.join && (
            <Tappable inline role='link' className='link' onTap={() => Taro.navigateTo({ url: '/pages/join/index' })}>
              {' '}
              去入会
              <LinkArrow />
            </Tappable>
          )}
        </View>
      )}
      {a.posterUrl && (
        <Image
          src={a.posterUrl}
          {...imageAlt(`活动海报：${a.title}`)}
          mode='widthFix'
          style={{ width: '100%', height: 'auto', display: 'block', borderRadius: '10px', marginBottom: '12px' }}
        />
      )}
      <View className='card'>
        <Heading className='card-title'>{a.title}</Heading>
        <View className='kv'>
          <Text className='kv-k'>类型</Text>
          <Text className='kv-v'>
            {a.kindLabel}
            {a.membersOnly ? '（仅限会员）' : ''}
          </Text>
        </View>
        <View className='kv'>
          <Text className='kv-k'>时间</Text>
          <Text className='kv-v'>
            <Text className='nowrap'>{formatTime(a.startAt)}</Text> 至 <Text className='nowrap'>{formatEnd(a.startAt, a.endAt)}</Text>
          </Text>
        </View>
        <View className='kv'>
          <Text className='kv-k'>地点</Text>
          <Text className='kv-v'>{a.place}</Text>
        </View>
        {a.host && (
          <View className='kv'>
            <Text className='kv-k'>主讲/律师</Text>
            <Text className='kv-v'>{a.host}</Text>
          </View>
        )}
        <View className='kv'>
          <Text className='kv-k'>报名截止</Text>
          <Text className='kv-v nowrap'>{formatTime(a.signupClosesAt)}</Text>
        </View>
        <View className='kv'>
          <Text className='kv-k'>名额</Text>
          <Text className='kv-v' id='seatsLeft'>
            剩余 {a.left} / 共 {a.seats}（{a.phaseLabel}）
          </Text>
        </View>
        {a.description && (
          <View className='muted' style={{ marginTop: '8px', whiteSpace: 'pre-wrap' }}>
            {a.description}
          </View>
        )}
      </View>
      <View className='card'>
        {s?.current && (
          <View id='mySignup' style={{ marginBottom: '10px' }}>
            <Text className='card-title'>
              我的报名：{s.statusLabel}
              {s.waitlistPosition ? `（候补第 ${s.waitlistPosition} 位）` : ''}
            </Text>
            {s.checkedInAt && (
              <Text className='muted'>
                已于 <Text className='nowrap'>{formatTime(s.checkedInAt)}</Text> 签到
              </Text>
            )}
          </View>
        )}
        {join && (
          <Button
            type='primary'
            block
            loading={busy}
            onClick={() => (askConsent('signup'), act(() => call('activity', 'signup', { activityId: id, sharedBy: params.from ?? null }), '报名已提交'))}
          >
            {join.label}
          </Button>
        )}
        {cancel && (
          <Button
            fill='outline'
            block
            disabled={busy}
            onClick={async () => {
              const ok = await confirm({
                title: `${cancel.label}？`,
                message:
                  s?.status === 'waitlisted'
                    ? '取消后将退出候补，排在您后面的工友依次递补。'
                    : '取消后名额将让给候补的工友；如果还想参加，须重新报名（名额满时只能候补）。',
                confirmText: '确认取消',
                cancelText: '不取消',
                danger: true,
              });
              if (ok) act(() => call('activity', 'cancel', { activityId: id }), '已取消报名，名额已释放');
            }}
          >
            {cancel.label}
          </Button>
        )}
        {!join && !cancel && <Text className='muted'>{a.phaseLabel}</Text>}
      </View>
      {checkInAction && (
        <View className='card'>
          <Text className='card-title'>{checkInAction.label}</Text>
          {scan.canScan ? (
            <Button type='primary' block onClick={scanCheckIn}>
              扫码签到
            </Button>
          ) : (
            <View>
              <Textarea
                className='field-input'
                id='checkinCode'
                style={{ height: '60px', padding: '8px 10px' }}
                placeholder='输入现场签到码'
                value={code}
                onInput={(e) => setCode(e.detail.value)}
              />
              <View className='btn-row'>
                <Button type='primary' onClick={() => checkIn(code)}>
                  签到
                </Button>
              </View>
            </View>
          )}
        </View>
      )}
      {shareAction && (
        <View className='card'>
          <Text className='card-title'>{shareAction.label}</Text>
          {share.shareToChat ? (
            <Button openType='share' block>
              分享到群聊
            </Button>
          ) : (
            <View>
              <Text className='muted' id='shareLink' data-url={`${share.webOrigin()}${sharePath}`}>
                复制本活动的报名链接，发到微信群或短信；工友打开后即可报名，您也会被记为分享人。
              </Text>
              <View className='btn-row'>
                <Button type='primary' onClick={() => Taro.setClipboardData({ data: `${share.webOrigin()}${sharePath}` })}>
                  复制报名链接
                </Button>
              </View>
            </View>
          )}
        </View>
      )}
    </View>
  );
}
