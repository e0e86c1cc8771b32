/**
 * PageState: what a page shows before and instead of its content, honestly.
 * - while the first answer is on its way: a NutUI Skeleton (never "暂无…" before the server answered);
 * - on failure: the Chinese message and a 重试 button;
 * - when the answer is empty: NutUI Empty saying what there is not and what to do next (optional button);
 * - otherwise: the children.
 *
 *   const list = useRemote(() => call('activity', 'list', { kind }), [kind]);
 *   <PageState remote={list} isEmpty={(d) => d.items.length === 0}
 *     empty={{ title: '暂无可报名的活动', description: '新活动发布后会出现在这里', action: { text: '回到首页', onTap: … } }}>
 *     {(d) => d.items.map(…)}
 *   </PageState>
 *
 * Or without useRemote: <PageState loading={!data && !error} error={error} onRetry={load}>…</PageState>.
 */
import { useCallback, useEffect, useRef, useState, type DependencyList, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Failure, Tips } from '@nutui/icons-react-taro';
import { messageOf } from '../api';
import { Empty, Skeleton } from './nut';
import { Button } from './Button';
import { liveProps } from './a11y';

export interface EmptyState {
  title: string;
  /** what to do next */
  description?: string;
  action?: { text: string; onTap: () => void };
}

export interface Remote<T> {
  data: T | null;
  /** the Chinese message of the last failure ('' when none) */
  error: string;
  loading: boolean;
  reload: () => Promise<void>;
}

/** Loads `load()` on mount and when `when` changes; a later answer always wins over an earlier one. */
export function useRemote<T>(load: () => Promise<T>, when: DependencyList): Remote<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(true);
  const latest = useRef(load);
  const seq = useRef(0);
  useEffect(() => {
    latest.current = load;
  });
  const reload = useCallback(async () => {
    const n = ++seq.current;
    setLoading(true);
    try {
      const d = await latest.current();
      if (n !== seq.current) return;
      setData(d);
      setError('');
    } catch (e) {
      if (n !== seq.current) return;
      setError(messageOf(e));
    } finally {
      if (n === seq.current) setLoading(false);
    }
  }, []);
  const reloadOnce = useRef(reload);
  useEffect(() => {
    void reloadOnce.current();
    // `when` is the caller's list of reasons to load again
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, when);
  return { data, error, loading, reload };
}

type Props<T> =
  | { remote: Remote<T>; isEmpty?: (d: T) => boolean; empty?: EmptyState; rows?: number; children: (d: T) => ReactNode }
  | { loading: boolean; error?: string; onRetry?: () => void; isEmpty?: boolean; empty?: EmptyState; rows?: number; children: ReactNode };

export function PageState<T>(props: Props<T>) {
  const rows = props.rows ?? 3;
  let loading: boolean;
  let error: string;
  let retry: (() => void) | undefined;
  let empty: boolean;
  let content: () => ReactNode;
  if ('remote' in props) {
    const { data } = props.remote;
    // a failure after content was shown keeps the content (the message shows above it)
    loading = data === null && props.remote.loading;
    error = props.remote.error;
    retry = () => void props.remote.reload();
    empty = data !== null && Boolean(props.isEmpty?.(data));
    content = () => (data === null ? null : props.children(data));
    if (error && data !== null) {
      return (
        <View>
          <ErrorBar text={error} onRetry={retry} />
          {empty && props.empty ? <EmptyView {...props.empty} /> : content()}
        </View>
      );
    }
  } else {
    loading = props.loading;
    error = props.error ?? '';
    retry = props.onRetry;
    empty = Boolean(props.isEmpty);
    content = () => props.children;
  }
  if (error && !('remote' in props && props.remote.data !== null)) return <ErrorView text={error} onRetry={retry} />;
  if (loading) return <Loading rows={rows} />;
  if (empty && props.empty) return <EmptyView {...props.empty} />;
  return <>{content()}</>;
}

/** skeleton cards while the first answer is on its way (announced once as 加载中) */
export function Loading({ rows = 3 }: { rows?: number }) {
  return (
    <View className='page-state-loading' {...liveProps()} aria-busy='true'>
      <View className='sr-only'>加载中</View>
      {Array.from({ length: rows }, (_, i) => (
        <View key={i} className='card'>
          <Skeleton rows={3} animated />
        </View>
      ))}
    </View>
  );
}

function ErrorView({ text, onRetry }: { text: string; onRetry?: () => void }) {
  return (
    <View className='card page-state' id='page-error' {...liveProps()}>
      <Empty status='error' size='small' image={<Failure size={48} color='#cf1322' />} title={text} description='请检查网络后点“重试”'>
        {onRetry && (
          <Button type='primary' className='page-state-action' onClick={onRetry}>
            重试
          </Button>
        )}
      </Empty>
    </View>
  );
}

function ErrorBar({ text, onRetry }: { text: string; onRetry?: () => void }) {
  return (
    <View className='notice notice-error row' {...liveProps()}>
      <View style={{ flex: 1 }}>{text}</View>
      {onRetry && (
        <Button size='small' fill='outline' onClick={onRetry}>
          重试
        </Button>
      )}
    </View>
  );
}

export function EmptyView({ title, description, action }: EmptyState) {
  return (
    <View className='card page-state' id='page-empty'>
      <Empty size='small' image={<Tips size={48} color='#8a5a00' />} title={title} description={description ?? ''}>
        {action && (
          <Button type='primary' className='page-state-action' onClick={action.onTap}>
            {action.text}
          </Button>
        )}
      </Empty>
    </View>
  );
}
