import { useEffect, useRef, useState } from 'react';
import { useDidHide, useDidShow } from '@tarojs/taro';

/**
 * Runs `onShow` each time the page comes on screen and `tick` every `everyMs` while it stays on
 * screen (live seat counts, a rotating QR); nothing runs while the page is hidden.
 */
export function useWhileShown(onShow: () => void, tick: () => void, everyMs: number) {
  const [visible, setVisible] = useState(true);
  const tickRef = useRef(tick);
  useEffect(() => {
    tickRef.current = tick;
  });
  useDidShow(() => {
    setVisible(true);
    onShow();
  });
  useDidHide(() => setVisible(false));
  useEffect(() => {
    if (!visible) return;
    const t = setInterval(() => tickRef.current(), everyMs);
    return () => clearInterval(t);
  }, [visible, everyMs]);
}

/**
 * Runs `refresh` each time the page comes on screen, then again after `delayAfter()` ms (asked
 * anew after every refresh, so the cadence can follow what was read; null: no further refresh
 * until the page is shown again); nothing runs while the page is hidden.
 */
export function useRefreshWhileShown(refresh: () => Promise<unknown>, delayAfter: () => number | null) {
  const [visible, setVisible] = useState(true);
  const [round, setRound] = useState(0);
  const ref = useRef({ refresh, delayAfter });
  useEffect(() => {
    ref.current = { refresh, delayAfter };
  });
  const run = () => ref.current.refresh().finally(() => setRound((r) => r + 1));
  useDidShow(() => {
    setVisible(true);
    run();
  });
  useDidHide(() => setVisible(false));
  useEffect(() => {
    if (!visible || round === 0) return;
    const ms = ref.current.delayAfter();
    if (ms === null) return;
    const t = setTimeout(run, ms);
    return () => clearTimeout(t);
  }, [visible, round]);
}
