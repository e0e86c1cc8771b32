export default definePageConfig({ navigationBarTitleText: '咨询预约转案件' });
