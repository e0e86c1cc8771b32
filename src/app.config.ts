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
      ],
    },
  ],
  // weapp: inject only the components a page uses (用时注入), as WeChat's quality check asks
  lazyCodeLoading: 'requiredComponents',
  window: {
    navigationBarTitleText: '工会服务',
    navigationBarBackgroundColor: '#c8161d',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f5f7',
  },
});
