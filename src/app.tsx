import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { refreshSession } from './api/session';
import { transport } from './platform/transport';
import { applyLargeText, installLargeText, isLargeText } from './components/largeText';
import { bootPlatform } from './platform/boot';
import './app.scss';

// before anything renders, what the platform needs (weapp: the runtime learns the aria-* attributes the
// build added to base.wxml, src/platform/boot.weapp.ts)
bootPlatform();

// 大字模式 as this device last left it, before the first page draws (H5: a class on <html>; weapp: each
// page's page-meta as it shows)
installLargeText();
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
