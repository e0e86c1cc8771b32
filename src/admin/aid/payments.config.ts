export default definePageConfig({ navigationBarTitleText: '帮扶发放', enablePullDownRefresh: true });
