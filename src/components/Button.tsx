/**
 * NutUI's Button as a real button on H5 too. NutUI renders Taro's Button, which on H5 is the custom
 * element taro-button-core with no native <button> inside: no role, no focus, no keyboard. This adds
 * role button, tabIndex, aria-disabled and Enter/Space (a11y.ts); on weapp it is WeChat's native
 * button already, so only `label` (the accessible name, when the text alone does not say it) is added.
 * Import it as before: `import { Button } from '../components/nut'`; the props are NutUI's, plus `label`.
 * Primary / default buttons are 44 px tall (app.scss sets --nutui-button-default-height).
 */
import { forwardRef, type ComponentProps, type MouseEvent } from 'react';
import { Button as NutButton } from '@nutui/nutui-react-taro';
import { buttonNeedsRole, controlProps } from './a11y';

type Props = ComponentProps<typeof NutButton> & { label?: string };

export const Button = forwardRef<HTMLButtonElement, Props>(function Button({ label, ...props }, ref) {
  const off = Boolean(props.disabled || props.loading);
  const a11y = controlProps({
    role: 'button',
    label,
    disabled: off,
    needsRole: buttonNeedsRole,
    onActivate: () => props.onClick?.({} as MouseEvent<HTMLButtonElement>),
  });
  return <NutButton ref={ref} {...a11y} {...props} />;
});
