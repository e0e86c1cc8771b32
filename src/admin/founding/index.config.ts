export default definePageConfig({ navigationBarTitleText: '建会审批', enablePullDownRefresh: true });
