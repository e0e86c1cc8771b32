/**
 * What the worker's case pages share (the `pages/case` subpackage): money in whole yuan, the server's
 * field errors by their full path (`collective.workers`, `legalAid.opponent`), the status tag, the
 * case's steps as NutUI Steps, a list of attached files that open, and the attachments a worker
 * uploads with a report or a reply. Only these pages import this file, so it lands in the
 * subpackage (importing pages/aid/ui.tsx instead would share it between two subpackages and put it
 * in the main package).
 */
import type { ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { Step as NutStep, Steps } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/steps/style/css'; // Steps' sheet, which imports Step's
import type { CaseStatus } from '../../../core/case/machine';
import { ApiError, call, messageOf } from '../../api';
import { Tag } from '../../components/nut';
import { FilePicker } from '../../components/FilePicker';
import { Field, inputA11y } from '../../components/Field';
import { sizeLabel } from '../../components/upload';
import { Tappable } from '../../components/Tappable';
import { groupProps } from '../../components/a11y';
import { showResult } from '../../components/confirm';
import { openDownload } from '../../platform/download';

/** ¥12,000: whole yuan with thousands separators (no Intl: some WeChat clients lack it) */
export const yuan = (n: number) => `¥${String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;

/** A typed number: undefined when empty (the server then says 请填写…), else the number as typed (the server checks it is whole). */
export const num = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text.trim()));

/** The server's VALIDATION issues by their whole path, first message each. Empty when the error is of another kind. */
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
const STATUS_TAG: Record<CaseStatus, TagType> = {
  received: 'warning',
  assigned: 'warning',
  handling: 'info',
  resolved: 'primary',
  quality_check: 'info',
  closed: 'success',
  declined: 'default',
  withdrawn: 'default',
};

/** A case's status as the server names it, coloured by what it means for the worker. */
export function StatusTag({ status, label, id }: { status: CaseStatus; label: string; id?: string }) {
  return (
    <View id={id} className='case-tag'>
      <Tag type={STATUS_TAG[status]}>{label}</Tag>
    </View>
  );
}

export function Kv({ k, children, id }: { k: string; children: ReactNode; id?: string }) {
  return (
    <View className='kv'>
      <Text className='kv-k'>{k}</Text>
      <Text className='kv-v' id={id}>
        {children}
      </Text>
    </View>
  );
}

interface StepItem {
  title: string;
  state: 'done' | 'current' | 'todo';
  detail: string | null;
}
const STATE_LABEL = { done: '已完成', current: '当前', todo: '待办理' } as const;

/** The case's steps (done, current, to come) as NutUI's vertical Steps; the state is said in words too, not by the dot's colour alone. */
export function CaseSteps({ steps }: { steps: StepItem[] }) {
  const current = steps.findIndex((s) => s.state === 'current');
  // NutUI marks the steps before `value` done and `value` itself current; all done: past the last
  const value = current >= 0 ? current + 1 : steps.every((s) => s.state === 'done') ? steps.length + 1 : 0;
  return (
    <Steps className='case-steps' direction='vertical' type='dot' status='dynamic' value={value}>
      {steps.map((s, i) => (
        <NutStep
          key={i}
          value={i + 1}
          title={s.title}
          description={
            <Text className={`muted case-step-${s.state}`}>
              {STATE_LABEL[s.state]}
              {s.detail ? ` · ${s.detail}` : ''}
            </Text>
          }
        />
      ))}
    </Steps>
  );
}

export interface FileItem {
  id: string;
  name: string;
  size: number | null;
}

const openFile = (caseId: string, fileId: string) =>
  call('case', 'file', { caseId, fileId })
    .then((f) => openDownload({ url: f.url, filename: f.name, contentType: f.contentType }))
    .catch((e) => showResult(messageOf(e)));

/** Files attached to the case or an entry: each opens (a short-lived download address). */
export function FileList({ caseId, files, id }: { caseId: string; files: FileItem[]; id?: string }) {
  if (!files.length) return null;
  return (
    <View id={id} className='case-files'>
      {files.map((f) => (
        <Tappable key={f.id} inline role='link' className='link case-file' label={`查看附件 ${f.name}`} onTap={() => void openFile(caseId, f.id)}>
          附件：{f.name}
          {f.size !== null ? `（${sizeLabel(f.size)}）` : ''}
        </Tappable>
      ))}
    </View>
  );
}

/** Attachments the worker adds (photos of a pay slip, a contract, a chat): uploaded one by one, each removable. */
export function Attachments({
  id,
  items,
  onChange,
  error,
  onError,
  onBusy,
  hint = '工资条、劳动合同、聊天记录截图等，PDF、Word 或照片，每个4MB以内，最多9个。',
}: {
  id: string;
  items: FileItem[];
  onChange: (update: (prev: FileItem[]) => FileItem[]) => void;
  error?: string;
  onError: (message: string) => void;
  onBusy?: (busy: boolean) => void;
  hint?: string;
}) {
  return (
    <View id={id} {...groupProps('group', { label: '证明材料' })}>
      <Text className='muted case-hint'>{hint}</Text>
      {items.map((a) => (
        <View key={a.id} className='row case-file-row'>
          <Text className='case-file-name'>
            {a.name}
            {a.size !== null ? `（${sizeLabel(a.size)}）` : ''}
          </Text>
          <Tappable inline className='link' label={`移除 ${a.name}`} onTap={() => onChange((prev) => prev.filter((x) => x.id !== a.id))}>
            移除
          </Tappable>
        </View>
      ))}
      {items.length < 9 && (
        <FilePicker
          id={`${id}-pick`}
          kind='files'
          label={items.length ? '继续上传材料' : '上传材料'}
          weappLabel='从聊天记录选择材料'
          onUploaded={(u) => onChange((prev) => [...prev.filter((x) => x.id !== u.id), { id: u.id, name: u.name, size: u.size }].slice(0, 9))}
          onError={onError}
          onBusy={onBusy}
        />
      )}
      {error ? <Text className='field-error'>{error}</Text> : null}
    </View>
  );
}

/** A labelled input that can carry a hint under it. */
export function InputField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  placeholder?: string;
  type?: 'text' | 'number' | 'digit';
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
        {...inputA11y(props.id, props.label, props.error)}
      />
      {props.hint ? <Text className='muted case-hint'>{props.hint}</Text> : null}
    </Field>
  );
}

/** A labelled multi-line input. */
export function AreaField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  placeholder?: string;
  maxlength?: number;
  tall?: boolean;
}) {
  return (
    <Field id={props.id} label={props.label} error={props.error}>
      <Textarea
        className={`field-input case-textarea ${props.tall ? 'case-textarea-tall' : ''} ${props.error ? 'invalid' : ''}`}
        id={props.id}
        maxlength={props.maxlength ?? 500}
        placeholder={props.placeholder}
        value={props.value}
        onInput={(e) => props.onChange(e.detail.value)}
        {...inputA11y(props.id, props.label, props.error)}
      />
    </Field>
  );
}

/** Copies a text (a link or a code) and says so. */
export const copy = (data: string, done: string) =>
  Taro.setClipboardData({ data })
    .then(() => showResult(done))
    .catch(() => showResult('复制失败，请长按文字手动复制'));
