/**
 * NutUI's Switch as a real switch on H5 too. NutUI hands Taro's View `ariaRole` / `ariaChecked` /
 * `ariaDisabled` / `ariaLabel`, WeChat's names (a11y.ts): on H5 they become the attributes `ariarole`,
 * `ariachecked`… and, through the DOM's ARIA reflection, an `aria-checked` on an element with no role
 * (axe: aria-allowed-attr / aria-valid-attr, critical). Here those four are cleared on H5 (null removes
 * them) and the switch gets role switch, aria-checked, its name, focus and Enter/Space (switchProps,
 * src/platform/a11y.ts).
 * On weapp NutUI's own attributes are WeChat's and stay. Same props as NutUI's (use it controlled,
 * with `checked`); import it from '../components/nut'.
 */
import type { ComponentProps } from 'react';
import { Switch as NutSwitch } from '@nutui/nutui-react-taro';
import { switchProps } from './a11y';

type Props = Partial<ComponentProps<typeof NutSwitch>>;

export function Switch(props: Props) {
  const on = Boolean(props.checked ?? props.defaultChecked);
  const a11y = switchProps({ label: props.ariaLabel, checked: on, disabled: props.disabled, onActivate: () => props.onChange?.(!on) });
  return <NutSwitch {...props} {...a11y} />;
}
