export default definePageConfig({ navigationBarTitleText: '申请建会', enablePullDownRefresh: true });
