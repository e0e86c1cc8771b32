import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { ApiError, call, messageOf, type Output } from '../../api';
import { Button } from '../../components/nut';
import { formatDate } from '../../components/format';
import { useLoadOn } from '../../components/useLoadOn';
import { dateWords } from '../dateWords';
import { DatePick } from '../pick';
import { PageState, PageTitle, PickRow, SectionTitle, Tap, useConfirm } from '../ui';
import { staffKind } from './labels';
import '../admin.scss';
import './case.scss';

type Rota = Output<'case', 'getRota'>;

const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const NOBODY = '无人值班';
type Person = { personId: string; name: string };

export default function CaseRota() {
  const who = staffKind();
  const [rota, setRota] = useState<Rota | null>(null);
  const [error, setError] = useState<unknown>(null);
  /**
   * weekday 1–7 → who (null: nobody). A person's handle is sealed afresh in every answer, so two handles
   * of one lawyer never compare equal: an entry keeps the handle it came with until the officer picks
   * someone else, and the picker finds the lawyer by name only to show the choice.
   */
  const [weekly, setWeekly] = useState<Array<Person | null>>(Array(7).fill(null));
  const [dates, setDates] = useState<Array<{ date: string } & Person>>([]);
  const [newDate, setNewDate] = useState('');
  const [newPerson, setNewPerson] = useState(0);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const { confirm, confirmUi } = useConfirm();

  const take = (r: Rota) => {
    setRota(r);
    setWeekly(
      WEEKDAYS.map((_, i) => {
        const w = r.weekly.find((x) => x.weekday === i + 1);
        return w ? { personId: w.personId, name: w.name } : null;
      }),
    );
    setDates(r.dates.map((d) => ({ date: d.date, personId: d.personId, name: d.name })));
  };
  const load = async () => {
    try {
      take(await call('case', 'getRota', {}));
      setError(null);
    } catch (e) {
      setError(e);
    }
  };
  useLoadOn(load, []);

  const [{ today, in60 }] = useState(() => ({ today: formatDate(Date.now()), in60: formatDate(Date.now() + 60 * 86400_000) }));
  const lawyers = rota?.lawyers ?? [];
  /** a weekday's options: nobody, the lawyers, and the one on duty now if they are no longer among them */
  const optionsFor = (p: Person | null) => [NOBODY, ...lawyers.map((l) => l.name), ...(p && !lawyers.some((l) => l.name === p.name) ? [p.name] : [])];
  const indexOf = (p: Person | null) => (p ? optionsFor(p).indexOf(p.name) : 0);
  const editable = who.federation && lawyers.length > 0;

  const addDate = () => {
    const e: Record<string, string> = {};
    if (!newDate) e.newDate = '请选择日期';
    else if (newDate < today) e.newDate = '请选择今天或以后的日期';
    if (Object.keys(e).length) return setErrors(e);
    if (newPerson === 0) return setErrors({ newPerson: '请选择当日值班的律师' });
    const l = lawyers[newPerson - 1];
    setDates([...dates.filter((d) => d.date !== newDate), { date: newDate, personId: l.personId, name: l.name }].sort((a, b) => a.date.localeCompare(b.date)));
    setNewDate('');
    setNewPerson(0);
    setErrors({});
  };

  const save = async () => {
    if (!rota || busy) return;
    const ok = await confirm({
      title: '保存值班表？',
      message: '保存后，集体诉求等紧急案件按新的值班表立即派给当日值班律师；已派出的案件不变。',
      confirmText: '保存值班表',
    });
    if (!ok) return;
    setBusy(true);
    setResult(null);
    try {
      take(
        await call('case', 'setRota', {
          orgId: rota.orgId,
          weekly: weekly.flatMap((p, i) => (p ? [{ weekday: i + 1, personId: p.personId }] : [])),
          dates: dates.map((d) => ({ date: d.date, personId: d.personId })),
        }),
      );
      setResult({ kind: 'ok', text: '已保存值班表' });
      setErrors({});
    } catch (e) {
      const byPath: Record<string, string> = {};
      if (e instanceof ApiError) for (const i of e.issues) byPath[i.path.join('.')] ??= i.message;
      setErrors(byPath);
      setResult({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='page adm case-rota'>
      <PageTitle>律师值班</PageTitle>
      {confirmUi}
      <PageState loading={!rota && !error} error={error} onRetry={load} rows={6}>
        {rota && (
          <>
            <View className='card' id='today'>
              <Text className='muted'>{rota.orgName}</Text>
              <Text className='case-today'>{rota.today}</Text>
              <Text className='muted case-block'>{dateWords(today)}</Text>
              <Text className='muted case-block'>集体诉求（欠薪等）提交后立即派给当日值班律师，并通知律师本人。</Text>
            </View>
            {result && (
              <View className={`notice ${result.kind === 'ok' ? 'notice-ok' : 'notice-error'}`} id='notice' {...({ role: 'status' } as object)}>
                {result.text}
              </View>
            )}
            {lawyers.length === 0 && <View className='notice notice-info'>本会还没有驻点律师。请先在“组织与权限”中为律师授权，再排值班。</View>}
            <View className='card' id='weekly'>
              <SectionTitle>每周值班</SectionTitle>
              {WEEKDAYS.map((label, i) => (
                <View key={label} className='case-rota-row'>
                  <Text className='case-rota-day'>{label}</Text>
                  {editable ? (
                    <PickRow
                      id={`weekday-${i + 1}`}
                      className='case-rota-pick'
                      title={`${label}值班律师`}
                      options={optionsFor(weekly[i])}
                      index={indexOf(weekly[i])}
                      onPick={(n) =>
                        setWeekly(
                          weekly.map((p, j) =>
                            j !== i ? p : n === 0 ? null : n <= lawyers.length ? { personId: lawyers[n - 1].personId, name: lawyers[n - 1].name } : p,
                          ),
                        )
                      }
                    />
                  ) : (
                    <Text>{weekly[i]?.name ?? NOBODY}</Text>
                  )}
                </View>
              ))}
              {errors.weekly ? <Text className='field-error'>{errors.weekly}</Text> : null}
            </View>
            <View className='card' id='dates'>
              <SectionTitle>按日期调整</SectionTitle>
              <Text className='muted case-block'>节假日、调休或临时换班：当天按这里的安排，其余日子按每周值班。</Text>
              {dates.length === 0 && <Text className='muted case-block'>暂无调整</Text>}
              {dates.map((d, i) => (
                <View key={d.date} className='row case-rota-row'>
                  <Text>
                    {dateWords(d.date)} · {d.name}
                  </Text>
                  {editable && (
                    <Tap className='link case-remove' label={`删除${dateWords(d.date)}的调整`} onTap={() => setDates(dates.filter((_, j) => j !== i))}>
                      删除
                    </Tap>
                  )}
                  {errors[`dates.${i}.date`] ? <Text className='field-error'>{errors[`dates.${i}.date`]}</Text> : null}
                </View>
              ))}
              {editable && (
                <View className='case-form'>
                  <View className='field'>
                    <Text className='field-label'>日期</Text>
                    <DatePick id='new-date' label='调整的日期' value={newDate} from={today} to={in60} invalid={Boolean(errors.newDate)} onChange={setNewDate} />
                    {errors.newDate ? <Text className='field-error'>{errors.newDate}</Text> : null}
                  </View>
                  <View className='field'>
                    <Text className='field-label'>当日值班律师</Text>
                    <PickRow id='new-person' title='当日值班律师' options={['请选择', ...lawyers.map((l) => l.name)]} index={newPerson} onPick={setNewPerson} />
                    {errors.newPerson ? <Text className='field-error'>{errors.newPerson}</Text> : null}
                  </View>
                  <Button fill='outline' onClick={addDate}>
                    添加调整
                  </Button>
                </View>
              )}
            </View>
            {editable ? (
              <Button type='primary' block loading={busy} disabled={busy} onClick={() => void save()}>
                保存值班表
              </Button>
            ) : (
              !who.federation && <Text className='muted case-block'>值班表由工会联合会排定。</Text>
            )}
          </>
        )}
      </PageState>
    </View>
  );
}
