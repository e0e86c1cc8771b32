/**
 * The officer pages' building blocks (admin subpackage), over the shared accessible pieces of
 * src/components (a11y.ts, Tappable, PageState, useConfirm): a tappable area that is a real control
 * (a queue item, a toggle chip, a kind to choose), section headings, the page's honest state in the
 * admin pages' words, tabs that are tabs to a screen reader, and labelled inputs.
 *
 * Why the tab bar is not NutUI's Tabs: in NutUI React Taro 3.0.20 its titles are click-only Views
 * (no role, no focus, no keyboard); here they are role=tablist / tab with aria-selected, 44 px tall.
 */
import type { ReactNode } from 'react';
import { Input, Text, Textarea, View } from '@tarojs/components';
import type { InputProps } from '@tarojs/components';
import { controlProps, groupProps } from '../components/a11y';
import { Heading } from '../components/Tappable';
import { PageState as SharedPageState } from '../components/PageState';
import { ChoosePick } from './pick';

export { PageTitle } from '../components/Tappable';
export { useConfirm } from '../components/confirm';

/**
 * A tappable area that is a real control: a button by default; `pressed` makes it a toggle
 * (checkbox: 仅看超时), `role='radio'` with `pressed` one of a few (the activity's kind).
 */
export function Tap(props: {
  onTap: () => unknown;
  className?: string;
  id?: string;
  label?: string;
  pressed?: boolean;
  role?: 'button' | 'link' | 'radio';
  style?: Record<string, string>;
  children: ReactNode;
}) {
  const role = props.role === 'radio' ? 'radio' : props.pressed !== undefined ? 'checkbox' : (props.role ?? 'button');
  const a11y = controlProps({ role, label: props.label, checked: props.pressed, onActivate: () => void props.onTap() });
  return (
    <View {...a11y} id={props.id} className={`tap ${props.className ?? ''}`} style={props.style} onClick={() => props.onTap()}>
      {props.children}
    </View>
  );
}

/** 加载更多 under a paged list: shown while there is a next page; a tap while one is loading does nothing. */
export function LoadMore(props: { next: string | null | undefined; loading: boolean; onMore: (next: string) => unknown; id?: string }) {
  const next = props.next;
  if (!next) return null;
  return (
    <Tap className='adm-more' id={props.id} onTap={() => !props.loading && props.onMore(next)}>
      {props.loading ? '加载中…' : '加载更多'}
    </Tap>
  );
}

/** A section heading inside a page (level 2, in the card title's look). */
export function SectionTitle({ children, id }: { children: ReactNode; id?: string }) {
  return (
    <Heading level={2} id={id} className='card-title'>
      {children}
    </Heading>
  );
}

/**
 * What a page shows before and instead of its content (the shared PageState): a skeleton while the
 * first answer is on its way (never "暂无…" before it came), a failure in the words `explainFailure`
 * gives its code (a network / server failure with 重试, a refusal or a missing record without it,
 * signed out 去登录), and an empty state that says what to do next. Otherwise the children.
 * Give `error` the caught error itself (not its messageOf text) so its code is known; null when none.
 */
export function PageState(props: {
  loading: boolean;
  /** the load's caught error (null / undefined when none); a plain string is shown as it is, with 重试 */
  error: unknown;
  onRetry: () => unknown;
  empty?: boolean;
  emptyText?: string;
  emptyHint?: string;
  emptyAction?: { label: string; onTap: () => unknown };
  rows?: number;
  children?: ReactNode;
}) {
  return (
    <SharedPageState
      loading={props.loading}
      error={props.error ?? ''}
      onRetry={() => void props.onRetry()}
      isEmpty={props.empty}
      empty={{
        title: props.emptyText ?? '暂无内容',
        description: props.emptyHint,
        action: props.emptyAction ? { text: props.emptyAction.label, onTap: () => void props.emptyAction!.onTap() } : undefined,
      }}
      rows={props.rows}
    >
      {props.children}
    </SharedPageState>
  );
}

/** Tabs that are tabs to a screen reader and a keyboard (role=tablist / tab, aria-selected), at least 44 px tall. */
export function TabBar<K extends string>(props: {
  items: ReadonlyArray<{ key: K; label: string; count?: number | string }>;
  value: K;
  onChange: (k: K) => void;
  id?: string;
}) {
  return (
    <View className='adm-tabs' id={props.id} {...groupProps('tablist')}>
      {props.items.map((t) => (
        <View
          key={t.key}
          className={`adm-tab tab ${props.value === t.key ? 'on' : ''}`}
          {...controlProps({ role: 'tab', selected: props.value === t.key, onActivate: () => props.onChange(t.key) })}
          onClick={() => props.onChange(t.key)}
        >
          {t.count !== undefined && <Text className='tab-count'>{t.count}</Text>}
          <Text>{t.label}</Text>
        </View>
      ))}
    </View>
  );
}

/** A one-line input named by its visible label (aria-label on the inner input; `id` for tests and errors). */
export function LabelledInput(props: {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  error?: string;
  placeholder?: string;
  type?: InputProps['type'];
  hint?: string;
}) {
  return (
    <View className='field'>
      <Text className='field-label'>{props.label}</Text>
      <Input
        className={`field-input ${props.error ? 'field-input-error' : ''}`}
        id={props.id}
        type={props.type}
        placeholder={props.placeholder}
        value={props.value}
        ariaLabel={props.label}
        nativeProps={{ 'aria-label': props.label, 'aria-invalid': props.error ? 'true' : 'false' }}
        onInput={(e) => props.onInput(e.detail.value)}
      />
      {props.hint && <Text className='muted field-hint'>{props.hint}</Text>}
      {props.error ? <Text className='field-error'>{props.error}</Text> : null}
    </View>
  );
}

/** A multi-line input named by its visible label. */
export function LabelledTextarea(props: {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  error?: string | null;
  placeholder?: string;
  height?: number;
  hideLabel?: boolean;
}) {
  return (
    <View className='field'>
      {!props.hideLabel && <Text className='field-label'>{props.label}</Text>}
      <Textarea
        className={`field-input ${props.error ? 'field-input-error' : ''}`}
        id={props.id}
        style={{ height: `${props.height ?? 72}px`, padding: '8px 10px' }}
        placeholder={props.placeholder}
        value={props.value}
        nativeProps={{ 'aria-label': props.label, 'aria-invalid': props.error ? 'true' : 'false' }}
        onInput={(e) => props.onInput(e.detail.value)}
      />
      {props.error ? <Text className='field-error'>{props.error}</Text> : null}
    </View>
  );
}

/**
 * A one-of-many choice from a list (an org): on H5 the browser's <select>, on weapp a row that is a
 * control opening NutUI's touch Picker (pick.tsx / pick.weapp.tsx say why).
 */
export function PickRow(props: { id: string; title: string; options: string[]; index: number; onPick: (index: number) => void; className?: string }) {
  return <ChoosePick {...props} />;
}
