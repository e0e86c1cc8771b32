/**
 * NutUI components only the officer pages use (pickers), with their own stylesheets, so they and
 * their styles land in the admin subpackage and not in the main package (src/components/nut.ts).
 */
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/overlay/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/pickerview/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/picker/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/datepicker/style/css';

export { DatePicker, Picker } from '@nutui/nutui-react-taro';
