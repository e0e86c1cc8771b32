export default definePageConfig({ navigationBarTitleText: '困难自测' });
