import type { ReactNode } from 'react';
import { Input, Text, View } from '@tarojs/components';
import type { InputProps } from '@tarojs/components';
import { inputProps } from './a11y';

/**
 * Form rows whose visible label names the input: a screen reader says 姓名, not the placeholder.
 *
 *   <TextField id='name' label='姓名' value={name} onInput={…} error={errors.name} />
 *   <Field id='phone' label='手机号' error={…}><Input id='phone' {...inputA11y('phone', '手机号', errors.phone)} … /></Field>
 *
 * With `id`, the label is `${id}-label` and the message `${id}-error`; `inputA11y` ties an Input or
 * Textarea to them (H5: aria-labelledby / aria-describedby / aria-invalid on the inner <input>, through
 * Taro's nativeProps; weapp: ariaLabel). An input with an error shows it (the red border, `invalid`).
 */
export function Field({ id, label, error, children }: { id?: string; label?: string; error?: string; children: ReactNode }) {
  return (
    <View className={`field ${error ? 'has-error' : ''}`}>
      {label && (
        <Text className='field-label' id={id ? `${id}-label` : undefined}>
          {label}
        </Text>
      )}
      {children}
      {error ? (
        <Text className='field-error' id={id ? `${id}-error` : undefined}>
          {error}
        </Text>
      ) : null}
    </View>
  );
}

/** props for an Input / Textarea inside `<Field id={id} label={label}>`: named by the label, described by the error */
export function inputA11y(id: string, label: string, error?: string): Record<string, unknown> {
  return inputProps(id, label, error);
}

/** A labelled one-line text input (`id` is what tests and the error mapping use). */
export function TextField(props: {
  id: string;
  label: string;
  value: string;
  onInput: (e: { detail: { value: string } }) => void;
  error?: string;
  placeholder?: string;
  type?: InputProps['type'];
  maxlength?: number;
}) {
  return (
    <Field id={props.id} label={props.label} error={props.error}>
      <Input
        className={`field-input ${props.error ? 'invalid' : ''}`}
        id={props.id}
        type={props.type}
        maxlength={props.maxlength}
        placeholder={props.placeholder}
        value={props.value}
        onInput={props.onInput}
        {...inputA11y(props.id, props.label, props.error)}
      />
    </Field>
  );
}
