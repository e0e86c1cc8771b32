export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/join/index',
    'pages/me/index',
    'pages/card/index',
    'pages/activity/index',
    'pages/activity/detail',
    'pages/activity/mine',
    'pages/membership/index',
    'pages/founding/index',
    'pages/inbox/index',
  ],
  subPackages: [
    {
      root: 'admin',
      pages: [
        'queue/index',
        'review/index',
        'verify/index',
        'activity/index',
        'activity/publish',
        'activity/roster',
        'activity/checkin',
        'activity/poster',
        'org/index',
        'founding/index',
        'founding/detail',
        'six/index',
        'transfer/index',
        'aid/index',
        'aid/detail',
        'aid/notices',
        'aid/payments',
        'aid/rules',
        'aid/files',
        'scholarship/index',
        'scholarship/create',
        'scholarship/survey',
        'scholarship/plan',
        'scholarship/report',
        'case/index',
        'case/detail',
        'case/stats',
        'case/rota',
        'case/rules',
        'case/bookings',
      ],
    },
    // the worker's hardship aid (困难帮扶): loaded when first opened, so the main package stays small
    { root: 'pages/aid', pages: ['index', 'selftest', 'file', 'apply', 'application', 'notice', 'scholarship'] },
    // the worker's cases (我的诉求 / 维权): reporting, following, rating, joining a collective case from a shared card
    { root: 'pages/case', pages: ['index', 'new', 'detail', 'join'] },
  ],
  // the worker's three main places. The native tab bar (not `custom: true`) because Taro draws the
  // same config on H5 and WeChat draws it on weapp, with no component to keep in step; WeChat wants
  // an iconPath image (PNG, 81×81, under 40 KB) for a bottom bar with icons, hence src/assets/tab.
  tabBar: {
    color: '#666666',
    selectedColor: '#c8161d',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-on.png' },
      { pagePath: 'pages/activity/index', text: '活动', iconPath: 'assets/tab/activity.png', selectedIconPath: 'assets/tab/activity-on.png' },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tab/me.png', selectedIconPath: 'assets/tab/me-on.png' },
    ],
  },
  // weapp: inject only the components a page uses (用时注入), as WeChat's quality check asks
  lazyCodeLoading: 'requiredComponents',
  window: {
    navigationBarTitleText: '工会服务',
    navigationBarBackgroundColor: '#c8161d',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f5f7',
  },
});
