export default definePageConfig({ navigationBarTitleText: '我的困难职工档案' });
