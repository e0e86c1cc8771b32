import { Text, View } from '@tarojs/components';

/** A row of tabs; the chosen one in the union red. */
export function Tabs<K>({ items, value, onChange }: { items: ReadonlyArray<readonly [K, string]>; value: K; onChange: (k: K) => void }) {
  return (
    <View className='tabs-bar'>
      {items.map(([k, label]) => (
        <Text key={label} className={`tabs-bar-tab ${value === k ? 'on' : ''}`} onClick={() => onChange(k)}>
          {label}
        </Text>
      ))}
    </View>
  );
}
