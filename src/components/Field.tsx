import type { ReactNode } from 'react';
import { Input, Text, View } from '@tarojs/components';
import type { InputProps } from '@tarojs/components';

/** A form row: its label, what is entered, and the server's Chinese message for it, right below. */
export function Field({ label, error, children }: { label?: string; error?: string; children: ReactNode }) {
  return (
    <View className='field'>
      {label && <Text className='field-label'>{label}</Text>}
      {children}
      {error ? <Text className='field-error'>{error}</Text> : null}
    </View>
  );
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
    <Field label={props.label} error={props.error}>
      <Input
        className='field-input'
        id={props.id}
        type={props.type}
        maxlength={props.maxlength}
        placeholder={props.placeholder}
        value={props.value}
        onInput={props.onInput}
      />
    </Field>
  );
}
