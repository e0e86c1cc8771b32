import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { refreshSession } from './api/session';
import { transport } from './platform/transport';
import { applyLargeText, isLargeText } from './components/largeText';
import './app.scss';

// 大字模式 as this device last left it, before the first page draws (H5: a class on <html>)
applyLargeText(isLargeText());

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // On WeChat the cloud functions are reached through CloudBase; on H5 through the local gateway.
    transport.connect();
    // who am I, which grants: on WeChat (no dev login) the server says; on H5 the dev login already did
    refreshSession();
  });
  return children;
}

export default App;
