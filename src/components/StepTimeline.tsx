import { Text, View } from '@tarojs/components';
import { formatTime } from './format';

export interface Step {
  at: number;
  eventLabel: string;
  byName: string;
  note: string | null;
}

/** The history of a founding or a transfer: what happened, who did it, when (kept whole: a line breaks before the time, never inside it), and any note. */
export function StepTimeline({ history, newestFirst = false }: { history: Step[]; newestFirst?: boolean }) {
  const entries = newestFirst ? [...history].reverse() : history;
  return (
    <View>
      {entries.map((h, i) => (
        <View key={i} className='timeline-item'>
          <Text>{h.eventLabel}</Text>
          <Text className='muted'>
            {' '}
            · {h.byName} · <Text className='nowrap'>{formatTime(h.at)}</Text>
          </Text>
          {h.note && <View className='muted'>{h.note}</View>}
        </View>
      ))}
    </View>
  );
}
