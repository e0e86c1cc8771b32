/**
 * A search input: NutUI's SearchBar (its search icon and clear cross), named for a screen reader and
 * styled like the app's other inputs (44 px tall, grey border, red when invalid), by SearchBox.scss, not
 * NutUI's sheet. Used where a worker or an officer searches: the employer on the join form,
 * EnterprisePicker, the person to grant a role to.
 *
 *   <Field id='enterprise' label='工作单位' error={e}>
 *     <SearchBox id='enterprise' value={q} onChange={setQ} placeholder='输入单位名称搜索' a11y={inputA11y('enterprise', '工作单位', e)} invalid={!!e} />
 *   </Field>
 *
 * NutUI spreads `inputProps` last onto its Taro Input, so `id` and the accessibility props reach the input
 * itself: on H5 Taro's `nativeProps` put aria-labelledby / aria-label / aria-invalid on the inner <input>,
 * on weapp `ariaLabel` (src/platform/a11y*.ts). `confirmType: 'search'` gives the keyboard a 搜索 key
 * (and on H5 an <input type="search">, a searchbox; the browser's own clear cross is hidden, NutUI's is shown).
 * The search itself (debounce, results) stays with the caller: onChange on every keystroke, onSearch on the key.
 */
import type { ReactNode } from 'react';
import { SearchBar } from '@nutui/nutui-react-taro';
import './SearchBox.scss'; // in place of NutUI's searchbar sheet (why: there)

interface Props {
  /** the input's id (tests, and the `${id}-label` of a surrounding Field) */
  id: string;
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  /** how the input is named: `inputA11y(id, label, error)` inside a labelled Field, else `inputNameProps(name)` */
  a11y: Record<string, unknown>;
  /** the keyboard's search key (Enter on H5) */
  onSearch?: () => void;
  invalid?: boolean;
  /** beside the box, e.g. a 查找 button */
  right?: ReactNode;
  maxLength?: number;
}

export function SearchBox({ id, value, onChange, placeholder, a11y, onSearch, invalid, right, maxLength }: Props) {
  return (
    <SearchBar
      className={`search-box ${invalid ? 'invalid' : ''}`}
      value={value}
      placeholder={placeholder}
      maxLength={maxLength}
      onChange={(v) => onChange(v ?? '')}
      onSearch={() => onSearch?.()}
      right={right}
      inputProps={{ id, confirmType: 'search', ...a11y }}
    />
  );
}
