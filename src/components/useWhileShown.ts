import { useEffect, useRef, useState } from 'react';
import { useDidHide, useDidShow } from '@tarojs/taro';

/**
 * Runs `onShow` each time the page comes on screen and `tick` every `everyMs` while it stays on
 * screen (live seat counts, a rotating QR); nothing runs while the page is hidden.
 */
export function useWhileShown(onShow: () => void, tick: () => void, everyMs: number) {
  const [visible, setVisible] = useState(true);
  const tickRef = useRef(tick);
  tickRef.current = tick;
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
