/**
 * One campaign's board: its five stages (NutUI's vertical Steps, each with its Shanghai dates and who
 * owns it), the current stage's work for this officer (the federation running it, or a union taking
 * part), the plan, and 进入下一阶段 with what the server says still blocks it. Advancing is asked once
 * with its consequence (stages go forward only); a refusal shows the server's reason.
 */
import { useState, type ReactNode } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Step as NutStep, Steps } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/steps/style/css'; // Steps' sheet, which imports Step's
import { ApiError, call, messageOf, type Output } from '../../api';
import { Button, Tag } from '../../components/nut';
import { formatTime } from '../../components/format';
import { LinkArrow } from '../../components/Tappable';
import { PageState, PageTitle, SectionTitle, Tap, useConfirm } from '../ui';
import { ENTER_CONSEQUENCE, STAGE_TAG, monthDay, surveyWindow, yuan } from './labels';

type Campaign = Output<'scholarship', 'getCampaign'>;
type Board = Output<'scholarship', 'surveyBoard'>;
type Stage = Campaign['stages'][number];

const STATE_WORD = { done: '已完成', current: '进行中', todo: '未开始' } as const;

const Kv = ({ k, children }: { k: string; children: ReactNode }) => (
  <View className='kv'>
    <Text className='kv-k'>{k}</Text>
    <View className='kv-v'>{children}</View>
  </View>
);

const go = (page: string, id: string) => Taro.navigateTo({ url: `/admin/scholarship/${page}?id=${id}` });

/** the five stages as NutUI's vertical Steps; the state is also said in words (the dots' colours alone would not) */
function StageSteps({ stages }: { stages: Stage[] }) {
  const current = stages.findIndex((s) => s.state === 'current');
  // NutUI marks the steps before `value` done and `value` itself current; all done (closed): past the last
  const value = current >= 0 ? current + 1 : stages.every((s) => s.state === 'done') ? stages.length + 1 : 0;
  return (
    <Steps className='sch-steps' direction='vertical' type='dot' status='dynamic' value={value}>
      {stages.map((s, i) => (
        <NutStep
          key={s.key}
          value={i + 1}
          title={s.label}
          description={
            <>
              <Text className={`sch-step-line ${s.state === 'current' ? 'sch-step-current' : ''}`}>
                {STATE_WORD[s.state]} · {s.periodText}
              </Text>
              <Text className='sch-step-line'>负责：{s.ownerLabel}</Text>
              {s.state === 'current' && <Text className='sch-step-line'>{s.hint}</Text>}
            </>
          }
        />
      ))}
    </Steps>
  );
}

/** what the current stage asks of this officer, and where to do it */
function CurrentWork({ c, board, now }: { c: Campaign; board: Board | null; now: number }) {
  const survey = c.stages.find((s) => s.key === 'survey')!;
  const phase = surveyWindow(c, now);
  const link = (label: string, page: string, id?: string) => (
    <View className='btn-row'>
      <Button type='primary' id={id} onClick={() => go(page, c.id)}>
        {label}
      </Button>
    </View>
  );
  if (c.stage === 'closed') {
    return (
      <View className='card' id='work'>
        <SectionTitle>活动已结束</SectionTitle>
        <Text className='muted sch-block'>总结报告已固定存档。</Text>
        {c.canManage && link('查看总结报告', 'report', 'open-report')}
      </View>
    );
  }
  const title = `本阶段工作：${c.stageLabel}`;
  const review = c.stages.find((s) => s.key === 'review');
  if (c.stage === 'survey') {
    return (
      <View className='card' id='work'>
        <SectionTitle>{title}</SectionTitle>
        {c.canManage ? (
          <>
            <Text className='sch-block'>
              {board ? `已上报 ${board.submittedCount} / ${board.unionCount} 家工会，合计 ${board.total} 人` : '各基层工会上报情况加载中…'}
            </Text>
            {board && board.missing.length > 0 && (
              <Text className='muted sch-block'>
                未上报：
                {board.missing
                  .slice(0, 3)
                  .map((m) => m.unionName)
                  .join('、')}
                {board.missing.length > 3 ? `等${board.missing.length}家` : ''}
              </Text>
            )}
            <Text className='muted sch-block'>摸底截止：{monthDay(survey.closes)}24时</Text>
            {link('查看摸底看板', 'survey', 'open-survey')}
          </>
        ) : (
          <>
            <Text className='sch-block'>
              {phase === 'open'
                ? `请于${monthDay(survey.closes)}24时前上报本会符合条件的学生人数（按本科、专科/高职、中职/高中、研究生分类）。`
                : phase === 'before'
                  ? `摸底期${survey.periodText}，届时请上报本会符合条件的学生人数。`
                  : `摸底已于${monthDay(survey.closes)}截止，等待${c.orgName}进入方案制订。`}
            </Text>
            {phase === 'open' && link('上报摸底人数', 'survey', 'open-survey')}
          </>
        )}
      </View>
    );
  }
  if (c.stage === 'plan') {
    return (
      <View className='card' id='work'>
        <SectionTitle>{title}</SectionTitle>
        <Text className='muted sch-block'>
          {c.canManage
            ? '确定本年度助学预算、各类别和特殊群体的资助标准、申请条件；方案齐全后才能开放申报。'
            : `${c.orgName}正在制订方案，申报开始时会通知本会。`}
        </Text>
        {c.canManage && link(c.plan ? '修改方案' : '制订方案', 'plan', 'open-plan')}
      </View>
    );
  }
  // the applications themselves are reviewed, noticed and paid in the hardship-aid pages (the same rules)
  const aidLinks = (
    <View className='sch-links'>
      <Tap className='adm-chip' role='link' id='open-aid-queue' onTap={() => Taro.navigateTo({ url: '/admin/aid/index' })}>
        帮扶审核（初审、审批）
        <LinkArrow />
      </Tap>
      {c.canManage && c.stage === 'review' && (
        <Tap className='adm-chip' role='link' onTap={() => Taro.navigateTo({ url: '/admin/aid/notices' })}>
          公示与异议
          <LinkArrow />
        </Tap>
      )}
    </View>
  );
  return (
    <View className='card' id='work'>
      <SectionTitle>{title}</SectionTitle>
      <Text className='sch-block'>{c.apply.text}</Text>
      {c.stage === 'apply' && !c.canManage && <Text className='muted sch-block'>请通知本会职工在截止前为子女提交申请，逾期不予受理。</Text>}
      {c.stage === 'review' && review && (
        <Text className='muted sch-block'>
          {review.hint}（{review.periodText}）。
        </Text>
      )}
      {(c.stage === 'apply' || c.stage === 'review') && (
        <>
          <Text className='muted sch-block'>每份申请在“帮扶审核”中办理：所在工会初审、复核，{c.orgName}按方案标准批准，公示期满无成立的异议后由财务发放。</Text>
          {aidLinks}
        </>
      )}
      {c.canManage && link(c.stage === 'summary' ? '查看总结报告' : '查看申报情况', 'report', 'open-report')}
    </View>
  );
}

export function CampaignBoard({ id }: { id: string }) {
  const [c, setC] = useState<Campaign | null>(null);
  const [board, setBoard] = useState<Board | null>(null);
  /** when the campaign was read: what the survey window is compared with */
  const [now, setNow] = useState(0);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const { confirm, confirmUi } = useConfirm();

  const load = async () => {
    try {
      const got = await call('scholarship', 'getCampaign', { campaignId: id });
      setNow(Date.now());
      setC(got);
      setLoadError(null);
      setBoard(got.canManage && got.stage === 'survey' ? await call('scholarship', 'surveyBoard', { campaignId: id }).catch(() => null) : null);
    } catch (e) {
      setLoadError(e);
    } finally {
      Taro.stopPullDownRefresh();
    }
  };
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());

  const advance = async () => {
    if (!c?.next || busy) return;
    const to = c.next.to as keyof typeof ENTER_CONSEQUENCE;
    const ok = await confirm({
      title: `进入“${c.next.label}”阶段？`,
      message: `${ENTER_CONSEQUENCE[to]}阶段只能依次向前推进，不能退回。`,
      confirmText: '进入下一阶段',
    });
    if (!ok) return;
    setBusy(true);
    try {
      const after = await call('scholarship', 'advance', { campaignId: c.id, to: c.next.to, version: c.version });
      setNotice({ kind: 'ok', text: `已进入“${after.stageLabel}”阶段` });
      setNow(Date.now());
      setC(after);
      setBoard(null);
    } catch (e) {
      setNotice({ kind: 'error', text: messageOf(e) });
      // a check that failed or someone else's move: show the campaign as it is now
      if (e instanceof ApiError && ['CONFLICT', 'ILLEGAL_TRANSITION'].includes(e.code)) void load();
    } finally {
      setBusy(false);
    }
  };

  if (!c)
    return (
      <View className='page adm sch-board'>
        <PageTitle>金秋助学</PageTitle>
        <PageState loading={!loadError} error={loadError} onRetry={load} rows={6} />
      </View>
    );

  return (
    <View className='page adm sch-board'>
      <PageTitle>{c.title}</PageTitle>
      {confirmUi}
      {notice && (
        <View className={`notice ${notice.kind === 'ok' ? 'notice-ok' : 'notice-error'}`} id='notice' {...({ role: 'status' } as object)}>
          {notice.text}
        </View>
      )}
      <View className='card'>
        <View className='row'>
          <Text className='card-title'>{c.orgName}</Text>
          <View id='stage'>
            <Tag type={STAGE_TAG[c.stage]} plain={c.stage === 'closed'}>
              {c.stageLabel}
            </Tag>
          </View>
        </View>
        <Text className='muted sch-block'>{c.year}年度 · 日期均为北京时间，截止日24时止</Text>
        <StageSteps stages={c.stages} />
      </View>

      <CurrentWork c={c} board={board} now={now} />

      {c.next && (
        <View className='card' id='next'>
          <SectionTitle>下一阶段：{c.next.label}</SectionTitle>
          {c.next.blockers.length > 0 ? (
            <View className='sch-blockers' id='blockers'>
              <Text className='sch-blocker'>暂不能进入，原因：</Text>
              {c.next.blockers.map((b) => (
                <Text key={b} className='sch-blocker'>
                  · {b}
                </Text>
              ))}
            </View>
          ) : (
            <Text className='muted sch-block'>{ENTER_CONSEQUENCE[c.next.to as keyof typeof ENTER_CONSEQUENCE]}</Text>
          )}
          <View className='btn-row'>
            <Button type='primary' id='advance' disabled={busy || c.next.blockers.length > 0} loading={busy} onClick={advance}>
              进入下一阶段
            </Button>
          </View>
        </View>
      )}

      {c.plan && (
        <View className='card' id='plan'>
          <SectionTitle>方案</SectionTitle>
          <Kv k='助学预算'>
            <Text>{yuan(c.plan.budget)}</Text>
          </Kv>
          {c.plan.amounts.map((a) => (
            <Kv key={a.key} k={a.label}>
              <Text>{yuan(a.amount)}/人</Text>
            </Kv>
          ))}
          {c.plan.specialAmounts.map((a) => (
            <Kv key={a.key} k={a.label}>
              <Text>{yuan(a.amount)}/人</Text>
            </Kv>
          ))}
          <Text className='muted sch-block'>{c.plan.eligibility.text}</Text>
          {c.canManage && (c.stage === 'survey' || c.stage === 'plan') && (
            <Tap className='adm-chip' role='link' onTap={() => go('plan', c.id)}>
              修改方案
              <LinkArrow />
            </Tap>
          )}
        </View>
      )}

      {c.history.length > 0 && (
        <View className='card' id='history'>
          <SectionTitle>推进记录</SectionTitle>
          {c.history.map((h, i) => (
            <View key={i} className='sch-row'>
              <View className='sch-row-main'>
                <Text className='sch-row-name'>
                  {h.fromLabel} → {h.toLabel}
                </Text>
                <Text className='muted'>
                  {h.byName} · <Text className='nowrap'>{formatTime(h.at)}</Text>
                </Text>
              </View>
            </View>
          ))}
        </View>
      )}
    </View>
  );
}
