/**
 * What makes a Taro View a real control, per platform (the props Tappable, Button, Heading, Field… spread).
 * This file is the H5 implementation and the interface; a11y.weapp.ts is WeChat's.
 *
 * H5: Taro 4 renders View/Text/Button as custom elements (taro-view-core, taro-button-core: no native
 * <button> inside). Its React wrapper (@tarojs/components/lib/react reactify-wc) sets `aria-*` and
 * `data-*` props as attributes, any other string/number prop (`role`, `tabIndex`) as attribute and
 * property, and `onXxx` functions as DOM listeners; so `role`, `tabIndex`, `aria-*` and `onKeyDown`
 * reach the browser as written. Undefined values would become the text "undefined", so they are left out.
 * An Input's own <input> takes its attributes through Taro's `nativeProps`.
 * weapp (a11y.weapp.ts): WeChat's view/text take `aria-role` / `aria-label` / `aria-checked`…
 * (aria-component, base library 2.7.1); Taro names them `ariaRole` / `ariaLabel`. Taro's weapp base
 * template emits only the attributes it knows, so src/components/weapp-aria.json is merged into its
 * component list on both sides: the template at build time (config/weapp-template.ts) and the runtime's
 * list at launch (src/platform/boot.weapp.ts).
 */

export type ControlRole = 'button' | 'link' | 'tab' | 'checkbox' | 'radio' | 'switch' | 'option';

export interface ControlOptions {
  role: ControlRole;
  /** the accessible name, when the visible text alone does not say it */
  label?: string;
  /** what Enter / Space do (H5; a tap is the element's own onClick) */
  onActivate?: () => void;
  /** checkbox / radio / switch state */
  checked?: boolean;
  /** tab / option state */
  selected?: boolean;
  disabled?: boolean;
  /** false: the element is already a native control on this platform (a weapp <button>) */
  needsRole?: boolean;
}

/** the roles of a container of controls: a row of tabs, a one-of choice, a list of results */
export type GroupRole = 'tablist' | 'radiogroup' | 'group';

export interface GroupOptions {
  /** the group's name (a radiogroup's question, a results list's title) */
  label?: string;
  /** the group itself takes focus (a scrolling list a keyboard should reach) */
  focusable?: boolean;
}

type Props = Record<string, unknown>;

const defined = (o: Props): Props => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

const ariaState = (role: ControlRole, checked?: boolean, selected?: boolean) => ({
  checked: role === 'checkbox' || role === 'radio' || role === 'switch' ? String(Boolean(checked)) : undefined,
  selected: role === 'tab' || role === 'option' ? String(Boolean(selected)) : undefined,
});

/** props that make an element a focusable, named, keyboard-operable control */
export function controlProps({ role, label, onActivate, checked, selected, disabled }: ControlOptions): Props {
  const state = ariaState(role, checked, selected);
  return defined({
    role,
    tabIndex: disabled ? -1 : 0,
    'aria-label': label,
    'aria-checked': state.checked,
    'aria-selected': state.selected,
    'aria-disabled': disabled ? 'true' : 'false',
    onKeyDown: (e: { key?: string; preventDefault?: () => void; stopPropagation?: () => void }) => {
      if (e.key !== 'Enter' && e.key !== ' ') return;
      e.preventDefault?.();
      e.stopPropagation?.();
      if (!disabled) onActivate?.();
    },
  });
}

/** whether NutUI's Button needs the button role added (H5: taro-button-core is no native button; weapp: it is one) */
export const buttonNeedsRole: boolean = true;

/**
 * props for NutUI's Switch: NutUI hands Taro's View WeChat's `ariaRole` / `ariaChecked` / `ariaDisabled` /
 * `ariaLabel`; on H5 those become stray attributes (axe: aria-allowed-attr / aria-valid-attr), so they are
 * cleared (null removes them) and the switch gets role switch, aria-checked, its name, focus and Enter/Space.
 * weapp: nothing, NutUI's own attributes are WeChat's.
 */
export function switchProps(o: Omit<ControlOptions, 'role'>): Props {
  return { ariaRole: null, ariaChecked: null, ariaDisabled: null, ariaLabel: null, ...controlProps({ ...o, role: 'switch' }) };
}

/** props for a container of controls (tabs' tablist, Choice's radiogroup, a results group); weapp: none */
export function groupProps(role: GroupRole, { label, focusable }: GroupOptions = {}): Props {
  return defined({ role, 'aria-label': label, tabIndex: focusable ? 0 : undefined });
}

/** props for a page or section title: a heading of that level to a screen reader */
export function headingProps(level: 1 | 2 | 3 = 1): Props {
  return { role: 'heading', 'aria-level': String(level) };
}

/** props for an Input / Textarea inside `<Field id={id} label={label}>`: named by the label, described by the error */
export function inputProps(id: string, label: string, error?: string): Props {
  return {
    nativeProps: {
      'aria-labelledby': `${id}-label`,
      'aria-invalid': error ? 'true' : 'false',
      ...(error ? { 'aria-describedby': `${id}-error` } : {}),
    },
  };
}

/** props for an Input with no visible label: its placeholder is its name */
export function inputNameProps(name: string): Props {
  return { nativeProps: { 'aria-label': name } };
}

/** props for a picture that carries meaning (the member-card QR): an image with that description */
export function imageProps(label: string): Props {
  return { role: 'img', 'aria-label': label };
}

/** props for a Taro Image that carries meaning: its text alternative (H5: alt on the inner <img>; weapp: aria-label) */
export function imageAlt(label: string): Props {
  return { nativeProps: { alt: label } };
}

/** props for a decoration beside text that already says it (a link's arrow): hidden from screen readers */
export function hiddenProps(): Props {
  return { 'aria-hidden': 'true' };
}

/** props for a region whose text changes (a result, a countdown): read out politely when it does */
export function liveProps(): Props {
  return { role: 'status', 'aria-live': 'polite' };
}

/** move focus to the element with this id once it is drawn (a dialog's safe choice); weapp: nothing */
export function focusSoon(id: string, delayMs = 50): void {
  if (typeof document === 'undefined') return;
  setTimeout(() => (document.getElementById(id) as HTMLElement | null)?.focus(), delayMs);
}
