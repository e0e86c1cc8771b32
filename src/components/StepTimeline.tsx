import { Text, View } from '@tarojs/components';
import { Step as NutStep, Steps } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/step/style/css'; // Step's sheet; Steps' vertical layout is in StepTimeline.scss (why: there)
import { formatTime } from './format';
import './StepTimeline.scss';

export interface Step {
  at: number;
  eventLabel: string;
  byName: string;
  note: string | null;
}

/**
 * The history of an application, a founding or a transfer, as NutUI's vertical Steps: what happened (the
 * title), who did it and when (kept whole: a line breaks before the time, never inside it), and any note.
 * The newest entry is the current step (NutUI's `process`, the union red dot), the others are done
 * (`finish`); `newestFirst` puts it on top. NutUI's Steps gives its root element only its className (any
 * other prop is dropped), so no role or label can go on it: the entries are read in order, as text.
 */
export function StepTimeline({ history, newestFirst = false }: { history: Step[]; newestFirst?: boolean }) {
  const entries = history.map((h, i) => ({ h, n: i + 1 }));
  if (newestFirst) entries.reverse();
  return (
    <Steps className='step-timeline' direction='vertical' type='dot' status='dynamic' value={history.length}>
      {entries.map(({ h, n }) => (
        <NutStep
          key={n}
          value={n}
          title={h.eventLabel}
          description={
            <>
              <Text className='muted'>
                {h.byName} · <Text className='nowrap'>{formatTime(h.at)}</Text>
              </Text>
              {h.note && <View className='muted step-note'>{h.note}</View>}
            </>
          }
        />
      ))}
    </Steps>
  );
}
