/**
 * What makes a Taro View a real control, per platform (the props Tappable, Button and Heading spread).
 *
 * H5: Taro 4 renders View/Text/Button as custom elements (taro-view-core, taro-button-core: no native
 * <button> inside). Its React wrapper (@tarojs/components/lib/react reactify-wc) sets `aria-*` and
 * `data-*` props as attributes, any other string/number prop (`role`, `tabIndex`) as attribute and
 * property, and `onXxx` functions as DOM listeners; so `role`, `tabIndex`, `aria-*` and `onKeyDown`
 * reach the browser as written. Undefined values would become the text "undefined", so they are left out.
 * weapp: WeChat's view/text take `aria-role` / `aria-label` / `aria-checked`… (aria-component, base
 * library 2.7.1); Taro names them `ariaRole` / `ariaLabel`. Taro's weapp base template emits only the
 * attributes it knows, so WEAPP_ARIA_COMPONENTS below is merged into its component list on both sides:
 * the template at build time (config/weapp-template.ts reads weapp-aria.json: base.wxml's view, text,
 * image and button then carry `aria-role="{{i.pN}}"` …) and the runtime's list in src/app.tsx (Taro shortens attribute names by
 * their sorted index, so the two lists must be the same, as @tarojs/plugin-inject does it).
 */
import weappAria from './weapp-aria.json';

const H5 = process.env.TARO_ENV === 'h5';

/**
 * the aria-* attributes these props produce on weapp, per Taro component ('' = no default value); JSON,
 * because the build's plugin reads it too (Taro loads config/ plugins with only config/ transpiled)
 */
export const WEAPP_ARIA_COMPONENTS: Record<string, Record<string, string>> = weappAria;

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

const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** props that make an element a focusable, named, keyboard-operable control */
export function controlProps({ role, label, onActivate, checked, selected, disabled, needsRole = true }: ControlOptions): Record<string, unknown> {
  const state = role === 'checkbox' || role === 'radio' || role === 'switch' ? String(Boolean(checked)) : undefined;
  const sel = role === 'tab' || role === 'option' ? String(Boolean(selected)) : undefined;
  if (!H5) {
    return defined({
      ariaRole: needsRole ? role : undefined,
      ariaLabel: label,
      ariaChecked: state,
      ariaSelected: sel,
      ariaDisabled: disabled ? 'true' : undefined,
    });
  }
  return defined({
    role,
    tabIndex: disabled ? -1 : 0,
    'aria-label': label,
    'aria-checked': state,
    'aria-selected': sel,
    'aria-disabled': disabled ? 'true' : 'false',
    onKeyDown: (e: { key?: string; preventDefault?: () => void; stopPropagation?: () => void }) => {
      if (e.key !== 'Enter' && e.key !== ' ') return;
      e.preventDefault?.();
      e.stopPropagation?.();
      if (!disabled) onActivate?.();
    },
  });
}

/** props for a page or section title: a heading of that level to a screen reader */
export function headingProps(level: 1 | 2 | 3 = 1): Record<string, unknown> {
  return H5 ? { role: 'heading', 'aria-level': String(level) } : { ariaRole: 'heading' };
}

/** props for a picture that carries meaning (the member-card QR): an image with that description */
export function imageProps(label: string): Record<string, unknown> {
  return H5 ? { role: 'img', 'aria-label': label } : { ariaRole: 'img', ariaLabel: label };
}

/** props for a Taro Image that carries meaning: its text alternative (H5: alt on the inner <img>; weapp: aria-label) */
export function imageAlt(label: string): Record<string, unknown> {
  return H5 ? { nativeProps: { alt: label } } : { ariaLabel: label };
}

/** props for a decoration beside text that already says it (a link's arrow): hidden from screen readers */
export function hiddenProps(): Record<string, unknown> {
  return H5 ? { 'aria-hidden': 'true' } : { ariaHidden: true };
}

/** props for a region whose text changes (a result, a countdown): read out politely when it does */
export function liveProps(): Record<string, unknown> {
  return H5 ? { role: 'status', 'aria-live': 'polite' } : {};
}
