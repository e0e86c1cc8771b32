/**
 * weapp (see pick.tsx for H5 and why): a row that is a control (aria-role button, its value in words)
 * opening NutUI's touch Picker / DatePicker. Same interface as pick.tsx.
 */
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { controlProps } from '../components/a11y';
import { DatePicker, Picker } from './nut';
import type { ChoosePickProps, DatePickProps, TimePickProps } from './pick';
import { dateWords } from './dateWords';

function Row(props: { id: string; className?: string; label: string; shown: string; onOpen: () => void }) {
  return (
    <View {...controlProps({ role: 'button', label: props.label })} id={props.id} className={`tap picker-row ${props.className ?? ''}`} onClick={props.onOpen}>
      <Text>{props.shown}</Text>
      <Text className='picker-row-hint'>选择</Text>
    </View>
  );
}

export function ChoosePick(props: ChoosePickProps) {
  const [open, setOpen] = useState(false);
  const shown = props.options[props.index] ?? '';
  return (
    <>
      <Row id={props.id} className={props.className} label={`${props.title}：${shown}，点击选择`} shown={shown} onOpen={() => setOpen(true)} />
      <Picker
        visible={open}
        title={props.title}
        options={[props.options.map((label, value) => ({ label, value }))]}
        value={[props.index]}
        onConfirm={(_, v) => props.onPick(Number(v[0]))}
        onClose={() => setOpen(false)}
      />
    </>
  );
}

// NutUI's DatePicker reads a Date's local fields, so it gets a Date whose local fields are the
// Shanghai wall time (the text's digits), and what it returns is read back the same way.
const pad = (n: number) => String(n).padStart(2, '0');
/** 'YYYY-MM-DD HH:mm' (Shanghai) → a Date whose local fields show that wall time */
const wallDate = (text: string) => {
  const [y, mo, d, h, mi] = (text.match(/\d+/g) ?? []).map(Number);
  return new Date(y, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0);
};
/** a picked Date (local fields = Shanghai wall time) → 'YYYY-MM-DD HH:mm' */
const wallText = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
const UNIT: Record<string, string> = { year: '年', month: '月', day: '日', hour: '时', minute: '分' };

export function TimePick(props: TimePickProps) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Row
        id={props.id}
        className={props.invalid ? 'field-input-error' : ''}
        label={`${props.label}：${props.shown}，点击选择`}
        shown={props.shown}
        onOpen={() => setOpen(true)}
      />
      <DatePicker
        title={props.label}
        type='datetime'
        visible={open}
        value={wallDate(props.value || props.initial)}
        startDate={wallDate(props.from)}
        endDate={wallDate(props.to)}
        minuteStep={5}
        threeDimensional={false}
        formatter={(type, option) => ({ ...option, label: `${option.label}${UNIT[type] ?? ''}` })}
        onClose={() => setOpen(false)}
        onConfirm={(_, values) => {
          const [y, mo, d, h, mi] = values.map(Number);
          props.onChange(wallText(new Date(y, mo - 1, d, h, mi)));
        }}
      />
    </>
  );
}

export function DatePick(props: DatePickProps) {
  const [open, setOpen] = useState(false);
  const shown = dateWords(props.value) || '请选择';
  return (
    <>
      <Row
        id={props.id}
        className={props.invalid ? 'field-input-error' : ''}
        label={`${props.label}：${shown}，点击选择`}
        shown={shown}
        onOpen={() => setOpen(true)}
      />
      <DatePicker
        title={props.label}
        type='date'
        visible={open}
        value={wallDate(props.value || props.from)}
        startDate={wallDate(props.from)}
        endDate={wallDate(props.to)}
        threeDimensional={false}
        formatter={(type, option) => ({ ...option, label: `${option.label}${UNIT[type] ?? ''}` })}
        onClose={() => setOpen(false)}
        onConfirm={(_, values) => {
          const [y, mo, d] = values.map(Number);
          props.onChange(`${y}-${pad(mo)}-${pad(d)}`);
        }}
      />
    </>
  );
}
