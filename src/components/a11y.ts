/**
 * The accessibility props, per platform: src/platform/a11y.ts (H5: role / aria-* / tabIndex / nativeProps)
 * and a11y.weapp.ts (WeChat's ariaRole / ariaLabel…). Re-exported here so components and pages keep
 * importing '../components/a11y'.
 */
export * from '../platform/a11y';
