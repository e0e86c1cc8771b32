export default definePageConfig({ navigationBarTitleText: '创建金秋助学活动' });
