import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { call, fieldErrors, messageOf, type Output } from '../../api';
import { Button, Tag } from '../../components/nut';
import { formatTime } from '../../components/format';
import { Choice } from '../../components/Tappable';
import { CATEGORY_LABEL, type CaseCategory } from '../../../core/case/machine';
import { LabelledInput, LabelledTextarea, PageState, PageTitle, PickRow, useConfirm } from '../ui';
import '../admin.scss';
import './case.scss';

type Booking = Output<'case', 'bookings'>['items'][number];
type Catalogue = Output<'case', 'catalogue'>;

/**
 * What a consultation can become: 法律援助 is applied for by the worker and reviewed by the federation
 * (the server refuses it here), 意见建议 is not a case a lawyer handles.
 */
const CATEGORIES: CaseCategory[] = ['consult', 'help', 'complaint'];
/** the fields this form shows the server's messages under */
const SHOWN = ['category', 'itemKey', 'title', 'description'];

interface Form {
  category: CaseCategory;
  itemIndex: number;
  title: string;
  description: string;
}

export default function CaseBookings() {
  const [items, setItems] = useState<Booking[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [form, setForm] = useState<Form>({ category: 'consult', itemIndex: 0, title: '', description: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { confirm, confirmUi } = useConfirm();

  const load = async () => {
    try {
      const r = await call('case', 'bookings', {});
      setItems(r.items);
      setError(null);
    } catch (e) {
      setError(e);
    }
  };
  useDidShow(() => void load());

  const start = (b: Booking) => {
    setOpen(b.signupId);
    setErrors({});
    setNotice(null);
    setForm({ category: 'consult', itemIndex: 0, title: b.title.slice(0, 30), description: '' });
    if (!catalogue)
      call('case', 'catalogue', { enterpriseId: null })
        .then(setCatalogue)
        .catch((e: unknown) => setNotice(messageOf(e)));
  };

  const itemsOf = (c: CaseCategory) => catalogue?.categories.find((x) => x.key === c)?.items ?? [];

  const convert = async (b: Booking) => {
    if (busy) return;
    const item = itemsOf(form.category)[form.itemIndex];
    const local: Record<string, string> = {};
    if (!item) local.itemKey = '请选择具体事项';
    if (form.title.trim().length < 4) local.title = '标题至少4个字';
    if (form.description.trim().length < 10) local.description = '情况说明至少10个字';
    setErrors(local);
    if (Object.keys(local).length) return;
    const ok = await confirm({
      title: '转为案件？',
      message: `把${b.name}在${formatTime(b.startAt)}的法律咨询转为案件，由您本人承办（自动签收）；预约的时间、地点记入办理过程。`,
      confirmText: '转为案件',
    });
    if (!ok) return;
    setBusy(true);
    try {
      const v = await call('case', 'fromBooking', {
        signupId: b.signupId,
        category: form.category,
        itemKey: item.key,
        title: form.title,
        description: form.description,
      });
      setOpen(null);
      void load();
      Taro.navigateTo({ url: `/admin/case/detail?id=${v.id}` });
    } catch (e) {
      const f = fieldErrors(e);
      setErrors(f);
      // a message for a field this form does not show is said above the list
      if (!Object.keys(f).some((k) => SHOWN.includes(k))) setNotice(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='page adm case-bookings'>
      <PageTitle>咨询预约转案件</PageTitle>
      {confirmUi}
      <Text className='muted case-block case-org'>职工在“活动报名”中预约的法律咨询。需要继续跟进的，转为案件后按时限办理，职工可以看到进度。</Text>
      <PageState
        loading={!items && !error}
        error={error}
        onRetry={load}
        empty={!!items && items.length === 0}
        emptyText='暂无法律咨询预约'
        emptyHint='职工预约您值守的法律咨询时段后，会出现在这里。'
      >
        {notice && <View className='notice notice-error'>{notice}</View>}
        {(items ?? []).map((b) => (
          <View key={b.signupId} className='item case-booking' id={`booking-${b.signupId.slice(-6)}`}>
            <View className='row'>
              <Text className='item-name'>{b.name}</Text>
              <View className='tags'>
                {b.caseId ? <Tag type='success'>已转为案件</Tag> : b.checkedIn ? <Tag type='info'>已签到</Tag> : <Tag type='default'>未签到</Tag>}
              </View>
            </View>
            <Text className='item-line'>{b.title}</Text>
            <Text className='item-line'>
              <Text className='nowrap'>{formatTime(b.startAt)}</Text> · {b.place}
            </Text>
            {b.caseId ? (
              <View className='btn-row'>
                <Button fill='outline' onClick={() => Taro.navigateTo({ url: `/admin/case/detail?id=${b.caseId}` })}>
                  查看案件
                </Button>
              </View>
            ) : open !== b.signupId ? (
              <View className='btn-row'>
                <Button type='primary' fill='outline' onClick={() => start(b)}>
                  转为案件
                </Button>
              </View>
            ) : (
              <View className='case-form'>
                <View className='field'>
                  <Text className='field-label'>诉求类别</Text>
                  <View className='case-choices'>
                    <Choice
                      id='category'
                      label='诉求类别'
                      options={CATEGORIES.map((c) => [c, CATEGORY_LABEL[c]] as const)}
                      value={form.category}
                      onChange={(c) => setForm({ ...form, category: c, itemIndex: 0 })}
                    />
                  </View>
                  {errors.category ? <Text className='field-error'>{errors.category}</Text> : null}
                </View>
                <View className='field'>
                  <Text className='field-label'>具体事项</Text>
                  {catalogue ? (
                    <PickRow
                      id='item'
                      title='具体事项'
                      options={itemsOf(form.category).map((i) => i.label)}
                      index={form.itemIndex}
                      onPick={(i) => setForm({ ...form, itemIndex: i })}
                    />
                  ) : (
                    <Text className='muted'>正在读取事项目录…</Text>
                  )}
                  {errors.itemKey ? <Text className='field-error'>{errors.itemKey}</Text> : null}
                </View>
                <LabelledInput id='title' label='案件标题（4–30字）' value={form.title} error={errors.title} onInput={(v) => setForm({ ...form, title: v })} />
                <LabelledTextarea
                  id='description'
                  label='情况说明（至少10个字）'
                  placeholder='咨询的问题、已了解的事实和下一步'
                  value={form.description}
                  height={110}
                  error={errors.description}
                  onInput={(v) => setForm({ ...form, description: v })}
                />
                <View className='btn-row'>
                  <Button type='primary' loading={busy} disabled={busy} onClick={() => void convert(b)}>
                    转为案件
                  </Button>
                  <Button fill='outline' disabled={busy} onClick={() => setOpen(null)}>
                    取消
                  </Button>
                </View>
              </View>
            )}
          </View>
        ))}
      </PageState>
    </View>
  );
}
