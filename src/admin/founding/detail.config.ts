export default definePageConfig({ navigationBarTitleText: '建会申请详情' });
