import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { ApiError, call, fieldErrors, messageOf } from '../../api';
import { Button, Switch } from '../../components/nut';
import { sizeLabel, type Uploaded } from '../../components/upload';
import { FilePicker } from '../../components/FilePicker';
import { Field } from '../../components/Field';
import { formatTime, parseTime, startOfDay } from '../../components/format';
import { ACTIVITY_KINDS, KIND_LABEL } from '../../../core/activity/model';
import { TimePick } from '../pick';
import { LabelledInput, LabelledTextarea, PageTitle, Tap } from '../ui';
import '../admin.scss';
import { imageAlt } from '../../components/a11y';

// Times are picked and shown in Asia/Shanghai (UTC+8, no daylight saving): components/format.ts.
const pad = (n: number) => String(n).padStart(2, '0');
/** how a time reads on the form: 2026年12月8日 周二 14:00 */
const readable = (text: string) => {
  const [y, mo, d, h, mi] = (text.match(/\d+/g) ?? []).map(Number);
  const weekday = '日一二三四五六'[new Date(Date.UTC(y, mo - 1, d)).getUTCDay()];
  return `${y}年${mo}月${d}日 周${weekday} ${pad(h)}:${pad(mi)}`;
};

/**
 * A time field: its label and the time, chosen on H5 in the browser's date-time input (keyboard,
 * screen reader, mouse, a phone's own wheel), on weapp in NutUI's date-time picker (../pick.tsx).
 */
function TimeField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (text: string) => void;
  error?: string;
  emptyText?: string;
  onClear?: () => void;
}) {
  const [range] = useState(() => {
    const now = Date.now();
    return { from: formatTime(startOfDay(now)), to: formatTime(now + 400 * 86400_000), now: formatTime(now) };
  });
  const shown = props.value ? readable(props.value) : '请选择';
  return (
    <View className='field'>
      <Text className='field-label'>{props.label}</Text>
      <TimePick
        id={props.id}
        label={props.label}
        value={props.value}
        shown={shown}
        from={range.from}
        to={range.to}
        initial={range.now}
        invalid={Boolean(props.error)}
        onChange={props.onChange}
      />
      {!props.value && props.emptyText && <Text className='muted field-hint'>不填则{props.emptyText}</Text>}
      {props.value && props.onClear && (
        <Tap className='link adm-link' onTap={props.onClear}>
          清除（{props.emptyText}）
        </Tap>
      )}
      {props.error ? <Text className='field-error'>{props.error}</Text> : null}
    </View>
  );
}

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

  const setValue = (k: keyof typeof f) => (value: string) => {
    setF((prev) => ({ ...prev, [k]: value }));
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
    if (bad.length) return setErrors(Object.fromEntries(bad.map(([k]) => [k, '请选择时间'])));
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

  const field = (k: keyof typeof f, label: string, placeholder = '', type?: 'number') => (
    <LabelledInput id={k} label={label} value={f[k]} placeholder={placeholder} type={type} onInput={setValue(k)} error={errors[k]} />
  );
  const time = (k: 'startAt' | 'endAt' | 'signupOpensAt' | 'signupClosesAt', label: string) => (
    <TimeField id={k} label={label} value={f[k]} onChange={setValue(k)} error={errors[k]} />
  );
  const yesNo = (id: string, on: boolean, label: string, onText: string, offText: string, flip: (v: boolean) => void) => (
    <View className='switch-row' id={id}>
      <Text>{label}</Text>
      <View className='kv-inline'>
        <Text className='switch-state'>{on ? onText : offText}</Text>
        <Switch checked={on} activeText='是' inactiveText='否' ariaLabel={label} onChange={flip} />
      </View>
    </View>
  );

  return (
    <View className='page adm'>
      <PageTitle>发布活动</PageTitle>
      <View className='card'>
        <Field label='类型'>
          <View className='filters' {...({ role: 'radiogroup', 'aria-label': '类型' } as object)}>
            {KINDS.map(([k, label]) => (
              <Tap key={k} role='radio' className={`adm-chip ${kind === k ? 'on' : ''}`} pressed={kind === k} onTap={() => setKind(k)}>
                {label}
              </Tap>
            ))}
          </View>
        </Field>
        {field('title', '标题', '如：职工篮球赛、劳动法讲座')}
        {field('place', '地点')}
        {field('host', kind === 'booking' ? '驻点律师/服务人员' : '主讲人（可选）')}
        <LabelledTextarea id='description' label='介绍' value={f.description} onInput={setValue('description')} error={errors.description} />
        <Field label='海报（可选，JPG、PNG 或 WEBP 图片，2MB以内）' error={errors.posterFileId}>
          {poster?.preview && (
            <Image
              className='poster-preview'
              {...imageAlt('海报预览')}
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
              <Tap className='link adm-link' onTap={() => setPoster(null)}>
                移除
              </Tap>
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
        {time('startAt', '开始时间')}
        {time('endAt', '结束时间')}
        {time('signupOpensAt', '报名开始')}
        {time('signupClosesAt', '报名截止')}
        <TimeField
          id='cancelCutoffAt'
          label='取消报名截止（可选）'
          value={f.cancelCutoffAt}
          emptyText='与报名截止相同'
          onChange={setValue('cancelCutoffAt')}
          onClear={() => setValue('cancelCutoffAt')('')}
          error={errors.cancelCutoffAt}
        />
        {field('seats', kind === 'booking' ? '每个时段名额' : '名额', '', 'number')}
        {kind === 'booking' && (
          <View className='sub-card' style={{ background: '#fafafa', padding: '8px 10px', borderRadius: '8px', marginBottom: '10px' }}>
            <Text className='muted'>按时段批量发布：上面的开始/结束时间是第一个时段；以下按天重复，跳过周末和节假日。</Text>
            {field('slotsPerDay', '每天时段数', '', 'number')}
            {field('everyMinutes', '时段间隔（分钟）', '', 'number')}
            {field('workingDays', '连续工作日数', '', 'number')}
          </View>
        )}
        {field('perPersonLimit', '每人限报名额', '', 'number')}
        <Field>
          {yesNo('waitlist', waitlist, '名额满后可候补', '可候补', '不候补', setWaitlist)}
          {yesNo('membersOnly', membersOnly, '仅限会员', '仅会员可报名', '所有职工可报名', setMembersOnly)}
        </Field>
      </View>
      <Button type='primary' block loading={busy} disabled={busy || uploading} onClick={submit}>
        发布
      </Button>
    </View>
  );
}
