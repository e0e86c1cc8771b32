/**
 * The page's title as its level-1 heading (the same element and class as Heading, src/components/Tappable.tsx),
 * on H5, where the browser shows no title bar (issue 12.5: a page title and a back button on H5). Above it,
 * a back control: 返回 (navigateBack) when there is a page to go back to; 首页 (the home tab) on a
 * non-tab page opened directly, with no history; none on the tab pages (the tab bar is there).
 * weapp (PageTitle.weapp.tsx): nothing, the native navigation bar shows the title and the back arrow.
 */
import { useState, type ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ArrowLeft } from '@nutui/icons-react-taro';
import { isTabPage } from '../components/navigation';
import { controlProps, headingProps, hiddenProps } from './a11y';

const HOME = '/pages/index/index';

interface Back {
  label: string;
  go: () => void;
}

/** where this page's back control leads, or null (a tab page) */
function backOf(): Back | null {
  let depth = 0;
  try {
    depth = Taro.getCurrentPages().length;
  } catch {
    depth = 0;
  }
  if (depth > 1) return { label: '返回', go: () => void Taro.navigateBack() };
  const raw = Taro.getCurrentInstance().router?.path ?? '';
  const path = `/${raw.split('?')[0].replace(/^\/+/, '')}`;
  if (path === '/' || isTabPage(path)) return null;
  return { label: '首页', go: () => void Taro.switchTab({ url: HOME }) };
}

export function PageTitle({ children }: { children: ReactNode }): JSX.Element | null {
  // once, as the page first draws (it is in the router's stack by then)
  const [back] = useState(backOf);
  return (
    <>
      {back && (
        <View className='page-back-row'>
          <View className='page-back' {...controlProps({ role: 'button', onActivate: back.go })} onClick={back.go}>
            <Text {...hiddenProps()} className='page-back-icon'>
              <ArrowLeft size={16} />
            </Text>
            <Text>{back.label}</Text>
          </View>
        </View>
      )}
      <Text {...headingProps(1)} className='page-title'>
        {children}
      </Text>
    </>
  );
}
