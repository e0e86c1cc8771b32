import Taro from '@tarojs/taro';
import type { Scan } from './scan';

export const scan: Scan = {
  canScan: true,
  scanCode: () =>
    Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] }).then(
      (r) => r.result,
      () => null,
    ),
};
