export default definePageConfig({ navigationBarTitleText: '加入集体诉求' });
