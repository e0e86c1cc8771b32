import { useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useRouter, useShareAppMessage } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { OPEN_CASE_STATUSES } from '../../../core/case/machine';
import { ApiError, call, messageOf, type Output } from '../../api';
import { Button, Tag } from '../../components/nut';
import { PageState, useRemote } from '../../components/PageState';
import { SLA_LABEL, SLA_TYPE, formatDate, formatTime } from '../../components/format';
import { Heading, PageTitle } from '../../components/Tappable';
import { useConfirm, showResult } from '../../components/confirm';
import { controlProps, groupProps, hiddenProps, liveProps } from '../../components/a11y';
import { share } from '../../platform/share';
import { AreaField, Attachments, CaseSteps, FileList, Kv, StatusTag, copy, issuesOf, without, yuan, type FileItem } from './ui';
import './case.scss';

type Case = Output<'case', 'getCase'>;

const SCORES = [
  [1, '非常不满意'],
  [2, '不满意'],
  [3, '基本满意'],
  [4, '满意'],
  [5, '非常满意'],
] as const;

/** 补充说明: text and files, sent as a reply to what the handler asked (or on the worker's own initiative). */
function ReplyForm({ c, onDone }: { c: Case; onDone: () => Promise<void> }) {
  const [text, setText] = useState('');
  const [files, setFiles] = useState<FileItem[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState(false);
  const send = async () => {
    if (busy || uploading) return;
    setBusy(true);
    try {
      await call('case', 'reply', { caseId: c.id, text, fileIds: files.map((f) => f.id) });
      setText('');
      setFiles([]);
      setErrors({});
      showResult('补充说明已发送');
      await onDone();
    } catch (e) {
      const fields = issuesOf(e);
      setErrors(Object.keys(fields).length ? fields : { form: messageOf(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <View id='reply-form'>
      <AreaField
        id='reply-text'
        label='补充说明'
        value={text}
        onChange={(v) => (setText(v), setErrors((p) => without(without(p, 'text'), 'form')))}
        error={errors.text}
        maxlength={1000}
        placeholder='回答经办人员的问题，或补充新的情况'
      />
      <Attachments
        id='reply-files'
        items={files}
        onChange={(u) => (setFiles(u), setErrors((p) => without(p, 'fileIds')))}
        error={errors.fileIds}
        onError={(m) => setErrors((p) => (m ? { ...p, fileIds: m } : without(p, 'fileIds')))}
        onBusy={setUploading}
      />
      {errors.form && (
        <Text className='field-error' {...liveProps()}>
          {errors.form}
        </Text>
      )}
      <Button type='primary' block loading={busy} disabled={uploading} onClick={send} id='reply-send'>
        发送补充说明
      </Button>
    </View>
  );
}

/** 评价: 1–5 (each with its words), a comment; the server decides what follows (不满意 reopens). */
function RateForm({ c, onDone }: { c: Case; onDone: () => Promise<void> }) {
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const send = async () => {
    if (busy) return;
    setBusy(true);
    try {
      await call('case', 'rate', { caseId: c.id, version: c.version, score: score as number, comment });
      setErrors({});
      showResult('感谢您的评价');
      await onDone();
    } catch (e) {
      const fields = issuesOf(e);
      setErrors(Object.keys(fields).length ? fields : { form: messageOf(e) });
      if (e instanceof ApiError && e.code === 'CONFLICT') await onDone();
    } finally {
      setBusy(false);
    }
  };
  return (
    <View id='rate-form'>
      <View className='case-stars' id='rate-score' {...groupProps('radiogroup', { label: '满意程度' })}>
        {SCORES.map(([n, label]) => {
          const on = score !== null && n <= score;
          const pick = () => (setScore(n), setErrors((p) => without(without(p, 'score'), 'form')));
          return (
            <View
              key={n}
              id={`rate-${n}`}
              className={`case-star ${on ? 'on' : ''}`}
              {...controlProps({ role: 'radio', checked: score === n, label: `${n}星 ${label}`, onActivate: pick })}
              onClick={pick}
            >
              <Text className='case-star-icon'>{on ? '★' : '☆'}</Text>
            </View>
          );
        })}
      </View>
      <Text className={`case-star-words ${score ? '' : 'muted'}`} id='rate-words'>
        {score ? SCORES[score - 1][1] : '请点星星选择满意程度'}
      </Text>
      {errors.score && <Text className='field-error'>{errors.score}</Text>}
      <AreaField
        id='rate-comment'
        label='评价（选填）'
        value={comment}
        onChange={(v) => (setComment(v), setErrors((p) => without(p, 'comment')))}
        error={errors.comment}
        placeholder='说说办理得怎么样，有什么不满意的地方'
      />
      <Text className='muted case-hint'>如对办理结果不满意，工会将重新办理并报上级工会督办。</Text>
      {errors.form && (
        <Text className='field-error' {...liveProps()}>
          {errors.form}
        </Text>
      )}
      <Button type='primary' block loading={busy} onClick={send} id='rate-send'>
        提交评价
      </Button>
    </View>
  );
}

/** 撤回: a reason, asked once. */
function WithdrawForm({ c, onDone, onCancel }: { c: Case; onDone: () => Promise<void>; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const { decide, confirmUi } = useConfirm();
  const go = () => {
    // no reason yet: the server's message says what is missing, without asking first
    if (!reason.trim())
      return call('case', 'withdraw', { caseId: c.id, version: c.version, reason }).catch((e) => setError(issuesOf(e).reason ?? messageOf(e)));
    return decide({
      title: '撤回这件诉求？',
      message: '撤回后工会将停止办理；如问题仍未解决，需要重新反映。',
      confirmText: '确认撤回',
      cancelText: '不撤回',
      danger: true,
      run: () =>
        call('case', 'withdraw', { caseId: c.id, version: c.version, reason }).catch((e) => {
          setError(issuesOf(e).reason ?? '');
          throw e;
        }),
      done: '诉求已撤回',
      after: onDone,
    });
  };
  return (
    <View id='withdraw-form' className='case-withdraw'>
      {confirmUi}
      <AreaField
        id='withdraw-reason'
        label='撤回原因'
        value={reason}
        onChange={(v) => (setReason(v), setError(''))}
        error={error}
        placeholder='如：问题已和单位协商解决'
      />
      <View className='btn-row'>
        <Button fill='outline' onClick={onCancel}>
          不撤回了
        </Button>
        <Button type='primary' className='btn-danger' onClick={() => void go()} id='withdraw-send'>
          撤回诉求
        </Button>
      </View>
    </View>
  );
}

/**
 * One case as the worker follows it: the status, who holds it and for how long, its steps, what is
 * asked of me (with the reply form), the public timeline, the result and the rating, the collective
 * case's invitation and claimants, legal aid and its 委派函. Every action shown is one the server's
 * `workerActions` offers; this page holds no status rules.
 */
export default function CaseDetail() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const remote = useRemote(() => call('case', 'getCase', { caseId: id }), [id]);
  const [withdrawing, setWithdrawing] = useState(false);
  const [replying, setReplying] = useState(false);
  const first = useRef(true);
  useDidShow(() => {
    if (!first.current) void remote.reload();
    first.current = false;
  });
  usePullDownRefresh(() => void remote.reload().finally(() => Taro.stopPullDownRefresh()));

  const c = remote.data;
  const shareCode = c?.collective?.shareCode ?? null;
  const joinPath = shareCode ? `/pages/case/join?code=${shareCode}` : '/pages/case/index';
  // the card says what the case is about and nothing about the person (the join page shows the same)
  useShareAppMessage(() => ({
    title: c ? `邀请工友加入集体诉求：${c.title}` : '邀请工友加入集体诉求',
    path: joinPath,
  }));

  const reload = () => remote.reload();
  const offers = (k: 'reply' | 'rate' | 'withdraw' | 'share') => Boolean(c?.workerActions.some((w) => w.key === k));
  const label = (k: 'reply' | 'rate' | 'withdraw' | 'share', fallback: string) => c?.workerActions.find((w) => w.key === k)?.label ?? fallback;

  if (!id)
    return (
      <View className='page case'>
        <PageTitle>诉求详情</PageTitle>
        <PageState
          loading={false}
          isEmpty
          empty={{
            title: '没有指定要查看的诉求',
            description: '请从“我的诉求”进入',
            action: { text: '去我的诉求', onTap: () => void Taro.redirectTo({ url: '/pages/case/index' }) },
          }}
        >
          {null}
        </PageState>
      </View>
    );

  return (
    <View className='page case'>
      <PageTitle>诉求详情</PageTitle>
      {params.submitted === '1' && (
        <View className='notice notice-ok' id='case-submitted'>
          诉求已提交。办理的每一步都会通知您，也可以随时在“我的诉求”里查看。
        </View>
      )}
      {params.joined === '1' && (
        <View className='notice notice-ok' id='case-joined'>
          您已加入这件集体诉求，办理进展会通知您。
        </View>
      )}
      <PageState remote={remote} rows={3}>
        {(c) => (
          <View>
            <View className='card' id='case-summary'>
              <View className='row'>
                <Text className='card-title case-inline-title'>{c.title}</Text>
                <StatusTag id='case-status' status={c.status} label={c.statusLabel} />
              </View>
              <Text className='muted case-block'>
                {c.categoryLabel} · {c.itemLabel}
                {c.urgent ? ' · 紧急件' : ''}
              </Text>
              {c.waitingText && (
                <Text className='case-waiting' id='case-waiting'>
                  {c.waitingText}
                </Text>
              )}
              {c.escalated && <Text className='case-block case-escalated'>已超过办理时限，已提醒上级工会督办。</Text>}
              <Kv k='当前办理' id='case-owner'>
                {c.ownerLabel}
              </Kv>
              {c.assignee && !c.ownerLabel.startsWith(c.assignee.name) && (
                <Kv k='承办人' id='case-assignee'>
                  {c.assignee.name}（{c.assignee.roleLabel}）
                </Kv>
              )}
              <Kv k='受理工会'>{c.orgName}</Kv>
              {c.dueAt && (
                <Kv k='本环节时限' id='case-due'>
                  <Text className='nowrap'>{formatTime(c.dueAt)}</Text> 前{' '}
                  {c.sla !== 'none' && (
                    <Text className='case-sla'>
                      <Tag type={SLA_TYPE[c.sla]}>{SLA_LABEL[c.sla]}</Tag>
                    </Text>
                  )}
                </Kv>
              )}
              {(OPEN_CASE_STATUSES as readonly string[]).includes(c.status) && (
                <Kv k='预计办结'>
                  <Text className='nowrap'>{formatDate(c.resolveDueAt)}</Text> 前
                </Kv>
              )}
              <Kv k='诉求编号'>
                <Text className='nowrap'>{c.no}</Text>
              </Kv>
              <Kv k='提交时间'>
                <Text className='nowrap'>{formatTime(c.createdAt)}</Text>
              </Kv>
              {c.enterpriseName && <Kv k='所在单位'>{c.enterpriseName}</Kv>}
              <Kv k='诉求人'>{c.claimantName}</Kv>
              {c.mobileMasked && <Kv k='联系手机'>{c.mobileMasked}</Kv>}
              <Kv k='具体情况'>{c.description}</Kv>
              <FileList caseId={c.id} files={c.files} id='case-files' />
            </View>

            {c.ask && offers('reply') && (
              <View className='card case-ask' id='case-ask'>
                <Heading level={2}>需要您补充</Heading>
                <Text className='case-ask-text case-block'>{c.ask.text}</Text>
                <Text className='muted case-block nowrap'>{formatTime(c.ask.at)} 提出</Text>
                <ReplyForm c={c} onDone={reload} />
              </View>
            )}

            {c.resolution && (
              <View className='card' id='case-resolution'>
                <Heading level={2}>办理结果</Heading>
                <Kv k='结果'>{c.resolution.kindLabel}</Kv>
                {c.resolution.recovered > 0 && <Kv k='追回金额'>{yuan(c.resolution.recovered)}</Kv>}
                <Kv k='办结时间'>
                  <Text className='nowrap'>{formatTime(c.resolution.at)}</Text>
                </Kv>
                <Kv k='说明'>{c.resolution.summary}</Kv>
                <FileList caseId={c.id} files={c.resolution.files} />
              </View>
            )}

            {offers('rate') && (
              <View className='card case-ask' id='case-rate'>
                <Heading level={2}>{label('rate', '评价办理结果')}</Heading>
                <Text className='muted case-block'>工会已办结您的诉求，请对办理结果作出评价。</Text>
                <RateForm c={c} onDone={reload} />
              </View>
            )}

            {c.rating && (
              <View className='card' id='case-rating'>
                <Heading level={2}>评价</Heading>
                <Text className='case-stars-shown' {...hiddenProps()}>
                  {'★'.repeat(c.rating.score)}
                  {'☆'.repeat(Math.max(0, 5 - c.rating.score))}
                </Text>
                <Text className='case-block'>
                  {c.rating.score}星 · {c.rating.label}（{c.rating.viaLabel}，<Text className='nowrap'>{formatDate(c.rating.at)}</Text>）
                </Text>
                {c.rating.comment && <Text className='muted case-block'>{c.rating.comment}</Text>}
              </View>
            )}

            {c.collective && (
              <View className='card' id='case-collective'>
                <Heading level={2}>集体诉求</Heading>
                <Kv k='涉及人数'>{c.collective.workers}人</Kv>
                <Kv k='涉及金额'>{yuan(c.collective.amountOwed)}</Kv>
                <Kv k='已加入' id='case-claimants'>
                  {c.collective.claimants}人，合计 {yuan(c.collective.claimedTotal)}
                </Kv>
                {c.collective.myAmount !== null && <Kv k='本人金额'>{yuan(c.collective.myAmount)}</Kv>}
                {c.collective.list.length > 0 && (
                  <View className='case-claimants' id='case-claimant-list'>
                    {c.collective.list.map((p, i) => (
                      <View key={i} className='row case-claimant'>
                        <Text>
                          {p.name}
                          {p.lead ? '（发起人）' : ''}
                        </Text>
                        <Text className='muted nowrap'>
                          {p.amountOwed !== null ? yuan(p.amountOwed) : '金额不公开'} · {formatDate(p.joinedAt)}
                        </Text>
                      </View>
                    ))}
                  </View>
                )}
                {offers('share') && shareCode && (
                  <View className='case-share' id='case-share'>
                    <Text className='case-block'>把邀请发给同样被拖欠的工友：他们打开后填写各自的金额即可加入，工会一并办理。卡片上不含您的姓名和金额。</Text>
                    {share.shareToChat ? (
                      <Button type='primary' openType='share' block>
                        {label('share', '邀请工友加入')}
                      </Button>
                    ) : (
                      <View>
                        <Kv k='邀请码' id='case-share-code'>
                          <Text className='nowrap case-code'>{shareCode}</Text>
                        </Kv>
                        <View className='btn-row'>
                          <Button type='primary' onClick={() => void copy(`${share.webOrigin()}${joinPath}`, '邀请链接已复制')} id='case-share-copy'>
                            复制邀请链接
                          </Button>
                          <Button fill='outline' onClick={() => void copy(shareCode, '邀请码已复制')}>
                            复制邀请码
                          </Button>
                        </View>
                      </View>
                    )}
                  </View>
                )}
              </View>
            )}

            {c.legalAid && (
              <View className='card' id='case-legal-aid'>
                <View className='row'>
                  <Heading level={2} className='card-title case-inline-title'>
                    法律援助
                  </Heading>
                  <View className='case-tag'>
                    <Tag type={c.legalAid.status === 'refused' ? 'default' : c.legalAid.status === 'reported' ? 'success' : 'info'}>
                      {c.legalAid.statusLabel}
                    </Tag>
                  </View>
                </View>
                {c.legalAid.urgent && (c.legalAid.status === 'applied' || c.legalAid.status === 'pre_approved') && (
                  <Text className='case-block case-escalated'>日期临近，按紧急件优先审查。</Text>
                )}
                <Kv k='对方'>{c.legalAid.opponent}</Kv>
                <Kv k='请求金额'>{yuan(c.legalAid.claimAmount)}</Kv>
                {c.legalAid.keyDate && <Kv k='关键日期'>{c.legalAid.keyDateLabel ?? c.legalAid.keyDate}</Kv>}
                {(c.legalAid.status === 'applied' || c.legalAid.status === 'pre_approved') && (
                  <Kv k='审查时限'>
                    <Text className='nowrap'>{formatDate(c.legalAid.decisionDueAt)}</Text> 前作出决定
                  </Kv>
                )}
                {c.legalAid.eligibility.hardship && <Kv k='困难情况'>{c.legalAid.eligibility.hardship}</Kv>}
                {c.legalAid.eligibility.reasons.length > 0 && (
                  <Kv k='援助条件'>
                    {c.legalAid.eligibility.reasons.map((r, i) => (
                      <Text key={i} className='case-block'>
                        {r}
                      </Text>
                    ))}
                  </Kv>
                )}
                {c.legalAid.decisionNote && <Kv k='审查意见'>{c.legalAid.decisionNote}</Kv>}
                {c.legalAid.letter && (
                  <View className='case-letter' id='case-letter'>
                    {/* the letter as the server wrote it: its first line is the title, then its number */}
                    {c.legalAid.letter.text.split('\n').map((line, i) => (
                      <Text key={i} className={i === 0 ? 'case-letter-title' : line.trim() === c.legalAid!.letter!.no ? 'case-letter-no' : 'case-letter-text'}>
                        {line}
                      </Text>
                    ))}
                    <Text className='muted case-block case-gap-top'>
                      承办律师：{c.legalAid.letter.lawyerName} · <Text className='nowrap'>{formatDate(c.legalAid.letter.issuedAt)}</Text> 出具
                    </Text>
                  </View>
                )}
                {c.legalAid.report && (
                  <View className='case-gap-top'>
                    <Kv k='结案方式'>{c.legalAid.report.outcomeLabel}</Kv>
                    {c.legalAid.report.recovered > 0 && <Kv k='追回金额'>{yuan(c.legalAid.report.recovered)}</Kv>}
                    <Kv k='结案报告'>{c.legalAid.report.summary}</Kv>
                    <FileList caseId={c.id} files={c.legalAid.report.files} />
                  </View>
                )}
              </View>
            )}

            {c.steps.length > 0 && (
              <View className='card' id='case-steps'>
                <Heading level={2}>办理进度</Heading>
                <CaseSteps steps={c.steps} />
              </View>
            )}

            {!c.ask && offers('reply') && (
              <View className='card' id='case-reply'>
                <Heading level={2}>{label('reply', '补充说明')}</Heading>
                {replying ? (
                  <ReplyForm c={c} onDone={() => (setReplying(false), reload())} />
                ) : (
                  <View>
                    <Text className='muted case-block'>有新的情况或材料，可以随时补充给经办人员。</Text>
                    <Button fill='outline' block onClick={() => setReplying(true)} id='case-reply-open'>
                      补充情况或材料
                    </Button>
                  </View>
                )}
              </View>
            )}

            {c.timeline.length > 0 && (
              <View className='card' id='case-timeline'>
                <Heading level={2}>办理记录</Heading>
                <View className='case-timeline'>
                  {[...c.timeline].reverse().map((e, i) => (
                    <View key={i} className={`case-entry ${i === 0 ? 'case-entry-newest' : ''}`}>
                      <Text className='case-entry-title'>{e.eventLabel}</Text>
                      <Text className='muted case-block'>
                        {e.byName} · <Text className='nowrap'>{formatTime(e.at)}</Text>
                        {e.happenedAt && e.happenedAt !== e.at ? (
                          <Text>
                            {' '}
                            （发生于 <Text className='nowrap'>{formatTime(e.happenedAt)}</Text>）
                          </Text>
                        ) : null}
                      </Text>
                      {e.note && <Text className='case-block case-entry-note'>{e.note}</Text>}
                      <FileList caseId={c.id} files={e.files} />
                    </View>
                  ))}
                </View>
              </View>
            )}

            {offers('withdraw') && (
              <View className='card' id='case-withdraw'>
                {withdrawing ? (
                  <WithdrawForm c={c} onDone={() => (setWithdrawing(false), reload())} onCancel={() => setWithdrawing(false)} />
                ) : (
                  <View>
                    <Text className='muted case-block'>问题已经解决或不再需要工会办理，可以撤回。</Text>
                    <Button fill='outline' block onClick={() => setWithdrawing(true)} id='case-withdraw-open'>
                      {label('withdraw', '撤回诉求')}
                    </Button>
                  </View>
                )}
              </View>
            )}
          </View>
        )}
      </PageState>
    </View>
  );
}
