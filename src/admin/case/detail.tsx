import { useState, type ReactNode } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ApiError, call, fieldErrors, messageOf } from '../../api';
import { Button, Tag } from '../../components/nut';
import { formatTime } from '../../components/format';
import { useLoadOn } from '../../components/useLoadOn';
import { openDownload } from '../../platform/download';
import { parseTime } from '../../components/format';
import { PageState, PageTitle, SectionTitle, Tap, useConfirm } from '../ui';
import { ActionFields, TEXT_FIELD, emptyForm, type ActionForm, type ActionKey, type CaseView } from './actions';
import { CASE_EVENT_LABEL, COMPLEXITY_LABEL, SATISFACTION_LABEL } from '../../../core/case/machine';
import { SLA_LABEL, SLA_TYPE, STATUS_TAG, parseYuan, yuan } from './labels';
import '../admin.scss';
import './case.scss';

type Action = CaseView['actions'][number];
type FileRef = CaseView['files'][number];

const Kv = ({ k, children }: { k: string; children: ReactNode }) => (
  <View className='kv'>
    <Text className='kv-k'>{k}</Text>
    <View className='kv-v'>{children}</View>
  </View>
);

/** actions that are done at once after the question: no field to fill */
const NO_FIELDS: ActionKey[] = ['sign'];
/** actions whose confirm button is the warning red */
const DANGER: ActionKey[] = ['decline', 'return_assignment', 'fail_quality', 'legal_refuse'];
/** how each action's button looks (which ones there are is the server's answer) */
const LOOK = (k: ActionKey): { type: 'primary' | 'default' | 'danger'; fill?: 'outline' } =>
  DANGER.includes(k)
    ? { type: 'danger', fill: 'outline' }
    : ['entry', 'ask', 'classify', 'transfer', 'reassign'].includes(k)
      ? { type: 'default', fill: 'outline' }
      : { type: 'primary' };
/** a button's words: an action's label without its parenthesis (委派律师（出具委派函） → 委派律师), which would not fit a button */
const short = (label: string) => label.replace(/（[^）]*）$/, '');
/** the server's field names the action forms show a message under */
const FIELD_KEYS = ['reason', 'text', 'summary', 'note', 'personId', 'toOrgId', 'kind', 'outcome', 'score', 'comment', 'recovered', 'fileIds', 'happenedAt'];
/** the codes that mean the case moved on since this page read it */
const STALE = ['CONFLICT', 'ILLEGAL_TRANSITION'];

export default function CaseDetail() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const [view, setView] = useState<CaseView | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [active, setActive] = useState<Action | null>(null);
  const [form, setForm] = useState<ActionForm>(emptyForm(null));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error' | 'stale'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const { confirm, confirmUi } = useConfirm();

  const load = () =>
    call('case', 'getCase', { caseId: id })
      .then((v) => {
        setView(v);
        setLoadError(null);
      })
      .catch((e: unknown) => setLoadError(e));
  useLoadOn(load, [id]);

  const refresh = async () => {
    setNotice(null);
    setActive(null);
    await load();
  };

  const open = (a: Action) => {
    setErrors({});
    setNotice(null);
    setForm(emptyForm(view));
    if (NO_FIELDS.includes(a.key)) {
      setActive(null);
      void run(a, emptyForm(view));
    } else setActive(active?.key === a.key ? null : a);
  };

  /** the call for an action, from the form */
  const send = (v: CaseView, a: Action, f: ActionForm): Promise<CaseView> => {
    const base = { caseId: v.id, version: v.version };
    const fileIds = f.files.map((x) => x.id);
    switch (a.key) {
      case 'assign':
      case 'reassign':
        return call('case', 'assign', { ...base, personId: f.personId, note: f.note.trim() || null });
      case 'sign':
        return call('case', 'sign', base);
      case 'return_assignment':
        return call('case', 'returnAssignment', { ...base, reason: f.text });
      case 'transfer':
        return call('case', 'transfer', { ...base, toOrgId: f.toOrgId, reason: f.text });
      case 'decline':
        return call('case', 'decline', { ...base, reason: f.text });
      case 'classify':
        return call('case', 'classify', { ...base, complexity: f.complexity ?? v.complexity });
      case 'entry':
        return call('case', 'addEntry', {
          caseId: v.id,
          kind: f.entryKind,
          text: f.text,
          internal: f.internal,
          fileIds,
          happenedAt: f.happenedAt ? parseTime(f.happenedAt) : null,
        });
      case 'ask':
        return call('case', 'ask', { caseId: v.id, text: f.text });
      case 'resolve':
        return call('case', 'resolve', { ...base, kind: f.resolution!, summary: f.text, recovered: parseYuan(f.recovered), fileIds });
      case 'callback':
        return call('case', 'callback', { ...base, score: f.score!, comment: f.note });
      case 'pass_quality':
      case 'fail_quality':
        return call('case', 'qualityCheck', { ...base, pass: a.key === 'pass_quality', note: f.text });
      case 'legal_pre_approve':
      case 'legal_approve':
      case 'legal_refuse':
        return call('case', 'legalAidDecide', {
          ...base,
          event: a.key === 'legal_pre_approve' ? 'pre_approve' : a.key === 'legal_approve' ? 'approve' : 'refuse',
          note: f.text,
        });
      case 'legal_appoint':
        return call('case', 'appointLawyer', { ...base, personId: f.personId });
      case 'legal_report':
        return call('case', 'legalAidReport', { ...base, outcome: f.outcome!, summary: f.text, recovered: parseYuan(f.recovered), fileIds });
    }
  };

  /** what the server would refuse anyway, said at once under its field, with no question first */
  const check = (a: Action, f: ActionForm): Record<string, string> => {
    const out: Record<string, string> = {};
    const tf = TEXT_FIELD[a.key];
    if (tf && (a.needsNote || !tf.optional) && f.text.trim().length < 2) out[tf.key] = `请填写${tf.label}`;
    if (['assign', 'reassign'].includes(a.key) && !f.personId) out.personId = '请选择承办人';
    if (a.key === 'legal_appoint' && !f.personId) out.personId = '请选择委派的律师';
    if (a.key === 'transfer' && !f.toOrgId) out.toOrgId = '请选择转办到的组织';
    if (a.key === 'resolve' && !f.resolution) out.kind = '请选择办结结果';
    if (a.key === 'legal_report' && !f.outcome) out.outcome = '请选择结案方式';
    if (a.key === 'callback' && f.score === null) out.score = '请选择满意程度';
    if ((a.key === 'resolve' || a.key === 'legal_report') && !Number.isFinite(parseYuan(f.recovered))) out.recovered = '追回金额请填写整数元';
    if (a.key === 'entry' && f.happenedAt && Number.isNaN(parseTime(f.happenedAt))) out.happenedAt = '请选择发生时间';
    return out;
  };

  /** the question's first half: what exactly is about to happen (to whom, where, which class) */
  const question = (a: Action, f: ActionForm) => {
    switch (a.key) {
      case 'assign':
      case 'reassign':
        return `“${view!.title}”${a.key === 'assign' ? '分派' : '改派'}给${f.targetName}。`;
      case 'legal_appoint':
        return `委派${f.targetName}承办“${view!.title}”。`;
      case 'transfer':
        return `“${view!.title}”转办到${f.targetName}。`;
      case 'classify':
        return `复杂程度定为“${COMPLEXITY_LABEL[f.complexity ?? view!.complexity]}”。`;
      case 'entry':
        return `${CASE_EVENT_LABEL[f.entryKind]}${f.internal ? '（内部记录，诉求人看不到）' : '（诉求人可以看到）'}。`;
      case 'callback':
        return f.score === null ? '' : `回访结果：${f.score}分，${SATISFACTION_LABEL[f.score]}。`;
      default:
        return `“${view!.title}”：${a.label}。`;
    }
  };

  const run = async (a: Action, f: ActionForm) => {
    if (!view || busy) return;
    const local = check(a, f);
    setErrors(local);
    if (Object.keys(local).length) return;
    const ok = await confirm({
      title: `确认${a.label}？`,
      message: `${question(a, f)}${a.confirm ?? ''}`,
      confirmText: short(a.label),
      danger: DANGER.includes(a.key),
    });
    if (!ok) return;
    setBusy(true);
    setNotice(null);
    try {
      const after = await send(view, a, f);
      setView(after);
      setActive(null);
      setForm(emptyForm(after));
      setNotice({ kind: 'ok', text: after.status === view.status ? `已${a.label}` : `已${a.label}。案件现为：${after.statusLabel}` });
    } catch (e) {
      const fields = fieldErrors(e);
      // the server's field names, mapped onto this form's (the reason / text / summary / note share one box)
      setErrors(fields);
      if (e instanceof ApiError && STALE.includes(e.code))
        // the server's CONFLICT says it was handled meanwhile; an illegal step says what the case is now
        setNotice({ kind: 'stale', text: e.code === 'CONFLICT' ? messageOf(e) : `${messageOf(e)}。请点“刷新”看最新情况。` });
      // a message for a field the forms do not show (or none) is said above the page
      else if (!Object.keys(fields).some((k) => FIELD_KEYS.includes(k))) setNotice({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  };

  const download = (f: FileRef) => {
    if (!view) return;
    void call('case', 'file', { caseId: view.id, fileId: f.id })
      .then((x) => openDownload({ url: x.url, filename: x.name, contentType: x.contentType }))
      .catch((e) => setNotice({ kind: 'error', text: messageOf(e) }));
  };
  const fileLinks = (files: FileRef[]) =>
    files.map((f) => (
      <Tap key={f.id} className='link file-link case-file' role='link' label={`打开附件：${f.name}`} onTap={() => download(f)}>
        {f.name}（{Math.max(1, Math.round(f.size / 1024))} KB）
      </Tap>
    ));

  if (!view)
    return (
      <View className='page adm case-detail'>
        <PageTitle>案件详情</PageTitle>
        <PageState loading={!loadError} error={loadError} onRetry={load} rows={6} />
      </View>
    );

  const v = view;
  const la = v.legalAid;
  // the result of an action is said where the officer is working: above the actions (at the top once none is left)
  const noticeUi = notice && (
    <View {...({ role: 'status' } as object)}>
      <View className={`notice ${notice.kind === 'ok' ? 'notice-ok' : 'notice-error'}`} id='notice'>
        {notice.text}
      </View>
      {notice.kind === 'stale' && (
        <View className='btn-row'>
          <Button type='primary' onClick={() => void refresh()}>
            刷新
          </Button>
        </View>
      )}
    </View>
  );
  return (
    <View className='page adm case-detail'>
      <PageTitle>案件详情</PageTitle>
      {confirmUi}
      {v.actions.length === 0 && noticeUi}

      <View className='card' id='facts'>
        <View className='row case-head'>
          <View className='case-item-title'>
            {v.urgent && <Text className='case-badge-urgent'>紧急</Text>}
            <Text className='card-title'>{v.title}</Text>
          </View>
          <View className='tags' id='status'>
            {v.escalated && (
              <Tag type='danger' plain>
                已督办
              </Tag>
            )}
            <Tag type={STATUS_TAG[v.status]} plain={STATUS_TAG[v.status] === 'default'}>
              {v.statusLabel}
            </Tag>
          </View>
        </View>
        <Kv k='案件编号'>
          <Text className='nowrap'>{v.no}</Text>
        </Kv>
        <Kv k='诉求类别'>
          <Text>
            {v.categoryLabel} · {v.itemLabel}
          </Text>
        </Kv>
        <Kv k='复杂程度'>
          <Text>{v.complexityLabel}</Text>
        </Kv>
        <Kv k='所在单位'>
          <Text>{v.enterpriseName ?? '未填写'}</Text>
        </Kv>
        <Kv k='诉求人'>
          <Text>
            {v.claimantName}
            {v.mobileMasked ? ` · ${v.mobileMasked}` : ''}
          </Text>
        </Kv>
        <Kv k='受理组织'>
          <Text>{v.orgName}</Text>
        </Kv>
        {v.ownerOrgName !== v.orgName && (
          <Kv k='现办理组织'>
            <Text>{v.ownerOrgName}</Text>
          </Kv>
        )}
        <Kv k='当前办理'>
          <Text>{v.ownerLabel}</Text>
        </Kv>
        {v.assignee && !v.ownerLabel.includes(v.assignee.name) && (
          <Kv k='承办人'>
            <Text>
              {v.assignee.name}（{v.assignee.roleLabel}）
            </Text>
          </Kv>
        )}
        {v.waitingText && (
          <Kv k='进度'>
            <Text>{v.waitingText}</Text>
          </Kv>
        )}
        {v.dueAt !== null && v.sla !== 'none' && (
          <Kv k='本步期限'>
            <View className='kv-inline'>
              <Text className={`nowrap ${v.sla === 'overdue' ? 'case-overdue' : ''}`}>{formatTime(v.dueAt)}</Text>
              <Tag type={SLA_TYPE[v.sla]}>{SLA_LABEL[v.sla]}</Tag>
            </View>
          </Kv>
        )}
        <Kv k='办结期限'>
          <Text className='nowrap'>{formatTime(v.resolveDueAt)}</Text>
        </Kv>
        <Kv k='受理时间'>
          <Text className='nowrap'>{formatTime(v.createdAt)}</Text>
        </Kv>
      </View>

      <View className='card' id='steps'>
        <SectionTitle>办理环节</SectionTitle>
        <View className='case-steps'>
          {v.steps.map((s, i) => (
            <View key={i} className={`case-step ${s.state}`}>
              <Text className='case-step-dot' {...({ 'aria-hidden': 'true' } as object)}>
                {s.state === 'done' ? '✓' : s.state === 'current' ? '●' : '○'}
              </Text>
              <View className='case-step-body'>
                <Text className='case-step-title'>
                  {s.title}
                  {s.state === 'current' ? '（当前）' : s.state === 'done' ? '（已完成）' : ''}
                </Text>
                {s.detail && <Text className='muted case-block'>{s.detail}</Text>}
              </View>
            </View>
          ))}
        </View>
      </View>

      <View className='card' id='description'>
        <SectionTitle>具体情况</SectionTitle>
        <Text className='case-text'>{v.description}</Text>
        {v.files.length > 0 && <View className='case-files'>{fileLinks(v.files)}</View>}
      </View>

      {v.collective && (
        <View className='card' id='collective'>
          <SectionTitle>集体诉求</SectionTitle>
          <View className='stats case-figures'>
            <View className='stat'>
              <Text className='stat-num'>{v.collective.workers}</Text>
              <Text className='muted'>涉及人数</Text>
            </View>
            <View className='stat'>
              <Text className='stat-num'>{yuan(v.collective.amountOwed)}</Text>
              <Text className='muted'>涉及金额</Text>
            </View>
            <View className='stat'>
              <Text className='stat-num'>{v.collective.claimants}</Text>
              <Text className='muted'>已加入</Text>
            </View>
          </View>
          <Text className='muted case-block'>已加入的共同诉求人申报合计 {yuan(v.collective.claimedTotal)}</Text>
          <View className='case-claimants'>
            {v.collective.list.map((c, i) => (
              <View key={i} className='row case-claimant'>
                <Text>
                  {c.name}
                  {c.lead ? '（发起人）' : ''}
                </Text>
                <Text className='nowrap'>{c.amountOwed === null ? '—' : yuan(c.amountOwed)}</Text>
              </View>
            ))}
          </View>
        </View>
      )}

      {la && (
        <View className='card' id='legal-aid'>
          <SectionTitle>法律援助</SectionTitle>
          <Kv k='审查状态'>
            <View className='kv-inline'>
              <Text>{la.statusLabel}</Text>
              {la.urgent && <Text className='case-badge-urgent'>紧急</Text>}
            </View>
          </Kv>
          <Kv k='对方'>
            <Text>{la.opponent}</Text>
          </Kv>
          <Kv k='请求金额'>
            <Text>{yuan(la.claimAmount)}</Text>
          </Kv>
          {la.keyDate && (
            <Kv k='关键日期'>
              <Text>{la.keyDateLabel ?? la.keyDate}</Text>
            </Kv>
          )}
          <Kv k='审查期限'>
            <Text className='nowrap'>{formatTime(la.decisionDueAt)}</Text>
          </Kv>
          <Kv k='援助条件'>
            {la.eligibility.reasons.length > 0 ? (
              la.eligibility.reasons.map((r, i) => (
                <Text key={i} className='case-reason'>
                  {r}
                </Text>
              ))
            ) : (
              <Text>
                {la.eligibility.member ? `会员（${la.eligibility.memberOrgName ?? '所在工会'}）` : '不是会员'}；{la.eligibility.hardship ?? '无困难职工档案'}
              </Text>
            )}
          </Kv>
          {la.decisionNote && (
            <Kv k='审查意见'>
              <Text>{la.decisionNote}</Text>
            </Kv>
          )}
          {la.letter && (
            <View className='case-letter' id='letter'>
              <Text className='muted case-block'>
                委派 {la.letter.lawyerName} · <Text className='nowrap'>{formatTime(la.letter.issuedAt)}</Text> 出具
              </Text>
              <Text className='case-text'>{la.letter.text}</Text>
            </View>
          )}
          {la.report && (
            <View className='case-sub' id='report'>
              <Text className='case-sub-title'>结案报告：{la.report.outcomeLabel}</Text>
              <Text className='case-text'>{la.report.summary}</Text>
              <Text className='muted case-block'>
                追回 {yuan(la.report.recovered)} · {formatTime(la.report.at)}
              </Text>
              {fileLinks(la.report.files)}
            </View>
          )}
        </View>
      )}

      {(v.ask || v.resolution || v.rating) && (
        <View className='card' id='outcome'>
          {v.ask && (
            <View className='case-sub'>
              <Text className='case-sub-title'>等待诉求人补充（{formatTime(v.ask.at)}）</Text>
              <Text className='case-text'>{v.ask.text}</Text>
            </View>
          )}
          {v.resolution && (
            <View className='case-sub'>
              <Text className='case-sub-title'>办结：{v.resolution.kindLabel}</Text>
              <Text className='case-text'>{v.resolution.summary}</Text>
              <Text className='muted case-block'>
                {v.resolution.recovered > 0 ? `追回 ${yuan(v.resolution.recovered)} · ` : ''}
                {formatTime(v.resolution.at)}
              </Text>
              {fileLinks(v.resolution.files)}
            </View>
          )}
          {v.rating && (
            <View className='case-sub'>
              <Text className='case-sub-title'>
                评价：{v.rating.score}分 · {v.rating.label}（{v.rating.viaLabel}）
              </Text>
              {v.rating.comment && <Text className='case-text'>{v.rating.comment}</Text>}
            </View>
          )}
        </View>
      )}

      {v.actions.length > 0 && (
        <View className='card' id='actions'>
          <SectionTitle>办理</SectionTitle>
          {noticeUi}
          <View className='case-actions'>
            {v.actions.map((a) => (
              <Button key={a.key} {...LOOK(a.key)} disabled={busy} loading={busy && NO_FIELDS.includes(a.key)} onClick={() => open(a)}>
                {a.label}
              </Button>
            ))}
          </View>
          {active && (
            <View className='case-form' id='action-form'>
              <Text className='case-sub-title'>{active.label}</Text>
              <ActionFields
                key={active.key}
                action={active}
                view={v}
                form={form}
                set={(patch) => setForm((f) => ({ ...f, ...patch }))}
                errors={errors}
                setError={(k, m) => setErrors((e) => ({ ...e, [k]: m }))}
              />
              <View className='btn-row'>
                <Button type={DANGER.includes(active.key) ? 'danger' : 'primary'} loading={busy} disabled={busy} onClick={() => void run(active, form)}>
                  {short(active.label)}
                </Button>
                <Button fill='outline' disabled={busy} onClick={() => setActive(null)}>
                  取消
                </Button>
              </View>
            </View>
          )}
        </View>
      )}

      <View className='card' id='timeline'>
        <SectionTitle>办理过程（最新的在上）</SectionTitle>
        {[...v.timeline].reverse().map((e, i) => (
          <View key={i} className={`case-entry ${e.internal ? 'internal' : ''}`}>
            <View className='row'>
              <Text className='case-entry-title'>{e.eventLabel}</Text>
              {e.internal && <Text className='case-internal'>内部记录</Text>}
            </View>
            <Text className='muted case-block'>
              {e.byName} · <Text className='nowrap'>{formatTime(e.at)}</Text>
              {e.happenedAt !== null && e.happenedAt !== e.at ? (
                <>
                  {' '}
                  · 发生于 <Text className='nowrap'>{formatTime(e.happenedAt)}</Text>
                </>
              ) : null}
            </Text>
            {e.note && <Text className='case-text'>{e.note}</Text>}
            {e.files.length > 0 && fileLinks(e.files)}
          </View>
        ))}
      </View>
      <Button fill='outline' block onClick={() => (Taro.getCurrentPages().length > 1 ? Taro.navigateBack() : Taro.redirectTo({ url: '/admin/case/index' }))}>
        返回案件列表
      </Button>
    </View>
  );
}
