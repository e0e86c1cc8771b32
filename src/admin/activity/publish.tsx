import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Image, Text, Textarea, View } from '@tarojs/components';
import { ApiError, call, fieldErrors, messageOf } from '../../api';
import { Button } from '../../components/nut';
import { sizeLabel, type Uploaded } from '../../components/upload';
import { FilePicker } from '../../components/FilePicker';
import { Field, TextField } from '../../components/Field';
import { formatTime, parseTime, startOfDay } from '../../components/format';
import { ACTIVITY_KINDS, KIND_LABEL } from '../../../core/activity/model';

// Times are entered and shown in Asia/Shanghai (UTC+8, no daylight saving): components/format.ts.

const KINDS = ACTIVITY_KINDS.map((k) => [k, KIND_LABEL[k]] as const);

export default function Publish() {
  const day = 86400_000;
  const [kind, setKind] = useState<(typeof KINDS)[number][0]>('activity');
  // the form opens on next week's afternoon, signup open from now (read once, when the page opens)
  const [f, setF] = useState(() => {
    const now = Date.now();
    const base = startOfDay(now);
    return {
      title: '',
      place: '',
      host: '',
      description: '',
      seats: '50',
      perPersonLimit: '1',
      startAt: formatTime(base + 7 * day + 14 * 3600_000),
      endAt: formatTime(base + 7 * day + 17 * 3600_000),
      signupOpensAt: formatTime(now),
      signupClosesAt: formatTime(base + 6 * day + 18 * 3600_000),
      cancelCutoffAt: '', // empty: the signup deadline
      // a booking: the first slot's times above, repeated through the day and over working days
      slotsPerDay: '1',
      everyMinutes: '30',
      workingDays: '1',
    };
  });
  const [waitlist, setWaitlist] = useState(true);
  const [membersOnly, setMembersOnly] = useState(true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [poster, setPoster] = useState<Uploaded | null>(null);
  const [uploading, setUploading] = useState(false);

  const set = (k: keyof typeof f) => (e: { detail: { value: string } }) => {
    setF({ ...f, [k]: e.detail.value });
    if (errors[k]) setErrors({ ...errors, [k]: '' }); // an edited field's old error goes
  };
  const submit = async () => {
    if (busy || uploading) return;
    const times = {
      startAt: parseTime(f.startAt),
      endAt: parseTime(f.endAt),
      signupOpensAt: parseTime(f.signupOpensAt),
      signupClosesAt: parseTime(f.signupClosesAt),
      ...(f.cancelCutoffAt.trim() ? { cancelCutoffAt: parseTime(f.cancelCutoffAt) } : {}),
    };
    const bad = Object.entries(times).filter(([, v]) => Number.isNaN(v));
    if (bad.length) return setErrors(Object.fromEntries(bad.map(([k]) => [k, '时间格式应为 2026-12-01 14:00'])));
    setBusy(true);
    const form = {
      kind,
      title: f.title,
      place: f.place,
      host: f.host,
      description: f.description,
      posterFileId: poster?.id ?? null,
      ...times,
      seats: Number(f.seats),
      perPersonLimit: Number(f.perPersonLimit),
      waitlist,
      membersOnly,
    };
    const series = kind === 'booking' && (Number(f.slotsPerDay) > 1 || Number(f.workingDays) > 1);
    try {
      if (series) {
        const r = await call('activity', 'publishSlots', {
          first: form,
          slotsPerDay: Number(f.slotsPerDay),
          everyMinutes: Number(f.everyMinutes),
          workingDays: Number(f.workingDays),
        });
        Taro.showToast({ title: `已发布${r.items.length}个预约时段`, icon: 'none' });
        Taro.redirectTo({ url: '/admin/activity/index' });
        return;
      }
      const a = await call('activity', 'publish', form);
      Taro.redirectTo({ url: `/admin/activity/roster?id=${a.id}` });
    } catch (e) {
      // a series reports the first slot's fields under `first`
      const fields = Object.fromEntries(Object.entries(fieldErrors(e)).map(([k, v]) => [k, v]));
      if (e instanceof ApiError) for (const i of e.issues) if (i.path[0] === 'first' && i.path[1] !== undefined) fields[String(i.path[1])] ??= i.message;
      setErrors(fields);
      if (!Object.keys(fieldErrors(e)).length) Taro.showToast({ title: messageOf(e), icon: 'none' });
    } finally {
      setBusy(false);
    }
  };

  const field = (k: keyof typeof f, label: string, placeholder = '') => (
    <TextField id={k} label={label} value={f[k]} placeholder={placeholder} onInput={set(k)} error={errors[k]} />
  );
  const toggle = (on: boolean, label: string, flip: () => void) => (
    <Text
      className={`choice ${on ? 'on' : ''}`}
      onClick={flip}
      style={{
        display: 'inline-block',
        padding: '6px 14px',
        border: `1px solid ${on ? '#c8161d' : '#ddd'}`,
        borderRadius: '16px',
        marginRight: '8px',
        color: on ? '#c8161d' : '#595959',
      }}
    >
      {label}
    </Text>
  );

  return (
    <View className='page'>
      <View className='card'>
        <Field label='类型'>
          <View>
            {KINDS.map(([k, label]) => (
              <Text key={k}>{toggle(kind === k, label, () => setKind(k))}</Text>
            ))}
          </View>
        </Field>
        {field('title', '标题', '如：职工篮球赛、劳动法讲座')}
        {field('place', '地点')}
        {field('host', kind === 'booking' ? '驻点律师/服务人员' : '主讲人（可选）')}
        <Field label='介绍' error={errors.description}>
          <Textarea
            className='field-input'
            id='description'
            style={{ height: '72px', padding: '8px 10px' }}
            value={f.description}
            onInput={set('description')}
          />
        </Field>
        <Field label='海报（可选，JPG、PNG 或 WEBP 图片，2MB以内）' error={errors.posterFileId}>
          {poster?.preview && (
            <Image
              className='poster-preview'
              src={poster.preview}
              mode='aspectFit'
              style={{ width: '100%', height: '160px', background: '#fafafa', borderRadius: '8px' }}
            />
          )}
          {poster && (
            <View className='row'>
              <Text className='file-name'>
                {poster.name}（{sizeLabel(poster.size)}）
              </Text>
              <Text className='link' onClick={() => setPoster(null)}>
                移除
              </Text>
            </View>
          )}
          <FilePicker
            id='posterFile'
            kind='image'
            label={poster ? '换一张' : '上传海报图片'}
            weappLabel={poster ? '换一张' : '选择海报图片'}
            onUploaded={setPoster}
            onError={(message) => setErrors((prev) => ({ ...prev, posterFileId: message }))}
            onBusy={setUploading}
          />
        </Field>
        {field('startAt', '开始时间')}
        {field('endAt', '结束时间')}
        {field('signupOpensAt', '报名开始')}
        {field('signupClosesAt', '报名截止')}
        {field('cancelCutoffAt', '取消报名截止（可选，默认同报名截止）', '如 2026-12-02 12:00')}
        {field('seats', kind === 'booking' ? '每个时段名额' : '名额')}
        {kind === 'booking' && (
          <View className='sub-card' style={{ background: '#fafafa', padding: '8px 10px', borderRadius: '8px', marginBottom: '10px' }}>
            <Text className='muted'>按时段批量发布：上面的开始/结束时间是第一个时段；以下按天重复，跳过周末和节假日。</Text>
            {field('slotsPerDay', '每天时段数')}
            {field('everyMinutes', '时段间隔（分钟）')}
            {field('workingDays', '连续工作日数')}
          </View>
        )}
        {field('perPersonLimit', '每人限报名额')}
        <Field>
          {toggle(waitlist, '名额满后可候补', () => setWaitlist(!waitlist))}
          {toggle(membersOnly, '仅限会员', () => setMembersOnly(!membersOnly))}
        </Field>
      </View>
      <Button type='primary' block loading={busy} disabled={busy || uploading} onClick={submit}>
        发布
      </Button>
    </View>
  );
}
