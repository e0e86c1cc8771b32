/**
 * PageState: what a page shows before and instead of its content, honestly.
 * - while the first answer is on its way: a NutUI Skeleton (never "暂无…" before the server answered);
 * - on failure: what went wrong and what to do, by the error's code (`explainFailure`, the one place that
 *   says it): a network / server / rate-limit failure with 重试; a refusal or a missing record
 *   (FORBIDDEN, NOT_FOUND) the server's message and no 重试 (trying again changes nothing); signed
 *   out (UNAUTHENTICATED) 去登录. Give `error` the caught error itself (useRemote does) so its code is
 *   known; a plain string is shown as it is, with 重试;
 * - when the answer is empty: NutUI Empty saying what there is not and what to do next (optional button);
 * - otherwise: the children.
 *
 *   const list = useRemote(() => call('activity', 'list', { kind }), [kind]);
 *   <PageState remote={list} isEmpty={(d) => d.items.length === 0}
 *     empty={{ title: '暂无可报名的活动', description: '新活动发布后会出现在这里', action: { text: '回到首页', onTap: … } }}>
 *     {(d) => d.items.map(…)}
 *   </PageState>
 *
 * Or without useRemote: <PageState loading={!data && !error} error={caught} onRetry={load}>…</PageState>.
 */
import { useCallback, useEffect, useRef, useState, type DependencyList, type ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Failure, Tips, User } from '@nutui/icons-react-taro';
import { ApiError, messageOf } from '../api';
import { transport } from '../platform/transport';
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
  /** the last failure itself (null when none): its code says whether 重试 can help */
  failure: unknown;
  loading: boolean;
  reload: () => Promise<void>;
}

/** Loads `load()` on mount and when `when` changes; a later answer always wins over an earlier one. */
export function useRemote<T>(load: () => Promise<T>, when: DependencyList): Remote<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
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
      setFailure(null);
    } catch (e) {
      if (n !== seq.current) return;
      setError(messageOf(e));
      setFailure(e);
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
  return { data, error, failure, loading, reload };
}

type Props<T> =
  | { remote: Remote<T>; isEmpty?: (d: T) => boolean; empty?: EmptyState; rows?: number; children: (d: T) => ReactNode }
  | { loading: boolean; error?: unknown; onRetry?: () => void; isEmpty?: boolean; empty?: EmptyState; rows?: number; children: ReactNode };

export function PageState<T>(props: Props<T>) {
  const rows = props.rows ?? 3;
  let loading: boolean;
  let error: unknown;
  let retry: (() => void) | undefined;
  let empty: boolean;
  let content: () => ReactNode;
  if ('remote' in props) {
    const { data } = props.remote;
    // a failure after content was shown keeps the content (the message shows above it)
    loading = data === null && props.remote.loading;
    error = props.remote.error ? (props.remote.failure ?? props.remote.error) : '';
    retry = () => void props.remote.reload();
    empty = data !== null && Boolean(props.isEmpty?.(data));
    content = () => (data === null ? null : props.children(data));
    if (error && data !== null) {
      return (
        <View>
          <ErrorBar error={error} onRetry={retry} />
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
  if (error && !('remote' in props && props.remote.data !== null)) return <ErrorView error={error} onRetry={retry} />;
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

export interface FailureText {
  /** what went wrong (the server's Chinese message, or one of ours) */
  title: string;
  /** what to do about it */
  hint: string;
  /** whether trying again can help (a network or server failure), or not (a refusal, a missing record) */
  retry: boolean;
  /** signed out: the way on is to sign in */
  signIn: boolean;
}

/** What a failure means for the person, by its code: the one place that says it. A string is a message whose code is unknown. */
export function explainFailure(error: unknown): FailureText {
  if (typeof error === 'string') return { title: error, hint: '请检查网络后点“重试”', retry: true, signIn: false };
  const title = messageOf(error);
  const code = error instanceof ApiError ? error.code : 'INTERNAL';
  switch (code) {
    case 'UNAUTHENTICATED':
      return {
        title: '请先登录',
        hint: transport.devLogin ? '请在首页选择身份登录后再查看' : '登录已失效，请回到首页重新进入',
        retry: false,
        signIn: true,
      };
    case 'FORBIDDEN':
      return { title, hint: '如有疑问，请联系您所在的工会', retry: false, signIn: false };
    case 'NOT_FOUND':
      return { title, hint: '可能已被撤回或删除，请回到首页查看', retry: false, signIn: false };
    case 'RATE_LIMITED':
      return { title, hint: '请稍等片刻再点“重试”', retry: true, signIn: false };
    case 'NETWORK':
      return { title, hint: '请检查网络后点“重试”', retry: true, signIn: false };
    default:
      return { title, hint: '服务暂时出了点问题，请稍后点“重试”', retry: true, signIn: false };
  }
}

const home = () => void Taro.reLaunch({ url: '/pages/index/index' });

function ErrorView({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const f = explainFailure(error);
  return (
    <View className='card page-state' id='page-error' {...liveProps()}>
      <Empty
        status='error'
        size='small'
        image={f.signIn ? <User size={48} color='#8a5a00' /> : <Failure size={48} color='#cf1322' />}
        title={f.title}
        description={f.hint}
      >
        {f.signIn ? (
          <Button type='primary' className='page-state-action' onClick={home}>
            去登录
          </Button>
        ) : f.retry ? (
          onRetry && (
            <Button type='primary' className='page-state-action' onClick={onRetry}>
              重试
            </Button>
          )
        ) : (
          <Button fill='outline' className='page-state-action' onClick={home}>
            返回首页
          </Button>
        )}
      </Empty>
    </View>
  );
}

function ErrorBar({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const f = explainFailure(error);
  return (
    <View className='notice notice-error row' {...liveProps()}>
      <View style={{ flex: 1 }}>{f.signIn ? `${f.title}：${f.hint}` : f.title}</View>
      {onRetry && f.retry && (
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
