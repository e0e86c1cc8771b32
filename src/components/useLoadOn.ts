import { useEffect, useRef, type DependencyList } from 'react';

/**
 * Runs `load` when the page mounts and again whenever one of `when` changes (a filter, a tab, the
 * org picked). It always runs the latest `load`, so `load` may read any current state without
 * every value it reads becoming a reason to fetch again.
 */
export function useLoadOn(load: () => unknown, when: DependencyList) {
  const latest = useRef(load);
  useEffect(() => {
    latest.current = load;
  });
  useEffect(() => {
    void latest.current();
    // `when` is the caller's list of reasons to load again, not what `load` reads
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, when);
}
