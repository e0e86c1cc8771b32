export default definePageConfig({ navigationBarTitleText: '金秋助学统计', enablePullDownRefresh: true });
