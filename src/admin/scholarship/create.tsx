/**
 * Creating a campaign (federation): the organising federation, the year, the title and the five
 * stages' open and close dates (Shanghai calendar dates; a stage closes at 24:00 of its close date).
 * The dates start from the seed story's calendar for the year (survey by 5/31, apply until 8/14, …);
 * the server checks their order and answers next to each date. Creating tells every union in scope
 * to report its survey count, so it is asked once.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ApiError, call, messageOf } from '../../api';
import { Button } from '../../components/nut';
import { useLoadOn } from '../../components/useLoadOn';
import { DEFAULT_STAGE_OWNER, STAGE_HINT, STAGE_LABEL, STAGE_OWNER_LABEL, WORK_STAGES, type WorkStage } from '../../../core/scholarship/machine';
import { DatePick } from '../pick';
import { LabelledInput, PageTitle, PickRow, SectionTitle, useConfirm } from '../ui';
import { issuesByPath, monthDay, runnerOrgs, shanghaiYear, today } from './labels';
import '../admin.scss';
import './scholarship.scss';

type Dates = Record<WorkStage, { opens: string; closes: string }>;

/** the seed story's calendar (鞍山市总): survey 4/20–5/31, plan in June, apply 7/1–8/14, review to 9/15, summary to year end */
const storyDates = (y: number): Dates => ({
  survey: { opens: `${y}-04-20`, closes: `${y}-05-31` },
  plan: { opens: `${y}-06-01`, closes: `${y}-06-30` },
  apply: { opens: `${y}-07-01`, closes: `${y}-08-14` },
  review: { opens: `${y}-08-15`, closes: `${y}-09-15` },
  summary: { opens: `${y}-09-16`, closes: `${y}-12-31` },
});

/** this year's campaign while its survey can still open, else next year's */
const defaultYear = () => (today() < `${shanghaiYear()}-04-20` ? shanghaiYear() : shanghaiYear() + 1);

export default function ScholarshipCreate() {
  const [orgs, setOrgs] = useState<Array<{ id: string; name: string }> | null>(null);
  const [orgIndex, setOrgIndex] = useState(0);
  const [year, setYear] = useState(String(defaultYear()));
  const [title, setTitle] = useState(`${defaultYear()}年金秋助学活动`);
  const [titleEdited, setTitleEdited] = useState(false);
  const [dates, setDates] = useState<Dates>(storyDates(defaultYear()));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ text: string; campaignId?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const { confirm, confirmUi } = useConfirm();

  // the federations (or the city) this officer runs, by name
  useLoadOn(() => {
    const mine = new Set(runnerOrgs().map((g) => g.orgId));
    call('org', 'myScope', {})
      .then((r) => setOrgs(r.orgs.filter((o) => o.kind !== 'union' && mine.has(o.id))))
      .catch(() => setOrgs([]));
  }, []);

  const y = Number(year);
  const changeYear = (v: string) => {
    setYear(v);
    setErrors({ ...errors, year: '' });
    const n = Number(v);
    if (/^\d{4}$/.test(v) && n >= 2000 && n <= 2100) {
      setDates(storyDates(n));
      if (!titleEdited) setTitle(`${n}年金秋助学活动`);
    }
  };
  const setDate = (stage: WorkStage, end: 'opens' | 'closes', v: string) => {
    setDates({ ...dates, [stage]: { ...dates[stage], [end]: v } });
    setErrors({ ...errors, [`stages.${stage}.${end}`]: '' });
  };

  const submit = async () => {
    if (busy || !orgs) return;
    const org = orgs[orgIndex];
    if (!org) return setNotice({ text: '您没有可以主办金秋助学活动的工会联合会' });
    const ok = await confirm({
      title: `创建${year}年金秋助学活动？`,
      message: `创建后，${org.name}辖区内的各基层工会将收到摸底通知，须于${monthDay(dates.survey.closes)}前上报符合条件的学生人数。每个组织每年只能创建一次。`,
      confirmText: '创建活动',
    });
    if (!ok) return;
    setBusy(true);
    setErrors({});
    setNotice(null);
    try {
      const c = await call('scholarship', 'createCampaign', {
        orgId: org.id,
        year: /^\d{4}$/.test(year) ? y : (undefined as unknown as number),
        title,
        stages: dates,
      });
      Taro.redirectTo({ url: `/admin/scholarship/index?id=${c.id}` });
    } catch (e) {
      const byPath = e instanceof ApiError ? issuesByPath(e.issues) : {};
      setErrors(byPath);
      const existing = e instanceof ApiError && typeof e.details.campaignId === 'string' ? e.details.campaignId : undefined;
      setNotice({ text: Object.keys(byPath).length ? `请按提示修改标红的项目（${Object.keys(byPath).length}处）` : messageOf(e), campaignId: existing });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='page adm sch-create'>
      <PageTitle>创建金秋助学活动</PageTitle>
      {confirmUi}
      {notice && (
        <View className='notice notice-error' id='notice' {...({ role: 'status' } as object)}>
          {notice.text}
          {notice.campaignId && (
            <View className='btn-row'>
              <Button type='default' onClick={() => Taro.redirectTo({ url: `/admin/scholarship/index?id=${notice.campaignId}` })}>
                查看该活动
              </Button>
            </View>
          )}
        </View>
      )}
      <View className='card'>
        <SectionTitle>基本信息</SectionTitle>
        {orgs && orgs.length > 1 ? (
          <View className='field'>
            <Text className='field-label'>主办工会</Text>
            <PickRow id='org' title='主办工会' options={orgs.map((o) => o.name)} index={orgIndex} onPick={setOrgIndex} />
          </View>
        ) : (
          <View className='kv'>
            <Text className='kv-k'>主办工会</Text>
            <Text className='kv-v' id='org'>
              {orgs === null ? '加载中…' : (orgs[0]?.name ?? '无')}
            </Text>
          </View>
        )}
        {errors.orgId && <Text className='field-error'>{errors.orgId}</Text>}
        <LabelledInput
          id='year'
          label='年度'
          type='number'
          value={year}
          error={errors.year}
          onInput={changeYear}
          hint='改年度会按该年的常规日程重填下面的日期'
        />
        <LabelledInput
          id='title'
          label='活动名称'
          value={title}
          error={errors.title}
          onInput={(v) => {
            setTitle(v);
            setTitleEdited(true);
            setErrors({ ...errors, title: '' });
          }}
        />
      </View>
      <View className='card'>
        <SectionTitle>五个阶段的日期</SectionTitle>
        <Text className='muted sch-block'>北京时间；每个阶段在截止日24时结束，下一阶段须在上一阶段截止后开始。</Text>
        {WORK_STAGES.map((s) => (
          <View key={s} className='sch-stage-dates' id={`stage-${s}`}>
            <Text className='sch-stage-name'>{STAGE_LABEL[s]}</Text>
            <Text className='muted sch-block'>
              {STAGE_HINT[s]} · 负责：{DEFAULT_STAGE_OWNER[s] === 'federation' ? (orgs?.[orgIndex]?.name ?? '主办工会') : STAGE_OWNER_LABEL.unions}
            </Text>
            <View className='sch-grid'>
              {(['opens', 'closes'] as const).map((end) => {
                const key = `stages.${s}.${end}`;
                const label = `${STAGE_LABEL[s]}${end === 'opens' ? '开始日期' : '截止日期'}`;
                return (
                  <View key={end} className='field'>
                    <Text className='field-label'>{end === 'opens' ? '开始日期' : '截止日期'}</Text>
                    <DatePick
                      id={`${s}-${end}`}
                      label={label}
                      value={dates[s][end]}
                      from={`${(Number.isFinite(y) ? y : shanghaiYear()) - 1}-01-01`}
                      to={`${(Number.isFinite(y) ? y : shanghaiYear()) + 1}-12-31`}
                      invalid={!!errors[key]}
                      onChange={(v) => setDate(s, end, v)}
                    />
                    {errors[key] && <Text className='field-error'>{errors[key]}</Text>}
                  </View>
                );
              })}
            </View>
          </View>
        ))}
      </View>
      <View className='btn-row'>
        <Button type='primary' id='create-campaign' loading={busy} disabled={busy || !orgs?.length} onClick={submit}>
          创建活动
        </Button>
      </View>
    </View>
  );
}
