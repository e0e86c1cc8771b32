export default definePageConfig({ navigationBarTitleText: '律师值班' });
