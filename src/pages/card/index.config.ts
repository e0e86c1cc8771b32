export default definePageConfig({ navigationBarTitleText: '电子会员卡', navigationBarBackgroundColor: '#a50f15' });
