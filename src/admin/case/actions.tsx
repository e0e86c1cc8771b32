/**
 * The case detail's action forms: one per action the server offers (CaseView.actions; the page renders
 * buttons only for those). Each form holds the fields its action needs, with the server's messages
 * under them; the page asks the action's `confirm` sentence before anything is sent.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { call, messageOf, type Output } from '../../api';
import { Switch, Tag } from '../../components/nut';
import { Choice } from '../../components/Tappable';
import { FilePicker } from '../../components/FilePicker';
import { formatTime, startOfDay } from '../../components/format';
import { sizeLabel, type Uploaded } from '../../components/upload';
import {
  COMPLEXITIES,
  COMPLEXITY_LABEL,
  HANDLER_ENTRY_KINDS,
  CASE_EVENT_LABEL,
  LEGAL_OUTCOMES,
  LEGAL_OUTCOME_LABEL,
  RESOLUTIONS,
  RESOLUTION_LABEL,
  SATISFACTION_LABEL,
} from '../../../core/case/machine';
import type { Complexity, HandlerEntryKind, LegalOutcome, Resolution } from '../../../core/case/machine';
import { TimePick } from '../pick';
import { LabelledInput, LabelledTextarea, PickRow, Tap } from '../ui';

export type CaseView = Output<'case', 'getCase'>;
export type ActionKey = CaseView['actions'][number]['key'];
type Assignee = Output<'case', 'assignees'>['items'][number];
type OrgNode = Output<'org', 'tree'>['nodes'][number];

/** everything any action form may hold; each action reads its own part */
export interface ActionForm {
  /** the free text: a reason, an ask, an entry's text, a quality or legal-aid note, a resolution summary */
  text: string;
  /** a note beside the main text (the assignment's note, the callback's comment) */
  note: string;
  personId: string;
  orgIndex: number;
  toOrgId: string;
  /** who or where it goes (the person's or the org's name), for the question before it is sent */
  targetName: string;
  complexity: Complexity | null;
  entryKind: HandlerEntryKind;
  internal: boolean;
  files: Uploaded[];
  happenedAt: string;
  resolution: Resolution | null;
  recovered: string;
  score: number | null;
  outcome: LegalOutcome | null;
}

export const emptyForm = (v: CaseView | null): ActionForm => ({
  text: '',
  note: '',
  personId: '',
  orgIndex: 0,
  toOrgId: '',
  targetName: '',
  complexity: v?.complexity ?? null,
  entryKind: 'note',
  internal: false,
  files: [],
  happenedAt: '',
  resolution: null,
  recovered: '',
  score: null,
  outcome: null,
});

/** what each action's main text field is called (the server's messages name the same thing) */
export const TEXT_FIELD: Partial<Record<ActionKey, { key: string; label: string; placeholder: string; optional?: boolean }>> = {
  return_assignment: { key: 'reason', label: '退回原因', placeholder: '为什么不能承办，由分派人改派' },
  transfer: { key: 'reason', label: '转办原因', placeholder: '为什么转给该组织办理' },
  decline: { key: 'reason', label: '不予受理的原因', placeholder: '诉求人可以看到这段说明' },
  ask: { key: 'text', label: '需要诉求人补充的内容', placeholder: '如：请上传劳动合同或工资条照片' },
  entry: { key: 'text', label: '记录内容', placeholder: '时间、地点、参加人员、经过和结果' },
  resolve: { key: 'summary', label: '办理结果', placeholder: '办理经过、结果和依据，诉求人可以看到（至少10个字）' },
  pass_quality: { key: 'note', label: '质检意见', placeholder: '选填', optional: true },
  fail_quality: { key: 'note', label: '质检不通过的原因', placeholder: '退回承办人重办，须写明原因' },
  legal_pre_approve: { key: 'note', label: '审查意见', placeholder: '选填', optional: true },
  legal_approve: { key: 'note', label: '审查意见', placeholder: '选填', optional: true },
  legal_refuse: { key: 'note', label: '不予援助的理由', placeholder: '书面理由，申请人可以看到' },
  legal_report: { key: 'summary', label: '结案报告', placeholder: '案件经过与结果（至少10个字）' },
};

const Files = (props: { id: string; files: Uploaded[]; onChange: (f: Uploaded[]) => void; error?: string; onError: (m: string) => void }) => (
  <View className='field'>
    <Text className='field-label'>附件（选填，最多9个）</Text>
    {props.files.map((f) => (
      <View key={f.id} className='row case-file-row'>
        <Text className='case-file-name'>
          {f.name}（{sizeLabel(f.size)}）
        </Text>
        <Tap className='link case-remove' label={`移除附件 ${f.name}`} onTap={() => props.onChange(props.files.filter((x) => x.id !== f.id))}>
          移除
        </Tap>
      </View>
    ))}
    {props.files.length < 9 && (
      <FilePicker
        id={props.id}
        kind='files'
        label='上传附件'
        weappLabel='选择附件'
        onUploaded={(u) => props.onChange([...props.files, u])}
        onError={props.onError}
      />
    )}
    {props.error ? <Text className='field-error'>{props.error}</Text> : null}
  </View>
);

const Column = ({ children }: { children: ReactNode }) => <View className='case-choices'>{children}</View>;

/** The assignees the desk may choose from: 值班 first is the server's order; each with their open cases. */
function PersonList(props: { items: Assignee[] | null; error: string; value: string; onPick: (p: Assignee) => void; label: string; invalid?: string }) {
  if (props.error) return <View className='notice notice-error'>{props.error}</View>;
  if (!props.items) return <Text className='muted'>正在读取可选人员…</Text>;
  if (props.items.length === 0) return <View className='notice notice-info'>本组织还没有可派单的人员，请先在“组织与权限”中授权。</View>;
  return (
    <View className='field'>
      <Text className='field-label'>{props.label}</Text>
      <View className='case-people' {...({ role: 'radiogroup', 'aria-label': props.label } as object)}>
        {props.items.map((p) => {
          const on = props.value === p.personId;
          return (
            <Tap
              key={p.personId}
              role='radio'
              pressed={on}
              className={`case-person ${on ? 'on' : ''}`}
              label={`${p.name}，${p.roleLabel}${p.onDuty ? '，今日值班' : ''}，在办${p.load}件`}
              onTap={() => props.onPick(p)}
            >
              <View className='case-person-main'>
                <Text className='case-person-name'>{p.name}</Text>
                <Text className='muted'>{p.roleLabel}</Text>
              </View>
              <View className='tags'>
                {p.onDuty && <Tag type='danger'>值班</Tag>}
                <Text className='case-load'>在办 {p.load} 件</Text>
              </View>
            </Tap>
          );
        })}
      </View>
      {props.invalid ? <Text className='field-error'>{props.invalid}</Text> : null}
    </View>
  );
}

export function ActionFields(props: {
  action: CaseView['actions'][number];
  view: CaseView;
  form: ActionForm;
  set: (patch: Partial<ActionForm>) => void;
  errors: Record<string, string>;
  setError: (key: string, message: string) => void;
}) {
  const { action, form, set, errors } = props;
  const key = action.key;
  const [people, setPeople] = useState<{ items: Assignee[] | null; error: string }>({ items: null, error: '' });
  const [orgs, setOrgs] = useState<{ items: OrgNode[] | null; error: string }>({ items: null, error: '' });
  const [range] = useState(() => ({ from: formatTime(startOfDay(Date.now()) - 60 * 86400_000), to: formatTime(Date.now()), now: formatTime(Date.now()) }));
  const viewId = props.view.id;
  const ownerOrgName = props.view.ownerOrgName;
  useEffect(() => {
    if (key === 'assign' || key === 'reassign' || key === 'legal_appoint') {
      call('case', 'assignees', { caseId: viewId })
        .then((r) => setPeople({ items: key === 'legal_appoint' ? r.items.filter((p) => p.role === 'lawyer') : r.items, error: '' }))
        .catch((e: unknown) => setPeople({ items: null, error: messageOf(e) }));
    }
    if (key === 'transfer') {
      call('org', 'tree', {})
        .then((r) => {
          const items = r.nodes.filter((n) => n.name !== ownerOrgName);
          setOrgs({ items, error: '' });
          if (items[0]) set({ orgIndex: 0, toOrgId: items[0].id, targetName: items[0].name });
        })
        .catch((e: unknown) => setOrgs({ items: null, error: messageOf(e) }));
    }
    // once per action opened; `set` only merges into the page's form
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, viewId]);

  const textField = TEXT_FIELD[key];
  const text = textField && (
    <LabelledTextarea
      id='action-text'
      label={`${textField.label}${textField.optional && !action.needsNote ? '（选填）' : ''}`}
      placeholder={textField.placeholder}
      value={form.text}
      height={key === 'resolve' || key === 'legal_report' || key === 'entry' ? 110 : 72}
      error={errors[textField.key]}
      onInput={(v) => {
        set({ text: v });
        props.setError(textField.key, '');
      }}
    />
  );
  const recovered = (
    <LabelledInput
      id='action-recovered'
      label='追回金额（元，选填）'
      type='number'
      value={form.recovered}
      error={errors.recovered}
      hint={props.view.collective ? `集体诉求涉及 ${props.view.collective.amountOwed.toLocaleString('en-US')} 元` : undefined}
      onInput={(v) => {
        set({ recovered: v });
        props.setError('recovered', '');
      }}
    />
  );
  const files = (
    <Files id='action-files' files={form.files} onChange={(f) => set({ files: f })} error={errors.fileIds} onError={(m) => props.setError('fileIds', m)} />
  );

  switch (key) {
    case 'assign':
    case 'reassign':
    case 'legal_appoint':
      return (
        <>
          <PersonList
            items={people.items}
            error={people.error}
            value={form.personId}
            label={key === 'legal_appoint' ? '委派的律师' : '承办人'}
            invalid={errors.personId}
            onPick={(p) => {
              set({ personId: p.personId, targetName: `${p.name}（${p.roleLabel}）` });
              props.setError('personId', '');
            }}
          />
          {key !== 'legal_appoint' && (
            <LabelledTextarea
              id='action-note'
              label='派单说明（选填，仅工作人员可见）'
              value={form.note}
              error={errors.note}
              onInput={(v) => set({ note: v })}
            />
          )}
          {key === 'legal_appoint' && <Text className='muted case-block'>委派后将出具《工会法律援助服务案件委派函》，编号按年度顺序生成，并通知律师。</Text>}
        </>
      );
    case 'transfer':
      return (
        <>
          {orgs.error ? (
            <View className='notice notice-error'>{orgs.error}</View>
          ) : !orgs.items ? (
            <Text className='muted'>正在读取组织…</Text>
          ) : orgs.items.length === 0 ? (
            <View className='notice notice-info'>没有可以转办的组织。</View>
          ) : (
            <View className='field'>
              <Text className='field-label'>转办到</Text>
              <PickRow
                id='action-org'
                title='转办到的组织'
                options={orgs.items.map((o) => `${'　'.repeat(Math.max(0, o.depth))}${o.name}（${o.kindLabel}）`)}
                index={form.orgIndex}
                onPick={(i) => {
                  set({ orgIndex: i, toOrgId: orgs.items![i]?.id ?? '', targetName: orgs.items![i]?.name ?? '' });
                  props.setError('toOrgId', '');
                }}
              />
              {errors.toOrgId ? <Text className='field-error'>{errors.toOrgId}</Text> : null}
            </View>
          )}
          {text}
        </>
      );
    case 'classify':
      return (
        <View className='field'>
          <Text className='field-label'>问题复杂程度</Text>
          <Column>
            <Choice
              id='action-complexity'
              label='问题复杂程度'
              options={COMPLEXITIES.map((c) => [c, COMPLEXITY_LABEL[c]] as const)}
              value={form.complexity}
              onChange={(c) => set({ complexity: c })}
            />
          </Column>
          <Text className='muted field-hint'>办结时限按本会规则中该复杂程度的工作日数重新计算。</Text>
        </View>
      );
    case 'entry':
      return (
        <>
          <View className='field case-grid-choices'>
            <Text className='field-label'>记录类型</Text>
            <Choice
              id='action-kind'
              label='记录类型'
              options={HANDLER_ENTRY_KINDS.map((k) => [k, CASE_EVENT_LABEL[k]] as const)}
              value={form.entryKind}
              onChange={(k) => set({ entryKind: k })}
            />
          </View>
          {text}
          <View className='switch-row'>
            <Text>内部记录（诉求人看不到）</Text>
            <View className='kv-inline'>
              <Text className='switch-state'>{form.internal ? '是' : '否'}</Text>
              <Switch checked={form.internal} ariaLabel='内部记录（诉求人看不到）' onChange={(v: boolean) => set({ internal: v })} />
            </View>
          </View>
          <View className='field'>
            <Text className='field-label'>发生时间（选填，不填为现在）</Text>
            <TimePick
              id='action-happened'
              label='发生时间'
              value={form.happenedAt}
              shown={form.happenedAt || '现在'}
              from={range.from}
              to={range.to}
              initial={range.now}
              invalid={Boolean(errors.happenedAt)}
              onChange={(t) => {
                set({ happenedAt: t });
                props.setError('happenedAt', '');
              }}
            />
            {errors.happenedAt ? <Text className='field-error'>{errors.happenedAt}</Text> : null}
          </View>
          {files}
        </>
      );
    case 'resolve':
    case 'legal_report':
      return (
        <>
          <View className='field'>
            <Text className='field-label'>{key === 'resolve' ? '办结结果' : '结案方式'}</Text>
            <Column>
              {key === 'resolve' ? (
                <Choice
                  id='action-kind'
                  label='办结结果'
                  options={RESOLUTIONS.map((r) => [r, RESOLUTION_LABEL[r]] as const)}
                  value={form.resolution}
                  invalid={Boolean(errors.kind)}
                  onChange={(r) => {
                    set({ resolution: r });
                    props.setError('kind', '');
                  }}
                />
              ) : (
                <Choice
                  id='action-kind'
                  label='结案方式'
                  options={LEGAL_OUTCOMES.map((o) => [o, LEGAL_OUTCOME_LABEL[o]] as const)}
                  value={form.outcome}
                  invalid={Boolean(errors.outcome)}
                  onChange={(o) => {
                    set({ outcome: o });
                    props.setError('outcome', '');
                  }}
                />
              )}
            </Column>
            {errors.kind || errors.outcome ? <Text className='field-error'>{errors.kind || errors.outcome}</Text> : null}
          </View>
          {text}
          {recovered}
          {files}
        </>
      );
    case 'callback':
      return (
        <>
          <View className='field'>
            <Text className='field-label'>诉求人的满意程度（电话回访）</Text>
            <Column>
              <Choice
                id='action-score'
                label='满意程度'
                options={[5, 4, 3, 2, 1].map((n) => [String(n), `${n}分 · ${SATISFACTION_LABEL[n]}`] as const)}
                value={form.score === null ? null : String(form.score)}
                invalid={Boolean(errors.score)}
                onChange={(s) => {
                  set({ score: Number(s) });
                  props.setError('score', '');
                }}
              />
            </Column>
            {errors.score ? <Text className='field-error'>{errors.score}</Text> : null}
            <Text className='muted field-hint'>1–2分为不满意：案件重新办理，并报上级督办。</Text>
          </View>
          <LabelledTextarea id='action-note' label='回访记录（选填）' value={form.note} error={errors.comment} onInput={(v) => set({ note: v })} />
        </>
      );
    default:
      return text || null;
  }
}
