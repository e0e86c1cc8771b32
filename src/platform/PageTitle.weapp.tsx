/** weapp: the native navigation bar shows the page's navigationBarTitleText and the back arrow, so nothing is drawn (see PageTitle.tsx). */
import type { ReactNode } from 'react';
import type * as H5 from './PageTitle';

export const PageTitle: typeof H5.PageTitle = (_props: { children: ReactNode }) => null;
