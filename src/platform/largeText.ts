/**
 * 大字模式, how each platform puts it into effect (the setting itself: src/components/largeText.ts).
 * H5 (this file, and the interface): the class `large-text` on <html>; app.scss then raises the root font
 * size by 1.3×, and both the app's own styles (px → rem at build) and NutUI's size variables follow it.
 * weapp: largeText.weapp.ts (each page's page-meta).
 */

/** Call once, before any page loads, with how to read the setting (weapp: every page takes it as it shows). H5: nothing to do. */
export function installTextScale(_read: () => boolean): void {}

/** put the setting into effect now */
export function applyTextScale(on: boolean): void {
  if (typeof document !== 'undefined') document.documentElement.classList.toggle('large-text', on);
}
