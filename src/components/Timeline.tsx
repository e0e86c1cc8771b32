import { Text, View } from '@tarojs/components';
import type { Output } from '../api';
import { ACTOR_LABEL, HISTORY_LABEL, formatTime } from './format';

type History = Output<'member', 'getApplication'>['history'];

/** An application's history, as the worker and the officer both see it. */
export function Timeline({ history, newestFirst = false }: { history: History; newestFirst?: boolean }) {
  const entries = newestFirst ? [...history].reverse() : history;
  return (
    <View>
      {entries.map((h, i) => (
        <View key={i} className='timeline-item'>
          <Text>{HISTORY_LABEL[h.event]}</Text>
          <Text className='muted'> · {ACTOR_LABEL[h.actor]} · {formatTime(h.at)}</Text>
          {h.reason && <View className='muted'>{h.reason}</View>}
        </View>
      ))}
    </View>
  );
}
