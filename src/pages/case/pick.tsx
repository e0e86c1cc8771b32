/**
 * A calendar date for the legal-aid key date (立案、开庭或时效届满的日期), on H5 (this file) and weapp
 * (pick.weapp.tsx, Taro's multi-platform files). H5: the browser's own date input, reachable by
 * keyboard and named by the field's label, with the date in Chinese words under it (the input's own
 * format follows the browser's language). Kept here rather than importing src/admin/pick.tsx, which
 * would share a module between two subpackages and so move it into the main package.
 */
import type { ChangeEvent } from 'react';
import { Text } from '@tarojs/components';
import { dateWords, type DateFieldProps } from './dates';

export function DateField(props: DateFieldProps) {
  return (
    <>
      <input
        id={props.id}
        type='date'
        className={`field-input case-date ${props.invalid ? 'invalid' : ''}`}
        aria-labelledby={`${props.id}-label`}
        aria-invalid={props.invalid ? 'true' : 'false'}
        aria-describedby={props.invalid ? `${props.id}-error` : props.value ? `${props.id}-words` : undefined}
        min={props.from}
        max={props.to}
        value={props.value}
        onChange={(e: ChangeEvent<HTMLInputElement>) => props.onChange(e.target.value)}
      />
      {props.value && (
        <Text id={`${props.id}-words`} className='muted case-hint'>
          {dateWords(props.value)}
        </Text>
      )}
    </>
  );
}
