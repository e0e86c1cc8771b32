export default definePageConfig({ navigationBarTitleText: '我的会员关系', enablePullDownRefresh: true });
