/**
 * Tappable: anything a worker taps that is not a NutUI Button (home tiles, list cards, search results,
 * the persona switcher, inline links) as a real control: a role (button by default, or link), focus
 * (tabIndex 0), a name (its text, or `label`), Enter/Space activate it, and at least 44 px tall
 * (`inline` links: 24 px, they sit in a line of text). See a11y.ts for how this reaches H5 and weapp.
 *
 *   <Tappable className='card' onTap={() => go(url)}>…</Tappable>
 *   <Tappable inline role='link' onTap={…}>查看<LinkArrow /></Tappable>
 *   <Tappable label='切换到 李娜（会员）' onTap={…}>…</Tappable>
 *
 * Also here: LinkArrow (NutUI's small ArrowRight after a link's text, hidden from screen readers: the text
 * names the link), Heading (a page or section title as a heading), PageTitle (the page's h1 on H5), Choice (是/否 and other one-of choices,
 * a radio group) and CheckRow (a checkbox with a visible on/off box, e.g. consent).
 */
import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { ArrowRight, CheckNormal, Checked } from '@nutui/icons-react-taro';
import { controlProps, groupProps, headingProps, hiddenProps, type ControlRole } from './a11y';

interface TappableProps {
  onTap: () => void;
  children: ReactNode;
  role?: Extract<ControlRole, 'button' | 'link' | 'tab' | 'option'>;
  label?: string;
  className?: string;
  id?: string;
  inline?: boolean;
  disabled?: boolean;
  selected?: boolean;
  style?: Record<string, string | number>;
}

export function Tappable({ onTap, children, role = 'button', label, className = '', id, inline, disabled, selected, style }: TappableProps) {
  const a11y = controlProps({ role, label, onActivate: onTap, disabled, selected });
  const cls = `${inline ? 'tappable-inline' : 'tappable'} ${disabled ? 'is-disabled' : ''} ${className}`.trim();
  const tap = () => {
    if (!disabled) onTap();
  };
  return inline ? (
    <Text {...a11y} id={id} className={cls} style={style} onClick={tap}>
      {children}
    </Text>
  ) : (
    <View {...a11y} id={id} className={cls} style={style} onClick={tap}>
      {children}
    </View>
  );
}

/** The arrow after a link's text (我的报名, 进入): NutUI's ArrowRight, small, in the text's colour; not read out (the text names the link). */
export function LinkArrow() {
  return (
    <Text {...hiddenProps()} className='link-arrow'>
      <ArrowRight size={12} />
    </Text>
  );
}

/** A page title (level 1) or a section title (2, 3): announced as a heading. */
export function Heading({ children, level = 1, className, id }: { children: ReactNode; level?: 1 | 2 | 3; className?: string; id?: string }) {
  return (
    <Text {...headingProps(level)} id={id} className={className ?? (level === 1 ? 'page-title' : 'card-title')}>
      {children}
    </Text>
  );
}

/**
 * The page's title as its level-1 heading, with a back control above it, on H5 (the browser shows no
 * title bar); nothing on weapp, whose native navigation bar has both. See src/platform/PageTitle.tsx.
 */
export { PageTitle } from '../platform/PageTitle';

/**
 * One of a few options (是/否, a kind): a radio group; the chosen one shows as chosen in colour and
 * with a tick, not by colour alone. `id` goes to the group (tests, error mapping), `${id}-${key}` to each option.
 */
export function Choice<K extends string | boolean>({
  id,
  label,
  options,
  value,
  onChange,
  invalid,
}: {
  id: string;
  label: string;
  options: ReadonlyArray<readonly [K, string]>;
  value: K | null;
  onChange: (k: K) => void;
  invalid?: boolean;
}) {
  return (
    <View id={id} className='choice-group' {...groupProps('radiogroup', { label })}>
      {options.map(([k, text]) => {
        const on = value === k;
        return (
          <View
            key={String(k)}
            id={`${id}-${String(k)}`}
            className={`choice ${on ? 'on' : ''} ${invalid ? 'invalid' : ''}`}
            {...controlProps({ role: 'radio', checked: on, onActivate: () => onChange(k) })}
            onClick={() => onChange(k)}
          >
            {on ? <Checked size={16} /> : <CheckNormal size={16} />}
            <Text>{text}</Text>
          </View>
        );
      })}
    </View>
  );
}

/** A checkbox row (consent and the like): the box shows on/off, the whole row toggles it. */
export function CheckRow({
  id,
  checked,
  onChange,
  children,
  invalid,
}: {
  id?: string;
  checked: boolean;
  onChange: (on: boolean) => void;
  children: ReactNode;
  invalid?: boolean;
}) {
  const toggle = () => onChange(!checked);
  return (
    <View
      id={id}
      className={`check-row ${checked ? 'on' : ''} ${invalid ? 'invalid' : ''}`}
      {...controlProps({ role: 'checkbox', checked, onActivate: toggle })}
      onClick={toggle}
    >
      <View className='check-box'>{checked ? <Checked size={20} /> : <CheckNormal size={20} />}</View>
      <View className='check-text'>{children}</View>
    </View>
  );
}
