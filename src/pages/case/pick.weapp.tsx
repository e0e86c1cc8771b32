/**
 * weapp (see pick.tsx for H5): WeChat's own date picker (Taro's Picker mode='date', a native sheet:
 * nothing of NutUI's DatePicker in the package) behind a row that is a control and says its value.
 */
import { Picker, Text, View } from '@tarojs/components';
import { controlProps } from '../../components/a11y';
import { dateWords, type DateFieldProps } from './dates';

export function DateField(props: DateFieldProps) {
  const shown = dateWords(props.value) || '请选择日期';
  return (
    <Picker mode='date' value={props.value || props.from} start={props.from} end={props.to} onChange={(e) => props.onChange(String(e.detail.value))}>
      <View
        id={props.id}
        {...controlProps({ role: 'button', label: `${props.label}：${shown}，点击选择` })}
        className={`field-input case-date-row ${props.invalid ? 'invalid' : ''}`}
      >
        <Text>{shown}</Text>
        <Text className='muted'>选择</Text>
      </View>
    </Picker>
  );
}
