import { View } from '@tarojs/components';
import { Tappable } from './Tappable';
import { groupProps } from './a11y';

/** A row of tabs (role tablist / tab, the chosen one aria-selected and in the union red, underlined). */
export function Tabs<K>({ items, value, onChange }: { items: ReadonlyArray<readonly [K, string]>; value: K; onChange: (k: K) => void }) {
  return (
    <View className='tabs-bar' {...groupProps('tablist')}>
      {items.map(([k, label]) => (
        <Tappable key={label} role='tab' selected={value === k} className={`tabs-bar-tab ${value === k ? 'on' : ''}`} onTap={() => onChange(k)}>
          {label}
        </Tappable>
      ))}
    </View>
  );
}
