export default definePageConfig({ navigationBarTitleText: '会员接转', enablePullDownRefresh: true });
