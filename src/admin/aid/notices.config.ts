export default definePageConfig({ navigationBarTitleText: '公示与异议', enablePullDownRefresh: true });
