/**
 * What the worker's hardship-aid pages share (the `pages/aid` subpackage): money in whole yuan, the
 * server's field errors by their full path (a household row's field is `household.2.name`), status
 * tags coloured by meaning, the application's steps, and the attachment checklist. Only these pages
 * import this file, so it lands in the subpackage and not in the main package.
 */
import { Input, Text, Textarea, View } from '@tarojs/components';
import { Step as NutStep, Steps } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/steps/style/css'; // Steps' sheet, which imports Step's
import type { AidStatus, AttachmentKind } from '../../../core/aid/machine';
import { ATTACHMENT_LABEL } from '../../../core/aid/machine';
import { ApiError } from '../../api';
import { Tag } from '../../components/nut';
import { FilePicker } from '../../components/FilePicker';
import { Field, inputA11y } from '../../components/Field';
import { sizeLabel } from '../../components/upload';
import { Tappable } from '../../components/Tappable';
import { groupProps } from '../../components/a11y';

/** ¥12,000: whole yuan with thousands separators (no Intl: some WeChat clients lack it) */
export const yuan = (n: number) => `¥${String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;

/** A typed number: undefined when empty (the server then says 请填写…), else the number as typed (the server checks it is whole). */
export const num = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text.trim()));
/** A number shown back in an input: '' for none. */
export const text = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));

/**
 * The server's VALIDATION issues by their whole path, first message each: `requestedAmount`,
 * `student.school`, `household.1.idNumber`. Empty when the error is of another kind.
 */
export function issuesOf(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (error instanceof ApiError) for (const i of error.issues) if (i.path.length && !out[i.path.join('.')]) out[i.path.join('.')] = i.message;
  return out;
}

/** The errors without those at `key` or under it (a field changed: its message goes). */
export function without(errors: Record<string, string>, key: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(errors)) if (k !== key && !k.startsWith(`${key}.`)) out[k] = v;
  return out;
}

type TagType = 'default' | 'primary' | 'success' | 'warning' | 'danger' | 'info';
const STATUS_TAG: Record<AidStatus, TagType> = {
  draft: 'default',
  first_check: 'warning',
  union_review: 'warning',
  federation_review: 'warning',
  upper_review: 'warning',
  returned: 'danger',
  approved: 'info',
  in_notice: 'info',
  cleared: 'info',
  paid: 'success',
  payment_returned: 'danger',
  rejected: 'default',
  withdrawn: 'default',
  stopped: 'default',
};

/** An application's status as the server names it, coloured by what it means for the worker. */
export function StatusTag({ status, label, id }: { status: AidStatus; label: string; id?: string }) {
  return (
    <View id={id} className='aid-tag'>
      <Tag type={STATUS_TAG[status]}>{label}</Tag>
    </View>
  );
}

export interface StepItem {
  title: string;
  state: 'done' | 'current' | 'todo';
  detail: string | null;
}
const STATE_LABEL = { done: '已完成', current: '当前', todo: '待办理' } as const;

/**
 * The application's steps (done, current, to come) as NutUI's vertical Steps. The state is also said in
 * words before each step's detail (the dots' colours alone would not say it).
 */
export function AidSteps({ steps }: { steps: StepItem[] }) {
  const current = steps.findIndex((s) => s.state === 'current');
  // NutUI marks the steps before `value` done and `value` itself current; all done: past the last
  const value = current >= 0 ? current + 1 : steps.every((s) => s.state === 'done') ? steps.length + 1 : 0;
  return (
    <Steps className='aid-steps' direction='vertical' type='dot' status='dynamic' value={value}>
      {steps.map((s, i) => (
        <NutStep
          key={i}
          value={i + 1}
          title={s.title}
          description={
            <Text className={`muted aid-step-${s.state}`}>
              {STATE_LABEL[s.state]}
              {s.detail ? ` · ${s.detail}` : ''}
            </Text>
          }
        />
      ))}
    </Steps>
  );
}

export interface Attached {
  kind: AttachmentKind;
  fileId: string;
  name: string;
  size: number | null;
}

/**
 * The checklist of attachments: each required kind with what is uploaded for it (移除 each) and an
 * upload button; a kind still empty says so. `optional` kinds are listed after, marked 选填.
 */
export function AttachmentChecklist({
  id,
  required,
  optional = [],
  items,
  onChange,
  error,
  onError,
  onBusy,
}: {
  id: string;
  required: readonly AttachmentKind[];
  optional?: readonly AttachmentKind[];
  items: Attached[];
  /** an updater (several files picked at once land one by one) */
  onChange: (update: (prev: Attached[]) => Attached[]) => void;
  error?: string;
  onError: (message: string) => void;
  onBusy?: (busy: boolean) => void;
}) {
  const row = (kind: AttachmentKind, needed: boolean) => {
    const mine = items.filter((a) => a.kind === kind);
    return (
      <View key={kind} className={`aid-attach ${needed && !mine.length ? 'aid-attach-missing' : ''}`} id={`${id}-${kind}`}>
        <View className='row'>
          <Text className='aid-attach-label'>{ATTACHMENT_LABEL[kind]}</Text>
          <Text className={mine.length ? 'aid-ok' : needed ? 'aid-missing' : 'muted'}>
            {mine.length ? `已上传${mine.length}个` : needed ? '未上传' : '选填'}
          </Text>
        </View>
        {mine.map((a) => (
          <View key={a.fileId} className='row aid-file-row'>
            <Text className='aid-file-name'>
              {a.name}
              {a.size !== null ? `（${sizeLabel(a.size)}）` : ''}
            </Text>
            <Tappable inline className='link' label={`移除 ${a.name}`} onTap={() => onChange((prev) => prev.filter((x) => x.fileId !== a.fileId))}>
              移除
            </Tappable>
          </View>
        ))}
        <FilePicker
          id={`${id}-${kind}-pick`}
          kind='files'
          label={mine.length ? `继续上传${ATTACHMENT_LABEL[kind]}` : `上传${ATTACHMENT_LABEL[kind]}`}
          weappLabel={`从聊天记录选择${ATTACHMENT_LABEL[kind]}`}
          onUploaded={(u) => onChange((prev) => [...prev.filter((x) => x.fileId !== u.id), { kind, fileId: u.id, name: u.name, size: u.size }])}
          onError={onError}
          onBusy={onBusy}
        />
      </View>
    );
  };
  return (
    <View id={id} {...groupProps('group', { label: '证明材料' })}>
      <Text className='muted aid-hint'>PDF、Word 或照片，每个4MB以内；拍照请保证字迹清楚。</Text>
      {required.map((k) => row(k, true))}
      {optional.map((k) => row(k, false))}
      {error ? <Text className='field-error'>{error}</Text> : null}
    </View>
  );
}

/**
 * A labelled input (Field + Taro Input) that also reports leaving it (`onBlur`: the file page saves a
 * section as the worker moves on) and can carry a hint under it.
 */
export function InputField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  error?: string;
  placeholder?: string;
  type?: 'text' | 'number' | 'idcard' | 'digit';
  maxlength?: number;
  hint?: string;
}) {
  return (
    <Field id={props.id} label={props.label} error={props.error}>
      <Input
        className={`field-input ${props.error ? 'invalid' : ''}`}
        id={props.id}
        type={props.type ?? 'text'}
        maxlength={props.maxlength}
        placeholder={props.placeholder}
        value={props.value}
        onInput={(e) => props.onChange(e.detail.value)}
        onBlur={() => props.onBlur?.()}
        {...inputA11y(props.id, props.label, props.error)}
      />
      {props.hint ? <Text className='muted aid-hint'>{props.hint}</Text> : null}
    </Field>
  );
}

/** A labelled multi-line input, with the same blur report. */
export function AreaField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  error?: string;
  placeholder?: string;
  maxlength?: number;
}) {
  return (
    <Field id={props.id} label={props.label} error={props.error}>
      <Textarea
        className={`field-input aid-textarea ${props.error ? 'invalid' : ''}`}
        id={props.id}
        maxlength={props.maxlength ?? 500}
        placeholder={props.placeholder}
        value={props.value}
        onInput={(e) => props.onChange(e.detail.value)}
        onBlur={() => props.onBlur?.()}
        {...inputA11y(props.id, props.label, props.error)}
      />
    </Field>
  );
}
