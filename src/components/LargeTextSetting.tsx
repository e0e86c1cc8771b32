/** The 大字模式 switch on 我的 (src/components/largeText.ts): a visible label, and the state in words as well as in the switch. */
import { Text, View } from '@tarojs/components';
import { Switch } from './nut';
import { useLargeText } from './largeText';

export function LargeTextSetting() {
  const [on, setOn] = useLargeText();
  return (
    <View className='card setting-row' id='large-text-setting'>
      <View className='setting-text'>
        <Text className='setting-label'>大字模式</Text>
        <Text className='muted' id='large-text-state'>
          {on ? '已开启：文字和按钮放大显示' : '已关闭：标准字号'}
        </Text>
      </View>
      <Switch checked={on} activeText='开' inactiveText='关' ariaLabel='大字模式' onChange={setOn} />
    </View>
  );
}
