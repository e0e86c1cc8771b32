export default definePageConfig({ navigationBarTitleText: '金秋助学摸底', enablePullDownRefresh: true });
