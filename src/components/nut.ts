/**
 * NutUI components used by pages, each with only its own stylesheet (the full sheet would add
 * ~290 KB of wxss to the main package). `Button` is NutUI's, made a real button on H5 (Button.tsx); `Switch` likewise a real switch (Switch.tsx).
 * Shared pieces built on them: Tappable.tsx (tappable elements, Heading, Choice, CheckRow),
 * PageState.tsx (loading / error / empty), confirm.tsx (useConfirm: ask once, then show the result).
 */
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/badge/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/empty/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/skeleton/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/switch/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/dialog/style/css';

export { Badge, Cell, Dialog, Empty, Skeleton, Tag } from '@nutui/nutui-react-taro';
export { Button } from './Button';
export { Switch } from './Switch';
