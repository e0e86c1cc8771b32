import { useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { call, type Output } from '../api';
import { inputA11y } from './Field';
import { inputNameProps } from './a11y';
import { SearchBox } from './SearchBox';
import { Tappable } from './Tappable';
import './EnterprisePicker.scss';

export type Enterprise = Output<'org', 'searchEnterprises'>['items'][number];

interface Props {
  /** id of the search input (tests and labels) */
  id: string;
  value: Enterprise | null;
  onChange: (e: Enterprise | null) => void;
  /** only these may be picked (e.g. enterprises without a union) */
  accept?: (e: Enterprise) => boolean;
  /** one line about an enterprise, under its name */
  describe: (e: Enterprise) => string;
  placeholder?: string;
  /** list enterprises before anything is typed (default: only search once typing) */
  browse?: boolean;
  /** the visible label of the surrounding `<Field id={id} label=…>`: names the search input */
  label?: string;
}

/** Search the park's enterprises by name (NutUI's SearchBar, SearchBox.tsx; the search waits 250 ms after the last keystroke) and pick one. */
export function EnterprisePicker({ id, value, onChange, accept, describe, placeholder = '输入单位名称搜索', browse = false, label }: Props) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Enterprise[]>([]);
  const [searched, setSearched] = useState<string | null>(null);
  // the filter is read when the answer comes, not a reason to search again (callers pass a new function each render)
  const acceptRef = useRef(accept);
  useEffect(() => {
    acceptRef.current = accept;
  });
  const idle = !query.trim() && !browse;

  useEffect(() => {
    if (value || idle) return;
    const q = query.trim();
    const filter = acceptRef.current;
    const t = setTimeout(() => {
      call('org', 'searchEnterprises', { q, limit: filter ? 40 : 8 })
        .then((r) => setResults((filter ? r.items.filter(filter) : r.items).slice(0, 8)))
        .catch(() => setResults([]))
        .finally(() => setSearched(q));
    }, 250);
    return () => clearTimeout(t);
  }, [query, value, idle]);

  if (value) {
    return (
      <View className='ent-picked'>
        <View className='row'>
          <Text className='ent-name'>{value.name}</Text>
          <Tappable inline className='link' label='更换单位' onTap={() => onChange(null)}>
            更换
          </Tappable>
        </View>
        <Text className='muted'>{describe(value)}</Text>
      </View>
    );
  }
  return (
    <View>
      <SearchBox id={id} placeholder={placeholder} value={query} onChange={setQuery} a11y={label ? inputA11y(id, label) : inputNameProps(placeholder)} />
      {!idle && results.length > 0 && (
        <View className='ent-results'>
          {results.map((r) => (
            <Tappable key={r.id} className='ent-item' onTap={() => onChange(r)}>
              <Text className='ent-name'>{r.name}</Text>
              <Text className='muted'>
                {r.industry} · {describe(r)}
              </Text>
            </Tappable>
          ))}
        </View>
      )}
      {query.trim() !== '' && searched === query.trim() && results.length === 0 && (
        <Text className='muted'>没有找到匹配的单位，请换个关键词（如单位简称）再试</Text>
      )}
    </View>
  );
}
