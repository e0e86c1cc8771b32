/**
 * Choosing from a list (an org) and choosing a date and time, on H5 (this file) and on weapp
 * (pick.weapp.tsx, Taro's multi-platform files: an import of './pick' resolves to that one there).
 *
 * H5: the browser's own <select> and <input type="datetime-local">. NutUI's Picker and DatePicker
 * (3.0.20) turn their wheels by touch only and draw 确认 / 取消 as Views with no role or focus, so a
 * keyboard, a screen reader or a desktop mouse could not change a time or pick an org. The native
 * controls are reachable with Tab, named by the field's visible label, operable by keyboard and mouse,
 * and on a phone's browser they open the system's own wheel. weapp keeps NutUI's touch pickers.
 *
 * Times are 'YYYY-MM-DD HH:mm' Shanghai wall time (components/format.ts); the browser page runs with
 * that wall time in the input (datetime-local has no zone), so the digits go in and out unchanged.
 */
import type { ChangeEvent } from 'react';
import { Text } from '@tarojs/components';
import { dateWords } from './dateWords';

export interface ChoosePickProps {
  id: string;
  /** what is chosen (选择上级组织): the control's name */
  title: string;
  options: string[];
  index: number;
  onPick: (index: number) => void;
  className?: string;
}

/** One of a list: a native <select>. */
export function ChoosePick(props: ChoosePickProps) {
  return (
    <select
      id={props.id}
      className={`picker-row picker-native ${props.className ?? ''}`}
      aria-label={props.title}
      value={String(props.index)}
      onChange={(e: ChangeEvent<HTMLSelectElement>) => props.onPick(Number(e.target.value))}
    >
      {props.options.map((label, i) => (
        <option key={i} value={String(i)}>
          {label}
        </option>
      ))}
    </select>
  );
}

export interface TimePickProps {
  id: string;
  /** the field's visible label: the control's name */
  label: string;
  /** 'YYYY-MM-DD HH:mm', or '' (not chosen) */
  value: string;
  /** how the value reads (2026年12月8日 周二 14:00), or 请选择 (weapp's row) */
  shown: string;
  /** the earliest and latest time offered, 'YYYY-MM-DD HH:mm' */
  from: string;
  to: string;
  /** the time that a wheel opens on when there is no value */
  initial: string;
  invalid?: boolean;
  onChange: (text: string) => void;
}

const local = (text: string) => text.replace(' ', 'T');

/**
 * A date and time: a native datetime-local input (cleared: ''), and under it the time in Chinese words
 * with its weekday (the input's own format follows the browser's language, which may not be Chinese).
 */
export function TimePick(props: TimePickProps) {
  return (
    <>
      <input
        id={props.id}
        type='datetime-local'
        className={`picker-row picker-native ${props.invalid ? 'field-input-error' : ''}`}
        aria-label={props.label}
        aria-invalid={props.invalid ? 'true' : 'false'}
        min={local(props.from)}
        max={local(props.to)}
        value={local(props.value)}
        onChange={(e: ChangeEvent<HTMLInputElement>) => props.onChange(e.target.value.replace('T', ' '))}
        aria-describedby={props.value ? `${props.id}-words` : undefined}
      />
      {props.value && (
        <Text id={`${props.id}-words`} className='muted field-hint'>
          {props.shown}
        </Text>
      )}
    </>
  );
}

export interface DatePickProps {
  id: string;
  /** the field's visible label: the control's name */
  label: string;
  /** 'YYYY-MM-DD' (a Shanghai calendar date), or '' (not chosen) */
  value: string;
  /** the earliest and latest date offered, 'YYYY-MM-DD' */
  from: string;
  to: string;
  invalid?: boolean;
  onChange: (date: string) => void;
}

/**
 * A calendar date (a campaign stage's open or close date): a native date input (cleared: ''), and
 * under it the date in Chinese words with its weekday (the input's own format follows the browser's
 * language, which may not be Chinese).
 */
export function DatePick(props: DatePickProps) {
  return (
    <>
      <input
        id={props.id}
        type='date'
        className={`picker-row picker-native ${props.invalid ? 'field-input-error' : ''}`}
        aria-label={props.label}
        aria-invalid={props.invalid ? 'true' : 'false'}
        min={props.from}
        max={props.to}
        value={props.value}
        onChange={(e: ChangeEvent<HTMLInputElement>) => props.onChange(e.target.value)}
        aria-describedby={props.value ? `${props.id}-words` : undefined}
      />
      {props.value && (
        <Text id={`${props.id}-words`} className='muted field-hint'>
          {dateWords(props.value)}
        </Text>
      )}
    </>
  );
}
