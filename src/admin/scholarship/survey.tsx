/**
 * 摸底: for the federation running the campaign, the board of its unions (the ones not yet reported
 * first), the totals by category and what they would cost at the plan's table; for a union officer,
 * the form to report the union's count of eligible students by category before the close date (a
 * later return replaces the earlier one; after the date the server refuses with DEADLINE_PASSED).
 */
import { useState } from 'react';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ApiError, call, messageOf, type Output } from '../../api';
import { Button, Tag } from '../../components/nut';
import { formatTime } from '../../components/format';
import { useLoadOn } from '../../components/useLoadOn';
import { CATEGORY_LABEL, STUDENT_CATEGORIES, type StudentCategory } from '../../../core/scholarship/machine';
import { LabelledInput, LabelledTextarea, PageState, PageTitle, PickRow, SectionTitle } from '../ui';
import { issuesByPath, monthDay, surveyWindow, typed, unionOrgs, yuan } from './labels';
import '../admin.scss';
import './scholarship.scss';

type Campaign = Output<'scholarship', 'getCampaign'>;
type Board = Output<'scholarship', 'surveyBoard'>;
type Saved = Output<'scholarship', 'submitSurvey'>;

export default function ScholarshipSurvey() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const [c, setC] = useState<Campaign | null>(null);
  const [board, setBoard] = useState<Board | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  /** when the campaign was read: what the survey window is compared with */
  const [now, setNow] = useState(0);

  const load = async () => {
    try {
      const got = await call('scholarship', 'getCampaign', { campaignId: id });
      setBoard(got.canManage ? await call('scholarship', 'surveyBoard', { campaignId: id }) : null);
      setNow(Date.now());
      setC(got);
      setLoadError(null);
    } catch (e) {
      setLoadError(e);
    } finally {
      Taro.stopPullDownRefresh();
    }
  };
  useLoadOn(load, [id]);
  usePullDownRefresh(() => void load());

  return (
    <View className='page adm sch-survey'>
      <PageTitle>{c?.canManage ? '摸底看板' : '上报摸底人数'}</PageTitle>
      {!c ? (
        <PageState loading={!loadError} error={loadError} onRetry={load} rows={6} />
      ) : board ? (
        <SurveyBoardView board={board} />
      ) : (
        <SurveyForm c={c} now={now} reload={load} />
      )}
    </View>
  );
}

function SurveyBoardView({ board }: { board: Board }) {
  const survey = board.campaign.stages.find((s) => s.key === 'survey')!;
  return (
    <>
      <View className='card'>
        <SectionTitle>{board.campaign.title}</SectionTitle>
        <Text className='muted sch-block'>
          摸底期{survey.periodText}（截止日24时止）· {survey.state === 'current' ? '进行中' : survey.state === 'done' ? '已结束' : '未开始'}
        </Text>
        <View className='stats'>
          <View className='stat'>
            <Text className='stat-num' id='submitted-count'>
              {board.submittedCount}/{board.unionCount}
            </Text>
            <Text className='muted'>已上报工会</Text>
          </View>
          <View className='stat'>
            <Text className='stat-num' id='survey-total'>
              {board.total}
            </Text>
            <Text className='muted'>符合条件学生</Text>
          </View>
          <View className='stat'>
            <Text className='stat-num' id='estimate'>
              {board.estimatedNeed === null ? '—' : yuan(board.estimatedNeed)}
            </Text>
            <Text className='muted'>预计所需资金</Text>
          </View>
        </View>
        <Text className='muted sch-block'>
          {board.estimatedNeed === null
            ? '预计所需资金在制订方案（各类别资助标准）后按摸底人数估算。'
            : `按方案资助标准估算${board.campaign.plan ? `，助学预算 ${yuan(board.campaign.plan.budget)}` : ''}。`}
        </Text>
      </View>

      <View className='card' id='totals'>
        <SectionTitle>各类别合计</SectionTitle>
        {board.totals.map((t) => (
          <View key={t.key} className='sch-row'>
            <Text className='sch-row-name'>{t.label}</Text>
            <Text className='sch-num'>{t.count} 人</Text>
          </View>
        ))}
      </View>

      <View className='card' id='unions'>
        <SectionTitle>各工会上报情况</SectionTitle>
        {board.missing.length > 0 ? (
          <Text className='muted sch-block'>未上报的 {board.missing.length} 家排在前面，请督促其在截止前上报。</Text>
        ) : (
          <Text className='muted sch-block'>辖区内的工会均已上报。</Text>
        )}
        {board.unions.map((u) => (
          <View key={u.unionId} className='sch-row'>
            <View className='sch-row-main'>
              <Text className='sch-row-name'>{u.unionName}</Text>
              {u.submitted && u.submittedAt !== null && (
                <Text className='muted'>
                  {u.submittedByName} · <Text className='nowrap'>{formatTime(u.submittedAt)}</Text>
                </Text>
              )}
            </View>
            {u.submitted ? <Text className='sch-num'>{u.total} 人</Text> : <Tag type='danger'>未上报</Tag>}
          </View>
        ))}
      </View>
    </>
  );
}

const EMPTY = Object.fromEntries(STUDENT_CATEGORIES.map((k) => [k, ''])) as Record<StudentCategory, string>;

function SurveyForm({ c, now, reload }: { c: Campaign; now: number; reload: () => Promise<void> }) {
  const [unions, setUnions] = useState<Array<{ id: string; name: string }>>([]);
  const [unionIndex, setUnionIndex] = useState(0);
  const [counts, setCounts] = useState(EMPTY);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [saved, setSaved] = useState<Saved | null>(null);
  const [busy, setBusy] = useState(false);
  const survey = c.stages.find((s) => s.key === 'survey')!;
  const phase = surveyWindow(c, now);
  const figures = STUDENT_CATEGORIES.map((k) => typed(counts[k]));
  const total = figures.every((n) => n === undefined || Number.isInteger(n)) ? figures.reduce<number>((a, n) => a + (n ?? 0), 0) : null;

  // the unions this officer reports for, by name (a grant carries only the id)
  useLoadOn(() => {
    const mine = new Set(unionOrgs().map((g) => g.orgId));
    call('org', 'myScope', {})
      .then((r) => setUnions(r.orgs.filter((o) => o.kind === 'union' && mine.has(o.id))))
      .catch(() => setUnions([]));
  }, []);

  const submit = async () => {
    if (busy) return;
    const bad = Object.fromEntries(STUDENT_CATEGORIES.filter((k, i) => Number.isNaN(figures[i])).map((k) => [`counts.${k}`, '请填写整数人数']));
    if (Object.keys(bad).length) return setErrors(bad);
    setBusy(true);
    setErrors({});
    setNotice(null);
    try {
      const r = await call('scholarship', 'submitSurvey', {
        campaignId: c.id,
        unionId: unions[unionIndex]?.id,
        // a category left blank is 0: a union with no postgraduates leaves that row empty
        counts: Object.fromEntries(STUDENT_CATEGORIES.map((k, i) => [k, figures[i] ?? 0])) as Record<StudentCategory, number>,
        note,
      });
      setSaved(r);
      setNotice({
        kind: 'ok',
        text: `已上报${r.unionName}摸底人数，共 ${r.total} 人${r.submissions > 1 ? `（第${r.submissions}次上报，以本次为准）` : ''}。${monthDay(survey.closes)}24时前可再次上报更正。`,
      });
    } catch (e) {
      const byPath = e instanceof ApiError ? issuesByPath(e.issues) : {};
      setErrors(byPath);
      setNotice({ kind: 'error', text: Object.keys(byPath).length ? '请按提示修改标红的项目' : messageOf(e) });
      // past the close date: the page now says the survey is over
      if (e instanceof ApiError && e.code === 'DEADLINE_PASSED') void reload();
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {notice && (
        <View className={`notice ${notice.kind === 'ok' ? 'notice-ok' : 'notice-error'}`} id='notice' {...({ role: 'status' } as object)}>
          {notice.text}
        </View>
      )}
      <View className='card'>
        <SectionTitle>{c.title}</SectionTitle>
        <Text className='muted sch-block'>
          主办：{c.orgName} · 摸底期{survey.periodText}，{monthDay(survey.closes)}24时截止
        </Text>
      </View>
      {phase !== 'open' ? (
        <View className='card' id='survey-closed'>
          <SectionTitle>{phase === 'before' ? '摸底尚未开始' : '摸底已截止'}</SectionTitle>
          <Text className='muted sch-block'>
            {phase === 'before'
              ? `摸底期${survey.periodText}，届时可上报本会符合条件的学生人数。`
              : `金秋助学摸底已于${monthDay(survey.closes)}截止，不能再上报或更正。如有遗漏，请联系${c.orgName}。`}
          </Text>
        </View>
      ) : (
        <View className='card' id='survey-form'>
          <SectionTitle>本会符合条件的学生人数</SectionTitle>
          <Text className='muted sch-block'>按本次资助的学生类别填写；没有的类别可留空（按0人计）。截止前可以再次上报更正，以最后一次为准。</Text>
          {unions.length > 1 ? (
            <View className='field'>
              <Text className='field-label'>上报工会</Text>
              <PickRow id='union' title='上报工会' options={unions.map((u) => u.name)} index={unionIndex} onPick={setUnionIndex} />
            </View>
          ) : unions.length === 1 ? (
            <Text className='sch-block' id='union'>
              上报工会：{unions[0].name}
            </Text>
          ) : null}
          <View className='sch-grid'>
            {STUDENT_CATEGORIES.map((k) => (
              <LabelledInput
                key={k}
                id={`count-${k}`}
                label={`${CATEGORY_LABEL[k]}（人）`}
                type='number'
                value={counts[k]}
                error={errors[`counts.${k}`]}
                onInput={(v) => {
                  setCounts({ ...counts, [k]: v });
                  setErrors({ ...errors, [`counts.${k}`]: '' });
                }}
              />
            ))}
          </View>
          <View className='sch-total'>
            <Text>合计</Text>
            <Text id='count-total'>{total === null ? '—' : `${total} 人`}</Text>
          </View>
          <LabelledTextarea id='note' label='备注（选填）' value={note} error={errors.note} placeholder='如：含2名残疾学生' onInput={setNote} />
          <View className='btn-row'>
            <Button type='primary' id='submit-survey' loading={busy} disabled={busy} onClick={submit}>
              {saved ? '更正上报' : '上报'}
            </Button>
          </View>
        </View>
      )}
    </>
  );
}
