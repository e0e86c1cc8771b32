import type { Share } from './share';

export const share: Share = {
  shareToChat: true,
  webOrigin: () => undefined,
  printPage: null,
};
