export default definePageConfig({ navigationBarTitleText: '“六有”评估', enablePullDownRefresh: true });
