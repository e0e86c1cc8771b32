/**
 * weapp: the runtime learns the aria-* attributes the build added to base.wxml (config/weapp-template.ts
 * reads the same src/components/weapp-aria.json), before anything renders, so both number the
 * attributes alike (Taro shortens attribute names by their sorted index, as @tarojs/plugin-inject does it).
 */
import { mergeInternalComponents } from '@tarojs/shared';
import type * as Boot from './boot';
import weappAria from '../components/weapp-aria.json';

/** the aria-* attributes a11y.weapp.ts produces, per Taro component ('' = no default value) */
const WEAPP_ARIA_COMPONENTS: Record<string, Record<string, string>> = weappAria;

export const bootPlatform: typeof Boot.bootPlatform = () => {
  mergeInternalComponents(WEAPP_ARIA_COMPONENTS);
};
