import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { refreshSession } from './api/session';
import { transport } from './platform/transport';
import { mergeInternalComponents } from '@tarojs/shared';
import { applyLargeText, installLargeText, isLargeText } from './components/largeText';
import { WEAPP_ARIA_COMPONENTS } from './components/a11y';
import './app.scss';

// weapp: the runtime learns the aria-* attributes the build added to base.wxml (config/weapp-template.ts),
// before anything renders, so both number the attributes alike
if (process.env.TARO_ENV !== 'h5') mergeInternalComponents(WEAPP_ARIA_COMPONENTS);

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
