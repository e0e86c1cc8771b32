export default defineAppConfig({
  pages: ['pages/index/index', 'pages/join/index', 'pages/me/index', 'pages/card/index'],
  subPackages: [{ root: 'admin', pages: ['queue/index', 'review/index', 'verify/index'] }],
  window: {
    navigationBarTitleText: '工会服务',
    navigationBarBackgroundColor: '#c8161d',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f5f7',
  },
});
