export default definePageConfig({ navigationBarTitleText: '案件统计' });
