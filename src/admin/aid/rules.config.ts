export default definePageConfig({ navigationBarTitleText: '帮扶政策与预算' });
