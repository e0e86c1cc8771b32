// Placeholder page while issue 14's screens are written (core/case/PLAN.md, H5/H6); replaced this session.
import { View } from '@tarojs/components';

export default function Page() {
  return <View />;
}
