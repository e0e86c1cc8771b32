/** What a platform needs before anything renders (src/app.tsx calls it first). H5: nothing; boot.weapp.ts for WeChat. */
export function bootPlatform(): void {}
