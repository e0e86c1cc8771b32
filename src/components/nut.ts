/**
 * NutUI components used by pages, each with only its own stylesheet (the full sheet would add
 * ~290 KB of wxss to the main package).
 */
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/badge/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/empty/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/skeleton/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/switch/style/css';

export { Badge, Button, Cell, Empty, Skeleton, Switch, Tag } from '@nutui/nutui-react-taro';
