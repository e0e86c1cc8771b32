import type { PropsWithChildren } from 'react';
import Taro, { useLaunch } from '@tarojs/taro';
import { refreshSession } from './api/session';
import './app.scss';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // On WeChat the cloud functions are reached through CloudBase; on H5 through the local gateway.
    if (process.env.TARO_ENV === 'weapp') {
      Taro.cloud.init({ env: CLOUD_ENV || undefined, traceUser: true });
      refreshSession(); // who am I, which grants: WeChat has no dev login
    }
  });
  return children;
}

export default App;
