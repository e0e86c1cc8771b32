export default definePageConfig({ navigationBarTitleText: '金秋助学申报' });
