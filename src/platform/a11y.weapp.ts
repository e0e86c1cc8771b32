/** WeChat's accessibility props (aria-component): `ariaRole` / `ariaLabel`…; see a11y.ts for the interface. */
import type * as A11y from './a11y';
import type { ControlOptions } from './a11y';

type Props = Record<string, unknown>;

const defined = (o: Props): Props => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

const ariaState = (role: ControlOptions['role'], checked?: boolean, selected?: boolean) => ({
  checked: role === 'checkbox' || role === 'radio' || role === 'switch' ? String(Boolean(checked)) : undefined,
  selected: role === 'tab' || role === 'option' ? String(Boolean(selected)) : undefined,
});

export function controlProps({ role, label, checked, selected, disabled, needsRole = true }: ControlOptions): Props {
  const state = ariaState(role, checked, selected);
  return defined({
    ariaRole: needsRole ? role : undefined,
    ariaLabel: label,
    ariaChecked: state.checked,
    ariaSelected: state.selected,
    ariaDisabled: disabled ? 'true' : undefined,
  });
}

export const buttonNeedsRole: typeof A11y.buttonNeedsRole = false;

export const switchProps: typeof A11y.switchProps = () => ({});

export const groupProps: typeof A11y.groupProps = () => ({});

export const headingProps: typeof A11y.headingProps = () => ({ ariaRole: 'heading' });

export const inputProps: typeof A11y.inputProps = (_id, label, error) => ({ ariaLabel: error ? `${label}，${error}` : label });

export const inputNameProps: typeof A11y.inputNameProps = (name) => ({ ariaLabel: name });

export const imageProps: typeof A11y.imageProps = (label) => ({ ariaRole: 'img', ariaLabel: label });

export const imageAlt: typeof A11y.imageAlt = (label) => ({ ariaLabel: label });

export const hiddenProps: typeof A11y.hiddenProps = () => ({ ariaHidden: true });

export const liveProps: typeof A11y.liveProps = () => ({});

export const focusSoon: typeof A11y.focusSoon = () => undefined;
